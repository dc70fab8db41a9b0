package constraints

import "teraplan/lp"

// Capital is money as a constraint, in every mode: what a period spends
// (capex and opex, undiscounted, including take-or-pay commitments and
// interest) is at most that period's budget plus what earlier periods left
// unspent plus what is borrowed. C[t] are the take-or-pay commitments
// (paid whatever the plan does): they count against the budget, and the
// capacity side is what the budget leaves for everything else — the part
// a plan can spend as it chooses, which limits scales.
//
//	capital.budget[t]:     cost.total[t] − C[t] + repay[t] + S[t] − S[t−1] − borrow[t] ≤ budget(t)·Δ − C[t]
//	capital.debt_stock[t]: D[t] = D[t−1] + borrow[t] − repay[t],  0 ≤ D[t] ≤ finance.debt_max_usd
//	interest[t] = finance.borrowing_rate · D[t−1] · Δ            (a cost: component finance)
//
// S is savings carried forward (≥ 0, no interest earned; TieBreakPrice
// keeps them to what a later period spends), D the debt
// outstanding. Debt still owed at the end of the horizon is a cost of the
// last period's objective, so borrowing only moves spending earlier and
// pays for it. A period whose budget.usd_per_year is 0 has no limit
// (its row only keeps savings from growing; nothing is borrowed then). capital.budget is a capacity row:
// limits ranks it with a shadow price in GW of compute per $B.
//
// A budget below the take-or-pay commitments (chips.take_or_pay_share of
// the existing allocation at accelerator.cost_usd) cannot be met by any
// plan; the solve then reports the scenario infeasible and says to check
// the budget.
type Capital struct {
	Savings, Borrow, Repay, Debt *lp.VarFamily
	Budget, DebtStock            *lp.ConFamily
}

// capitalOn reports whether any period has a budget.
func (w *World) capitalOn() bool {
	for t := range w.H.Years {
		if w.at("budget.usd_per_year", t) > 0 {
			return true
		}
	}
	return false
}

// buildCapital adds the budget rows over cost.total; c.Total must exist.
func buildCapital(w *World, c *Cost) *Capital {
	n, dt := w.H.N(), w.H.Step
	k := &Capital{}
	k.Savings = w.vars("capital.savings", lp.NonNeg())
	borrowing := false
	for t := 0; t < n; t++ {
		if w.at("finance.debt_max_usd", t) > 0 {
			borrowing = true
		}
	}
	if borrowing {
		k.Borrow = w.vars("capital.borrow", lp.NonNeg())
		k.Repay = w.vars("capital.repay", lp.NonNeg())
		k.Debt = w.vars("capital.debt", lp.NonNeg())
	}
	budget := make([]lp.Row, n)
	var debt []lp.Row
	if borrowing {
		debt = make([]lp.Row, n)
	}
	for t := 0; t < n; t++ {
		b := w.at("budget.usd_per_year", t) * dt / 1e9
		use := c.Total.X(t).Plus(k.Savings.X(t))
		// Savings are only what a later period spends: money no period
		// needs is left unspent, not shown as carried forward (without a
		// price any amount up to the unspent budget costs the same).
		w.tieBreak.Add(1, k.Savings.At(t))
		if t > 0 {
			use = use.AddTerm(-1, k.Savings.At(t-1))
		}
		if borrowing {
			use = use.Plus(k.Repay.X(t)).Minus(k.Borrow.X(t))
			prev := lp.Expr{}
			if t > 0 {
				prev = k.Debt.X(t - 1)
				w.addCost(CostFinance, t, k.Debt.X(t-1).Scale(w.at("finance.borrowing_rate", t)*dt))
			}
			debt[t] = lp.EQ(k.Debt.X(t), prev.Plus(k.Borrow.X(t)).Minus(k.Repay.X(t)))
			w.bound(k.Debt, t, 0, w.at("finance.debt_max_usd", t)/1e9)
		}
		if b <= 0 {
			// No limit this period: spending is free, and what was saved
			// can be kept but not added to.
			if borrowing {
				w.bound(k.Borrow, t, 0, 0)
			}
			keep := k.Savings.X(t)
			if t > 0 {
				keep = keep.AddTerm(-1, k.Savings.At(t-1))
			}
			budget[t] = w.capacity("capital.budget", t, keep, lp.Expr{})
			continue
		}
		// Take-or-pay accelerators are paid whatever the plan does: the
		// capacity side is what the budget leaves for everything else,
		// the part a plan can spend as it chooses (and limits scales).
		committed := 0.0
		if w.Chips != nil {
			committed = w.at("chips.take_or_pay_share", t) * w.at("chips.accelerators_per_year_existing", t) *
				dt * w.at("accelerator.cost_usd", t) / 1e3
		}
		budget[t] = w.capacity("capital.budget", t, use.Minus(lp.Const(committed)), lp.Const(b-committed))
	}
	k.Budget = w.rows("capital.budget", budget)
	if borrowing {
		k.DebtStock = w.rows("capital.debt_stock", debt)
	}
	return k
}
