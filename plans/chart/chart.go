// Package chart draws teraplan's plans as SVG or PNG charts with gonum/plot.
//
// Every function takes plain data (report structs or slices), an io.Writer
// and an Output (format and size) and writes one chart; none prints.
// Charts carry a title, units on their axes and a legend, and tell series
// apart by lightness, dashes and markers as well as hue, so they survive
// greyscale printing.
package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"teraplan/plans"
)

// Formats a chart can be written in.
const (
	SVG = "svg"
	PNG = "png"
)

// Default size of a chart: 8 × 5 inches (768 × 480 pixels as PNG).
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 5 * vg.Inch
)

// pngDPI is the resolution of PNG output.
const pngDPI = 96

// Output is how a chart is written: its format (SVG or PNG) and size;
// a zero size means the default.
type Output struct {
	Format        string
	Width, Height vg.Length
}

// ErrNoData is returned when there is nothing to draw.
var ErrNoData = errors.New("chart: no data to draw")

// FormatOf returns the chart format a file name's extension asks for.
func FormatOf(path string) (string, error) {
	switch ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), ".")); ext {
	case SVG, PNG:
		return ext, nil
	default:
		return "", fmt.Errorf("chart: cannot tell the format of %q: want a .svg or .png file", path)
	}
}

func (o Output) size() (vg.Length, vg.Length) {
	w, h := o.Width, o.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return w, h
}

// render draws paint on a canvas of o's format and size and writes it to w.
func render(w io.Writer, o Output, paint func(draw.Canvas)) error {
	width, height := o.size()
	if width > 100*vg.Inch || height > 100*vg.Inch {
		return fmt.Errorf("chart: %v × %v is too large", width, height)
	}
	var c vg.CanvasWriterTo
	switch o.Format {
	case SVG:
		c = vgsvg.New(width, height)
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(pngDPI),
			vgimg.UseBackgroundColor(color.White))}
	default:
		return fmt.Errorf("chart: unknown format %q: want %s or %s", o.Format, SVG, PNG)
	}
	paint(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// newPlot returns a plot with sans-serif text, a title and axis labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	sans := func(s *font.Font) { s.Typeface, s.Variant = "Liberation", "Sans" }
	sans(&p.Title.TextStyle.Font)
	p.Title.TextStyle.Font.Size = vg.Points(13)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		sans(&a.Label.TextStyle.Font)
		sans(&a.Tick.Label.Font)
		a.Label.TextStyle.Font.Size = vg.Points(11)
		a.Tick.Label.Font.Size = vg.Points(9)
	}
	sans(&p.Legend.TextStyle.Font)
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	p.Y.Tick.Marker = plainTicks{}
	p.X.Tick.Marker = plainTicks{}
	p.Title.Padding = vg.Points(6)
	return p
}

// drawWithLegend draws p with its legend outside the data, in a column on
// the right, so the legend never hides a series.
func drawWithLegend(dc draw.Canvas, p *plot.Plot) {
	p.Legend.Top, p.Legend.Left = true, false
	r := p.Legend.Rectangle(dc)
	lw := r.Max.X - r.Min.X + vg.Points(12)
	legend := p.Legend
	p.Legend = plot.NewLegend() // drawn separately, below
	p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
	legend.YOffs = -vg.Points(28)
	legend.XOffs = -vg.Points(4)
	legend.Draw(dc)
}

// style is one series' look: a fill and a line colour, a dash pattern and
// a marker, chosen so neighbours differ in lightness, not only in hue.
type style struct {
	Fill, Line color.Color
	Dashes     []vg.Length
	Glyph      draw.GlyphDrawer
}

// styles are ordered so any prefix has well-separated lightness: dark
// blue, orange, pale green, mid grey (black lines), then a mid purple and a light brown.
var styles = []style{
	{Fill: rgb(0x2b, 0x4c, 0x8c), Line: rgb(0x08, 0x1d, 0x58), Dashes: nil, Glyph: draw.CircleGlyph{}},
	{Fill: rgb(0xf0, 0x8a, 0x24), Line: rgb(0xb3, 0x50, 0x00), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}, Glyph: draw.SquareGlyph{}},
	{Fill: rgb(0xc7, 0xe9, 0xb4), Line: rgb(0x3f, 0x9e, 0x4d), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}, Glyph: draw.TriangleGlyph{}},
	{Fill: rgb(0x8c, 0x8c, 0x8c), Line: rgb(0x00, 0x00, 0x00), Dashes: []vg.Length{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}, Glyph: draw.CrossGlyph{}},
	{Fill: rgb(0x9e, 0x7c, 0xc1), Line: rgb(0x6a, 0x3d, 0x9a), Dashes: []vg.Length{vg.Points(1), vg.Points(3)}, Glyph: draw.RingGlyph{}},
	{Fill: rgb(0xe6, 0xd2, 0xa8), Line: rgb(0x8c, 0x6d, 0x31), Dashes: []vg.Length{vg.Points(10), vg.Points(4)}, Glyph: draw.PlusGlyph{}},
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

// Luminance is the relative luminance (0 black … 1 white) of c, as a
// greyscale printer or a reader without colour vision roughly sees it.
func Luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// SeriesFills returns the first n fill colours used for series, for tests
// and for callers who want to match the charts.
func SeriesFills(n int) []color.Color {
	out := make([]color.Color, 0, n)
	for i := range min(n, len(styles)) {
		out = append(out, styles[i].Fill)
	}
	return out
}

// yearTicks labels years as whole numbers, every year on short spans and
// every 5 (or 10) years on long ones.
type yearTicks struct{}

func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	step := 1.0
	switch {
	case span > 60:
		step = 10
	case span > 16:
		step = 5
	case span > 8:
		step = 2
	}
	var out []plot.Tick
	for y := math.Ceil(lo/step) * step; y <= hi+1e-9; y += step {
		out = append(out, plot.Tick{Value: y, Label: strconv.Itoa(int(math.Round(y)))})
	}
	for y := math.Ceil(lo); y <= hi+1e-9 && step > 1; y++ {
		out = append(out, plot.Tick{Value: y})
	}
	return out
}

// step is the period length of a list of years (1 for a single year).
func step(years []float64) float64 {
	if len(years) < 2 {
		return 1
	}
	return years[1] - years[0]
}

// perYear names a flow's unit for the period length.
func perYear(unit string, years []float64) string {
	if s := step(years); math.Abs(s-1) > 1e-9 {
		return fmt.Sprintf("%s per %g-year period", unit, s)
	}
	return unit + " per year"
}

// span is "2026–2040", or "2026 Q1–2040 Q4" for quarterly periods.
func span(years []float64) string {
	if len(years) == 0 {
		return ""
	}
	return fmt.Sprintf("%s–%s", label(years[0], years), label(years[len(years)-1], years))
}

// label names the period starting in year y among the periods years
// ("2026 Q4", never "2027").
func label(y float64, years []float64) string { return plans.PeriodLabel(y, step(years)) }

// finite reports whether every value is a finite number.
func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// plainTicks are gonum's default ticks labelled without trailing zeros:
// "500", not "500.00".
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			v, _ := strconv.ParseFloat(strconv.FormatFloat(ts[i].Value, 'g', 10, 64), 64)
			ts[i].Label = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ts
}
