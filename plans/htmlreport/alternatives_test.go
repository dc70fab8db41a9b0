package htmlreport_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"teraplan/plans"
	"teraplan/plans/htmlreport"
	"teraplan/plans/scenario"
)

// TestAlternativesSection: with near-optimal ranges the page gains their
// section — the bound, one row per quantity with its range, and the range
// chart as one more checked chart image — and without them it has none.
func TestAlternativesSection(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	in := plans.FromScenario(s)
	res, err := plans.Solve(context.Background(), in, plans.Options{})
	if err != nil {
		t.Fatal(err)
	}
	alt, err := plans.Alternatives(context.Background(), in, plans.AlternativesOptions{Slack: 0.05,
		Explore: []string{"orbit_share:2035", "earth_gw:2030"}}, plans.Versions{})
	if err != nil {
		t.Fatal(err)
	}
	alt.Report.Notes = append(alt.Report.Notes, `<b>bold</b>`)
	var with, without bytes.Buffer
	if err := htmlreport.Write(&with, htmlreport.Input{Plan: res.Report(plans.Versions{}), Scenario: s, Alternatives: alt.Report}); err != nil {
		t.Fatal(err)
	}
	if err := htmlreport.Write(&without, htmlreport.Input{Plan: res.Report(plans.Versions{}), Scenario: s}); err != nil {
		t.Fatal(err)
	}
	page := with.String()
	if n := strings.Count(page, `<img class="chart"`); n != 7 {
		t.Errorf("%d charts, want the 6 plan charts and the ranges", n)
	}
	for _, want := range []string{`id="alternatives-table"`, `data-chart="alternatives"`, "<code>orbit_share:2035</code>",
		"<code>earth_gw:2030</code>", "slack 5%", plans.FormatNumber(alt.Report.Quantities[0].Max), "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(without.String(), `id="alternatives"`) {
		t.Error("an alternatives section without alternatives")
	}
	if i, j := strings.Index(page, `id="claims`), strings.Index(page, `id="alternatives"`); j < 0 || (i >= 0 && i > j) {
		t.Error("the ranges do not follow the claims")
	}
}
