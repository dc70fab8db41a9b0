package constraints

import "teraplan/lp"

// Labour is the construction workforce every expansion draws on.
//
//	labour.balance[t]: Σ expansions' worker-years[t] ≤ labour.human_worker_years · Δ + robot labour[t]
//
// Each fab, packaging line, memory fab, HBM line, casting line, cell line,
// pad, propellant plant and robot line needs its worker-years spread evenly
// over its build time; robots add robots.labour_factor worker-years a year
// each. In thousands of worker-years.
type Labour struct {
	Balance *lp.ConFamily
}

func buildLabour(w *World) *Labour {
	n, dt := w.H.N(), w.H.Step
	rows := make([]lp.Row, n)
	for t := 0; t < n; t++ {
		supply := w.Shared.RobotLabour[t].Plus(lp.Const(w.at("labour.human_worker_years", t) / 1e3 * dt))
		rows[t] = w.capacity("labour.balance", t, w.Shared.Labour[t], supply)
	}
	return &Labour{Balance: w.rows("labour.balance", rows)}
}
