package lp_test

import (
	"context"
	"fmt"

	"teraplan/lp"
)

// A solved model can be changed and solved again: a row added after the
// solve and a new objective apply to the next Solve. This is how
// near-optimal alternatives are explored (plans.Alternatives): solve for
// least cost, bound the cost near it, then optimise something else.
func ExampleModel_SetObjective_nearOptimal() {
	// Two interchangeable sources of 10 units, costing 100 and 104 each.
	m := lp.NewModel("two_sources")
	x, _ := m.AddVars("supply", lp.Labels("earth", "orbit"), lp.NonNeg())
	m.AddConstraints("demand", lp.Labels("total"), []lp.Row{lp.GE(x.X(0).Plus(x.X(1)), lp.Const(10))})
	cost := lp.Sum(x.X(0).Scale(100), x.X(1).Scale(104))
	m.SetObjective(lp.Minimize, cost)
	s, _ := m.Solve(context.Background(), lp.Options{})
	fmt.Println("least cost", s.Objective)

	// Within 3% of it, how much can orbit supply?
	m.AddConstraints("near_optimal", lp.Labels("cost"), []lp.Row{lp.LE(cost, lp.Const(1.03*s.Objective))})
	m.SetObjective(lp.Maximize, x.X(1))
	s, _ = m.Solve(context.Background(), lp.Options{})
	fmt.Printf("most orbit %.4g at cost %.4g\n", s.Objective, s.Eval(cost))

	// And at least?
	m.SetObjective(lp.Minimize, x.X(1))
	s, _ = m.Solve(context.Background(), lp.Options{})
	fmt.Printf("least orbit %.4g\n", s.Objective)
	// Output:
	// least cost 1000
	// most orbit 7.5 at cost 1030
	// least orbit 0
}
