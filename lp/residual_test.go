package lp

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// residualModel is x + y ≤ 4, x − y ≥ −1 (row "r"), x ∈ [0, 3], y ≥ 0.
func residualModel(t *testing.T) (*Model, *VarFamily) {
	t.Helper()
	m := NewModel("residual")
	v, err := m.AddVars("v", Labels("x", "y"), NonNeg())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetBounds(v.At(0), 0, 3); err != nil {
		t.Fatal(err)
	}
	_, err = m.AddConstraints("r", Labels("sum", "diff"), []Row{
		LE(Sum(v.X(0), v.X(1)), Const(4)),
		GE(v.X(0).Minus(v.X(1)), Const(-1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, v
}

func TestResidualByHand(t *testing.T) {
	m, _ := residualModel(t)
	cases := []struct {
		x     []float64
		max   float64
		where string
	}{
		{[]float64{1, 1}, 0, ""},
		// x + y = 5 exceeds 4 by 1, scaled by 1 + 4.
		{[]float64{2, 3}, 1.0 / 5, "r[sum]"},
		// x − y = −3 is 2 below −1, scaled by 1 + 1.
		{[]float64{0, 3}, 2.0 / 2, "r[diff]"},
		// x = 3.5 exceeds its bound 3 by 0.5, scaled by 1 + 3; rows hold.
		{[]float64{3.5, 0.5}, 0.5 / 4, "v[x]"},
		// y = −0.5 is below 0: 0.5 / 1 — the worst.
		{[]float64{0, -0.5}, 0.5, "v[y]"},
	}
	for _, c := range cases {
		r := m.residual(c.x, false)
		if math.Abs(r.Max-c.max) > 1e-12 || r.Where != c.where {
			t.Errorf("residual(%v) = %v at %q, want %v at %q", c.x, r.Max, r.Where, c.max, c.where)
		}
	}
}

func TestResidualIntegrality(t *testing.T) {
	m := NewModel("int")
	v, _ := m.AddVars("n", Labels("a"), Between(0, 10).Int())
	if _, err := m.AddConstraints("c", Labels("a"), []Row{LE(v.X(0), Const(10))}); err != nil {
		t.Fatal(err)
	}
	// 2.25 is 0.25 from an integer, scaled by 1 + 2.25.
	if r := m.residual([]float64{2.25}, true); math.Abs(r.Max-0.25/3.25) > 1e-12 || r.Where != "n[a]" {
		t.Errorf("MIP residual = %+v", r)
	}
	if r := m.residual([]float64{2.25}, false); r.Max != 0 {
		t.Errorf("relaxed residual = %+v, want 0", r)
	}
}

func TestSolveChecksResidual(t *testing.T) {
	m, v := residualModel(t)
	if err := m.SetObjective(Maximize, Sum(v.X(0), v.X(1))); err != nil {
		t.Fatal(err)
	}
	sol, err := m.Solve(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Residual.Max > DefaultResidualTolerance {
		t.Errorf("optimal solution has residual %+v", sol.Residual)
	}
	// A negative tolerance refuses every solution: the refusal path.
	_, err = m.Solve(context.Background(), Options{ResidualTolerance: -1})
	if !errors.Is(err, ErrResidual) || !strings.Contains(err.Error(), "tolerance") {
		t.Errorf("Solve with tolerance -1: err = %v, want ErrResidual", err)
	}
}

func TestScaling(t *testing.T) {
	m := NewModel("scale")
	v, _ := m.AddVars("v", Labels("a", "b"), NonNeg())
	if _, err := m.AddConstraints("c", Labels("a"), []Row{LE(Sum(Term(1e-6, v.At(0)), Term(1e4, v.At(1))), Const(5))}); err != nil {
		t.Fatal(err)
	}
	s := m.Scaling()
	if s.MinCoef != 1e-6 || s.MaxCoef != 1e4 || s.MinRHS != 5 || s.MaxRHS != 5 || !s.Bad() {
		t.Errorf("Scaling = %+v, bad %v", s, s.Bad())
	}
}
