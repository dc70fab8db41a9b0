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

// Alternatives draws the near-optimal range of each explored quantity:
// one panel per quantity, each on its own axis in its own unit, with a bar
// from the least to the most the quantity can be in near-optimal plans and
// a dashed line at its value in the optimal plan; random-direction samples,
// if any, are dots on the bar. Unless o says otherwise
// the chart grows by an inch per quantity beyond four.
func Alternatives(w io.Writer, o Output, rep *plans.AlternativesReport) error {
	if rep == nil || len(rep.Quantities) == 0 {
		return ErrNoData
	}
	n := len(rep.Quantities)
	if o.Height <= 0 {
		o.Height = max(DefaultHeight, vg.Length(n)*vg.Inch+vg.Inch)
	}
	rows := make([][]*plot.Plot, n)
	for i, q := range rep.Quantities {
		if !finite(q.Min, q.Optimal, q.Max) {
			return fmt.Errorf("chart: %s has a non-finite range", q.Spec)
		}
		p := newPlot(fmt.Sprintf("%s (%s)", q.Label, q.Unit), "", "")
		p.Title.TextStyle.Font.Size = vg.Points(10)
		p.Title.Padding = vg.Points(3)
		p.HideY()
		bar := &rects{Fill: styles[0].Fill, Line: draw.LineStyle{Color: styles[0].Line, Width: vg.Points(0.8)},
			boxes: []rect{{q.Min, q.Max, 0.2, 0.8}}}
		opt := marker{X: q.Optimal, Line: draw.LineStyle{Color: styles[1].Line, Width: vg.Points(2),
			Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
		p.Add(bar)
		if len(rep.Samples) > 0 {
			// Samples as dots, spread up the bar by a fixed sequence so
			// that equal values do not hide one another.
			pts := make(plotter.XYs, len(rep.Samples))
			for j, s := range rep.Samples {
				pts[j] = plotter.XY{X: s.Values[i], Y: 0.28 + 0.44*math.Mod(float64(j)*0.618034, 1)}
			}
			dots, err := plotter.NewScatter(pts)
			if err != nil {
				return err
			}
			dots.GlyphStyle = draw.GlyphStyle{Color: styles[2].Fill, Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}
			p.Add(dots)
		}
		p.Add(opt)
		p.Y.Min, p.Y.Max = 0, 1
		// Pad the axis so a collapsed range still shows, and a bar
		// touching zero does not sit on the frame.
		span := q.Max - q.Min
		pad := math.Max(0.06*span, 0.05*math.Max(math.Abs(q.Max), 1e-9))
		p.X.Min, p.X.Max = q.Min-pad, q.Max+pad
		if q.Min >= 0 && q.Min-pad < 0 {
			p.X.Min = math.Min(0, q.Min) - 0.02*(q.Max+pad)
		}
		rows[i] = []*plot.Plot{p}
	}
	measure := "cost"
	if rep.Mode == "max-compute" {
		measure = "compute in " + plans.Label(rep.Year)
	}
	title := fmt.Sprintf("Near-optimal ranges, %s: plans within %s of the optimal %s", rep.Scenario,
		formatSlack(rep.Slack), measure)
	legend := "bar: the least to the most each quantity can be in those plans; dashed line: its value in the optimal plan"
	if len(rep.Samples) > 0 {
		legend += fmt.Sprintf("; dots: %d plans in random directions", len(rep.Samples))
	}
	return render(w, o, func(dc draw.Canvas) {
		head := vg.Points(40)
		titleStyle := draw.TextStyle{Color: rgb(0, 0, 0), XAlign: draw.XCenter, YAlign: draw.YTop}
		titleStyle.Font = plot.New().Title.TextStyle.Font
		titleStyle.Font.Typeface, titleStyle.Font.Variant = "Liberation", "Sans"
		titleStyle.Font.Size = vg.Points(12)
		titleStyle.Handler = plot.New().Title.TextStyle.Handler
		mid := (dc.Min.X + dc.Max.X) / 2
		dc.FillText(titleStyle, vg.Point{X: mid, Y: dc.Max.Y - vg.Points(6)}, title)
		titleStyle.Font.Size = vg.Points(9)
		dc.FillText(titleStyle, vg.Point{X: mid, Y: dc.Max.Y - vg.Points(23)},
			legend)
		body := draw.Crop(dc, vg.Points(6), -vg.Points(6), 0, -head)
		tiles := draw.Tiles{Rows: n, Cols: 1, PadY: vg.Points(8), PadBottom: vg.Points(4)}
		canvases := plot.Align(rows, tiles, body)
		for i := range rows {
			rows[i][0].Draw(canvases[i][0])
		}
	})
}

// formatSlack writes 0.05 as "5%".
func formatSlack(s float64) string {
	return fmt.Sprintf("%.4g%%", 100*s)
}
