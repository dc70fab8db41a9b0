package plans_test

import (
	"context"
	"fmt"
	"testing"

	"teraplan/plans"
	"teraplan/plans/scenario"
)

// tradeFlows lists a plan's trade, one line per pair and period, at six
// significant digits (the solver's tolerance, not its noise).
func tradeFlows(rep *plans.Report) []string {
	var out []string
	for _, tr := range rep.Trade {
		out = append(out, fmt.Sprintf("%g %s→%s accel %.6g M, HBM %.6g EB", tr.Year, tr.From, tr.To, tr.AcceleratorsM, tr.HBMEB))
	}
	return out
}

// TestTradeFlowsUnique: every trade route carries its own cost, so the
// min-cost plan's trade is unique: regions-2026 with China's grid cut to
// 5 GW a year ships the same accelerators and HBM along the same routes
// whether solved cold or warm from the base scenario's basis (a Solver
// anchored at the base plan).
func TestTradeFlowsUnique(t *testing.T) {
	base, err := scenario.Load("regions-2026")
	if err != nil {
		t.Fatal(err)
	}
	changed := base.Clone()
	if err := changed.Set("grid.new_gw_per_year@china=5"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var sv plans.Solver
	defer sv.Close()
	if _, err := sv.Solve(ctx, plans.FromScenario(base), plans.Options{}); err != nil {
		t.Fatal(err)
	}
	if !sv.Anchor() {
		t.Fatal("no optimal base solve to anchor at")
	}
	warm, err := sv.Solve(ctx, plans.FromScenario(changed), plans.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := sv.Stats(); st.Warm+st.Reloaded == 0 {
		t.Fatalf("the re-solve was not warm: %+v", st)
	}
	cold := solve(t, plans.FromScenario(changed), plans.Options{Cold: true})
	w, c := tradeFlows(warm.Report(testVersions)), tradeFlows(cold.Report(testVersions))
	if len(c) == 0 {
		t.Fatal("the cold plan ships nothing; the test needs trade")
	}
	if fmt.Sprint(w) != fmt.Sprint(c) {
		t.Errorf("warm and cold trade differ:\nwarm:\n%s\ncold:\n%s", join(w), join(c))
	}
}

func join(lines []string) string {
	s := ""
	for _, l := range lines {
		s += "  " + l + "\n"
	}
	return s
}
