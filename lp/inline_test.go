package lp

import (
	"context"
	"errors"
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
