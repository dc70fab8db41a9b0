package chart

import (
	"fmt"
	"io"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Odds is one claim on a probability chart: how often it holds across
// sampled futures, and the 95% interval of that share.
type Odds struct {
	Name                   string
	Probability, Low, High float64
}

// ClaimsOdds draws each claim's probability as a horizontal bar from 0,
// with its 95% interval as a thin bar across it, claims top to bottom in
// the order given, on a 0–1 axis.
func ClaimsOdds(w io.Writer, o Output, claims []Odds, title string) error {
	if len(claims) == 0 {
		return ErrNoData
	}
	for _, c := range claims {
		if !finite(c.Probability, c.Low, c.High) || c.Low > c.Probability || c.Probability > c.High || c.Low < 0 || c.High > 1 {
			return fmt.Errorf("chart: claim %q: probability %v outside its interval [%v, %v] or [0, 1]", c.Name, c.Probability, c.Low, c.High)
		}
	}
	p := newPlot(title, "probability the claim holds", "")
	bars := &rects{Fill: styles[0].Fill, Line: draw.LineStyle{Color: styles[0].Line, Width: vg.Points(0.8)}}
	ci := &rects{Fill: styles[3].Line, Line: draw.LineStyle{Color: styles[3].Line, Width: vg.Points(0.6)}}
	n := len(claims)
	names := make([]string, n)
	for i, c := range claims {
		y := float64(n - 1 - i)
		names[n-1-i] = truncate(c.Name, 40)
		bars.boxes = append(bars.boxes, rect{0, c.Probability, y - 0.35, y + 0.35})
		ci.boxes = append(ci.boxes, rect{c.Low, c.High, y - 0.06, y + 0.06})
	}
	p.Add(bars, ci)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = 0, 1
	p.Legend.Add("probability", bars)
	p.Legend.Add("95% interval", ci)
	return render(w, o, func(dc draw.Canvas) { drawWithLegend(dc, p) })
}
