package constraints

import (
	"math"

	"teraplan/lp"
)

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
// S is savings carried forward (no interest earned; at the end of a year
// TieBreakPrice keeps them to what a later year spends), D the debt
// outstanding. Debt still owed at the end of the horizon is a cost of the
// last period's objective, so borrowing only moves spending earlier and
// pays for it. A period whose budget.usd_per_year is 0 has no limit (its
// row only keeps savings from growing; nothing is borrowed then).
// capital.budget is a capacity row: limits ranks it with a shadow price
// in GW of compute per $B.
//
// A budget is an annual figure: what binds is a calendar year's spending
// against the year's budget, not a quarter's against a quarter of it. On
// sub-annual periods S[t] is free within a year and ≥ 0 only at the
// period that ends a calendar year (and at the horizon's last period), so
// the rows of a year's periods sum to the year's row
//
//	Σ_{t in Y} (cost.total[t] − C[t] + repay[t] − borrow[t]) + S[end of Y] − S[end of Y−1] ≤ Σ_{t in Y} (budget(t)·Δ − C[t])
//
// and a quarter may spend ahead of its year's later quarters (S[t] < 0
// is money drawn from them, without interest). The periods of a year then
// share one shadow price, and quarterly and yearly plans read the same
// annual budget (their Σ budget(t)·Δ agree wherever the trajectory is
// linear through the year: it is read at each period's middle less half
// a year). On yearly periods every period ends a year and S ≥ 0
// throughout. Where a year's budget is slack, S within it is any balance
// the year allows (only the year's end is priced). The rows stay per
// period, not per year, so that each keeps its own share of the year's
// budget as the capacity that limits scales.
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
		if t+1 < n && !w.H.EndsYear(t) {
			// Within a year: money drawn ahead (S < 0) or kept for a later
			// quarter, unpriced (a price on a free S would reward drawing
			// ahead).
			w.bound(k.Savings, t, math.Inf(-1), math.Inf(1))
		} else {
			// Savings carried into the next year are only what a later
			// year spends: money no period needs is left unspent, not
			// shown as carried forward (without a price any amount up to
			// the unspent budget costs the same).
			w.tieBreak.Add(1, k.Savings.At(t))
		}
		b := w.at("budget.usd_per_year", t) * dt / 1e9
		use := c.Total.X(t).Plus(k.Savings.X(t))
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

// EndsYear reports whether period t ends a calendar year: whether a year
// boundary falls in (start, end] of the period. Every yearly period does;
// of quarters, those starting at y + 0.75.
func (h Horizon) EndsYear(t int) bool {
	const eps = 1e-9
	return math.Floor(h.Years[t]+h.Step+eps) > math.Floor(h.Years[t]+eps)
}
