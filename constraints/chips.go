package constraints

import (
	"teraplan/lp"
)

// Chips is leading-edge logic and advanced packaging.
//
//	chips.committed[t]: A[t] + unmade[t] ≥ chips.take_or_pay_share · existing(t) · Δ
//	chips.wafers[t]:    A[t]/apw + edge[t]/epw ≤ existing(t)/apw · Δ + wafers from new fabs[t] · Δ
//	chips.packaging[t]: A[t] ≤ (packaging existing(t) + lines online[t]) · Δ
//	chips.fabs_mature[t]: mature[t] = mature[t−1] + Σ_s Lands_M(t − s)·starts[s]
//	chips.own_output[t]: own[t]/apw ≤ wafers from new fabs[t] · Δ
//	chips.euv[t]:        fabs.euv_per_fab · starts[t] + memory.fab_euv_per_fab · memory fab starts[t]
//	                       ≤ euv.scanners_per_year · Δ
//	chips.fab_growth[t]: the start-rate limit on fabs (see growth)
//
// Accelerators from the plan's own new fabs (own ≤ A) cost
// accelerator.own_cost_usd to make — wafer, packaging, HBM, board — on top
// of the fab's capex, not the market price accelerator.cost_usd, which the
// others pay: the fab is not paid for twice. The take-or-pay commitment is
// on bought accelerators (A − own). EUV scanners (ASML's output) are the
// named supplier of leading-edge logic and of DRAM's newest nodes: every
// fab started takes its scanners from the same yearly supply.
//
// A is accelerators made (M), existing(t) the output of the existing
// foundry allocation (chips.accelerators_per_year_existing), apw and epw the
// accelerators and edge chips per wafer. Booked capacity is take-or-pay: the
// committed accelerators are made and paid for whether or not they can be
// powered; "unmade" lets fewer be made when memory or wafers cannot cover
// them, at a penalty of chips.memory_shortfall_usd_per_accelerator each, so
// the model reports the shortfall rather than coming back infeasible.
//
// A fab started in period s adds nothing until fabs.build_years have
// passed, then yields fabs.yield_ramp_1, _2 and _3 of fabs.wafers_per_year
// in its first three years of output and the full amount after: started in
// 2027 with a 3-year build, it produces from 2030 and is at full yield from
// 2033. With the build B = fabs.build_years/Δ periods and R(x) the yield
// x periods after output begins (0 before, then ramp_1, ramp_2, ramp_3 for
// a year each, then 1), the share of full output j periods after the start
// is the mean of R over one period,
//
//	share(j) = ∫_{j−B}^{j−B+1} R(x) dx
//
// which is the lead-time rule of Lead applied to every step of the ramp:
// continuous in the build time (a 2.5-year build yields half of ramp_1 in
// the build's third year on yearly periods) and exact for whole periods.
// Fabs at full yield are counted in fabs_mature, a stock with the lead time
// M = B + 3/Δ (Lands_M, split pro rata like any lead time); the ramping
// fabs are summed per period from their starts.
type Chips struct {
	Unmade, FabStarts, FabsMature, Own          *lp.VarFamily
	PackagingLines                              *Expansion
	Committed, Wafers, Packaging, FabsMatureRow *lp.ConFamily
	OwnOutput, EUV, FabGrowth                   *lp.ConFamily
	build                                       Lead // fabs.build_years in periods
}

// rampShare is the share of full output, below full yield, of a fab j
// periods after its start: each ramp step i is a yield ramp_i online from
// build + i years to build + i + 1 years, read with the lead-time rule
// (Lead.Online) at both ends — ∫_{j−B}^{j−B+1} R(x)·1[x < 3/Δ] dx, the
// Chips formula without the mature part.
func (w *World) rampShare(j int, buildYears float64) float64 {
	share := 0.0
	for i, key := range []string{"fabs.yield_ramp_1", "fabs.yield_ramp_2", "fabs.yield_ramp_3"} {
		from, to := w.H.Lag(buildYears+float64(i)), w.H.Lag(buildYears+float64(i+1))
		share += (from.Online(j) - to.Online(j)) * w.at(key, 0)
	}
	return share
}

func buildChips(w *World) *Chips {
	h, n, dt := w.H, w.H.N(), w.H.Step
	c := &Chips{}
	c.Unmade = w.vars("chips.unmade", lp.NonNeg())
	c.FabStarts = w.vars("chips.fab_starts", lp.NonNeg().IntIf(w.Opt.MIP))
	c.FabsMature = w.vars("chips.fabs_mature", lp.NonNeg())
	c.Own = w.vars("chips.own_made", lp.NonNeg())
	c.PackagingLines = w.expansion("chips.packaging_lines", "packaging.line_accelerators_per_year", 1,
		"packaging.line_build_years", "packaging.line_cost_usd", "packaging.labour_worker_years", CostPackaging, "packaging.line_")

	buildYears := w.at("fabs.build_years", 0)
	build := h.Lag(buildYears)
	c.build = build
	mature := h.Lag(buildYears + 3) // full yield three years after output begins
	// The offsets j at which a fab is ramping: B − 1 < j < B + 3/Δ.
	firstRamp, lastRamp := build.Whole, mature.Last()
	ramp := make([]float64, lastRamp+1) // rampShare by age, read in every period
	for j := firstRamp; j <= lastRamp; j++ {
		ramp[j] = w.rampShare(j, buildYears)
	}
	committed, wafers, pack, mat := make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	own := make([]lp.Row, n)
	for t := 0; t < n; t++ {
		apw := w.at("chips.accelerators_per_wafer", t)
		existing := w.at("chips.accelerators_per_year_existing", t)
		committed[t] = lp.GE(w.Shared.Made[t].Minus(c.Own.X(t)).Plus(c.Unmade.X(t)),
			lp.Const(w.at("chips.take_or_pay_share", t)*existing*dt))
		// Take-or-pay: committed accelerators are paid for even when unmade,
		// and their lost value is a penalty on top.
		w.addCost(CostChips, t, c.Unmade.X(t).Scale(w.at("accelerator.cost_usd", t)/1e3))
		w.addCost(CostPenalty, t, c.Unmade.X(t).Scale(w.at("chips.memory_shortfall_usd_per_accelerator", t)/1e3))

		// Wafers (M): fabs ramping by age plus those at full yield.
		wpy := w.at("fabs.wafers_per_year", t) / 1e6
		ramping := []lp.Expr{c.FabsMature.X(t).Scale(wpy * dt)}
		for j := firstRamp; j <= lastRamp && t-j >= 0; j++ {
			if share := ramp[j]; share > 0 {
				ramping = append(ramping, lp.Term(share*wpy*dt, c.FabStarts.At(t-j)))
			}
		}
		fabWafers := lp.Sum(ramping...)
		demand := w.Shared.Made[t].Scale(1 / apw).Plus(w.Shared.EdgeChips[t].Scale(1 / w.at("chips.edge_chips_per_wafer", t)))
		wafers[t] = w.capacity("chips.wafers", t, demand, fabWafers.Plus(lp.Const(existing/apw*dt)))
		own[t] = w.capacity("chips.own_output", t, c.Own.X(t).Scale(1/apw), fabWafers)
		// Own accelerators are paid at their making cost, not the market
		// price compute charges for every accelerator made.
		w.addCapex(CostChips, t, c.Own.X(t).Scale((w.at("accelerator.own_cost_usd", t)-w.at("accelerator.cost_usd", t))/1e3),
			0, w.at("accelerator.lifetime_years", t))

		pack[t] = w.capacity("chips.packaging", t, w.Shared.Made[t], c.PackagingLines.Output(t, dt).
			Plus(lp.Const(w.at("packaging.accelerators_per_year_existing", t)*dt)))

		prev := lp.Expr{}
		if t > 0 {
			prev = c.FabsMature.X(t - 1)
		}
		for j := mature.Whole; j <= mature.Last() && t-j >= 0; j++ {
			if share := mature.Lands(j); share > 0 {
				prev = prev.AddTerm(share, c.FabStarts.At(t-j))
			}
		}
		mat[t] = lp.EQ(c.FabsMature.X(t), prev)

		w.addCapex(CostFabs, t, c.FabStarts.X(t).Scale(w.at("fabs.cost_usd", t)/1e9),
			w.at("fabs.build_years", t), w.at("cost.industrial_lifetime_years", t))
		total := w.at("fabs.labour_worker_years", t) / 1e3
		for j := 0; t+j < n; j++ {
			share := build.Spread(j)
			if share == 0 {
				break
			}
			w.addLabour(t+j, total*share, c.FabStarts.At(t))
		}
		if t+build.Whole >= n {
			w.bound(c.FabStarts, t, 0, 0) // would produce nothing inside the horizon
		}
	}
	c.Committed = w.rows("chips.committed", committed)
	c.Wafers = w.rows("chips.wafers", wafers)
	c.Packaging = w.rows("chips.packaging", pack)
	c.FabsMatureRow = w.rows("chips.fabs_mature", mat)
	c.OwnOutput = w.rows("chips.own_output", own)
	c.FabGrowth = w.growth("chips.fab_growth", c.FabStarts, "fabs.")
	return c
}

// FabsBuilding counts fabs under construction in period t, from solved
// fab starts: those started by t and not yet producing, a fab whose build
// ends within the period counted in part (Lead.Online).
func (c *Chips) FabsBuilding(starts []float64, t int) float64 {
	sum := 0.0
	for s := 0; s <= t; s++ {
		sum += starts[s] * (1 - c.build.Online(t-s))
	}
	return sum
}

// FabsOnline counts fabs producing (ramping or mature) in period t.
func (c *Chips) FabsOnline(starts []float64, t int) float64 {
	sum := 0.0
	for s := 0; s <= t; s++ {
		sum += starts[s] * c.build.Online(t-s)
	}
	return sum
}

// buildEUV adds chips.euv, once the memory module (whose fabs draw on the
// same scanners) is built.
func (c *Chips) buildEUV(w *World) {
	n, dt := w.H.N(), w.H.Step
	rows := make([]lp.Row, n)
	for t := 0; t < n; t++ {
		scanners := c.FabStarts.X(t).Scale(w.at("fabs.euv_per_fab", t))
		if w.Memory != nil {
			scanners = scanners.Plus(w.Memory.Fabs.Starts.X(t).Scale(w.at("memory.fab_euv_per_fab", t)))
		}
		rows[t] = w.capacity("chips.euv", t, scanners, lp.Const(w.at("euv.scanners_per_year", t)*dt))
	}
	c.EUV = w.rows("chips.euv", rows)
}
