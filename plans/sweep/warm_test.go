package sweep

import (
	"context"
	"math"
	"sync"
	"testing"

	"teraplan/plans"
)

// A 200-run Monte Carlo sweep solved warm (each worker from its previous
// run's basis) and cold gives every run the same status and objective:
// the raw objectives agree within 1e-9 relative, and the records, which
// keep 9 significant digits, agree to that rounding.
func TestWarmSweepMatchesCold(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 200, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	// Raw objectives, in run order, one Solver as a worker would use it.
	var sv plans.Solver
	defer sv.Close()
	opt := sw.spec.Plan
	opt.Solver.Inline = true
	for i := range sw.total {
		sc, _, err := sw.Run(i).Apply(sw.base)
		if err != nil {
			t.Fatal(err)
		}
		in := plans.Input{Name: sc.Name, Values: sc.Values()}
		warm, werr := sv.Solve(context.Background(), in, opt)
		cold, cerr := plans.Solve(context.Background(), in, opt)
		if (werr == nil) != (cerr == nil) {
			t.Fatalf("run %d: warm err %v, cold err %v", i, werr, cerr)
		}
		if werr != nil {
			continue
		}
		if w, c := warm.Solution.Objective, cold.Solution.Objective; math.Abs(w-c) > 1e-9*math.Max(1, math.Abs(c)) || warm.Solution.Status != cold.Solution.Status {
			t.Errorf("run %d: warm %.12g (%v), cold %.12g (%v)", i, w, warm.Solution.Status, c, cold.Solution.Status)
		}
	}
	if st := sv.Stats(); st.Warm+st.Reloaded < sw.total-1 {
		t.Errorf("only %d of %d re-solves started warm: %+v", st.Warm+st.Reloaded, sw.total-1, st)
	}
	// Through Execute, two workers, warm and cold.
	collect := func(cold bool) map[int]*Record {
		var mu sync.Mutex
		out := map[int]*Record{}
		if _, err := sw.Execute(context.Background(), ExecOptions{Workers: 2, Cold: cold}, func(r *Record) error {
			mu.Lock()
			out[r.Index] = r
			mu.Unlock()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	warm, cold := collect(false), collect(true)
	if len(warm) != 200 || len(cold) != 200 {
		t.Fatalf("%d warm and %d cold records, want 200", len(warm), len(cold))
	}
	for i := range 200 {
		w, c := warm[i], cold[i]
		if w.Status != c.Status || w.ID != c.ID || w.OK() != c.OK() {
			t.Errorf("run %d: warm %s %s, cold %s %s", i, w.ID, w.Status, c.ID, c.Status)
			continue
		}
		// One unit of the ninth significant digit, from rounding.
		if w.OK() && math.Abs(*w.Objective-*c.Objective) > 1e-8*math.Max(1, math.Abs(*c.Objective)) {
			t.Errorf("run %d: objective warm %v, cold %v", i, *w.Objective, *c.Objective)
		}
	}
}
