package chart

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"teraplan/plans"
)

// column returns one summary field for every year, and the years.
func column(rep *plans.Report, get func(plans.YearSummary) float64) (xs, ys []float64) {
	for _, s := range rep.Summary {
		xs = append(xs, s.Year)
		ys = append(ys, get(s))
	}
	return xs, ys
}

func checkReport(rep *plans.Report) error {
	if rep == nil || len(rep.Summary) == 0 {
		return ErrNoData
	}
	for _, s := range rep.Summary {
		if !finite(s.Year, s.EarthGW, s.OrbitGW) {
			return fmt.Errorf("chart: the plan has a non-finite value in %v", s.Year)
		}
	}
	return nil
}

func yearAxis(p *plot.Plot, xs []float64) {
	p.X.Tick.Marker = yearTicks{}
	p.X.Min, p.X.Max = xs[0], xs[len(xs)-1]
	p.Y.Min = 0
}

func subtitle(rep *plans.Report) string {
	return fmt.Sprintf("scenario %s, %s plan", rep.Scenario, rep.Mode)
}

// Compute draws AI compute online by site over time as stacked areas
// (Earth below, orbit above), with the target as a dashed line.
func Compute(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	xs, earth := column(rep, func(s plans.YearSummary) float64 { return s.EarthGW })
	_, orbit := column(rep, func(s plans.YearSummary) float64 { return s.OrbitGW })
	_, target := column(rep, func(s plans.YearSummary) float64 { return s.TargetGW })
	p := newPlot("AI compute online by site, "+span(xs)+"\n"+subtitle(rep), "year", "compute (GW of AI IT power)")
	yearAxis(p, xs)
	if err := addStack(p, xs, []string{"Earth", "orbit"}, [][]float64{earth, orbit}); err != nil {
		return err
	}
	if rep.Mode == "min-cost" {
		l, err := plotter.NewLine(xys(xs, target))
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: styles[3].Line, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(4)}}
		p.Add(l)
		p.Legend.Add("target", l)
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// ComputeFLOPS draws AI compute online by site in ZFLOP/s (dense BF16,
// each cohort at its year of manufacture's FLOP/s) as stacked areas, with
// a FLOP/s target, when the scenario states one, as a dashed line.
func ComputeFLOPS(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	xs, earth := column(rep, func(s plans.YearSummary) float64 { return s.EarthEFLOPS / 1e3 })
	_, orbit := column(rep, func(s plans.YearSummary) float64 { return s.OrbitEFLOPS / 1e3 })
	_, target := column(rep, func(s plans.YearSummary) float64 { return s.TargetEFLOPS / 1e3 })
	p := newPlot("AI compute online by site in FLOP/s, "+span(xs)+"\n"+subtitle(rep), "year", "compute (ZFLOP/s, dense BF16)")
	yearAxis(p, xs)
	if err := addStack(p, xs, []string{"Earth", "orbit"}, [][]float64{earth, orbit}); err != nil {
		return err
	}
	stated := false
	for _, y := range target {
		stated = stated || y > 0
	}
	if rep.Mode == "min-cost" && stated {
		l, err := plotter.NewLine(xys(xs, target))
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: styles[3].Line, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(4)}}
		p.Add(l)
		p.Legend.Add("target", l)
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// Power draws Earth's generation for AI by source (the generation that
// powered the start year's fleet, new grid, turbines, firm solar) as
// stacked areas.
func Power(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	xs, existing := column(rep, func(s plans.YearSummary) float64 { return s.ExistingGenGW })
	_, grid := column(rep, func(s plans.YearSummary) float64 { return s.GridGW })
	_, turb := column(rep, func(s plans.YearSummary) float64 { return s.TurbinesGW })
	_, solar := column(rep, func(s plans.YearSummary) float64 { return s.SolarGW })
	p := newPlot("Earth generation for AI by source, "+span(xs)+"\n"+subtitle(rep), "year", "generation online (GW)")
	yearAxis(p, xs)
	if err := addStack(p, xs, []string{"existing", "grid", "gas turbines", "solar (firm)"}, [][]float64{existing, grid, turb, solar}); err != nil {
		return err
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// Launch draws two panels: Starship launches per year as bars on top, and
// the fleet (ships) and launch pads below, on a shared year axis.
func Launch(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	xs, launches := column(rep, func(s plans.YearSummary) float64 { return s.Launches })
	_, ships := column(rep, func(s plans.YearSummary) float64 { return s.Ships })
	_, pads := column(rep, func(s plans.YearSummary) float64 { return s.Pads })
	st := step(xs)

	top := newPlot("Launches, fleet and pads, "+span(xs)+"\n"+subtitle(rep), "", perYear("launches", xs))
	yearAxis(top, xs)
	bars := &rects{Fill: styles[0].Fill, Line: draw.LineStyle{Color: styles[0].Line, Width: vg.Points(0.8)}}
	for i, x := range xs {
		bars.boxes = append(bars.boxes, rect{x - 0.35*st, x + 0.35*st, 0, math.Max(launches[i], 0)})
	}
	top.Add(bars)
	top.X.Min, top.X.Max = xs[0]-0.5*st, xs[len(xs)-1]+0.5*st
	top.Legend.Add("launches", bars)

	bottom := newPlot("", "year", "count (ships, pads)")
	yearAxis(bottom, xs)
	bottom.X.Min, bottom.X.Max = top.X.Min, top.X.Max
	if err := addLines(bottom, xs, []string{"Starships in the fleet", "launch pads"}, [][]float64{ships, pads}, 1); err != nil {
		return err
	}
	return render(w, o, func(dc draw.Canvas) {
		// Legends go in a right-hand column of the same width for both
		// panels, so their data areas line up.
		lw := max(legendWidth(top, dc), legendWidth(bottom, dc)) + vg.Points(12)
		body := draw.Crop(dc, 0, -lw, 0, 0)
		tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(2), PadBottom: vg.Points(2), PadY: vg.Points(6)}
		cs := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, body)
		for i, p := range []*plot.Plot{top, bottom} {
			legend := p.Legend
			p.Legend = plot.NewLegend()
			p.Draw(cs[i][0])
			legend.Top, legend.Left = true, false
			legend.XOffs = -vg.Points(4)
			legend.YOffs = -vg.Points(28)
			if i == 1 {
				legend.YOffs = -vg.Points(8)
			}
			full := cs[i][0]
			full.Max.X = dc.Max.X
			legend.Draw(full)
		}
	})
}

func legendWidth(p *plot.Plot, dc draw.Canvas) vg.Length {
	r := p.Legend.Rectangle(dc)
	return r.Max.X - r.Min.X
}

// Accelerators draws accelerators made, installed on Earth and in orbit,
// stranded (made, not installed) and unmade commitments, per year.
func Accelerators(w io.Writer, o Output, rep *plans.Report) error {
	if err := checkReport(rep); err != nil {
		return err
	}
	xs, made := column(rep, func(s plans.YearSummary) float64 { return s.MadeM })
	_, inE := column(rep, func(s plans.YearSummary) float64 { return s.InstalledEarthM })
	_, inO := column(rep, func(s plans.YearSummary) float64 { return s.InstalledOrbitM })
	_, stranded := column(rep, func(s plans.YearSummary) float64 { return s.StrandedM })
	_, unmade := column(rep, func(s plans.YearSummary) float64 { return s.UnmadeM })
	p := newPlot("Accelerators made, installed and stranded, "+span(xs)+"\n"+subtitle(rep), "year",
		perYear("accelerators (millions)", xs))
	yearAxis(p, xs)
	if err := addLines(p, xs,
		[]string{"made", "installed on Earth", "installed in orbit", "stranded (not installed)", "unmade commitments"},
		[][]float64{made, inE, inO, stranded, unmade}, 0); err != nil {
		return err
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

// Crossover is the first year in which orbit's levelized cost per kW-year
// of AI IT power is below Earth's, the rule the claims audit uses; ok is
// false when orbit never is cheaper.
func Crossover(lv []plans.YearLevelized) (year float64, ok bool) {
	for _, l := range lv {
		if l.Orbit.PerKWIT > 0 && l.Orbit.PerKWIT < l.Earth.PerKWIT {
			return l.Year, true
		}
	}
	return 0, false
}

// Levelized draws the levelized cost per kW-year of AI IT power for
// capacity built each year, on Earth and in orbit, and marks the first
// year orbit is cheaper (or says there is none).
func Levelized(w io.Writer, o Output, rep *plans.Report) error {
	if rep == nil || len(rep.Levelized) == 0 {
		return ErrNoData
	}
	var xs, earth, orbit []float64
	for _, l := range rep.Levelized {
		if !finite(l.Year, l.Earth.PerKWIT, l.Orbit.PerKWIT) {
			return fmt.Errorf("chart: non-finite levelized cost in %v", l.Year)
		}
		xs = append(xs, l.Year)
		earth = append(earth, l.Earth.PerKWIT)
		orbit = append(orbit, l.Orbit.PerKWIT)
	}
	title := "Levelized cost of new AI capacity, Earth vs orbit"
	cross, ok := Crossover(rep.Levelized)
	if ok {
		title += fmt.Sprintf(": orbit cheaper from %s", label(cross, xs))
	} else {
		title += ": no crossover by " + label(xs[len(xs)-1], xs)
	}
	p := newPlot(title+"\n"+subtitle(rep), "year capacity is built", "$ per kW-year of AI IT power")
	yearAxis(p, xs)
	if err := addLines(p, xs, []string{"Earth", "orbit"}, [][]float64{earth, orbit}, 0); err != nil {
		return err
	}
	if ok {
		m := marker{X: cross, Line: draw.LineStyle{Color: styles[3].Line, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(3)}}}
		p.Add(m)
		p.Legend.Add("crossover "+label(cross, xs), m)
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}
