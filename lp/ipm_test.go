package lp_test

import (
	"context"
	"fmt"
	"testing"

	"teraplan/lp"
)

// inventory is a chain of n periods: production x[t] ≤ u at a price
// rising by 0.001 a period, a stock s[t] = s[t−1] + x[t] − d[t] held at
// h = 0.01 a unit a period. Demand alternates 0.5·u (even periods) and
// 1.5·u (odd): an odd period needs 0.5·u made the period before, and
// making it earlier costs more (price and holding), so the one optimum
// makes u every period and holds 0.5·u after every even one but the
// last (which makes only its own 0.5·u). Its cost by hand: Σ_t (1 +
// 0.001·t)·x[t] + Σ 0.01·0.5·u over the even periods before the last.
// Each period has a capacity row and a balance row.
func inventory(n int, u float64) (m *lp.Model, x, s *lp.VarFamily, cost float64) {
	m = lp.NewModel("inventory")
	labels := make(lp.Index, n)
	for t := range labels {
		labels[t] = fmt.Sprint(t)
	}
	x, _ = m.AddVars("x", labels, lp.NonNeg())
	s, _ = m.AddVars("s", labels, lp.NonNeg())
	capacity, balance := make([]lp.Row, n), make([]lp.Row, n)
	var obj []lp.Expr
	for t := range n {
		d := 0.5 * u
		if t%2 == 1 {
			d = 1.5 * u
		}
		prev := lp.Expr{}
		if t > 0 {
			prev = s.X(t - 1)
		}
		// The line's output this period and half of last period's
		// share a capacity of 1.5·u (a maintenance cycle), which keeps
		// presolve from reducing the chain to bounds.
		capacity[t] = lp.LE(x.X(t).Plus(prevX(x, t).Scale(0.5)), lp.Const(1.5*u))
		if t == 0 {
			capacity[t] = lp.LE(x.X(t), lp.Const(u))
		}
		balance[t] = lp.EQ(s.X(t), prev.Plus(x.X(t)).Plus(lp.Const(-d)))
		price := 1 + 0.001*float64(t)
		obj = append(obj, x.X(t).Scale(price), s.X(t).Scale(0.01))
		if t == n-1 && t%2 == 0 {
			cost += price * 0.5 * u
		} else {
			cost += price * u
		}
		if t%2 == 0 && t+1 < n {
			cost += 0.01 * 0.5 * u
		}
	}
	m.AddConstraints("capacity", labels, capacity)
	m.AddConstraints("balance", labels, balance)
	m.SetObjective(lp.Minimize, lp.Sum(obj...))
	return m, x, s, cost
}

// prevX is x[t−1], or nothing in the first period.
func prevX(x *lp.VarFamily, t int) lp.Expr {
	if t == 0 {
		return lp.Expr{}
	}
	return x.X(t - 1)
}

// TestLongChainByInteriorPoint: a model of lp.IPMRows rows or more solved
// from scratch goes to the interior point solver, whose crossover ends at
// the optimal vertex the hand derivation gives, with a basis that a warm
// re-solve starts from; a model just under the threshold goes to the
// simplex and reaches the same optimum.
func TestLongChainByInteriorPoint(t *testing.T) {
	for _, n := range []int{lp.IPMRows / 2, lp.IPMRows/2 - 1} {
		m, x, s, cost := inventory(n, 10)
		if (m.NumRows() >= lp.IPMRows) != (n == lp.IPMRows/2) {
			t.Fatalf("%d periods: %d rows", n, m.NumRows())
		}
		sol := mustSolve(t, m, lp.Options{})
		if ipm := sol.IPMIterations > 0; ipm != (m.NumRows() >= lp.IPMRows) {
			t.Errorf("%d rows: %d interior point iterations", m.NumRows(), sol.IPMIterations)
		}
		if !near(sol.Objective, cost, 1e-9) {
			t.Errorf("%d rows: objective %.12g, by hand %.12g", m.NumRows(), sol.Objective, cost)
		}
		xs, ss := sol.Values(x), sol.Values(s)
		for t0 := range n {
			made, hold := 10.0, 0.0
			if t0%2 == 0 && t0+1 < n {
				hold = 5
			}
			if t0 == n-1 && t0%2 == 0 {
				made = 5 // the last period makes its own demand only
			}
			if !near(xs[t0], made, 1e-7) || !near(ss[t0], hold, 1e-7) {
				t.Fatalf("%d rows: period %d makes %v and holds %v, by hand %v and %v", m.NumRows(), t0, xs[t0], ss[t0], made, hold)
			}
		}
	}
	// A session solves it cold the same way and re-solves warm from
	// crossover's basis: a bound on a stock that is empty at the optimum
	// changes nothing there, and takes no interior point.
	m, _, s, cost := inventory(lp.IPMRows/2, 10)
	ses := &lp.Session{}
	defer ses.Close()
	cold, err := ses.Solve(context.Background(), m, lp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cold.IPMIterations == 0 || !near(cold.Objective, cost, 1e-9) {
		t.Fatalf("session cold: %d interior point iterations, objective %v, by hand %v", cold.IPMIterations, cold.Objective, cost)
	}
	if err := m.SetBounds(s.At(1), 0, 100); err != nil {
		t.Fatal(err)
	}
	warm, err := ses.Solve(context.Background(), m, lp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !warm.Warm || warm.IPMIterations != 0 || !near(warm.Objective, cost, 1e-9) {
		t.Errorf("session warm: warm %v, %d interior point iterations, objective %v, by hand %v", warm.Warm, warm.IPMIterations, warm.Objective, cost)
	}
}
