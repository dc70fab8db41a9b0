package constraints

import (
	"math"

	"teraplan/lp"
)

// Compute is the fleet module: accelerators made, installed on Earth and in
// orbit, and the stranded inventory of those made but not installed.
//
// With A made, E and O installed on Earth and in orbit, S stranded, and a
// period of Δ years:
//
//	compute.inventory[t]:   S[t] = (1 − w·Δ)·S[t−1] + A[t] − E[t] − O[t]
//	compute.earth_fleet[t]: earth_gw[t] = G0·r(t) + Σ_{τ alive} it_kw(τ)·E[τ]
//	compute.orbit_fleet[t]: orbit_gw[t] = Σ_{τ alive} it_kw(τ)·(1−a)^(y_t−y_τ)·O[τ]
//	compute.target[t]:      earth_gw[t] + orbit_gw[t] + shortfall[t] ≥ target(t)   (min-cost)
//	compute.facility[t]:    earth_gw[t] ≤ facilities[t] = G0 + Σ_{τ≤t} facility_new[τ]
//
// where w is compute.stranded_writeoff_per_year + 1/accelerator.lifetime_years
// (stranded chips are written off for obsolescence and age from manufacture:
// a year in the warehouse costs a year of life, kept as value — a chip
// installed after k years counts as 1 − k/L of one; the inventory is not
// tracked by vintage), G0 is
// compute.initial_earth_gw retiring evenly over accelerator.lifetime_years
// (r(t) = max(0, 1 − (y_t − y_0)/L)), a vintage is alive for
// accelerator.lifetime_years on Earth and space.lifetime_years in orbit — a
// life of ℓ periods counts a vintage whole for ⌊ℓ⌋ periods and the
// fractional rest in the next (Survive), so Σ_{τ alive} is a weighted sum —
// and a is space.attrition_per_year. Millions of accelerators × kW = GW.
//
// Data-centre facilities (shell, cooling, electrical; GW of IT) outlive the
// accelerators in them: a hall emptied by retiring chips takes new ones
// without being built again, as power plants do.
//
// Costs: accelerators made at accelerator.cost_usd; new facilities at
// earth.facility_usd_per_kw of IT; a missed target at
// target.shortfall_usd_per_kw per kW-year, the shortfall integrated over
// each period by the trapezoid rule.
//
// Compute in FLOP/s counts each cohort at the accelerator.flops of its
// year of manufacture, for as long as the cohort lives (in orbit shrinking
// with attrition as its GW do):
//
//	earth_eflops[t] = F0·r(t) + Σ_{τ alive} flops(τ)·E[τ]
//	orbit_eflops[t] = Σ_{τ alive} flops(τ)·(1−a)^(y_t−y_τ)·O[τ]
//
// (EFLOP/s; M accelerators × PFLOP/s = 10³ EFLOP/s), F0 the start year's
// installed base at the start year's FLOP/s per kW. These are expressions,
// not columns: the LP changes only when a target is stated in FLOP/s
//
//	compute.target_flops[t]: earth_eflops[t] + orbit_eflops[t] + shortfall_eflops[t] ≥ target.compute_flops(t)
//
// (built for the periods whose FLOP/s target is above zero, beside the GW
// target; a missed EFLOP/s-year costs target.shortfall_usd_per_kw at the
// period's own kW per FLOP/s) or max-compute maximises FLOP/s.
type Compute struct {
	Made, InstallEarth, InstallOrbit, Stranded *lp.VarFamily
	EarthGW, OrbitGW, Shortfall                *lp.VarFamily
	FacilityNew, Facilities                    *lp.VarFamily
	Inventory, EarthFleet, OrbitFleet, Target  *lp.ConFamily
	FacilityStock, Facility                    *lp.ConFamily
	// ShortfallFLOPS and TargetFLOPS exist when target.compute_flops is
	// above zero in some period (EFLOP/s).
	ShortfallFLOPS *lp.VarFamily
	TargetFLOPS    *lp.ConFamily
	// InitialEarthGW is the start year's installed base remaining each period.
	InitialEarthGW []float64
	// EarthEFLOPS and OrbitEFLOPS are the fleets' compute in EFLOP/s
	// (OrbitEFLOPS nil when space is off).
	EarthEFLOPS, OrbitEFLOPS []lp.Expr
}

func buildCompute(w *World) *Compute {
	h, n := w.H, w.H.N()
	c := &Compute{}
	orbit := w.V.Enabled("space")
	c.Made = w.vars("compute.made", lp.NonNeg())
	c.InstallEarth = w.vars("compute.install_earth", lp.NonNeg())
	if orbit {
		c.InstallOrbit = w.vars("compute.install_orbit", lp.NonNeg())
	}
	c.Stranded = w.vars("compute.stranded", lp.NonNeg())
	c.EarthGW = w.vars("compute.earth_gw", lp.NonNeg())
	if orbit {
		c.OrbitGW = w.vars("compute.orbit_gw", lp.NonNeg())
	}

	c.FacilityNew = w.vars("compute.facility_new", lp.NonNeg())
	c.Facilities = w.vars("compute.facilities", lp.NonNeg())
	fstock, fcap := make([]lp.Row, n), make([]lp.Row, n)
	inv := make([]lp.Row, n)
	earth := make([]lp.Row, n)
	orb := make([]lp.Row, n)
	c.InitialEarthGW = make([]float64, n)
	c.EarthEFLOPS = make([]lp.Expr, n)
	if orbit {
		c.OrbitEFLOPS = make([]lp.Expr, n)
	}
	g0 := w.at("compute.initial_earth_gw", 0)
	// EFLOP/s per GW of the start year's accelerators: GW / kW = M accelerators.
	f0 := w.at("accelerator.flops", 0) / 1e12 / w.at("accelerator.it_kw", 0)
	y0 := h.Start()
	// Read in the vintage loops below, quadratic in the number of periods.
	itKW, genKW, accFLOPS := w.series("accelerator.it_kw"), w.series("earth.generation_kw_per_accelerator"), w.series("accelerator.flops")
	earthLife, orbitLife := make([]float64, n), make([]float64, n)
	for tau := range n {
		earthLife[tau] = h.Life(w.at("accelerator.lifetime_years", tau))
		if orbit {
			orbitLife[tau] = h.Life(w.at("space.lifetime_years", tau))
		}
	}
	for t := 0; t < n; t++ {
		y := h.Years[t]
		dt := h.Step
		// Inventory balance.
		rhs := c.Made.X(t).Minus(c.InstallEarth.X(t))
		if orbit {
			rhs = rhs.Minus(c.InstallOrbit.X(t))
		}
		if imp := w.Shared.AccelImports; imp != nil {
			rhs = rhs.Plus(imp[t]) // accelerators shipped in, less those shipped out
		}
		if t > 0 {
			// Stranded chips age from manufacture: waiting a year costs
			// 1/L of an accelerator's life, on top of obsolescence.
			age := 1 / w.at("accelerator.lifetime_years", t)
			keep := math.Max(0, 1-(w.at("compute.stranded_writeoff_per_year", t)+age)*dt)
			rhs = rhs.AddTerm(keep, c.Stranded.At(t-1))
		}
		inv[t] = lp.EQ(c.Stranded.X(t), rhs)

		// Earth fleet: the start year's base retiring evenly, plus vintages.
		life := w.at("accelerator.lifetime_years", 0)
		r := math.Max(0, 1-(y-y0)/life)
		c.InitialEarthGW[t] = g0 * r
		vintages := int(h.Life(life)) + 2
		var gw, gen, flops lp.Builder
		gw.Grow(vintages + 1)
		gen.Grow(vintages)
		flops.Grow(vintages + 1)
		for tau := t; tau >= 0; tau-- {
			alive := Survive(earthLife[tau], t-tau)
			if alive == 0 {
				break
			}
			gw.Add(alive*itKW[tau], c.InstallEarth.At(tau))
			gen.Add(alive*genKW[tau], c.InstallEarth.At(tau))
			flops.Add(alive*accFLOPS[tau]/1e12, c.InstallEarth.At(tau))
		}
		gw.AddExpr(lp.Const(g0 * r))
		earth[t] = lp.EQ(c.EarthGW.X(t), gw.Expr())
		c.EarthEFLOPS[t] = flops.Expr().Plus(lp.Const(g0 * r * f0))
		w.Shared.EarthGen[t] = gen.Expr()

		if orbit {
			var gw, flops lp.Builder
			a := w.at("space.attrition_per_year", t)
			for tau := t; tau >= 0; tau-- {
				alive := Survive(orbitLife[tau], t-tau)
				if alive == 0 {
					break
				}
				survive := alive * math.Pow(1-a, y-h.Years[tau])
				gw.Add(itKW[tau]*survive, c.InstallOrbit.At(tau))
				flops.Add(accFLOPS[tau]/1e12*survive, c.InstallOrbit.At(tau))
			}
			orb[t] = lp.EQ(c.OrbitGW.X(t), gw.Expr())
			c.OrbitEFLOPS[t] = flops.Expr()
		}

		// Shared quantities and costs.
		w.Shared.Made[t] = c.Made.X(t)
		w.Shared.InstallEarth[t] = c.InstallEarth.X(t)
		if orbit {
			w.Shared.InstallOrbit[t] = c.InstallOrbit.X(t)
		}
		w.Shared.HBM[t] = c.Made.X(t).Scale(w.at("accelerator.hbm_gb", t) / 1e3)
		if imp := w.Shared.HBMImports; imp != nil {
			// HBM shipped in is HBM this region's stackers need not make.
			w.Shared.HBM[t] = w.Shared.HBM[t].Minus(imp[t])
		}
		w.addCapex(CostChips, t, c.Made.X(t).Scale(w.at("accelerator.cost_usd", t)/1e3), 0, w.at("accelerator.lifetime_years", t))
		prevFac := lp.Const(g0)
		if t > 0 {
			prevFac = c.Facilities.X(t - 1)
		}
		fstock[t] = lp.EQ(c.Facilities.X(t), prevFac.Plus(c.FacilityNew.X(t)))
		// Not a capacity row for bottleneck analysis: facilities have no
		// lead time or ceiling, only a price, which cost.budget covers.
		fcap[t] = lp.LE(c.EarthGW.X(t), c.Facilities.X(t))
		// GW × $/kW × 1e6 kW/GW / 1e9 = $B per GW × 1e-3.
		w.addCapex(CostFacility, t, c.FacilityNew.X(t).Scale(w.at("earth.facility_usd_per_kw", t)/1e3), 0, w.at("earth.plant_lifetime_years", t))
	}
	c.Inventory = w.rows("compute.inventory", inv)
	c.EarthFleet = w.rows("compute.earth_fleet", earth)
	c.FacilityStock = w.rows("compute.facility_stock", fstock)
	c.Facility = w.rows("compute.facility", fcap)
	if orbit {
		c.OrbitFleet = w.rows("compute.orbit_fleet", orb)
	}

	if w.Opt.Mode == MinCost {
		c.Shortfall = w.vars("compute.shortfall", lp.NonNeg())
		rows := make([]lp.Row, n)
		for t := 0; t < n; t++ {
			lhs := c.EarthGW.X(t).Plus(c.Shortfall.X(t))
			if orbit {
				lhs = lhs.Plus(c.OrbitGW.X(t))
			}
			rows[t] = lp.GE(lhs, lp.Const(w.targetAt("target.compute_gw", t)))
			// The penalty is per kW-year missed: the shortfall integrated
			// over the period (trapezoid from the end of the last one), so a
			// yearly plan is not charged a whole year at its year-end gap
			// against a target that rose through the year.
			pen := w.at("target.shortfall_usd_per_kw", t) * h.Step / 1e3
			short := c.Shortfall.X(t).Scale(pen / 2)
			if t > 0 {
				short = short.AddTerm(pen/2, c.Shortfall.At(t-1))
			}
			if t == n-1 {
				// The gap left at the end of the horizon is not closed by a
				// period that is not modelled: it counts for a year more.
				short = short.AddTerm(pen/h.Step, c.Shortfall.At(t))
			}
			w.addCost(CostPenalty, t, short)
		}
		c.Target = w.rows("compute.target", rows)
		c.buildTargetFLOPS(w)
	}
	return c
}

// buildTargetFLOPS adds compute.target_flops over the periods whose
// target.compute_flops is above zero.
func (c *Compute) buildTargetFLOPS(w *World) {
	var idx lp.Index
	var rows []lp.Row
	var periods []int
	for t, label := range w.index() {
		if w.targetAt("target.compute_flops", t) > 0 {
			idx = append(idx, label)
			periods = append(periods, t)
		}
	}
	if len(periods) == 0 {
		return
	}
	var err error
	if c.ShortfallFLOPS, err = w.Model.AddVars(w.scoped("compute.shortfall_eflops"), idx, lp.NonNeg()); err != nil {
		w.fail(err)
	}
	for i, t := range periods {
		rows = append(rows, lp.GE(c.TotalEFLOPS(t).Plus(c.ShortfallFLOPS.X(i)), lp.Const(w.targetAt("target.compute_flops", t)/1e18)))
		// kW per EFLOP/s of this period's accelerators, × $/kW-yr × Δ, in $B.
		kwPerEFLOPS := w.at("accelerator.it_kw", t) * 1e18 / w.at("accelerator.flops", t)
		w.addCost(CostPenalty, t, c.ShortfallFLOPS.X(i).Scale(kwPerEFLOPS*w.at("target.shortfall_usd_per_kw", t)*w.H.Step/1e9))
	}
	if c.TargetFLOPS, err = w.Model.AddConstraints(w.scoped("compute.target_flops"), idx, rows); err != nil {
		w.fail(err)
	}
}

// TotalEFLOPS is the expression for compute (Earth + orbit) in EFLOP/s in
// period t.
func (c *Compute) TotalEFLOPS(t int) lp.Expr {
	e := c.EarthEFLOPS[t]
	if c.OrbitEFLOPS != nil {
		e = e.Plus(c.OrbitEFLOPS[t])
	}
	return e
}

// Total is compute in period t in the given metric: GW or EFLOP/s.
func (c *Compute) Total(t int, m Metric) lp.Expr {
	if m == MetricFLOPS {
		return c.TotalEFLOPS(t)
	}
	return c.TotalGW(t)
}

// TotalGW is the expression for compute (Earth + orbit) in period t.
func (c *Compute) TotalGW(t int) lp.Expr {
	e := c.EarthGW.X(t)
	if c.OrbitGW != nil {
		e = e.Plus(c.OrbitGW.X(t))
	}
	return e
}
