package plans_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"teraplan/lp"
	"teraplan/lp/lptest"
	"teraplan/plans"
)

// TestQuarterlyHorizonByInteriorPoint: seed-2026 by quarters to 2075 (200
// periods, over lp.IPMRows rows) is solved by HiGHS's interior point
// solver and its crossover, and reaches the optimum HiGHS's command-line
// solver finds with its dual simplex on the exported model.
func TestQuarterlyHorizonByInteriorPoint(t *testing.T) {
	cli := lptest.CLI(t)
	res := solve(t, seedInput(t, "horizon.end_year=2075", "horizon.step_years=0.25"), plans.Options{})
	m := res.World.Model
	if res.World.H.N() != 200 || m.NumRows() < lp.IPMRows {
		t.Fatalf("%d periods, %d rows: want 200 periods and at least %d rows", res.World.H.N(), m.NumRows(), lp.IPMRows)
	}
	if res.Solution.IPMIterations == 0 || !res.Solution.HasDuals {
		t.Errorf("%d interior point iterations, duals %v: want the interior point solver and a basis's duals", res.Solution.IPMIterations, res.Solution.HasDuals)
	}
	file := filepath.Join(t.TempDir(), "quarterly.mps")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.WriteMPS(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if want := lptest.Objective(t, cli, file); math.Abs(res.Solution.Objective-want) > 1e-9*math.Abs(want) {
		t.Errorf("objective %.12g, the highs CLI's dual simplex %.12g", res.Solution.Objective, want)
	}
}
