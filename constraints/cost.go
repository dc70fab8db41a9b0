package constraints

import (
	"math"
	"sort"

	"teraplan/lp"
)

// Cost turns every module's spending into the objective.
//
//	cost.total[t] = Σ components[t]                       ($B in period t, undiscounted)
//
// (the capital module limits it; see Capital). min-cost minimises
// Σ_t d(t)·(cost.total[t] + penalties[t]) − d(T)·salvage, with
// d(t) = (1 + cost.discount_rate)^−(y_t − y_0) and T the end of the
// horizon; salvage is the value left at T in what was built (see
// addCapex), and debt still owed at T is a cost there. max-compute
// maximises compute in the chosen year (GW, or EFLOP/s under
// Options.Metric), plus 10⁻³ × the mean compute of the
// years before it (ties broken toward earlier compute), minus 10⁻⁶ per
// discounted $B of the same cost (no spending without a reason).
type Cost struct {
	Total    *lp.VarFamily
	TotalRow *lp.ConFamily
	Discount []float64
	// EndDiscount is d(T), the discount factor at the end of the horizon.
	EndDiscount float64
	// Components are the cost expressions by component and period ($B).
	Components map[string][]lp.Expr
	// Salvage is the value at the end of the horizon of what was built
	// ($B, undiscounted), credited in the objective.
	Salvage lp.Expr
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

// TieBreakPrice is the objective's price ($B, or 10⁻⁶ of it in
// max-compute) per unit of a quantity that has no cost of its own but
// should be no larger than the plan needs: the capacity online of every
// expansion (no earlier than needed, see expansion), robot-built robot
// lines (robots.self_added) and savings carried forward
// (capital.savings). Without it such a quantity could take any of
// several values at the same cost, and which one a solve reports would
// depend on where the solver started. A thousand fabs online for 50
// years add $0.05B.
const TieBreakPrice = 1e-6

func buildCost(w *World) *Cost {
	h, n := w.H, w.H.N()
	c := &Cost{Components: w.Shared.Cost, Discount: make([]float64, n)}
	r := w.at("cost.discount_rate", 0)
	for t := range c.Discount {
		// At the period's middle less half a year, as trajectories are read
		// (World.at): a year costs the same on yearly and quarterly periods.
		c.Discount[t] = math.Pow(1+r, -(h.Mid(t) - h.Start()))
	}
	c.EndDiscount = math.Pow(1+r, -(h.Years[n-1] + h.Step - h.Start()))
	c.Total = w.vars("cost.total", lp.Free())
	if w.capitalOn() {
		// Before the total is summed: interest is one of its components.
		w.Capital = buildCapital(w, c)
	}
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
	c.Salvage = w.salvage.Expr()
	// What the end of the horizon leaves: salvage credited, debt owed.
	end := c.Salvage.Scale(-1)
	if w.Capital != nil && w.Capital.Debt != nil {
		end = end.Plus(w.Capital.Debt.X(n - 1))
	}

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
		obj = append(obj, end.Scale(c.EndDiscount), w.tieBreak.Expr().Scale(TieBreakPrice))
	case MaxCompute:
		c.Sense = lp.Maximize
		last := n - 1
		obj = append(obj, w.Compute.Total(last, w.Opt.Metric))
		for t := 0; t < last; t++ {
			obj = append(obj, w.Compute.Total(t, w.Opt.Metric).Scale(1e-3/float64(last)))
		}
		for t := 0; t < n; t++ {
			obj = append(obj, c.Total.X(t).Scale(-1e-6*c.Discount[t]))
			// Committed accelerators should be made whenever they can be.
			if pen := c.Components[CostPenalty]; pen != nil {
				obj = append(obj, pen[t].Scale(-1e-6*c.Discount[t]))
			}
		}
		obj = append(obj, end.Scale(-1e-6*c.EndDiscount), w.tieBreak.Expr().Scale(-1e-6*TieBreakPrice))
	}
	c.Objective = lp.Sum(obj...)
	return c
}

// setObjective makes c's objective the model's.
func (c *Cost) setObjective(w *World) {
	if err := w.Model.SetObjective(c.Sense, c.Objective); err != nil {
		w.fail(err)
	}
}
