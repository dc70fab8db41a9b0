package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"teraplan/plans"
)

// ramp is the heat map's sequential scale, pale to dark blue; its
// lightness falls monotonically, so it reads the same in greyscale.
var ramp = []color.RGBA{rgb(0xf1, 0xf5, 0xfc), rgb(0x9e, 0xca, 0xe1), rgb(0x42, 0x92, 0xc6), rgb(0x08, 0x30, 0x6b)}

// Ramp returns the heat map colour of v in [0, 1].
func Ramp(v float64) color.Color {
	v = math.Max(0, math.Min(1, v))
	f := v * float64(len(ramp)-1)
	i := min(int(f), len(ramp)-2)
	t := f - float64(i)
	a, b := ramp[i], ramp[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// heatRow is one family of the bottleneck heat map.
type heatRow struct {
	family, label string
	byYear        map[float64]float64
	peak          float64
}

// Bottlenecks draws the bottleneck timeline as a heat map: one row per
// constraint family that is among a year's top limits, one column per
// year, the cell's shade and number the family's elasticity in that year
// (% of compute per % of capacity, summed over the family's binding rows
// among the year's top limits). Rows are ordered by their peak.
func Bottlenecks(w io.Writer, o Output, tl *plans.Timeline, scenario string) error {
	if tl == nil || len(tl.Years) == 0 {
		return ErrNoData
	}
	rows := map[string]*heatRow{}
	var years []float64
	for _, ty := range tl.Years {
		if !finite(ty.Year) {
			return fmt.Errorf("chart: non-finite year in the timeline")
		}
		years = append(years, ty.Year)
		for _, l := range ty.Top {
			if !finite(l.Elasticity) {
				return fmt.Errorf("chart: non-finite elasticity for %s in %v", l.Family, ty.Year)
			}
			r := rows[l.Family]
			if r == nil {
				r = &heatRow{family: l.Family, label: l.Label, byYear: map[float64]float64{}}
				rows[l.Family] = r
			}
			r.byYear[ty.Year] += l.Elasticity
			r.peak = math.Max(r.peak, r.byYear[ty.Year])
		}
	}
	order := make([]*heatRow, 0, len(rows))
	for _, r := range rows {
		order = append(order, r)
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].peak != order[j].peak {
			return order[i].peak > order[j].peak
		}
		return order[i].family < order[j].family
	})
	maxE := 0.0
	for _, r := range order {
		maxE = math.Max(maxE, r.peak)
	}
	if maxE <= 0 {
		maxE = 1
	}
	st := step(years)
	title := "Bottleneck timeline: elasticity of compute by limit and year"
	if scenario != "" {
		title += "\nscenario " + scenario + "; darker = more binding (% of compute per % of capacity)"
	}
	p := newPlot(title, "year (compute maximised in that year)", "")
	p.X.Tick.Marker = yearTicks{}
	names := make([]string, len(order))
	cells := &rects{Line: draw.LineStyle{Color: rgb(0xff, 0xff, 0xff), Width: vg.Points(1)}}
	var shades []color.Color
	var darkLabels, lightLabels plotter.XYLabels
	n := len(order)
	for i, r := range order {
		y := float64(n - 1 - i) // the strongest row on top
		names[n-1-i] = fmt.Sprintf("%s (%s)", truncate(r.label, 34), r.family)
		for _, x := range years {
			e, ok := r.byYear[x]
			if !ok {
				continue
			}
			v := e / maxE
			cells.boxes = append(cells.boxes, rect{x - st/2, x + st/2, y - 0.5, y + 0.5})
			shades = append(shades, Ramp(v))
			lab := &lightLabels
			if Luminance(Ramp(v)) > 0.35 {
				lab = &darkLabels
			}
			lab.XYs = append(lab.XYs, plotter.XY{X: x, Y: y})
			lab.Labels = append(lab.Labels, strconv.FormatFloat(e, 'f', 2, 64))
		}
	}
	cells.fill = func(i int) color.Color { return shades[i] }
	if n == 0 {
		p.Title.Text += "\nnothing binds in any year"
		p.NominalY("")
	} else {
		p.NominalY(names...)
		p.Add(cells)
	}
	p.X.Min, p.X.Max = years[0]-st/2, years[len(years)-1]+st/2
	if n > 0 {
		p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	}
	for _, l := range []struct {
		xy plotter.XYLabels
		c  color.Color
	}{{darkLabels, color.Black}, {lightLabels, color.White}} {
		if len(l.xy.XYs) == 0 {
			continue
		}
		lab, err := plotter.NewLabels(l.xy)
		if err != nil {
			return err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Color = l.c
			lab.TextStyle[i].XAlign, lab.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			lab.TextStyle[i].Font.Variant = "Sans"
			lab.TextStyle[i].Font.Size = vg.Points(8)
		}
		p.Add(lab)
	}
	// The key: five swatches of the ramp with their elasticities.
	for k := 4; k >= 0; k-- {
		v := float64(k) / 4
		sw := &rects{Fill: Ramp(v), Line: draw.LineStyle{Color: rgb(0x80, 0x80, 0x80), Width: vg.Points(0.5)}}
		p.Legend.Add(fmt.Sprintf("elasticity %.2f", v*maxE), sw)
	}
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var _ plot.Plotter = (*rects)(nil)
