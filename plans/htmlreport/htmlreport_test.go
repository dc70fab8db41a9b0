package htmlreport_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"teraplan/plans"
	"teraplan/plans/htmlreport"
	"teraplan/plans/scenario"
	"teraplan/plans/sweep"
)

// TestEscapesScenarioText: a source or description carrying markup comes
// out as text, and output is deterministic.
func TestEscapesScenarioText(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	s = s.Clone()
	s.Description = `<script>alert("d")</script>`
	s.Params["launch.payload_t"].Source = `<img src=x onerror=alert(1)> & "quotes"`
	res, err := plans.Solve(context.Background(), plans.FromScenario(s), plans.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := htmlreport.Input{Plan: res.Report(plans.Versions{}), Scenario: s}
	var a, b bytes.Buffer
	if err := htmlreport.Write(&a, in); err != nil {
		t.Fatal(err)
	}
	if err := htmlreport.Write(&b, in); err != nil {
		t.Fatal(err)
	}
	page := a.String()
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same report differ")
	}
	for _, bad := range []string{`<script>alert`, `<img src=x`} {
		if strings.Contains(page, bad) {
			t.Errorf("unescaped %q in the page", bad)
		}
	}
	if !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quotes&#34;") {
		t.Error("escaped source not found")
	}
	if n := strings.Count(page, `<img class="chart"`); n != 6 { // no timeline: no bottleneck chart
		t.Errorf("%d charts, want 6", n)
	}
	if strings.Contains(page, `id="claims-table"`) {
		t.Error("claims section without claims")
	}
	if err := htmlreport.Write(&a, htmlreport.Input{}); err == nil {
		t.Error("an empty input writes")
	}
}

// TestOddsSection: with claims odds the page gains their section, its
// table with every claim's probability and interval, and its chart.
func TestOddsSection(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	ctx, in := context.Background(), plans.FromScenario(s)
	res, err := plans.Solve(ctx, in, plans.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := plans.Claims(ctx, in, plans.Options{}, plans.Versions{})
	if err != nil {
		t.Fatal(err)
	}
	sw, err := sweep.New(s, sweep.Spec{Kind: sweep.MonteCarlo, Samples: 4, Seed: 3, Metrics: []string{sweep.MetricClaims}})
	if err != nil {
		t.Fatal(err)
	}
	acc := &sweep.ClaimsAccumulator{}
	if _, err := sw.Execute(ctx, sweep.ExecOptions{Workers: 2}, func(r *sweep.Record) error { acc.Add(r); return nil }); err != nil {
		t.Fatal(err)
	}
	odds := acc.Odds(sw, base)
	var b bytes.Buffer
	if err := htmlreport.Write(&b, htmlreport.Input{Plan: res.Report(plans.Versions{}), Claims: base, Odds: odds, Scenario: s}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if !strings.Contains(page, `id="claims-odds-table"`) || !strings.Contains(page, `data-chart="claims-odds"`) {
		t.Fatal("no claims odds section or chart")
	}
	table := page[strings.Index(page, `id="claims-odds-table"`):]
	table = table[:strings.Index(table, "</table>")]
	if n := strings.Count(table, "<tr><td"); n != 10 {
		t.Errorf("%d claims in the odds table, want 10", n)
	}
	for _, c := range odds.Claims {
		if c.Probability != nil && !strings.Contains(table, fmt.Sprintf("%.3f–%.3f", *c.Low, *c.High)) {
			t.Errorf("claim %d: interval %.3f–%.3f not in the table", c.ID, *c.Low, *c.High)
		}
	}
}
