package plans

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"teraplan/lp"
	"teraplan/plans/scenario"
)

// A time-limited MIP is never reported as if it were optimal: either the
// solver finished (Optimal), or the plan is the best found, flagged with
// its status, its gap and a note, or there is no plan at all (ErrNoPlan).
func TestTimeLimitedMIPIsFlagged(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	in := FromScenario(s)
	sawFlagged := false
	for _, limit := range []time.Duration{time.Nanosecond, 300 * time.Millisecond, 2 * time.Second} {
		res, err := Solve(context.Background(), in, Options{MIP: true, Solver: lp.Options{TimeLimit: limit}})
		switch {
		case err != nil:
			if !errors.Is(err, ErrNoPlan) || !strings.Contains(err.Error(), "before it found any plan") {
				t.Errorf("limit %v: err = %v, want ErrNoPlan saying no plan was found", limit, err)
			}
		case res.Solution.Status == lp.TimeLimit:
			sawFlagged = true
			rep := res.Report(Versions{})
			if rep.Status != "TimeLimit" || rep.MIPGap <= 0 || len(rep.Notes) == 0 || !strings.Contains(rep.Notes[0], "time limit") {
				t.Errorf("limit %v: status %s, gap %v, notes %v: not flagged", limit, rep.Status, rep.MIPGap, rep.Notes)
			}
		case res.Solution.Status != lp.Optimal:
			t.Errorf("limit %v: status %v", limit, res.Solution.Status)
		}
	}
	if !sawFlagged {
		t.Log("no limit stopped the MIP with an incumbent on this machine; the flagged path was not exercised")
	}
}
