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
