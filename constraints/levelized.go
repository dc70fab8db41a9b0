package constraints

import "math"

// EarthMix is the share of each source in new Earth generation; shares are
// normalised, and an all-zero mix means turbines.
type EarthMix struct{ Grid, Turbines, Solar float64 }

// Levelized is a levelized cost in $ per kW-year with its components.
type Levelized struct {
	Total      float64            `json:"total"`
	Components map[string]float64 `json:"components"`
	// PerKWIT is the same cost per kW-year of AI IT power, the unit in
	// which sites compete for accelerators.
	PerKWIT float64 `json:"per_kw_it"`
	// PerPFLOPS is the same cost per PFLOP/s-year of compute, at the
	// accelerator.flops of the year the capacity is built: $/kW-year of
	// IT × accelerator.it_kw / PFLOP/s per accelerator.
	PerPFLOPS float64 `json:"per_pflops_year"`
}

// perPFLOPS fills l.PerPFLOPS for capacity built in year y.
func perPFLOPS(v Values, y float64, l Levelized) Levelized {
	if pf := v.At("accelerator.flops", y) / 1e15; pf > 0 {
		l.PerPFLOPS = l.PerKWIT * v.At("accelerator.it_kw", y) / pf
	}
	return l
}

// LevelizedEarth is the cost per kW-year of generation delivered to AI on
// Earth for capacity built in year y: capital and the lifetime's discounted
// operating cost, divided by the discounted kW-years delivered over the
// accelerators' life L:
//
//	LC = (capex + Σ_{k<L} opex·d(k)) / Σ_{k<L} d(k),  d(k) = (1 + r)^−k
//
// With r = 0 this is the plain sum over the lifetime divided by L × power.
// A kW of generation powers 1/earth.generation_kw_per_accelerator
// accelerators. Facilities, power plants and batteries outlive the
// accelerators; they are charged for L / earth.plant_lifetime_years of
// their cost. Fuel and grid electricity are paid on energy: the fleet
// draws earth.load_factor of its generation capacity on average; gas plants
// add their castings (capex) and fixed O&M (opex).
func LevelizedEarth(v Values, y float64, mix EarthMix) Levelized {
	at := func(k string) float64 { return v.At(k, y) }
	life := at("accelerator.lifetime_years")
	genKW, itKW := at("earth.generation_kw_per_accelerator"), at("accelerator.it_kw")
	accelPerKW := 1 / genKW
	share := math.Min(1, life/at("earth.plant_lifetime_years"))
	sum := mix.Grid + mix.Turbines + mix.Solar
	if sum <= 0 {
		mix, sum = EarthMix{Turbines: 1}, 1
	}
	g, tu, so := mix.Grid/sum, mix.Turbines/sum, mix.Solar/sum
	cf := at("solar.ground_capacity_factor")
	solarPlant := (at("solar.cell_usd_per_w_ground") + at("solar.bos_usd_per_w")) * 1e3 / cf
	c := map[string]float64{
		CostChips:    accelPerKW * at("accelerator.cost_usd"),
		CostFacility: accelPerKW * itKW * at("earth.facility_usd_per_kw") * share,
		CostPowerPlant: (g*at("grid.connection_usd_per_kw") + tu*(at("turbines.cost_usd_per_kw")+at("turbines.castings_usd_per_kw")) +
			so*solarPlant) * share,
		CostBatteries: so * at("solar.storage_hours") * at("solar.battery_usd_per_kwh") * share,
	}
	energyPerYear := 8.76*at("earth.load_factor")*(g*at("grid.usd_per_mwh")+tu*at("turbines.fuel_usd_per_mwh")) + // MWh/kW-yr × $/MWh
		tu*at("turbines.fixed_om_usd_per_kw_year")
	return perPFLOPS(v, y, levelize(v, y, life, 0, c, CostFuel, energyPerYear, genKW/itKW))
}

// LevelizedOrbit is the cost per kW-year of satellite power in orbit for
// capacity launched in year y, over space.lifetime_years, with the
// delivered power shrinking by space.attrition_per_year. A kW of satellite
// power weighs 1/space.specific_power_kw_per_t tonnes, carries
// space.array_oversize/space.capacity_factor kW of cells and powers
// space.it_fraction/(accelerator.it_kw·(1 + accelerator.server_overhead))
// accelerators, the same IT scope as on Earth. Launch is the price per kg
// plus the ship's amortisation: launch.ship_cost_usd over the payload it
// carries in its life (8,760/launch.turnaround_hours flights a year for
// cost.industrial_lifetime_years). No batteries, no fuel.
func LevelizedOrbit(v Values, y float64) Levelized {
	at := func(k string) float64 { return v.At(k, y) }
	itPerKW := at("space.it_fraction") / (1 + at("accelerator.server_overhead")) // kW of accelerators per kW of satellite power
	shipKg := 8760 / at("launch.turnaround_hours") * at("cost.industrial_lifetime_years") * at("launch.payload_t") * 1e3
	c := map[string]float64{
		CostLaunch: 1e3 / at("space.specific_power_kw_per_t") * (at("launch.cost_usd_per_kg") + at("launch.ship_cost_usd")/shipKg),
		CostCells: at("space.array_oversize") / (at("space.capacity_factor") * at("space.irradiance_ratio")) *
			at("solar.cell_usd_per_w_space") * 1e3,
		CostSatellite: at("space.hardware_usd_per_w") * 1e3,
		CostChips:     itPerKW / at("accelerator.it_kw") * at("accelerator.cost_usd"),
	}
	return perPFLOPS(v, y, levelize(v, y, at("space.lifetime_years"), at("space.attrition_per_year"), c, "", 0, 1/itPerKW))
}

// levelize divides capital plus discounted opex by discounted delivered
// kW-years over life years with attrition a.
func levelize(v Values, y, life, a float64, capex map[string]float64, opexName string, opex, powerPerIT float64) Levelized {
	r := v.At("cost.discount_rate", y)
	var delivered, opexSum float64
	whole := int(math.Floor(life))
	for k := 0; k <= whole; k++ {
		f := math.Min(1, life-float64(k)) // a fractional last year counts in part
		if f <= 0 {
			break
		}
		d := math.Pow(1+r, -float64(k))
		delivered += f * d * math.Pow(1-a, float64(k))
		opexSum += f * d * opex
	}
	out := Levelized{Components: map[string]float64{}}
	for k, c := range capex {
		out.Components[k] = c / delivered
	}
	if opexName != "" {
		out.Components[opexName] = opexSum / delivered
	}
	for _, c := range out.Components {
		out.Total += c
	}
	out.PerKWIT = out.Total * powerPerIT
	return out
}
