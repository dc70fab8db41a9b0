package constraints

import "teraplan/lp"

// Launch is the Starship system that carries mass from Earth to orbit.
//
//	launch.ship_production[t]: B[t] ≤ launch.ships_per_year · Δ
//	launch.fleet[t]:           F[t] = (1 − loss·Δ)·F[t−1] + B[t],  F[−1] = launch.ships_initial
//	launch.turnaround[t]:      N[t] ≤ F[t] · 8760/launch.turnaround_hours · Δ
//	launch.pads[t]:            N[t] ≤ (pads_initial + pads online[t]) · launches_per_pad_per_year · Δ
//	launch.propellant[t]:      N[t] · propellant_t_per_launch ≤ propellant capacity[t] · Δ
//	launch.propellant_ceiling[t]: propellant capacity[t] ≤ launch.propellant_mt_per_year_max
//	launch.mass[t]:            mass to orbit[t] ≤ N[t] · launch.payload_t
//	launch.licences[t]:        N[t] ≤ launch.licensed_launches_per_year · Δ
//	launch.ramp[t]:            the flight-rate ramp from space.first_year (growth's
//	                           row over N, launch.flights_initial_per_year and _growth_per_year)
//
// N is launches (thousands in the LP), F ships, B ships built. Pads and
// propellant plants are expansions with lead times. Launch licences (the
// FAA's per-site caps, summed over sites) and the flight-rate ramp are the
// named limits on how fast launches can grow after space.first_year.
// Costs: ships at launch.ship_cost_usd each when built (the vehicle), and
// every launch at launch.cost_usd_per_kg × payload — operations,
// propellant and refurbishment, not the vehicle — so nothing is counted
// twice, the fleet is only as large as the plan needs, and a launch costs
// the same flown full or not. 30 ships on a 30-hour
// turnaround fly 8,760 times a year; 460 Mt/yr of propellant at 4,600 t per
// launch is 100,000 launches, 10 Mt, 1 TW/yr at 100 kW/t.
type Launch struct {
	ShipsBuilt, Fleet, Launches                  *lp.VarFamily
	Pads, Propellant                             *Expansion
	ShipProduction, FleetRow, Turnaround, PadRow *lp.ConFamily
	PropellantRow, PropellantCeiling, MassRow    *lp.ConFamily
	Licences, Ramp                               *lp.ConFamily
}

func buildLaunch(w *World) *Launch {
	n, dt := w.H.N(), w.H.Step
	l := &Launch{}
	l.ShipsBuilt = w.vars("launch.ships_built", lp.NonNeg())
	l.Fleet = w.vars("launch.fleet", lp.NonNeg())
	l.Launches = w.vars("launch.launches", lp.NonNeg())
	l.Pads = w.expansion("launch.pads", "", 1, "launch.pad_build_years",
		"launch.pad_cost_usd", "launch.pad_labour_worker_years", CostLaunchInfra, "launch.pad_")
	l.Propellant = w.expansion("launch.propellant_plants", "launch.propellant_plant_mt_per_year", 1,
		"launch.propellant_plant_build_years", "launch.propellant_plant_cost_usd",
		"launch.propellant_plant_labour_worker_years", CostLaunchInfra, "launch.propellant_plant_")
	ships, fleet, turn, pads, prop, ceil, mass := make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n),
		make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n), make([]lp.Row, n)
	licences := make([]lp.Row, n)
	shipLife := w.at("cost.industrial_lifetime_years", 0)
	for t := 0; t < n; t++ {
		ships[t] = w.capacity("launch.ship_production", t, l.ShipsBuilt.X(t), lp.Const(w.at("launch.ships_per_year", t)*dt))
		keep := 1 - w.at("launch.ship_loss_rate", t)*dt
		prev := lp.Const(w.at("launch.ships_initial", 0) * keep)
		if t > 0 {
			prev = l.Fleet.X(t - 1).Scale(keep)
		}
		fleet[t] = lp.EQ(l.Fleet.X(t), prev.Plus(l.ShipsBuilt.X(t)))
		turn[t] = w.capacity("launch.turnaround", t, l.Launches.X(t), l.Fleet.X(t).Scale(8760/w.at("launch.turnaround_hours", t)*dt/1e3))
		perPad := w.at("launch.launches_per_pad_per_year", t) * dt / 1e3
		pads[t] = w.capacity("launch.pads", t, l.Launches.X(t),
			l.Pads.Output(t, perPad).Plus(lp.Const(w.at("launch.pads_initial", 0)*perPad)))
		capacity := l.Propellant.Capacity.X(t).Plus(lp.Const(w.at("launch.propellant_mt_per_year_initial", 0)))
		prop[t] = w.capacity("launch.propellant", t, l.Launches.X(t).Scale(w.at("launch.propellant_t_per_launch", t)/1e3), capacity.Scale(dt))
		ceil[t] = w.capacity("launch.propellant_ceiling", t, capacity, lp.Const(w.at("launch.propellant_mt_per_year_max", t)))
		mass[t] = w.capacity("launch.mass", t, w.Shared.Mass[t], l.Launches.X(t).Scale(w.at("launch.payload_t", t)/1e3))
		licences[t] = w.capacity("launch.licences", t, l.Launches.X(t), lp.Const(w.at("launch.licensed_launches_per_year", t)*dt/1e3))
		// k launches × t × $/kg × 1e3 kg/t × 1e3 / 1e9 = $B per (t·$/kg) × 1e-3.
		w.addCost(CostLaunch, t, l.Launches.X(t).Scale(w.at("launch.payload_t", t)*w.at("launch.cost_usd_per_kg", t)/1e3))
		w.addCapex(CostShips, t, l.ShipsBuilt.X(t).Scale(w.at("launch.ship_cost_usd", t)/1e9), 0, shipLife)
	}
	l.ShipProduction = w.rows("launch.ship_production", ships)
	l.FleetRow = w.rows("launch.fleet", fleet)
	l.Turnaround = w.rows("launch.turnaround", turn)
	l.PadRow = w.rows("launch.pads", pads)
	l.PropellantRow = w.rows("launch.propellant", prop)
	l.PropellantCeiling = w.rows("launch.propellant_ceiling", ceil)
	l.MassRow = w.rows("launch.mass", mass)
	l.Licences = w.rows("launch.licences", licences)
	// The ramp starts in space.first_year: flights before it carry
	// nothing and build no cadence.
	l.Ramp = w.rampLimit("launch.ramp", l.Launches, "launch.flights_initial_per_year", "launch.flights_growth_per_year", 1e-3,
		w.at("space.first_year", 0))
	return l
}
