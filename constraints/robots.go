package constraints

import (
	"math"

	"teraplan/lp"
)

// Robots is Optimus: production capacity that grows by human-built lines
// and by robots building robot lines — the recursive loop.
//
//	robots.capacity[t]:    C[t] = robots.capacity_initial + lines online[t] + self[t]
//	robots.self_stock[t]:  self[t] = self[t−1] + R[t]
//	robots.self_build[t]:  R[t] ≤ robots.self_build_m_per_year_per_m · Δ · stock[t−1]
//	robots.ceiling[t]:     C[t] ≤ robots.version_ceiling(t)
//	robots.ramp[t]:        C[t] ≤ (1 + robots.capacity_growth_per_year)^Δ · C[t−1],  C[−1] = robots.capacity_initial
//	robots.production[t]:  P[t] ≤ C[t] · Δ
//	robots.fleet[t]:       stock[t] = Σ_τ survive(t − τ)·P[τ]   (robots.lifetime_years, last period pro rata)
//	robots.target[t]:      P[t] + shortfall[t] ≥ target.robots_m_per_year · Δ   (min-cost)
//
// Capacities in M/yr, robots in millions. Each robot made needs an edge
// chip (from the same wafers as accelerators) and robots.ddr_gb of DDR; the
// fleet draws robots.edge_kw each off-peak and provides
// robots.labour_factor worker-years a year of construction labour. The
// version ceiling is about 1 M/yr for Optimus 3 and 10 M/yr for Optimus 4.
// Capacity follows an S-curve: it grows at most robots.capacity_growth_per_year
// a year (a new product's production ramp) until the version ceiling stops
// it, however many lines are built (without initial capacity there is
// nothing to grow from and the ramp is left out); robot lines also have a
// start-rate limit (see growth).
type Robots struct {
	Capacity, SelfAdded, SelfCapacity, Produced, Stock, Shortfall *lp.VarFamily
	Lines                                                         *Expansion
	CapacityRow, SelfStock, SelfBuild, Ceiling, Production, Ramp  *lp.ConFamily
	Fleet, Target                                                 *lp.ConFamily
}

func buildRobots(w *World) *Robots {
	h, n, dt := w.H, w.H.N(), w.H.Step
	r := &Robots{}
	r.Capacity = w.vars("robots.capacity", lp.NonNeg())
	r.SelfAdded = w.vars("robots.self_added", lp.NonNeg())
	r.SelfCapacity = w.vars("robots.self_capacity", lp.NonNeg())
	r.Produced = w.vars("robots.produced", lp.NonNeg())
	r.Stock = w.vars("robots.stock", lp.NonNeg())
	r.Lines = w.expansion("robots.lines", "robots.line_m_per_year", 1, "robots.line_build_years",
		"robots.line_cost_usd", "robots.line_labour_worker_years", CostRobots, "robots.line_")
	capRow, selfStock, selfBuild, ceil, prod, fleet, ramp :=
		make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	for t := 0; t < n; t++ {
		capRow[t] = lp.EQ(r.Capacity.X(t), r.Lines.Capacity.X(t).Plus(r.SelfCapacity.X(t)).
			Plus(lp.Const(w.at("robots.capacity_initial", 0))))
		prev, stockPrev := lp.Expr{}, lp.Expr{}
		if t > 0 {
			prev, stockPrev = r.SelfCapacity.X(t-1), r.Stock.X(t-1)
		}
		selfStock[t] = lp.EQ(r.SelfCapacity.X(t), prev.Plus(r.SelfAdded.X(t)))
		// Robot-built lines cost nothing, so only TieBreakPrice keeps them
		// to what production needs (any surplus would cost the same), and
		// its weight, falling with time, adds them no earlier than
		// production needs them: a line added a year early costs the same
		// and would otherwise be as optimal.
		w.tieBreak.Add(1/(1+(w.H.Mid(t)-w.H.Start())/100), r.SelfAdded.At(t))
		selfBuild[t] = w.capacity("robots.self_build", t, r.SelfAdded.X(t), stockPrev.Scale(w.at("robots.self_build_m_per_year_per_m", t)*dt))
		ceil[t] = w.capacity("robots.ceiling", t, r.Capacity.X(t), lp.Const(w.at("robots.version_ceiling", t)))
		grow := math.Pow(1+w.at("robots.capacity_growth_per_year", t), dt)
		prevCap := lp.Const(w.at("robots.capacity_initial", 0) * grow)
		if t > 0 {
			prevCap = r.Capacity.X(t - 1).Scale(grow)
		}
		ramp[t] = w.capacity("robots.ramp", t, r.Capacity.X(t), prevCap)
		prod[t] = w.capacity("robots.production", t, r.Produced.X(t), r.Capacity.X(t).Scale(dt))
		alive := make([]lp.Expr, 0, int(h.Life(w.at("robots.lifetime_years", t)))+2)
		for tau := t; tau >= 0; tau-- {
			share := Survive(h.Life(w.at("robots.lifetime_years", tau)), t-tau)
			if share == 0 {
				break
			}
			alive = append(alive, lp.Term(share, r.Produced.At(tau)))
		}
		fleet[t] = lp.EQ(r.Stock.X(t), lp.Sum(alive...))

		w.Shared.EdgeChips[t] = w.Shared.EdgeChips[t].Plus(r.Produced.X(t))
		w.Shared.DDR[t] = w.Shared.DDR[t].Plus(r.Produced.X(t).Scale(w.at("robots.ddr_gb", t) / 1e3))
		w.Shared.EdgeGW[t] = w.Shared.EdgeGW[t].Plus(r.Stock.X(t).Scale(w.at("robots.edge_kw", t)))
		// M robots × worker-yr/yr × Δ = M worker-years = 1e3 k worker-years.
		w.Shared.RobotLabour[t] = w.Shared.RobotLabour[t].Plus(r.Stock.X(t).Scale(w.at("robots.labour_factor", t) * dt * 1e3))
		w.addCapex(CostRobots, t, r.Produced.X(t).Scale(w.at("robots.cost_usd", t)/1e3), 0, w.at("robots.lifetime_years", t))
	}
	r.CapacityRow = w.rows("robots.capacity", capRow)
	r.SelfStock = w.rows("robots.self_stock", selfStock)
	r.SelfBuild = w.rows("robots.self_build", selfBuild)
	r.Ceiling = w.rows("robots.ceiling", ceil)
	r.Production = w.rows("robots.production", prod)
	r.Fleet = w.rows("robots.fleet", fleet)
	if w.at("robots.capacity_initial", 0) > 0 {
		r.Ramp = w.rows("robots.ramp", ramp)
	}
	if w.Opt.Mode == MinCost {
		r.Shortfall = w.vars("robots.shortfall", lp.NonNeg())
		rows := make([]lp.Row, n)
		for t := 0; t < n; t++ {
			rows[t] = lp.GE(r.Produced.X(t).Plus(r.Shortfall.X(t)), lp.Const(w.at("target.robots_m_per_year", t)*dt))
			w.addCost(CostPenalty, t, r.Shortfall.X(t).Scale(w.at("target.robot_shortfall_usd_per_robot", t)/1e3))
		}
		r.Target = w.rows("robots.target", rows)
	}
	return r
}
