package constraints

import (
	"math"

	"teraplan/lp"
)

// Power is electricity for AI on Earth: the generation the fleet installed
// since the start needs, against three sources of new supply.
//
//	power.balance[t]:  Σ_{τ alive} gen_kw(τ)·E[τ] ≤ freed[t] + grid[t] + turbines[t] + solar[t]
//	power.grid[t]:     grid_new[t] ≤ grid.new_gw_per_year · Δ         (usable lag periods later)
//	power.castings[t]: castings[t] ≤ (market(t) + own lines online[t]) · Δ
//	power.turbines[t]: turbines_new[t] ≤ (1−f)·castings[t − k] + f·castings[t − k − 1]
//	power.offpeak[t]:  edge GW ≤ grid.offpeak_headroom_gw
//	power.fuel[t]:     turbines online[t] ≤ turbines.fuel_gw_max
//	power.solar_permits[t]: solar_new[t] ≤ solar.permits_gw_per_year · Δ
//	power.turbine_supply[t]: turbines_new[t] ≤ turbines.gw_per_year_max · Δ
//	power.transformers[t]:   grid_new[t] + turbines_new[t] + solar_new[t] ≤ transformers.gw_per_year · Δ
//	power.energy[t]:         eg[t] + et[t] + solar[t] ≥ earth.load_factor · generation needed[t]
//	power.grid_energy[t]:    eg[t] ≤ grid[t] + freed[t];   power.turbine_energy[t]: et[t] ≤ turbines[t]
//
// The start year's fleet is already powered: its generation,
// compute.initial_earth_gw / it_kw × generation_kw_per_accelerator, is freed
// for new accelerators as that fleet retires (freed[t]). turbines.lag_years
// is k + f periods, split pro rata (see Lead); castings bought before the
// horizon arrive at the market rate of their year. Grid connections and
// ground solar come online their lag later, split the same way. Ground solar adds firm power
// solar.permit_lag_years after it is started; a firm GW needs
// 1/solar.ground_capacity_factor GW of panels (cells, shared with the solar
// module) and solar.storage_hours of batteries. Costs: grid connection and
// electricity, turbine capex and fuel, panels' balance of system and
// batteries.
//
// Named suppliers: whole gas turbines from the OEMs (power.turbine_supply;
// castings made in-house relieve the castings, not the OEMs' assembly), and
// large power transformers for every new grid connection and plant
// (power.transformers, deliveries per year; their 2–4 year lead times are
// in the delivery trajectory). Castings cost turbines.castings_usd_per_kw
// when cast, so the plan buys only those its turbines use.
//
// Energy: fuel and grid electricity are paid on energy generated, not on
// capacity × 8,760 h: the fleet draws earth.load_factor of the generation
// capacity it needs (that capacity covers peak cooling and a maintenance
// reserve), served by ground solar first (no fuel), then grid (including
// the generation freed by the retiring start-year fleet) at
// grid.usd_per_mwh and turbines at turbines.fuel_usd_per_mwh. Gas plants
// carry all-in capex (turbines.cost_usd_per_kw) and fixed O&M
// (turbines.fixed_om_usd_per_kw_year). Grid connections in the
// interconnection pipeline at the start (grid.pipeline_gw) are usable from
// the first period, as castings bought before the horizon are. Plants,
// connections, panels and batteries are credited at their salvage value at
// the end of the horizon over earth.plant_lifetime_years.
//
// power.fuel and power.solar_permits go beyond MODEL.md: without them,
// in-house casting lines and cell lines would let Earth generation grow
// without bound, while the interview's point is that Earth cannot scale to
// terawatts — gas supply and land permits are where it stops.
type Power struct {
	GridNew, GridOnline, Castings, TurbinesNew, TurbinesOnline *lp.VarFamily
	SolarNew, SolarOnline, GridEnergy, TurbineEnergy           *lp.VarFamily
	TurbineSupply, Transformers, Energy, GridEnergyRow         *lp.ConFamily
	TurbineEnergyRow                                           *lp.ConFamily
	CastingLines                                               *Expansion
	Balance, Grid, GridStock, CastingsRow, Turbines            *lp.ConFamily
	TurbineStock, SolarStock, Offpeak, Fuel, SolarPermits      *lp.ConFamily
	// Freed is the generation freed by the start year's retiring fleet (GW).
	Freed []float64
	// Existing is the generation that powered the start year's fleet (GW):
	// it stays, and serves new accelerators as that fleet retires (Freed).
	Existing float64
}

func buildPower(w *World) *Power {
	h, n, dt := w.H, w.H.N(), w.H.Step
	p := &Power{}
	p.GridNew = w.vars("power.grid_new", lp.NonNeg())
	p.GridOnline = w.vars("power.grid_online", lp.NonNeg())
	p.Castings = w.vars("power.castings", lp.NonNeg())
	p.TurbinesNew = w.vars("power.turbines_new", lp.NonNeg())
	p.TurbinesOnline = w.vars("power.turbines_online", lp.NonNeg())
	p.SolarNew = w.vars("power.solar_new", lp.NonNeg())
	p.SolarOnline = w.vars("power.solar_online", lp.NonNeg())
	p.GridEnergy = w.vars("power.grid_energy_gw", lp.NonNeg())
	p.TurbineEnergy = w.vars("power.turbine_energy_gw", lp.NonNeg())
	p.CastingLines = w.expansion("power.casting_lines", "castings.line_gw_per_year", 1, "castings.build_years",
		"castings.cost_usd", "castings.labour_worker_years", CostCastings, "castings.")

	base := w.at("compute.initial_earth_gw", 0) / w.at("accelerator.it_kw", 0) *
		w.at("earth.generation_kw_per_accelerator", 0)
	life := w.at("accelerator.lifetime_years", 0)
	p.Freed = make([]float64, n)
	p.Existing = base
	bal, grid, gstock, cast, turb, tstock, sstock, off, fuel, permits :=
		make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n),
		make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	supply, xf, energy, egRow, etRow := make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	hoursPerPeriod := 8760 * dt
	plantLife := w.at("earth.plant_lifetime_years", 0)
	gridLanding, solarLanding := w.landing("grid.interconnect_lag_years"), w.landing("solar.permit_lag_years")
	for t := 0; t < n; t++ {
		y := h.Years[t]
		p.Freed[t] = base * math.Min(1, (y-h.Start())/life)
		bal[t] = w.capacity("power.balance", t, w.Shared.EarthGen[t], lp.Sum(p.GridOnline.X(t), p.TurbinesOnline.X(t),
			p.SolarOnline.X(t), lp.Const(p.Freed[t])))

		// Grid: connections granted now are usable after the interconnect study.
		grid[t] = w.capacity("power.grid", t, p.GridNew.X(t), lp.Const(w.at("grid.new_gw_per_year", t)*dt))
		gridRHS := stockRHS(p.GridOnline, p.GridNew, t, gridLanding)
		if t == 0 {
			gridRHS = gridRHS.Plus(lp.Const(w.at("grid.pipeline_gw", 0)))
		}
		gstock[t] = lp.EQ(p.GridOnline.X(t), gridRHS)

		// Turbines wait for blades and vanes cast lag years earlier.
		cast[t] = w.capacity("power.castings", t, p.Castings.X(t), p.CastingLines.Output(t, dt).
			Plus(lp.Const(w.at("turbines.castings_gw_per_year_market", t)*dt)))
		// With a lag of k + f periods, turbines generating in t use castings
		// bought in t − k (share 1 − f) and t − k − 1 (share f); castings
		// bought before the horizon arrive at the market rate of their year.
		lag := h.Lag(w.at("turbines.lag_years", t))
		castings := lp.Expr{}
		for j := lag.Whole; j <= lag.Last(); j++ {
			share := lag.Lands(j)
			if share == 0 {
				continue
			}
			if s := t - j; s >= 0 {
				castings = castings.AddTerm(share, p.Castings.At(s))
			} else {
				castings = castings.Plus(lp.Const(share * w.atYear("turbines.castings_gw_per_year_market", y-float64(j)*dt) * dt))
			}
		}
		turb[t] = w.capacity("power.turbines", t, p.TurbinesNew.X(t), castings)
		prev := lp.Expr{}
		if t > 0 {
			prev = p.TurbinesOnline.X(t - 1)
		}
		tstock[t] = lp.EQ(p.TurbinesOnline.X(t), prev.Plus(p.TurbinesNew.X(t)))
		fuel[t] = w.capacity("power.fuel", t, p.TurbinesOnline.X(t), lp.Const(w.at("turbines.fuel_gw_max", t)))
		permits[t] = w.capacity("power.solar_permits", t, p.SolarNew.X(t), lp.Const(w.at("solar.permits_gw_per_year", t)*dt))
		supply[t] = w.capacity("power.turbine_supply", t, p.TurbinesNew.X(t), lp.Const(w.at("turbines.gw_per_year_max", t)*dt))
		xf[t] = w.capacity("power.transformers", t, lp.Sum(p.GridNew.X(t), p.TurbinesNew.X(t), p.SolarNew.X(t)),
			lp.Const(w.at("transformers.gw_per_year", t)*dt))
		egRow[t] = lp.LE(p.GridEnergy.X(t), p.GridOnline.X(t).Plus(lp.Const(p.Freed[t])))
		etRow[t] = lp.LE(p.TurbineEnergy.X(t), p.TurbinesOnline.X(t))
		energy[t] = lp.GE(lp.Sum(p.GridEnergy.X(t), p.TurbineEnergy.X(t), p.SolarOnline.X(t)),
			w.Shared.EarthGen[t].Scale(w.at("earth.load_factor", t)))
		w.addCost(CostCastings, t, p.Castings.X(t).Scale(w.at("turbines.castings_usd_per_kw", t)/1e3))

		// Ground solar: firm GW usable after permits; panels and batteries.
		sstock[t] = lp.EQ(p.SolarOnline.X(t), stockRHS(p.SolarOnline, p.SolarNew, t, solarLanding))
		cf := w.at("solar.ground_capacity_factor", t)
		panels := p.SolarNew.X(t).Scale(1 / cf)
		w.Shared.GroundCells[t] = w.Shared.GroundCells[t].Plus(panels)
		solarLag := w.at("solar.permit_lag_years", t)
		w.addCapex(CostSolarBOS, t, panels.Scale(w.at("solar.bos_usd_per_w", t)), solarLag, plantLife)
		w.addCapex(CostBatteries, t, p.SolarNew.X(t).Scale(w.at("solar.storage_hours", t)*w.at("solar.battery_usd_per_kwh", t)/1e3),
			solarLag, plantLife)

		off[t] = w.capacity("power.offpeak", t, w.Shared.EdgeGW[t], lp.Const(w.at("grid.offpeak_headroom_gw", t)))

		w.addCapex(CostPowerPlant, t, p.GridNew.X(t).Scale(w.at("grid.connection_usd_per_kw", t)/1e3),
			w.at("grid.interconnect_lag_years", t), plantLife)
		w.addCapex(CostPowerPlant, t, p.TurbinesNew.X(t).Scale(w.at("turbines.cost_usd_per_kw", t)/1e3), 0, plantLife)
		// GW × $/kW/yr × Δ yr × 1e6 kW/GW / 1e9 = $B.
		w.addCost(CostPowerPlant, t, p.TurbinesOnline.X(t).Scale(w.at("turbines.fixed_om_usd_per_kw_year", t)*dt/1e3))
		// GW × h = GWh; × $/MWh × 1e3 MWh/GWh / 1e9 = $B.
		w.addCost(CostFuel, t, p.GridEnergy.X(t).Scale(hoursPerPeriod*w.at("grid.usd_per_mwh", t)/1e6).
			Plus(p.TurbineEnergy.X(t).Scale(hoursPerPeriod*w.at("turbines.fuel_usd_per_mwh", t)/1e6)))
	}
	p.Balance = w.rows("power.balance", bal)
	p.Grid = w.rows("power.grid", grid)
	p.GridStock = w.rows("power.grid_stock", gstock)
	p.CastingsRow = w.rows("power.castings", cast)
	p.Turbines = w.rows("power.turbines", turb)
	p.TurbineStock = w.rows("power.turbine_stock", tstock)
	p.SolarStock = w.rows("power.solar_stock", sstock)
	p.Fuel = w.rows("power.fuel", fuel)
	p.SolarPermits = w.rows("power.solar_permits", permits)
	p.TurbineSupply = w.rows("power.turbine_supply", supply)
	p.Transformers = w.rows("power.transformers", xf)
	p.GridEnergyRow = w.rows("power.grid_energy", egRow)
	p.TurbineEnergyRow = w.rows("power.turbine_energy", etRow)
	p.Energy = w.rows("power.energy", energy)
	if w.V.Enabled("robots") {
		p.Offpeak = w.rows("power.offpeak", off)
	}
	return p
}

// stockRHS is stock[t−1] + the flows landing in t: what is online at the
// end of period t when each addition takes lag years, split pro rata
// between two periods when that is a fractional number of periods.
// landing comes from w.landing.
func stockRHS(stock, flow *lp.VarFamily, t int, landing [][]Landed) lp.Expr {
	e := lp.Expr{}
	if t > 0 {
		e = stock.X(t - 1)
	}
	for _, l := range landing[t] {
		e = e.AddTerm(l.Share, flow.At(l.Start))
	}
	return e
}
