package lp_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"teraplan/lp"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*(1+math.Max(math.Abs(a), math.Abs(b))) }

func checkSlice(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %v", what, len(got), got, want)
	}
	for i := range got {
		if !near(got[i], want[i], 1e-7) {
			t.Errorf("%s[%d] = %v, want %v (all: %v)", what, i, got[i], want[i], got)
		}
	}
}

func mustSolve(t *testing.T, m *lp.Model, opt lp.Options) *lp.Solution {
	t.Helper()
	s, err := m.Solve(context.Background(), opt)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if s.Status != lp.Optimal {
		t.Fatalf("status %v", s.Status)
	}
	return s
}

// production is the Wyndor Glass problem (Hillier & Lieberman):
//
//	max 3a + 5b  s.t.  a ≤ 4,  2b ≤ 12,  3a + 2b ≤ 18,  a, b ≥ 0.
//
// By hand: optimum a = 2, b = 6, profit 36. Dual: y = (0, 3/2, 1) solves
// 3 = y1 + 3y3, 5 = 2y2 + 2y3 with y1 = 0 (plant 1 has slack 2); y ≥ 0 and
// yᵀb = 0·4 + 1.5·12 + 1·18 = 36.
func production(capacity [3]float64) (*lp.Model, *lp.VarFamily, *lp.ConFamily) {
	m := lp.NewModel("production")
	x, _ := m.AddVars("make", lp.Labels("a", "b"), lp.NonNeg())
	a, b := x.X(0), x.X(1)
	c, err := m.AddConstraints("plant", lp.Labels("1", "2", "3"), []lp.Row{
		lp.LE(a, lp.Const(capacity[0])),
		lp.LE(b.Scale(2), lp.Const(capacity[1])),
		lp.LE(lp.Sum(a.Scale(3), b.Scale(2)), lp.Const(capacity[2])),
	})
	if err != nil {
		panic(err)
	}
	if err := m.SetObjective(lp.Maximize, lp.Sum(a.Scale(3), b.Scale(5))); err != nil {
		panic(err)
	}
	return m, x, c
}

func TestProductionPlanning(t *testing.T) {
	caps := [3]float64{4, 12, 18}
	m, x, c := production(caps)
	s := mustSolve(t, m, lp.Options{})
	if !near(s.Objective, 36, 1e-9) {
		t.Errorf("objective %v, want 36", s.Objective)
	}
	checkSlice(t, "make", s.Values(x), []float64{2, 6})
	checkSlice(t, "shadow", s.ShadowPrices(c), []float64{0, 1.5, 1})
	checkSlice(t, "reduced", s.ReducedCosts(x), []float64{0, 0})
	checkSlice(t, "activity", s.Activities(c), []float64{2, 12, 18})
	for i, want := range []bool{false, true, true} {
		if got := m.Binding(s, c, i); got != want {
			t.Errorf("Binding(plant[%d]) = %v, want %v", i+1, got, want)
		}
	}
	// Finite differences: relaxing a ≤ row raises its capacity.
	const h = 1e-3
	for i := range caps {
		bumped := caps
		bumped[i] += h
		m2, _, _ := production(bumped)
		s2 := mustSolve(t, m2, lp.Options{})
		fd := (s2.Objective - s.Objective) / h
		if !near(fd, s.ShadowPrices(c)[i], 1e-6) {
			t.Errorf("plant[%d]: finite difference %v, shadow price %v", i+1, fd, s.ShadowPrices(c)[i])
		}
	}
}

// transport is a transportation problem: supplies 20, 35 (≤ rows), demands
// 10, 25, 15 (≥ rows), unit costs [[2 3 1] [5 4 8]], minimise cost.
//
// By hand (MODI): ship s1→d1 5, s1→d3 15, s2→d1 5, s2→d2 25, cost 150; s2
// has 5 spare. LP dual (max Σd·v − Σs·u, v_j − u_i ≤ c_ij, u, v ≥ 0):
// u2 = 0 (slack), v1 = 5, v2 = 4 (from s2's shipments), u1 = 3, v3 = 4;
// 10·5 + 25·4 + 15·4 − 20·3 = 150. Reduced costs c_ij − (v_j − u_i) of the
// idle routes: s1→d2 3 − 1 = 2, s2→d3 8 − 4 = 4. Shadow prices in lp's
// convention (minimisation: relaxing helps, so ≤ 0): supply −u, demand −v.
func transport(supply [2]float64, demand [3]float64, minShip12 float64) (*lp.Model, *lp.VarFamily, *lp.ConFamily, *lp.ConFamily) {
	cost := [2][3]float64{{2, 3, 1}, {5, 4, 8}}
	m := lp.NewModel("transport")
	x, _ := m.AddVars("ship", lp.Labels("s1.d1", "s1.d2", "s1.d3", "s2.d1", "s2.d2", "s2.d3"), lp.NonNeg())
	if minShip12 > 0 {
		if err := m.SetBounds(x.At(1), minShip12, math.Inf(1)); err != nil {
			panic(err)
		}
	}
	var sup, dem []lp.Row
	for i := range 2 {
		sup = append(sup, lp.LE(lp.Sum(x.X(3*i), x.X(3*i+1), x.X(3*i+2)), lp.Const(supply[i])))
	}
	for j := range 3 {
		dem = append(dem, lp.GE(x.X(j).Plus(x.X(3+j)), lp.Const(demand[j])))
	}
	sc, _ := m.AddConstraints("supply", lp.Labels("s1", "s2"), sup)
	dc, _ := m.AddConstraints("demand", lp.Labels("d1", "d2", "d3"), dem)
	var obj []lp.Expr
	for i := range 2 {
		for j := range 3 {
			obj = append(obj, x.X(3*i+j).Scale(cost[i][j]))
		}
	}
	m.SetObjective(lp.Minimize, lp.Sum(obj...))
	return m, x, sc, dc
}

func TestTransportation(t *testing.T) {
	supply, demand := [2]float64{20, 35}, [3]float64{10, 25, 15}
	m, x, sc, dc := transport(supply, demand, 0)
	s := mustSolve(t, m, lp.Options{})
	if !near(s.Objective, 150, 1e-9) {
		t.Errorf("objective %v, want 150", s.Objective)
	}
	checkSlice(t, "ship", s.Values(x), []float64{5, 0, 15, 5, 25, 0})
	checkSlice(t, "supply shadow", s.ShadowPrices(sc), []float64{-3, 0})
	checkSlice(t, "demand shadow", s.ShadowPrices(dc), []float64{-5, -4, -4})
	checkSlice(t, "reduced", s.ReducedCosts(x), []float64{0, 2, 0, 0, 0, 4})

	// Finite differences: relaxing a ≥ row lowers the demand, a ≤ row
	// raises the supply; the reduced cost is the rate of forcing s1→d2 up.
	const h = 1e-3
	for j := range demand {
		d := demand
		d[j] -= h
		m2, _, _, _ := transport(supply, d, 0)
		fd := (mustSolve(t, m2, lp.Options{}).Objective - s.Objective) / h
		if !near(fd, s.ShadowPrices(dc)[j], 1e-6) {
			t.Errorf("demand[%d]: finite difference %v, shadow %v", j, fd, s.ShadowPrices(dc)[j])
		}
	}
	for i := range supply {
		sp := supply
		sp[i] += h
		m2, _, _, _ := transport(sp, demand, 0)
		fd := (mustSolve(t, m2, lp.Options{}).Objective - s.Objective) / h
		if !near(fd, s.ShadowPrices(sc)[i], 1e-6) {
			t.Errorf("supply[%d]: finite difference %v, shadow %v", i, fd, s.ShadowPrices(sc)[i])
		}
	}
	m3, _, _, _ := transport(supply, demand, h)
	fd := (mustSolve(t, m3, lp.Options{}).Objective - s.Objective) / h
	if !near(fd, s.ReducedCosts(x)[1], 1e-6) {
		t.Errorf("ship[s1.d2]: finite difference %v, reduced cost %v", fd, s.ReducedCosts(x)[1])
	}
}

// TestMaximizeReducedCostSign pins the reduced-cost sign of a maximisation
// by finite differences: max 3a + 2b, a + b ≤ 4 has a = 4, b = 0; forcing
// b up by h costs h (a falls by h): reduced cost of b = 2 − 3 = −1.
func TestMaximizeReducedCostSign(t *testing.T) {
	build := func(bmin float64) (*lp.Model, *lp.VarFamily) {
		m := lp.NewModel("rc")
		x, _ := m.AddVars("x", lp.Labels("a", "b"), lp.NonNeg())
		m.SetBounds(x.At(1), bmin, math.Inf(1))
		m.AddConstraints("cap", lp.Labels("all"), []lp.Row{lp.LE(x.X(0).Plus(x.X(1)), lp.Const(4))})
		m.SetObjective(lp.Maximize, lp.Sum(x.X(0).Scale(3), x.X(1).Scale(2)))
		return m, x
	}
	m, x := build(0)
	s := mustSolve(t, m, lp.Options{})
	checkSlice(t, "reduced", s.ReducedCosts(x), []float64{0, -1})
	m2, _ := build(1e-3)
	fd := (mustSolve(t, m2, lp.Options{}).Objective - s.Objective) / 1e-3
	if !near(fd, -1, 1e-6) {
		t.Errorf("finite difference %v, want -1", fd)
	}
}

// TestDegenerate: max x + y, x ≤ 1, y ≤ 1, x + y ≤ 2 has its optimum (1, 1)
// at a degenerate vertex where all three rows are active, so the dual is
// not unique: any y ≥ 0 with y1 + y3 = 1, y2 + y3 = 1 (stationarity in x
// and y, both strictly inside their bounds) is optimal, and yᵀb = 2.
func TestDegenerate(t *testing.T) {
	m := lp.NewModel("degenerate")
	v, _ := m.AddVars("v", lp.Labels("x", "y"), lp.NonNeg())
	c, _ := m.AddConstraints("c", lp.Labels("x", "y", "sum"), []lp.Row{
		lp.LE(v.X(0), lp.Const(1)), lp.LE(v.X(1), lp.Const(1)), lp.LE(v.X(0).Plus(v.X(1)), lp.Const(2)),
	})
	m.SetObjective(lp.Maximize, v.X(0).Plus(v.X(1)))
	s := mustSolve(t, m, lp.Options{})
	checkSlice(t, "v", s.Values(v), []float64{1, 1})
	y := s.ShadowPrices(c)
	for i, yi := range y {
		if yi < -1e-9 {
			t.Errorf("shadow[%d] = %v < 0 in a maximisation", i, yi)
		}
	}
	if !near(y[0]+y[2], 1, 1e-9) || !near(y[1]+y[2], 1, 1e-9) || !near(y[0]+y[1]+2*y[2], 2, 1e-9) {
		t.Errorf("shadow prices %v are not an optimal dual", y)
	}
}

func TestInfeasibleUnbounded(t *testing.T) {
	tests := []struct {
		name  string
		build func(m *lp.Model, x *lp.VarFamily)
		want  error
	}{
		{"infeasible", func(m *lp.Model, x *lp.VarFamily) {
			m.AddConstraints("c", lp.Labels("lo", "hi"), []lp.Row{lp.GE(x.X(0), lp.Const(2)), lp.LE(x.X(0).Plus(x.X(1)), lp.Const(1))})
			m.SetObjective(lp.Minimize, x.X(0))
		}, lp.ErrInfeasible},
		{"unbounded", func(m *lp.Model, x *lp.VarFamily) {
			m.AddConstraints("c", lp.Labels("d"), []lp.Row{lp.LE(x.X(0).Minus(x.X(1)), lp.Const(1))})
			m.SetObjective(lp.Maximize, x.X(0))
		}, lp.ErrUnbounded},
		{"infeasible_mip", func(m *lp.Model, x *lp.VarFamily) {
			m.AddConstraints("c", lp.Labels("half"), []lp.Row{lp.EQ(x.X(0).Scale(2), lp.Const(1))})
			m.SetObjective(lp.Minimize, x.X(0))
		}, lp.ErrInfeasible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := lp.NewModel(tt.name)
			x, _ := m.AddVars("x", lp.Labels("1", "2"), lp.NonNeg().IntIf(strings.HasSuffix(tt.name, "mip")))
			tt.build(m, x)
			s, err := m.Solve(context.Background(), lp.Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if s != nil {
				t.Errorf("solution %+v returned with %v", s, err)
			}
		})
	}
	if lp.ErrInfeasible.Error() != "lp: problem is infeasible" {
		t.Errorf("ErrInfeasible = %q", lp.ErrInfeasible)
	}
}

// mipModel: max 5x + 4y + 3z, 6x + 4y + 2z ≤ 24 (r1), x + 2y + z ≤ 7 (r2),
// z ≤ 1.5 (r3), x, y ≥ 0 integer, z ≥ 0.
//
// LP relaxation by hand: r1, r2, r3 binding: 6x + 4y = 21, x + 2y = 5.5 ⇒
// x = 2.5, y = 1.5, z = 1.5, objective 23; dual (0.75, 0.5, 1) from
// 6y1 + y2 = 5, 4y1 + 2y2 = 4, 2y1 + y2 + y3 = 3, all ≥ 0 ⇒ optimal.
//
// MIP by enumeration (z* = min(1.5, (24−6x−4y)/2, 7−x−2y)): (3,1) gives
// z = 1 (r1 only binding), 15 + 4 + 3 = 22; the runners-up are (2,2): 21,
// (4,0): 20, (3,0): 19.5. With x = 3, y = 1 fixed the LP in z has only r1
// binding: relaxing r1 by one unit lets z rise by 1/2, worth 3/2; r2, r3
// have slack. Reduced costs of the fixed x, y: 5 − 6·1.5 = −4, 4 − 4·1.5 = −2.
func mipModel() (*lp.Model, *lp.VarFamily, *lp.VarFamily, *lp.ConFamily) {
	m := lp.NewModel("mip")
	n, _ := m.AddVars("n", lp.Labels("x", "y"), lp.NonNeg().Int())
	z, _ := m.AddVars("z", lp.Labels("0"), lp.NonNeg())
	x, y, zz := n.X(0), n.X(1), z.X(0)
	c, err := m.AddConstraints("r", lp.Labels("1", "2", "3"), []lp.Row{
		lp.LE(lp.Sum(x.Scale(6), y.Scale(4), zz.Scale(2)), lp.Const(24)),
		lp.LE(lp.Sum(x, y.Scale(2), zz), lp.Const(7)),
		lp.LE(zz, lp.Const(1.5)),
	})
	if err != nil {
		panic(err)
	}
	m.SetObjective(lp.Maximize, lp.Sum(x.Scale(5), y.Scale(4), zz.Scale(3)))
	return m, n, z, c
}

func TestMIP(t *testing.T) {
	m, n, z, c := mipModel()
	s := mustSolve(t, m, lp.Options{})
	if !s.MIP || !s.DualsConditional || !s.HasDuals {
		t.Errorf("MIP %v DualsConditional %v HasDuals %v, want all true", s.MIP, s.DualsConditional, s.HasDuals)
	}
	if !near(s.Objective, 22, 1e-9) {
		t.Errorf("MIP objective %v, want 22", s.Objective)
	}
	if s.MIPGap < 0 || s.MIPGap > 1e-4 {
		t.Errorf("MIP gap %v", s.MIPGap)
	}
	checkSlice(t, "n", s.Values(n), []float64{3, 1})
	checkSlice(t, "z", s.Values(z), []float64{1})
	checkSlice(t, "conditional shadow", s.ShadowPrices(c), []float64{1.5, 0, 0})
	checkSlice(t, "conditional reduced n", s.ReducedCosts(n), []float64{-4, -2})
	checkSlice(t, "conditional reduced z", s.ReducedCosts(z), []float64{0})

	r := mustSolve(t, m, lp.Options{Relax: true})
	if r.MIP || r.DualsConditional || r.MIPGap != 0 {
		t.Errorf("relaxed: MIP %v DualsConditional %v gap %v", r.MIP, r.DualsConditional, r.MIPGap)
	}
	if !near(r.Objective, 23, 1e-9) {
		t.Errorf("LP relaxation objective %v, want 23", r.Objective)
	}
	checkSlice(t, "relaxed n", r.Values(n), []float64{2.5, 1.5})
	checkSlice(t, "relaxed shadow", r.ShadowPrices(c), []float64{0.75, 0.5, 1})
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(m *lp.Model, x *lp.VarFamily) error
		want  []string // substrings of the message
	}{
		{"reused var name", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("power.gw", lp.Labels("b"), lp.NonNeg())
			return err
		}, []string{"power.gw", "already exists"}},
		{"empty scope", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("power.gw@", lp.Labels("b"), lp.NonNeg())
			return err
		}, []string{"power.gw@", "'@' must be followed by a scope"}},
		{"two scopes", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("power.gw@us@china", lp.Labels("b"), lp.NonNeg())
			return err
		}, []string{"power.gw@us@china", "once"}},
		{"reused scoped name", func(m *lp.Model, x *lp.VarFamily) error {
			if _, err := m.AddVars("power.gw@us", lp.Labels("b"), lp.NonNeg()); err != nil {
				return nil // the first, scoped, family is legal: no error here fails the test
			}
			_, err := m.AddVars("power.gw@us", lp.Labels("b"), lp.NonNeg())
			return err
		}, []string{"power.gw@us", "already exists"}},
		{"reused con name", func(m *lp.Model, x *lp.VarFamily) error {
			m.AddConstraints("power.cap", lp.Labels("2026"), []lp.Row{lp.LE(x.X(0), lp.Const(1))})
			_, err := m.AddConstraints("power.cap", lp.Labels("2027"), []lp.Row{lp.LE(x.X(0), lp.Const(1))})
			return err
		}, []string{"power.cap", "already exists"}},
		{"NaN coefficient", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddConstraints("power.cap", lp.Labels("2026", "2027"), []lp.Row{
				lp.LE(x.X(0), lp.Const(1)), lp.LE(lp.Term(math.NaN(), x.At(1)), lp.Const(1))})
			return err
		}, []string{"power.cap[2027]", "NaN", "power.gw[2027]"}},
		{"Inf coefficient", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddConstraints("power.cap", lp.Labels("2026"), []lp.Row{lp.GE(lp.Term(math.Inf(1), x.At(0)), lp.Const(1))})
			return err
		}, []string{"power.cap[2026]", "+Inf"}},
		{"NaN bound", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddConstraints("power.cap", lp.Labels("2026"), []lp.Row{lp.LE(x.X(0), lp.Const(math.NaN()))})
			return err
		}, []string{"power.cap[2026]", "NaN"}},
		{"wrong length", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddConstraints("power.cap", lp.Labels("2026", "2027"), []lp.Row{lp.LE(x.X(0), lp.Const(1))})
			return err
		}, []string{"power.cap", "1 rows for 2 labels"}},
		{"foreign var", func(m *lp.Model, x *lp.VarFamily) error {
			o := lp.NewModel("other")
			y, _ := o.AddVars("y", lp.Labels("1"), lp.NonNeg())
			_, err := m.AddConstraints("power.cap", lp.Labels("2026"), []lp.Row{lp.LE(y.X(0), lp.Const(1))})
			return err
		}, []string{"power.cap[2026]", "another model"}},
		{"zero var", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddConstraints("power.cap", lp.Labels("2026"), []lp.Row{lp.LE(lp.Term(1, lp.Var{}), lp.Const(1))})
			return err
		}, []string{"power.cap[2026]", "invalid"}},
		{"duplicate label", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("fab.wafers", lp.Labels("2026", "2026"), lp.NonNeg())
			return err
		}, []string{"fab.wafers[2026]", "duplicate"}},
		{"bad name", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("fab wafers", lp.Labels("2026"), lp.NonNeg())
			return err
		}, []string{"fab wafers"}},
		{"empty name", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("", lp.Labels("2026"), lp.NonNeg())
			return err
		}, []string{"empty name"}},
		{"crossing bounds", func(m *lp.Model, x *lp.VarFamily) error {
			_, err := m.AddVars("fab.wafers", lp.Labels("2026"), lp.Between(2, 1))
			return err
		}, []string{"fab.wafers", "lower bound 2 > upper bound 1"}},
		{"SetBounds NaN", func(m *lp.Model, x *lp.VarFamily) error {
			return m.SetBounds(x.At(1), math.NaN(), 1)
		}, []string{"power.gw[2027]", "NaN"}},
		{"objective NaN", func(m *lp.Model, x *lp.VarFamily) error {
			return m.SetObjective(lp.Minimize, lp.Term(math.NaN(), x.At(0)))
		}, []string{"objective", "power.gw[2026]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := lp.NewModel("errors")
			x, err := m.AddVars("power.gw", lp.Periods([]float64{2026, 2027}), lp.NonNeg())
			if err != nil {
				t.Fatal(err)
			}
			rows, nnz := m.NumRows(), m.NumNonzeros()
			err = tt.build(m, x)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, lp.ErrInvalidModel) {
				t.Errorf("%v does not wrap ErrInvalidModel", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), "lp: ") {
				t.Errorf("error %q lacks the lp: prefix", err)
			}
			if strings.Contains(tt.name, "NaN coefficient") && (m.NumRows() != rows || m.NumNonzeros() != nnz) {
				t.Errorf("failed AddConstraints changed the model: %d rows %d nonzeros", m.NumRows(), m.NumNonzeros())
			}
		})
	}
}

func TestModelBuilding(t *testing.T) {
	if got := lp.Periods([]float64{2026, 2026.25, 2030.5}); strings.Join(got, ",") != "2026,2026.25,2030.5" {
		t.Errorf("Periods = %v", got)
	}
	m := lp.NewModel("b")
	x, _ := m.AddVars("x", lp.Labels("a", "b", "c"), lp.Between(-1, 5))
	// Repeated variables merge; cancelling and zero terms drop.
	e := lp.Sum(x.X(0), x.X(1).Scale(2), x.X(0).Scale(3), lp.Term(0, x.At(2)), x.X(1).Scale(-2), lp.Const(4))
	if e.Len() != 5 || e.Constant() != 4 {
		t.Errorf("Len %d Constant %v", e.Len(), e.Constant())
	}
	c, err := m.AddConstraints("c", lp.Labels("1"), []lp.Row{lp.LE(e, lp.Const(10))})
	if err != nil {
		t.Fatal(err)
	}
	if m.NumNonzeros() != 1 {
		t.Errorf("NumNonzeros = %d, want 1 (x[a] merged, the rest cancelled)", m.NumNonzeros())
	}
	if lo, hi := m.CoefficientRange(); lo != 4 || hi != 4 {
		t.Errorf("CoefficientRange = %v, %v", lo, hi)
	}
	if m.ColumnName(x.At(2)) != "x[c]" || c.Name() != "c" || c.Len() != 1 || x.Len() != 3 {
		t.Errorf("names: %s %s %d %d", m.ColumnName(x.At(2)), c.Name(), c.Len(), x.Len())
	}
	// Immutability: deriving from e leaves e unchanged.
	f := e.AddTerm(7, x.At(2))
	g := e.Scale(2)
	_ = e.Minus(f).Plus(g)
	if e.Len() != 5 || f.Len() != 6 || g.Constant() != 8 || e.Constant() != 4 {
		t.Errorf("expressions alias: e %d %v, f %d, g %v", e.Len(), e.Constant(), f.Len(), g.Constant())
	}
	m.SetObjective(lp.Maximize, lp.Sum(x.X(0), x.X(2), lp.Const(100)))
	s := mustSolve(t, m, lp.Options{})
	// 4·x[a] ≤ 6 ⇒ x[a] = 1.5; x[c] = 5; plus the offset 100.
	if !near(s.Objective, 106.5, 1e-9) || !near(s.Eval(e), 4+6, 1e-9) {
		t.Errorf("objective %v, Eval %v", s.Objective, s.Eval(e))
	}
	checkSlice(t, "activity", s.Activities(c), []float64{6})
}

func TestEmptyModels(t *testing.T) {
	m := lp.NewModel("empty")
	m.SetObjective(lp.Minimize, lp.Const(3))
	s := mustSolve(t, m, lp.Options{})
	if s.Objective != 3 {
		t.Errorf("objective %v", s.Objective)
	}
	// Columns, no rows.
	m = lp.NewModel("norows")
	x, _ := m.AddVars("x", lp.Labels("1", "2"), lp.Between(1, 2))
	m.SetObjective(lp.Maximize, x.X(0).Minus(x.X(1)))
	s = mustSolve(t, m, lp.Options{})
	checkSlice(t, "x", s.Values(x), []float64{2, 1})
	checkSlice(t, "reduced", s.ReducedCosts(x), []float64{1, -1})
}

func TestCancelled(t *testing.T) {
	m, _, _ := production([3]float64{4, 12, 18})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Solve(ctx, lp.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := m.Solve(ctx, lp.Options{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestTimeLimit(t *testing.T) {
	m, _ := randomKnapsack(300, 40, 7)
	s, err := m.Solve(context.Background(), lp.Options{TimeLimit: time.Millisecond})
	switch {
	case err == nil:
		t.Logf("solved within 1ms (objective %v); the time limit was not hit", s.Objective)
		return
	case !errors.Is(err, lp.ErrTimeLimit):
		t.Fatalf("err = %v, want ErrTimeLimit", err)
	case s != nil && s.Status != lp.TimeLimit:
		t.Errorf("status %v", s.Status)
	}
	t.Logf("time limit: solution %v", s != nil)
}

// TestTimeLimitIncumbent: a large knapsack finds incumbents at once but
// does not prove optimality within 300ms; the incumbent comes back with
// ErrTimeLimit and must be feasible.
func TestTimeLimitIncumbent(t *testing.T) {
	m, caps := randomKnapsack(2000, 5, 11)
	s, err := m.Solve(context.Background(), lp.Options{TimeLimit: 300 * time.Millisecond})
	if err == nil {
		t.Logf("solved to optimality within 300ms (gap %v)", s.MIPGap)
		return
	}
	if !errors.Is(err, lp.ErrTimeLimit) {
		t.Fatalf("err = %v, want ErrTimeLimit", err)
	}
	if s == nil {
		t.Log("no incumbent within the time limit")
		return
	}
	if s.Status != lp.TimeLimit || !s.MIP || s.MIPGap <= 0 {
		t.Errorf("status %v MIP %v gap %v", s.Status, s.MIP, s.MIPGap)
	}
	x := s.Values(m.VarFamilies()[0])
	for j, v := range x {
		if v != 0 && v != 1 {
			t.Fatalf("take[%d] = %v, not binary", j, v)
		}
	}
	for i, a := range s.Activities(m.ConFamilies()[0]) {
		if a > caps[i]+1e-6 {
			t.Errorf("cap[%d]: weight %v > capacity %v", i, a, caps[i])
		}
	}
	t.Logf("incumbent %v, gap %.3g%%", s.Objective, 100*s.MIPGap)
}

// TestCancelMidSolve: Solve returns promptly when ctx is cancelled while
// HiGHS runs (HiGHS finishes in the background, bounded by TimeLimit).
func TestCancelMidSolve(t *testing.T) {
	m, _ := randomKnapsack(2000, 5, 12)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	s, err := m.Solve(ctx, lp.Options{TimeLimit: time.Second})
	if err == nil && s.Status == lp.Optimal {
		t.Logf("solved before the cancel")
		return
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Solve returned %v after the cancel", d)
	}
}

func TestParallelSolves(t *testing.T) {
	const n = 8
	want := make([]float64, n)
	for i := range want {
		m, _ := randomLP(uint64(i), 40, 30)
		want[i] = mustSolve(t, m.m, lp.Options{}).Objective
	}
	var wg sync.WaitGroup
	got := make([]float64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, _ := randomLP(uint64(i), 40, 30)
			threads := 0
			if i%3 == 1 {
				threads = 1
			}
			s, err := m.m.Solve(context.Background(), lp.Options{Threads: threads})
			if err != nil {
				errs[i] = err
				return
			}
			got[i] = s.Objective
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || !near(got[i], want[i], 1e-9) {
			t.Errorf("model %d: %v, objective %v, want %v", i, errs[i], got[i], want[i])
		}
	}
}

func TestSolverVersion(t *testing.T) {
	if v := lp.SolverVersion(); !strings.HasPrefix(v, "HiGHS 1.") {
		t.Errorf("SolverVersion = %q", v)
	}
}

// TestShadowPriceSides pins the side convention for ranged and equality
// rows on one-variable problems solved by hand (x ≥ 0 unless stated).
func TestShadowPriceSides(t *testing.T) {
	tests := []struct {
		name   string
		sense  lp.Sense
		row    func(x lp.Expr) lp.Row
		x, obj float64
		shadow float64
	}{
		// min x, 2 ≤ x ≤ 5: x = 2; lowering the lower side by 1 saves 1.
		{"ranged min at lower", lp.Minimize, func(x lp.Expr) lp.Row { return lp.Range(2, x, 5) }, 2, 2, -1},
		// max x, 2 ≤ x ≤ 5: x = 5; raising the upper side by 1 gains 1.
		{"ranged max at upper", lp.Maximize, func(x lp.Expr) lp.Row { return lp.Range(2, x, 5) }, 5, 5, 1},
		// min x, x = 3: raising the right-hand side costs 1.
		{"equality min", lp.Minimize, func(x lp.Expr) lp.Row { return lp.EQ(x, lp.Const(3)) }, 3, 3, 1},
		// max x, x + 1 = 3 (constant moved to the bound): x = 2; raising
		// the right-hand side gains 1.
		{"equality max", lp.Maximize, func(x lp.Expr) lp.Row { return lp.EQ(x.Plus(lp.Const(1)), lp.Const(3)) }, 2, 2, 1},
		// max −x, x ≥ 3 i.e. 3 ≤ x: x = 3; lowering the bound gains 1.
		{"ge max", lp.Maximize, func(x lp.Expr) lp.Row { return lp.GE(x, lp.Const(3)) }, 3, -3, 1},
		// min x, x ≥ 3: lowering the bound saves 1.
		{"ge min", lp.Minimize, func(x lp.Expr) lp.Row { return lp.GE(x, lp.Const(3)) }, 3, 3, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := lp.NewModel("sides")
			x, _ := m.AddVars("x", lp.Labels("1"), lp.NonNeg())
			c, err := m.AddConstraints("c", lp.Labels("1"), []lp.Row{tt.row(x.X(0))})
			if err != nil {
				t.Fatal(err)
			}
			obj := x.X(0)
			if tt.name == "ge max" {
				obj = obj.Scale(-1)
			}
			m.SetObjective(tt.sense, obj)
			s := mustSolve(t, m, lp.Options{})
			if !near(s.Objective, tt.obj, 1e-9) {
				t.Errorf("objective %v, want %v", s.Objective, tt.obj)
			}
			checkSlice(t, "x", s.Values(x), []float64{tt.x})
			checkSlice(t, "shadow", s.ShadowPrices(c), []float64{tt.shadow})
			if !m.Binding(s, c, 0) {
				t.Error("not binding")
			}
		})
	}
}

// TestBuilder: a Builder's expressions are the sums added so far, and
// stay so however the builder and the returned expressions go on.
func TestBuilder(t *testing.T) {
	m := lp.NewModel("builder")
	x, err := m.AddVars("x", lp.Labels("a", "b", "c"), lp.Between(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []float64{2, 3, 5} {
		if err := m.SetBounds(x.At(i), v, v); err != nil {
			t.Fatal(err)
		}
	}
	var b lp.Builder
	b.Grow(8)
	b.Add(10, x.At(0))
	e1 := b.Expr()
	b.Add(100, x.At(1))
	e2 := b.Expr()
	grown := e2.AddTerm(7, x.At(2)) // an append to e2 must not land in b
	b.AddExpr(lp.Sum(lp.Term(1000, x.At(2)), lp.Const(0.5)))
	e3 := b.Expr()
	b.Reset() // the next expression fills the rest of the array e1–e3 share
	b.Add(-1, x.At(0))
	b.AddExpr(lp.Const(4))
	e4 := b.Expr()
	b.Add(1, x.At(1))
	e5 := b.Expr()
	if err := m.SetObjective(lp.Minimize, x.X(0)); err != nil {
		t.Fatal(err)
	}
	sol := mustSolve(t, m, lp.Options{})
	for _, c := range []struct {
		name string
		e    lp.Expr
		want float64
	}{{"e1", e1, 20}, {"e2", e2, 320}, {"e2+7c", grown, 355}, {"e3", e3, 5320.5},
		{"e4 after Reset", e4, 2}, {"e5", e5, 5},
		// X's expressions share an array: a sum built on one leaves the next alone.
		{"a+10c", x.X(0).AddTerm(10, x.At(2)), 52}, {"b", x.X(1), 3}} {
		if got := sol.Eval(c.e); got != c.want {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
	if b.Len() != 2 || e3.Len() != 3 || e1.Len() != 1 || e4.Len() != 1 {
		t.Errorf("lengths: builder %d, e3 %d, e1 %d, e4 %d", b.Len(), e3.Len(), e1.Len(), e4.Len())
	}
}
