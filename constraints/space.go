package constraints

import "teraplan/lp"

// Space is compute in orbit: satellites whose arrays power accelerators
// launched from Earth.
//
//	space.power[t]: it_kw·(1 + accelerator.server_overhead)·O[t] ≤ space.it_fraction · P[t]
//	space.mass[t]:  M[t] + L[t] ≥ P[t] / space.specific_power_kw_per_t
//	space.manufacturing[t]: M[t] ≤ (existing + factories online[t]) · Δ
//
// Orbit counts the same IT scope per accelerator as Earth: the servers'
// networking, CPUs and storage (accelerator.server_overhead, which Earth's
// earth.generation_kw_per_accelerator already includes) need satellite power
// too; space.it_fraction covers only what orbit adds (bus, comms, thermal
// control). Satellites are built before they fly: satellite manufacturing
// (space.manufacturing_mt_per_year_existing, expandable by factories with
// their own build time, cost, labour and start-rate limit) caps the mass
// launched from Earth each period.
//
// P is new orbital power (GW), zero before space.first_year; O the
// accelerators installed in orbit (M); M the mass launched from Earth (Mt),
// and L lunar-made mass (Mt, zero unless the lunar module is on). GW divided
// by kW/t is Mt: 10,000 launches of 100 t at 100 kW/t carry 100 GW. Cells:
// (P − spec·L) · space.array_oversize / (space.capacity_factor ·
// space.irradiance_ratio) GW of ground-rated cells from Earth;
// lunar mass brings its own. A cell rated 1 W on the ground gives
// space.irradiance_ratio W above the atmosphere (about 1.36: 1,361 W/m²
// against the 1,000 W/m² ratings assume), so space.capacity_factor ×
// irradiance_ratio / solar.ground_capacity_factor is the interview's "about
// 5×" per panel. Cost: space.hardware_usd_per_w per W of P.
type Space struct {
	PowerNew, Mass *lp.VarFamily
	Factories      *Expansion
	Power, MassRow *lp.ConFamily
	Manufacturing  *lp.ConFamily
}

func buildSpace(w *World) *Space {
	n := w.H.N()
	s := &Space{}
	s.PowerNew = w.vars("space.power_new", lp.NonNeg())
	s.Mass = w.vars("space.mass", lp.NonNeg())
	s.Factories = w.expansion("space.factories", "space.factory_mt_per_year", 1, "space.factory_build_years",
		"space.factory_cost_usd", "space.factory_labour_worker_years", CostFactories, "space.factory_")
	first := w.at("space.first_year", 0)
	var lunar *Lunar
	if w.V.Enabled("lunar") {
		lunar = buildLunar(w, s)
		w.Lunar = lunar
	}
	power := make([]lp.Row, n)
	mass := make([]lp.Row, n)
	made := make([]lp.Row, n)
	life := w.at("space.lifetime_years", 0)
	for t := 0; t < n; t++ {
		if w.H.Years[t] < first-1e-9 {
			w.bound(s.PowerNew, t, 0, 0)
		}
		inst := w.Shared.InstallOrbit[t]
		power[t] = w.capacity("space.power", t, inst.Scale(w.at("accelerator.it_kw", t)*(1+w.at("accelerator.server_overhead", t))),
			s.PowerNew.X(t).Scale(w.at("space.it_fraction", t)))
		spec := w.at("space.specific_power_kw_per_t", t)
		lhs := s.Mass.X(t)
		if lunar != nil {
			lhs = lhs.Plus(lunar.Mass.X(t))
		}
		mass[t] = lp.GE(lhs, s.PowerNew.X(t).Scale(1/spec))
		w.Shared.Mass[t] = w.Shared.Mass[t].Plus(s.Mass.X(t))
		cells := s.PowerNew.X(t)
		if lunar != nil {
			cells = cells.Minus(lunar.Mass.X(t).Scale(spec))
		}
		w.Shared.SpaceCells[t] = cells.Scale(w.at("space.array_oversize", t) /
			(w.at("space.capacity_factor", t) * w.at("space.irradiance_ratio", t)))
		made[t] = w.capacity("space.manufacturing", t, s.Mass.X(t), s.Factories.Output(t, w.H.Step).
			Plus(lp.Const(w.at("space.manufacturing_mt_per_year_existing", t)*w.H.Step)))
		w.addCapex(CostSatellite, t, s.PowerNew.X(t).Scale(w.at("space.hardware_usd_per_w", t)), 0, life)
	}
	s.Power = w.rows("space.power", power)
	s.MassRow = w.rows("space.mass", mass)
	s.Manufacturing = w.rows("space.manufacturing", made)
	return s
}
