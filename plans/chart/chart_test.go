package chart_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"teraplan/plans"
	"teraplan/plans/chart"
	"teraplan/plans/scenario"
)

// solved is seed-2026's plan and its 2026–2032 bottleneck timeline, shared.
var solved = sync.OnceValues(func() (*struct {
	rep *plans.Report
	tl  *plans.Timeline
}, error) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		return nil, err
	}
	in := plans.FromScenario(s)
	res, err := plans.Solve(context.Background(), in, plans.Options{})
	if err != nil {
		return nil, err
	}
	tl, err := plans.BuildTimeline(context.Background(), in, 2026, 2032, 3, 0, plans.LimitsOptions{}, plans.Versions{})
	if err != nil {
		return nil, err
	}
	return &struct {
		rep *plans.Report
		tl  *plans.Timeline
	}{res.Report(plans.Versions{}), tl}, nil
})

// regionsSolved is regions-2026's plan, shared.
var regionsSolved = sync.OnceValues(func() (*plans.Report, error) {
	s, err := scenario.Load("regions-2026")
	if err != nil {
		return nil, err
	}
	res, err := plans.Solve(context.Background(), plans.FromScenario(s), plans.Options{})
	if err != nil {
		return nil, err
	}
	return res.Report(plans.Versions{}), nil
})

type kind struct {
	name string
	draw func(w io.Writer, o chart.Output) error
}

func kinds(t *testing.T) []kind {
	t.Helper()
	d, err := solved()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	samples := make([]float64, 500)
	for i := range samples {
		samples[i] = 300 + 40*rng.NormFloat64()
	}
	samples[3] = math.NaN()
	bars := []chart.Bar{
		{Name: "launch.cost_usd_per_kg", Low: 410, High: 380, Base: 400},
		{Name: "space.attrition_per_year", Low: 460, High: 330, Base: 400},
		{Name: "memory.hbm_eb_per_year_existing", Low: 395, High: 402, Base: 400},
	}
	return []kind{
		{"compute", func(w io.Writer, o chart.Output) error { return chart.Compute(w, o, d.rep) }},
		{"power", func(w io.Writer, o chart.Output) error { return chart.Power(w, o, d.rep) }},
		{"launch", func(w io.Writer, o chart.Output) error { return chart.Launch(w, o, d.rep) }},
		{"accelerators", func(w io.Writer, o chart.Output) error { return chart.Accelerators(w, o, d.rep) }},
		{"bottlenecks", func(w io.Writer, o chart.Output) error { return chart.Bottlenecks(w, o, d.tl, "seed-2026") }},
		{"levelized", func(w io.Writer, o chart.Output) error { return chart.Levelized(w, o, d.rep) }},
		{"regions", func(w io.Writer, o chart.Output) error {
			r, err := regionsSolved()
			if err != nil {
				return err
			}
			return chart.Regions(w, o, r)
		}},
		{"tornado", func(w io.Writer, o chart.Output) error {
			return chart.Tornado(w, o, bars, chart.Titles{Metric: "compute in 2035 (GW)"})
		}},
		{"distribution", func(w io.Writer, o chart.Output) error {
			return chart.Distribution(w, o, samples, 0, chart.Titles{Metric: "compute in 2035 (GW)"})
		}},
		{"claims-odds", func(w io.Writer, o chart.Output) error {
			return chart.ClaimsOdds(w, o, []chart.Odds{
				{Name: "1. Space cheapest by 2029", Probability: 0.62, Low: 0.59, High: 0.65},
				{Name: "6. Launch tops out near 1 TW/yr", Probability: 0.18, Low: 0.16, High: 0.21},
				{Name: "10. Optimus 1 and 10 M/yr", Probability: 0, Low: 0, High: 0.004},
			}, "How likely each claim is, seed-2026")
		}},
	}
}

// ink measures how much a PNG draws: the fraction of pixels that are not
// the white background, and how many pixels are in colour (channels
// differing by more than 40 of 255). Titles, axes and tick labels are black
// and grey; only data (series, bars, cells) is in colour.
func ink(t *testing.T, img image.Image) (frac float64, coloured int) {
	t.Helper()
	b := img.Bounds()
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 0xf0 || g < 0xf0 || bl < 0xf0 {
				inked++
			}
			if max(r, g, bl)-min(r, g, bl) > 40 {
				coloured++
			}
		}
	}
	return float64(inked) / float64(b.Dx()*b.Dy()), coloured
}

// TestEveryKindDrawsAPNG renders every chart kind as PNG, decodes it and
// checks it is the asked size and not blank: at least 2% of its pixels
// inked and at least 2,000 in colour, which only drawn data gives (the
// control below, a chart with axes and labels but no data, fails it).
func TestEveryKindDrawsAPNG(t *testing.T) {
	out := os.Getenv("CHART_TEST_OUT") // set to keep the files and look at them
	for _, k := range kinds(t) {
		t.Run(k.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := k.draw(&buf, chart.Output{Format: chart.PNG}); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != 768 || b.Dy() != 480 {
				t.Errorf("size %v, want 768×480", b.Size())
			}
			frac, coloured := ink(t, img)
			t.Logf("%s: %.1f%% of pixels inked, %d in colour", k.name, 100*frac, coloured)
			if frac < 0.02 || coloured < 2000 {
				t.Errorf("%s looks blank: %.1f%% of pixels inked, %d in colour", k.name, 100*frac, coloured)
			}
			if out != "" {
				os.WriteFile(filepath.Join(out, k.name+".png"), buf.Bytes(), 0o644)
			}
		})
	}
}

// TestBlankDetectorWorks: the threshold above rejects a chart with no
// series, so the test can fail.
func TestBlankDetectorWorks(t *testing.T) {
	var buf bytes.Buffer
	// A tornado whose bars are zero-width draws axes, labels and a line only.
	bars := []chart.Bar{{Name: "a", Low: 1, High: 1, Base: 1}}
	if err := chart.Tornado(&buf, chart.Output{Format: chart.PNG}, bars, chart.Titles{Metric: "x"}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if frac, coloured := ink(t, img); frac >= 0.02 && coloured >= 2000 {
		t.Errorf("an empty tornado passes the blank check: %.1f%% inked, %d in colour", 100*frac, coloured)
	} else {
		t.Logf("empty tornado: %.1f%% inked, %d in colour", 100*frac, coloured)
	}
}

// TestEveryKindDrawsSVG: the SVG is well-formed XML with paths and text.
func TestEveryKindDrawsSVG(t *testing.T) {
	for _, k := range kinds(t) {
		t.Run(k.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := k.draw(&buf, chart.Output{Format: chart.SVG}); err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not XML: %v", err)
				}
				if se, ok := tok.(xml.StartElement); ok {
					counts[se.Name.Local]++
				}
			}
			if counts["svg"] != 1 || counts["path"] < 20 || counts["text"] < 5 {
				t.Errorf("SVG elements %v: want one svg, ≥20 paths, ≥5 texts", counts)
			}
			if strings.Contains(buf.String(), "NaN") {
				t.Error("SVG contains NaN coordinates")
			}
		})
	}
}

func TestSeriesColoursDifferInLightness(t *testing.T) {
	fills := chart.SeriesFills(4)
	for i := range fills {
		for j := range i {
			if d := math.Abs(chart.Luminance(fills[i]) - chart.Luminance(fills[j])); d < 0.1 {
				t.Errorf("series %d and %d differ by %.3f in luminance: they merge in greyscale", j, i, d)
			}
		}
	}
	prev := -1.0
	for v := 1.0; v >= 0; v -= 0.05 {
		l := chart.Luminance(chart.Ramp(v))
		if l <= prev {
			t.Errorf("heat-map ramp not monotone in lightness at %.2f", v)
		}
		prev = l
	}
}

func TestErrors(t *testing.T) {
	var buf bytes.Buffer
	o := chart.Output{Format: chart.PNG}
	if err := chart.Compute(&buf, o, &plans.Report{}); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("empty report: %v", err)
	}
	if d, err := solved(); err != nil {
		t.Fatal(err)
	} else if err := chart.Regions(&buf, o, d.rep); !errors.Is(err, chart.ErrNoRegions) {
		t.Errorf("regions chart of a plan without regions: %v", err)
	}
	if err := chart.Bottlenecks(&buf, o, &plans.Timeline{}, ""); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("empty timeline: %v", err)
	}
	if err := chart.Tornado(&buf, o, nil, chart.Titles{}); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("no bars: %v", err)
	}
	if err := chart.Distribution(&buf, o, []float64{math.NaN()}, 0, chart.Titles{}); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("only NaN: %v", err)
	}
	if err := chart.Tornado(&buf, o, []chart.Bar{{Name: "x", Low: math.Inf(1)}}, chart.Titles{}); err == nil {
		t.Error("infinite bar accepted")
	}
	if err := chart.Tornado(&buf, chart.Output{Format: "gif"}, []chart.Bar{{Name: "x", Low: 1, High: 2}}, chart.Titles{}); err == nil {
		t.Error("gif accepted")
	}
	for path, want := range map[string]string{"a.svg": "svg", "B.PNG": "png", "c.jpg": "", "d": ""} {
		got, err := chart.FormatOf(path)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("FormatOf(%q) = %q, %v", path, got, err)
		}
	}
	// A single-valued distribution still draws, and says why it has one bar.
	buf.Reset()
	if err := chart.Distribution(&buf, chart.Output{Format: chart.SVG}, []float64{5, 5, 5}, 0,
		chart.Titles{Metric: "m", Unit: "GW", Why: "the target pins it"}); err != nil {
		t.Errorf("constant distribution: %v", err)
	}
	if !strings.Contains(buf.String(), "3 runs, all 5.00 GW: the target pins it") {
		t.Errorf("a one-bar distribution does not say why")
	}
}

// TestDistributionPercentiles: the chart's median and 5th–95th percentile
// are the sweep summary's (plans.Quantile), in the human number format with
// the unit: for 1, 2, 3, 4 the median is 2.5 (not 2, the lower value).
func TestDistributionPercentiles(t *testing.T) {
	var buf bytes.Buffer
	xs := []float64{4, 1, 3, 2}
	if err := chart.Distribution(&buf, chart.Output{Format: chart.SVG}, xs, 0, chart.Titles{Metric: "compute (GW)", Unit: "GW"}); err != nil {
		t.Fatal(err)
	}
	// By hand: ranks 0.15 and 2.85 of 0..3 give 1.15 and 3.85.
	for _, want := range []string{"median 2.50 GW", "5th-95th percentile 1.15-3.85 GW"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("legend lacks %q", want)
		}
	}
}

func TestCrossover(t *testing.T) {
	lv := []plans.YearLevelized{{Year: 2026}, {Year: 2027}, {Year: 2028}}
	lv[0].Earth.PerKWIT, lv[0].Orbit.PerKWIT = 10, 20
	lv[1].Earth.PerKWIT, lv[1].Orbit.PerKWIT = 10, 9
	lv[2].Earth.PerKWIT, lv[2].Orbit.PerKWIT = 10, 8
	if y, ok := chart.Crossover(lv); !ok || y != 2027 {
		t.Errorf("crossover %v %v, want 2027", y, ok)
	}
	if _, ok := chart.Crossover(lv[:1]); ok {
		t.Error("crossover where orbit is dearer")
	}
}
