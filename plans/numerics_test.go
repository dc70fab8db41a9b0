package plans

import (
	"context"
	"strings"
	"testing"

	"teraplan/plans/scenario"
)

// A scenario with units that make the matrix span fifteen orders of
// magnitude still solves, passes the residual check, and says it is badly
// scaled; the default scenario does not.
func TestBadlyScaledScenarioWarns(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Solve(context.Background(), FromScenario(s), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("default scenario warns: %v", res.Warnings)
	}
	// robots.ddr_gb enters as ddr_gb/1000 EB per M robots: 1e-6 GB gives
	// a 1e-9 coefficient; launch cost enters as payload × $/kg / 1e3 per
	// thousand launches: 100 t × 900,000 / 1e3 = 9e4.
	if err := s.Set("robots.ddr_gb=0.000001", "launch.cost_usd_per_kg=900000"); err != nil {
		t.Fatal(err)
	}
	res, err = Solve(context.Background(), FromScenario(s), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "badly scaled") {
		t.Fatalf("warnings = %v, want one about scaling", res.Warnings)
	}
	if r := res.Solution.Residual.Max; r > 1e-6 {
		t.Errorf("residual %v above tolerance was reported", r)
	}
	rep := res.Report(Versions{})
	if rep.Model.MinCoef != 1e-9 || rep.Model.MaxCoef != 9e4 {
		t.Errorf("coefficient range %v..%v, want 1e-9..9e4", rep.Model.MinCoef, rep.Model.MaxCoef)
	}
	if len(rep.Notes) == 0 || !strings.Contains(rep.Notes[0], "badly scaled") {
		t.Errorf("report notes %v lack the warning", rep.Notes)
	}
}
