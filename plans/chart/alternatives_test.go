package chart_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"teraplan/plans"
	"teraplan/plans/chart"
)

func alternativesReport(n int) *plans.AlternativesReport {
	rep := &plans.AlternativesReport{Scenario: "seed-2026", Mode: "min-cost", Slack: 0.05}
	all := []plans.RangeOf{
		{Spec: "orbit_share:2035", Label: "orbit's share of compute, 2035", Unit: "%", Min: 74.4, Optimal: 87, Max: 100},
		{Spec: "earth_gw:2030", Label: "compute on Earth, 2030", Unit: "GW", Min: 2.2, Optimal: 29.3, Max: 77.5},
		{Spec: "launches:2032", Label: "Starship launches, 2032", Unit: "launches", Min: 0, Optimal: 22967, Max: 71136},
		{Spec: "fabs_started", Label: "fabs started, whole horizon", Unit: "fabs", Min: 14, Optimal: 14, Max: 14},
		{Spec: "cost_usd_b", Label: "spending", Unit: "$B", Min: -5, Optimal: -1, Max: 3},
		{Spec: "ships:2030", Label: "Starship fleet, 2030", Unit: "ships", Min: 10, Optimal: 12, Max: 30},
	}
	rep.Quantities = all[:n]
	return rep
}

// TestAlternativesChart draws the ranges as PNG and SVG: the asked size
// (taller with more quantities), ink in colour, a text per quantity's
// title, and no NaN even for a collapsed range.
func TestAlternativesChart(t *testing.T) {
	for _, n := range []int{4, 6} {
		var buf bytes.Buffer
		if err := chart.Alternatives(&buf, chart.Output{Format: chart.PNG}, alternativesReport(n)); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		wantH := 480
		if n == 6 {
			wantH = 96 * 7
		}
		if b := img.Bounds(); b.Dx() != 768 || b.Dy() != wantH {
			t.Errorf("%d quantities: size %v, want 768×%d", n, b.Size(), wantH)
		}
		if frac, coloured := ink(t, img); frac < 0.02 || coloured < 2000 {
			t.Errorf("%d quantities: looks blank: %.1f%% inked, %d in colour", n, 100*frac, coloured)
		}
	}
	var buf bytes.Buffer
	if err := chart.Alternatives(&buf, chart.Output{Format: chart.SVG}, alternativesReport(4)); err != nil {
		t.Fatal(err)
	}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"orbit's share of compute, 2035 (%)", "compute on Earth, 2030 (GW)", "within 5% of the optimal cost"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q: %s", want, all)
		}
	}
	if strings.Contains(buf.String(), "NaN") {
		t.Error("SVG contains NaN")
	}
	if err := chart.Alternatives(&buf, chart.Output{Format: chart.SVG}, &plans.AlternativesReport{}); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("no quantities: %v, want ErrNoData", err)
	}
	bad := alternativesReport(1)
	bad.Quantities[0].Max = math.Inf(1)
	if err := chart.Alternatives(&buf, chart.Output{Format: chart.SVG}, bad); err == nil {
		t.Error("an infinite range draws")
	}
}
