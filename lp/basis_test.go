package lp

import (
	"math"
	"testing"
)

// basisModel is max 3x + 2y subject to x + y ≤ 4, x + 3y ≤ 7, 0 ≤ x ≤ 3,
// y ≥ 0. By hand: x = 3 at its upper bound, y = 1 from the first row,
// which binds; the second row has slack 1. Objective 11. The optimal
// basis: y and the second row's slack basic, x at its upper bound, the
// first row at its upper side.
func basisModel(t *testing.T) *Model {
	t.Helper()
	m := NewModel("basis")
	v, err := m.AddVars("v", Index{"x", "y"}, NonNeg())
	if err != nil {
		t.Fatal(err)
	}
	x, y := v.At(0), v.At(1)
	if err := m.SetBounds(x, 0, 3); err != nil {
		t.Fatal(err)
	}
	rows := []Row{
		LE(Term(1, x).Plus(Term(1, y)), Const(4)),
		LE(Term(1, x).Plus(Term(3, y)), Const(7)),
	}
	if _, err := m.AddConstraints("r", Index{"1", "2"}, rows); err != nil {
		t.Fatal(err)
	}
	if err := m.SetObjective(Maximize, Term(3, x).Plus(Term(2, y))); err != nil {
		t.Fatal(err)
	}
	return m
}

// A complete basis is passed as it is, and a solve from the optimal one
// takes no iterations; what is not a complete basis for the model (too
// many basic variables, a nonbasic variable at an infinite bound, an
// unknown status) is refused, and highsSetBasis then passes it the alien
// way, from which HiGHS still finds the optimum (an unknown status it
// refuses too).
func TestSetCompleteBasis(t *testing.T) {
	m := basisModel(t)
	optimal := struct{ col, row []int32 }{
		col: []int32{basisUpper, basisBasic},
		row: []int32{basisUpper, basisBasic},
	}
	run := func(t *testing.T, set func(s *sessionState) bool) (bool, rawState) {
		t.Helper()
		var s sessionState
		defer s.close()
		if err := s.load(m); err != nil {
			t.Fatal(err)
		}
		took := set(&s)
		if err := highsSetOptions(s.h, Options{}, methodSimplex, priceDevex, 0); err != nil {
			t.Fatal(err)
		}
		if highsRunH(s.h) < 0 {
			t.Fatal("Highs_run failed")
		}
		st := readHighs(s.h, false)
		if st.modelStatus != hmsOptimal || math.Abs(st.objective-11) > 1e-9 {
			t.Fatalf("status %d objective %v, want optimal 11", st.modelStatus, st.objective)
		}
		return took, st
	}
	t.Run("optimal", func(t *testing.T) {
		took, st := run(t, func(s *sessionState) bool { return setCompleteBasis(s.h, optimal.col, optimal.row) })
		if !took {
			t.Fatal("the optimal basis was refused")
		}
		if st.iterations != 0 {
			t.Errorf("%d iterations from the optimal basis, want 0", st.iterations)
		}
		if st.col[0] != 3 || math.Abs(st.col[1]-1) > 1e-12 {
			t.Errorf("x, y = %v, want 3, 1", st.col)
		}
	})
	refused := []struct {
		name     string
		col, row []int32
	}{
		{"three basic", []int32{basisBasic, basisBasic}, []int32{basisUpper, basisBasic}},
		{"one basic", []int32{basisUpper, basisLower}, []int32{basisUpper, basisBasic}},
		{"y at its infinite upper bound", []int32{basisLower, basisUpper}, []int32{basisBasic, basisBasic}},
		{"row at its infinite lower side", []int32{basisUpper, basisBasic}, []int32{basisLower, basisBasic}},
		{"x free at zero", []int32{basisZero, basisBasic}, []int32{basisUpper, basisBasic}},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			took, _ := run(t, func(s *sessionState) bool {
				if setCompleteBasis(s.h, c.col, c.row) {
					return true
				}
				if err := highsSetBasis(s.h, c.col, c.row, true); err != nil {
					t.Fatal(err)
				}
				return false
			})
			if took {
				t.Error("taken as a complete basis")
			}
		})
	}
	t.Run("unknown status", func(t *testing.T) {
		var s sessionState
		defer s.close()
		if err := s.load(m); err != nil {
			t.Fatal(err)
		}
		if setCompleteBasis(s.h, []int32{7, basisBasic}, optimal.row) {
			t.Error("status 7 taken")
		}
		if err := highsSetBasis(s.h, []int32{7, basisBasic}, optimal.row, true); err == nil {
			t.Error("status 7 passed the alien way")
		}
	})
}
