package lp

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

// Inline solves give the same solution as solves on the solver threads, and
// a context cancelled before the solve is honoured.
func TestInlineSolve(t *testing.T) {
	m, v := residualModel(t)
	if err := m.SetObjective(Maximize, Sum(Term(2, v.At(0)), v.X(1))); err != nil {
		t.Fatal(err)
	}
	// max 2x + y, x + y ≤ 4, x − y ≥ −1, x ≤ 3: x = 3, y = 1, objective 7.
	for _, inline := range []bool{false, true} {
		sol, err := m.Solve(context.Background(), Options{Inline: inline})
		if err != nil {
			t.Fatal(err)
		}
		if sol.Objective != 7 || sol.Value(v.At(0)) != 3 || sol.Value(v.At(1)) != 1 {
			t.Errorf("inline %v: objective %v at (%v, %v), want 7 at (3, 1)", inline, sol.Objective, sol.Value(v.At(0)), sol.Value(v.At(1)))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Solve(ctx, Options{Inline: true}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled inline solve: err = %v", err)
	}
}

// TestRunReleasesHiGHS: a run frees its Highs object at once (lanl/highs
// would only in a finalizer), reads its result first, and a second release
// is harmless.
func TestRunReleasesHiGHS(t *testing.T) {
	if !rawHandleOK {
		t.Fatal("lanl/highs RawModel layout changed: lp cannot reach the Highs object")
	}
	m := NewModel("release")
	x, err := m.AddVars("x", Labels("a", "b"), NonNeg())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddConstraints("c", Labels("sum"), []Row{GE(Sum(x.X(0), x.X(1)), Const(3))}); err != nil {
		t.Fatal(err)
	}
	if err := m.SetObjective(Minimize, Sum(x.X(0).Scale(2), x.X(1))); err != nil {
		t.Fatal(err)
	}
	raw, err := m.toRaw(Options{}, nil, methodSimplex)
	if err != nil {
		t.Fatal(err)
	}
	st, err := run(raw, methodSimplex, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.modelStatus != hmsOptimal || st.objective != 3 || len(st.col) != 2 || st.col[1] != 3 {
		t.Errorf("state after the run: status %d objective %v x %v", st.modelStatus, st.objective, st.col)
	}
	if handle(raw) != nil {
		t.Error("the Highs object was not released after the run")
	}
	release(raw) // again: nothing to free
	runtime.GC() // and no finalizer left to free it twice
	runtime.GC()
}
