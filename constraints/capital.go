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
// pays for it. A period whose budget.usd_per_year is 0 has no limit: its
// spending is left out of the row and nothing is borrowed then (a year
// with no limit at all only keeps savings from growing).
// capital.budget is a capacity row: limits ranks it with a shadow price
// in GW of compute per $B.
//
// A budget is an annual figure: what binds is a calendar year's spending
// against the year's budget, not a quarter's against a quarter of it. On
// sub-annual periods the row of the period that ends a calendar year (or
// the horizon) sums the year's periods, savings are carried only from one
// year to the next (S = 0 within a year), and the rows of the year's
// other periods are empty:
//
//	capital.budget[end of Y]: Σ_{t in Y} (cost.total[t] − C[t] + repay[t] − borrow[t]) + S[end of Y] − S[end of Y−1] ≤ Σ_{t in Y} (budget(t)·Δ − C[t])
//
// so a quarter may spend ahead of its year's later quarters, and
// quarterly and yearly plans read the same annual budget (their
// Σ budget(t)·Δ agree wherever the trajectory is linear through the
// year: it is read at each period's middle less half a year). The year's
// row carries the year's shadow price, and its capacity, what limits
// scales, is the year's budget. On yearly periods every period ends a
// year and the rows are the period rows above. (Savings free within the
// year, with every period's row kept, say the same but solve more slowly:
// 157,493 simplex iterations against 115,151 on 600 monthly periods.)
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
	// A year's row sums its periods: flow is what they spend (those with
	// a budget), room their budget less commitments; prev is the period
	// that ended the year before (−1 before the first).
	var flow lp.Expr
	room, limited, prev := 0.0, false, -1
	for t := 0; t < n; t++ {
		b := w.at("budget.usd_per_year", t) * dt / 1e9
		if borrowing {
			last := lp.Expr{}
			if t > 0 {
				last = k.Debt.X(t - 1)
				w.addCost(CostFinance, t, k.Debt.X(t-1).Scale(w.at("finance.borrowing_rate", t)*dt))
			}
			debt[t] = lp.EQ(k.Debt.X(t), last.Plus(k.Borrow.X(t)).Minus(k.Repay.X(t)))
			w.bound(k.Debt, t, 0, w.at("finance.debt_max_usd", t)/1e9)
		}
		if b <= 0 {
			// No limit this period: its spending is free, and nothing
			// is borrowed.
			if borrowing {
				w.bound(k.Borrow, t, 0, 0)
			}
		} else {
			// Take-or-pay accelerators are paid whatever the plan does:
			// the capacity side is what the budget leaves for everything
			// else, the part a plan can spend as it chooses (and limits
			// scales).
			committed := 0.0
			if w.Chips != nil {
				committed = w.at("chips.take_or_pay_share", t) * w.at("chips.accelerators_per_year_existing", t) *
					dt * w.at("accelerator.cost_usd", t) / 1e3
			}
			flow = flow.Plus(c.Total.X(t)).Minus(lp.Const(committed))
			if borrowing {
				flow = flow.Plus(k.Repay.X(t)).Minus(k.Borrow.X(t))
			}
			room += b - committed
			limited = true
		}
		if t+1 < n && !w.H.EndsYear(t) {
			// Within a year nothing is carried: the year's row, at its
			// last period, holds this period's spending and budget.
			w.bound(k.Savings, t, 0, 0)
			budget[t] = w.capacity("capital.budget", t, lp.Expr{}, lp.Expr{})
			continue
		}
		// Savings carried into the next year are only what a later year
		// spends: money no period needs is left unspent, not shown as
		// carried forward (without a price any amount up to the unspent
		// budget costs the same).
		w.tieBreak.Add(1, k.Savings.At(t))
		carry := k.Savings.X(t)
		if prev >= 0 {
			carry = carry.AddTerm(-1, k.Savings.At(prev))
		}
		if limited {
			budget[t] = w.capacity("capital.budget", t, flow.Plus(carry), lp.Const(room))
		} else {
			// A year with no limit: what was saved can be kept but not
			// added to.
			budget[t] = w.capacity("capital.budget", t, carry, lp.Expr{})
		}
		flow, room, limited, prev = lp.Expr{}, 0, false, t
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
