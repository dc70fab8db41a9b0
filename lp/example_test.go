package lp_test

import (
	"context"
	"fmt"

	"teraplan/lp"
)

// Shadow prices are the change in objective per unit of relaxation of a
// constraint: ≥ 0 for binding constraints of a maximisation, ≤ 0 of a
// minimisation, 0 for slack ones.
func ExampleSolution_ShadowPrices() {
	// Maximise profit 3a + 5b with capacities a ≤ 4, 2b ≤ 12, 3a + 2b ≤ 18.
	m := lp.NewModel("max")
	x, _ := m.AddVars("make", lp.Labels("a", "b"), lp.NonNeg())
	plant, _ := m.AddConstraints("plant", lp.Labels("1", "2", "3"), []lp.Row{
		lp.LE(x.X(0), lp.Const(4)),
		lp.LE(x.X(1).Scale(2), lp.Const(12)),
		lp.LE(lp.Sum(x.X(0).Scale(3), x.X(1).Scale(2)), lp.Const(18)),
	})
	m.SetObjective(lp.Maximize, lp.Sum(x.X(0).Scale(3), x.X(1).Scale(5)))
	s, err := m.Solve(context.Background(), lp.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("max profit", s.Objective, "shadow prices", s.ShadowPrices(plant))

	// Minimise cost 2a + 3b buying at least 4 units, at most 3 of a.
	m = lp.NewModel("min")
	y, _ := m.AddVars("buy", lp.Labels("a", "b"), lp.NonNeg())
	need, _ := m.AddConstraints("need", lp.Labels("units"), []lp.Row{lp.GE(y.X(0).Plus(y.X(1)), lp.Const(4))})
	limit, _ := m.AddConstraints("limit", lp.Labels("a"), []lp.Row{lp.LE(y.X(0), lp.Const(3))})
	m.SetObjective(lp.Minimize, lp.Sum(y.X(0).Scale(2), y.X(1).Scale(3)))
	s, err = m.Solve(context.Background(), lp.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("min cost", s.Objective, "need", s.ShadowPrices(need), "limit", s.ShadowPrices(limit))
	fmt.Println("reduced costs", s.ReducedCosts(y))
	// Output:
	// max profit 36 shadow prices [0 1.5 1]
	// min cost 9 need [-3] limit [-1]
	// reduced costs [0 0]
}
