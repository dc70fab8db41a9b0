package chart

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"teraplan/plans"
)

// Titles are the words on a sweep chart: the title and the metric's name
// with its unit, e.g. "compute in 2035 (GW)".
type Titles struct {
	Title, Metric string
	// Unit follows numbers in the legend ("GW"); may be empty.
	Unit string
	// Why explains a distribution with a single value (one bar), e.g.
	// "min-cost plans build exactly the target"; may be empty.
	Why string
}

// Bar is one parameter of a tornado: the metric at the parameter's low and
// high settings, and at the base case.
type Bar struct {
	Name            string
	Low, High, Base float64
}

// Tornado draws a tornado chart: one horizontal bar per parameter from the
// base case to the metric at its low setting and to its high setting,
// widest swing on top, with the base case as a vertical line.
func Tornado(w io.Writer, o Output, bars []Bar, t Titles) error {
	if len(bars) == 0 {
		return ErrNoData
	}
	bs := append([]Bar(nil), bars...)
	for _, b := range bs {
		if !finite(b.Low, b.High, b.Base) {
			return fmt.Errorf("chart: tornado bar %q has a non-finite value", b.Name)
		}
	}
	swing := func(b Bar) float64 { return math.Abs(b.High - b.Low) }
	sort.SliceStable(bs, func(i, j int) bool { return swing(bs[i]) > swing(bs[j]) })
	base := bs[0].Base
	title := t.Title
	if title == "" {
		title = "Tornado: " + t.Metric
	}
	p := newPlot(title, t.Metric, "")
	low := &rects{Fill: styles[0].Fill, Line: draw.LineStyle{Color: styles[0].Line, Width: vg.Points(0.8)}}
	high := &rects{Fill: styles[1].Fill, Line: draw.LineStyle{Color: styles[1].Line, Width: vg.Points(0.8), Dashes: styles[1].Dashes}}
	n := len(bs)
	names := make([]string, n)
	for i, b := range bs {
		y := float64(n - 1 - i)
		names[n-1-i] = truncate(b.Name, 40)
		low.boxes = append(low.boxes, rect{b.Base, b.Low, y - 0.35, y + 0.35})
		high.boxes = append(high.boxes, rect{b.Base, b.High, y - 0.35, y + 0.35})
	}
	p.Add(low, high)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	m := marker{X: base, Line: draw.LineStyle{Color: styles[3].Line, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
	p.Add(m)
	p.Legend.Add("parameter low", low)
	p.Legend.Add("parameter high", high)
	baseLabel := "base " + plans.FormatNumber(base)
	if t.Unit != "" {
		baseLabel += " " + t.Unit
	}
	p.Legend.Add(baseLabel, m)
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// Distribution draws the distribution of a metric over runs (Monte
// Carlo) as a histogram, with the median and the 5th and 95th percentiles
// marked. NaNs (failed runs) are left out and counted in the title; bins
// 0 chooses about √n bins, between 5 and 40.
func Distribution(w io.Writer, o Output, values []float64, bins int, t Titles) error {
	var xs []float64
	dropped := 0
	for _, v := range values {
		if finite(v) {
			xs = append(xs, v)
		} else {
			dropped++
		}
	}
	if len(xs) == 0 {
		return ErrNoData
	}
	sort.Float64s(xs)
	if bins <= 0 {
		bins = max(5, min(40, int(math.Round(math.Sqrt(float64(len(xs)))))))
	}
	title := t.Title
	if title == "" {
		title = "Distribution of " + t.Metric
	}
	withUnit := func(x float64) string {
		if t.Unit == "" {
			return plans.FormatNumber(x)
		}
		return plans.FormatNumber(x) + " " + t.Unit
	}
	title += fmt.Sprintf("\n%d runs", len(xs))
	if dropped > 0 {
		title += fmt.Sprintf(" (%d without a value left out)", dropped)
	}
	vals := plotter.Values(xs)
	if xs[0] == xs[len(xs)-1] {
		bins = 1 // every run agrees: one bar, and the title says why
		title += ", all " + withUnit(xs[0])
		if t.Why != "" {
			title += ": " + t.Why
		}
	}
	p := newPlot(title, t.Metric, "runs")
	h, err := plotter.NewHist(vals, bins)
	if err != nil {
		return errors.Join(ErrNoData, err)
	}
	h.FillColor = styles[0].Fill
	h.LineStyle = draw.LineStyle{Color: styles[0].Line, Width: vg.Points(0.8)}
	p.Add(h)
	p.Legend.Add("runs per bin", h)
	p.Y.Min = 0
	med, p5, p95 := quantile(xs, 0.5), quantile(xs, 0.05), quantile(xs, 0.95)
	ms := marker{X: med, Line: styles[1].lineStyle(vg.Points(1.8))}
	p.Add(ms)
	p.Legend.Add("median "+withUnit(med), ms)
	for i, x := range []float64{p5, p95} {
		m := marker{X: x, Line: styles[3].lineStyle(vg.Points(1.2))}
		p.Add(m)
		if i == 0 {
			p.Legend.Add("5th-95th percentile "+plans.FormatNumber(p5)+"-"+withUnit(p95), m)
		}
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// quantile is plans.Quantile: the summary's percentiles are the chart's.
func quantile(xs []float64, p float64) float64 { return plans.Quantile(xs, p) }
