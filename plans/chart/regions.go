package chart

import (
	"errors"
	"fmt"
	"io"

	"gonum.org/v1/plot/vg/draw"

	"teraplan/plans"
)

// ErrNoRegions is returned for a regional chart of a plan without regions.
var ErrNoRegions = errors.New("chart: the scenario declares no regions (try --scenario regions-2026)")

// Regions draws AI compute online (Earth and orbit) by region over time
// as stacked areas, one per region in the scenario's order.
func Regions(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	if len(rep.Regions) == 0 {
		return ErrNoRegions
	}
	names := make([]string, len(rep.Regions))
	series := make([][]float64, len(rep.Regions))
	var xs []float64
	for i, rr := range rep.Regions {
		names[i] = rr.Region
		for _, s := range rr.Summary {
			if !finite(s.ComputeGW) {
				return fmt.Errorf("chart: region %s has a non-finite compute in %v", rr.Region, s.Year)
			}
			series[i] = append(series[i], s.ComputeGW)
		}
		if i == 0 {
			for _, s := range rr.Summary {
				xs = append(xs, s.Year)
			}
		}
	}
	p := newPlot("AI compute online by region, "+span(xs)+"\n"+subtitle(rep), "year", "compute (GW of AI IT power)")
	yearAxis(p, xs)
	if err := addStack(p, xs, names, series); err != nil {
		return err
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}
