package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// lineStyle is s's line: its colour and dashes at width w.
func (s style) lineStyle(w vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: s.Line, Width: w, Dashes: s.Dashes}
}

func (s style) glyphStyle() draw.GlyphStyle {
	return draw.GlyphStyle{Color: s.Line, Radius: vg.Points(3), Shape: s.Glyph}
}

func xys(xs, ys []float64) plotter.XYs {
	out := make(plotter.XYs, len(xs))
	for i := range xs {
		out[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return out
}

// addStack adds series as stacked bands, the first at the bottom: each band
// filled in its style's colour, its top edge drawn with the style's dashes
// and markers.
func addStack(p *plot.Plot, xs []float64, names []string, series [][]float64) error {
	base := make([]float64, len(xs))
	for k, ys := range series {
		s := styles[k%len(styles)]
		top := make([]float64, len(xs))
		for i := range xs {
			top[i] = base[i] + math.Max(ys[i], 0)
		}
		ring := xys(xs, top)
		for i := len(xs) - 1; i >= 0; i-- {
			ring = append(ring, plotter.XY{X: xs[i], Y: base[i]})
		}
		band, err := plotter.NewPolygon(ring)
		if err != nil {
			return err
		}
		band.Color = s.Fill
		band.LineStyle.Width = 0
		edge, marks, err := plotter.NewLinePoints(xys(xs, top))
		if err != nil {
			return err
		}
		edge.LineStyle = s.lineStyle(vg.Points(1.5))
		marks.GlyphStyle = s.glyphStyle()
		p.Add(band, edge, marks)
		p.Legend.Add(names[k], band, edge, marks)
		base = top
	}
	return nil
}

// addLines adds one line with markers per series, styles from offset on.
func addLines(p *plot.Plot, xs []float64, names []string, series [][]float64, offset int) error {
	for k, ys := range series {
		s := styles[(k+offset)%len(styles)]
		l, marks, err := plotter.NewLinePoints(xys(xs, ys))
		if err != nil {
			return err
		}
		l.LineStyle = s.lineStyle(vg.Points(1.8))
		marks.GlyphStyle = s.glyphStyle()
		p.Add(l, marks)
		p.Legend.Add(names[k], l, marks)
	}
	return nil
}

// rect is an axis-aligned box in data coordinates.
type rect struct{ x0, x1, y0, y1 float64 }

// rects draws filled boxes with an outline: bars, tornado bars, heat-map
// cells. fill, when set, overrides Fill per box.
type rects struct {
	boxes []rect
	Fill  color.Color
	fill  func(i int) color.Color
	Line  draw.LineStyle
}

func (r *rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, b := range r.boxes {
		pts := []vg.Point{
			{X: trX(b.x0), Y: trY(b.y0)}, {X: trX(b.x1), Y: trY(b.y0)},
			{X: trX(b.x1), Y: trY(b.y1)}, {X: trX(b.x0), Y: trY(b.y1)},
		}
		fill := r.Fill
		if r.fill != nil {
			fill = r.fill(i)
		}
		if fill != nil {
			c.FillPolygon(fill, c.ClipPolygonXY(pts))
		}
		if r.Line.Width > 0 {
			c.StrokeLines(r.Line, c.ClipLinesXY(append(pts, pts[0]))...)
		}
	}
}

func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, b := range r.boxes {
		xmin, xmax = math.Min(xmin, math.Min(b.x0, b.x1)), math.Max(xmax, math.Max(b.x0, b.x1))
		ymin, ymax = math.Min(ymin, math.Min(b.y0, b.y1)), math.Max(ymax, math.Max(b.y0, b.y1))
	}
	return
}

func (r *rects) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	}
	fill := r.Fill
	if fill == nil && r.fill != nil {
		fill = r.fill(0)
	}
	if fill != nil {
		c.FillPolygon(fill, pts)
	}
	if r.Line.Width > 0 {
		c.StrokeLines(r.Line, append(pts, pts[0]))
	}
}

// marker draws a vertical line across the whole data area at X.
type marker struct {
	X    float64
	Line draw.LineStyle
}

func (m marker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.X)
	c.StrokeLines(m.Line, c.ClipLinesX([]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})...)
}

func (m marker) DataRange() (xmin, xmax, ymin, ymax float64) {
	return m.X, m.X, math.Inf(1), math.Inf(-1)
}

func (m marker) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(m.Line, x, c.Min.Y, x, c.Max.Y)
}
