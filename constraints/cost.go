package constraints

import (
	"math"
	"sort"

	"teraplan/lp"
)

// Cost turns every module's spending into the objective.
//
//	cost.total[t] = Σ components[t]                       ($B in period t, undiscounted)
//	cost.budget[t]: cost.total[t] − take-or-pay commitments[t] ≤ budget.usd_per_year · Δ
//	                (max-compute, when the budget is set)
//
// The budget caps discretionary spending: accelerators booked take-or-pay
// are paid for whatever the plan does, so a budget below them would make
// the model infeasible rather than say anything.
//
// min-cost minimises Σ_t d(t)·(cost.total[t] + penalties[t]) with
// d(t) = (1 + cost.discount_rate)^−(y_t − y_0). max-compute maximises
// compute in the chosen year, plus 10⁻³ × the mean compute of the years
// before it (ties broken toward earlier compute), minus 10⁻⁶ per discounted
// $B (no spending without a reason).
type Cost struct {
	Total    *lp.VarFamily
	TotalRow *lp.ConFamily
	Budget   *lp.ConFamily
	Discount []float64
	// Components are the cost expressions by component and period ($B).
	Components map[string][]lp.Expr
	// Objective is the objective expression, for reporting.
	Objective lp.Expr
	Sense     lp.Sense
}

// ComponentNames returns the cost components in a stable order.
func (c *Cost) ComponentNames() []string {
	names := make([]string, 0, len(c.Components))
	for k := range c.Components {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func buildCost(w *World) *Cost {
	h, n := w.H, w.H.N()
	c := &Cost{Components: w.Shared.Cost, Discount: make([]float64, n)}
	r := w.at("cost.discount_rate", 0)
	for t := range c.Discount {
		c.Discount[t] = math.Pow(1+r, -(h.Years[t] - h.Start()))
	}
	c.Total = w.vars("cost.total", lp.Free())
	rows := make([]lp.Row, n)
	names := c.ComponentNames()
	for t := 0; t < n; t++ {
		parts := make([]lp.Expr, 0, len(names))
		for _, k := range names {
			if k != CostPenalty {
				parts = append(parts, c.Components[k][t])
			}
		}
		rows[t] = lp.EQ(c.Total.X(t), lp.Sum(parts...))
	}
	c.TotalRow = w.rows("cost.total", rows)

	var obj []lp.Expr
	switch w.Opt.Mode {
	case MinCost:
		c.Sense = lp.Minimize
		for t := 0; t < n; t++ {
			obj = append(obj, c.Total.X(t).Scale(c.Discount[t]))
			if pen := c.Components[CostPenalty]; pen != nil {
				obj = append(obj, pen[t].Scale(c.Discount[t]))
			}
		}
	case MaxCompute:
		c.Sense = lp.Maximize
		last := n - 1
		obj = append(obj, w.Compute.TotalGW(last))
		for t := 0; t < last; t++ {
			obj = append(obj, w.Compute.TotalGW(t).Scale(1e-3/float64(last)))
		}
		for t := 0; t < n; t++ {
			obj = append(obj, c.Total.X(t).Scale(-1e-6*c.Discount[t]))
			// Committed accelerators should be made whenever they can be.
			if pen := c.Components[CostPenalty]; pen != nil {
				obj = append(obj, pen[t].Scale(-1e-6*c.Discount[t]))
			}
		}
		if b := w.at("budget.usd_per_year", 0); b > 0 {
			brows := make([]lp.Row, n)
			for t := 0; t < n; t++ {
				// Take-or-pay accelerators are paid for whatever the
				// plan does; the budget is for everything else, so the
				// commitment moves to the spending side and the capacity
				// side is the budget alone.
				committed := 0.0
				if w.Chips != nil {
					committed = w.at("chips.take_or_pay_share", t) * w.at("chips.accelerators_per_year_existing", t) *
						h.Step * w.at("accelerator.cost_usd", t) / 1e3
				}
				brows[t] = w.capacity("cost.budget", t, c.Total.X(t).Minus(lp.Const(committed)),
					lp.Const(w.at("budget.usd_per_year", t)*h.Step/1e9))
			}
			c.Budget = w.rows("cost.budget", brows)
		}
	}
	c.Objective = lp.Sum(obj...)
	if err := w.Model.SetObjective(c.Sense, c.Objective); err != nil {
		w.fail(err)
	}
	return c
}
