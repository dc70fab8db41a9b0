package constraints

import (
	"math"
	"testing"
)

// levelValues: hand-friendly figures for the levelized costs.
func levelValues(r, attrition float64) Values {
	return with(loose(), "cost.discount_rate", r, "space.attrition_per_year", attrition,
		// Earth: a $30,000 accelerator of 1 kW IT needing 2 kW of
		// generation, $10,000/kW of IT facility, 5-year life, 20-year plant.
		"accelerator.cost_usd", 30000.0, "accelerator.it_kw", 1.0, "earth.generation_kw_per_accelerator", 2.0,
		"earth.facility_usd_per_kw", 10000.0, "accelerator.lifetime_years", 5.0, "earth.plant_lifetime_years", 20.0,
		"turbines.cost_usd_per_kw", 800.0, "turbines.fuel_usd_per_mwh", 40.0,
		"grid.connection_usd_per_kw", 100.0, "grid.usd_per_mwh", 50.0,
		"solar.ground_capacity_factor", 0.25, "solar.cell_usd_per_w_ground", 0.3, "solar.bos_usd_per_w", 0.5,
		"solar.storage_hours", 14.0, "solar.battery_usd_per_kwh", 200.0,
		// Orbit: $100/kg at 100 kW/t, cells $0.2/W oversized 1.1, $3/W of
		// hardware, 90% of power for IT, 5-year life.
		"launch.cost_usd_per_kg", 100.0, "space.specific_power_kw_per_t", 100.0, "space.array_oversize", 1.1,
		"space.capacity_factor", 1.0, "space.irradiance_ratio", 1.0, "solar.cell_usd_per_w_space", 0.2,
		"space.hardware_usd_per_w", 3.0, "space.it_fraction", 0.9, "space.lifetime_years", 5.0)
}

func checkLevel(t *testing.T, name string, got Levelized, want map[string]float64, total, perIT float64) {
	t.Helper()
	for k, w := range want {
		if !near(got.Components[k], w) {
			t.Errorf("%s: %s = %.9g, want %.9g", name, k, got.Components[k], w)
		}
	}
	for k, g := range got.Components {
		if _, ok := want[k]; !ok && g != 0 {
			t.Errorf("%s: unexpected component %s = %v", name, k, g)
		}
	}
	if !near(got.Total, total) || !near(got.PerKWIT, perIT) {
		t.Errorf("%s: total %.9g per kW IT %.9g, want %.9g and %.9g", name, got.Total, got.PerKWIT, total, perIT)
	}
}

// TestLevelizedEarth: per kW of generation, a kW powers 1/2 accelerator;
// plants and facilities are charged 5/20 = 0.25 of their cost; energy is
// 8.76 MWh per kW-year. With r = 0 the capex is spread over 5 kW-years.
func TestLevelizedEarth(t *testing.T) {
	v := levelValues(0, 0)
	// Turbines: chips 15,000, facility 0.5 × 10,000 × 0.25 = 1,250,
	// plant 800 × 0.25 = 200, over 5 years: 3,000 + 250 + 40; fuel
	// 8.76 × 40 = 350.4. Total 3,640.4 per kW of generation, × 2 per kW IT.
	turb := map[string]float64{CostChips: 3000, CostFacility: 250, CostPowerPlant: 40, CostBatteries: 0, CostFuel: 350.4}
	checkLevel(t, "turbines", LevelizedEarth(v, 2030, EarthMix{Turbines: 1}), turb, 3640.4, 7280.8)
	checkLevel(t, "empty mix means turbines", LevelizedEarth(v, 2030, EarthMix{}), turb, 3640.4, 7280.8)

	// Half grid, half solar (shares normalised from 2:2): plant
	// 0.5 × 100 + 0.5 × (0.3 + 0.5) × 1000 / 0.25 = 50 + 1,600 = 1,650,
	// × 0.25 = 412.5 → 82.5 a year; batteries 0.5 × 14 × 200 × 0.25 = 350
	// → 70 a year; energy 0.5 × 8.76 × 50 = 219 a year.
	mixed := map[string]float64{CostChips: 3000, CostFacility: 250, CostPowerPlant: 82.5, CostBatteries: 70, CostFuel: 219}
	total := 3000 + 250 + 82.5 + 70 + 219.0
	checkLevel(t, "grid+solar", LevelizedEarth(v, 2030, EarthMix{Grid: 2, Solar: 2}), mixed, total, 2*total)

	// r = 8%: capex over the annuity Σ_{k<5} 1.08^−k = 4.312127…, while a
	// level opex stays 350.4 (discounted alike above and below).
	v = levelValues(0.08, 0)
	ann := 1 + 1/1.08 + 1/(1.08*1.08) + 1/math.Pow(1.08, 3) + 1/math.Pow(1.08, 4)
	if math.Abs(ann-4.312127) > 1e-6 {
		t.Fatalf("annuity %v", ann)
	}
	disc := map[string]float64{CostChips: 15000 / ann, CostFacility: 1250 / ann, CostPowerPlant: 200 / ann, CostFuel: 350.4}
	total = 16450/ann + 350.4
	checkLevel(t, "turbines at 8%", LevelizedEarth(v, 2030, EarthMix{Turbines: 1}), disc, total, 2*total)
}

// TestLevelizedOrbit: capex per kW of satellite power over its life.
func TestLevelizedOrbit(t *testing.T) {
	// Launch 10 kg/kW × $100 = 1,000; cells 1.1 × 0.2 × 1000 = 220;
	// hardware 3,000; chips 0.9 accelerators × $30,000 = 27,000.
	capex := map[string]float64{CostLaunch: 1000, CostCells: 220, CostSatellite: 3000, CostChips: 27000}
	sum := 31220.0
	per := func(d float64) map[string]float64 {
		out := map[string]float64{}
		for k, c := range capex {
			out[k] = c / d
		}
		return out
	}
	// r = 0, no attrition: 5 kW-years delivered.
	checkLevel(t, "plain", LevelizedOrbit(levelValues(0, 0), 2030), per(5), sum/5, sum/5/0.9)
	// 10%/yr attrition: 1 + .9 + .81 + .729 + .6561 = 4.0951 kW-years.
	checkLevel(t, "attrition", LevelizedOrbit(levelValues(0, 0.1), 2030), per(4.0951), sum/4.0951, sum/4.0951/0.9)
	// r = 8% and attrition 10%: Σ_{k<5} (0.9/1.08)^k = (1 − (5/6)^5)/(1/6).
	d := (1 - math.Pow(5.0/6, 5)) * 6
	checkLevel(t, "discounted", LevelizedOrbit(levelValues(0.08, 0.1), 2030), per(d), sum/d, sum/d/0.9)
}

// TestLevelizedFractionalLife: a fractional last year counts in part.
func TestLevelizedFractionalLife(t *testing.T) {
	// 2.5-year life, r = 0: 2.5 kW-years; r = 10%: 1 + 1/1.1 + 0.5/1.21.
	v := with(levelValues(0, 0), "space.lifetime_years", 2.5)
	if got := LevelizedOrbit(v, 2030).Total; !near(got, 31220/2.5) {
		t.Errorf("r=0: %v, want %v", got, 31220/2.5)
	}
	v = with(v, "cost.discount_rate", 0.1)
	d := 1 + 1/1.1 + 0.5/1.21
	if got := LevelizedOrbit(v, 2030).Total; !near(got, 31220/d) {
		t.Errorf("r=10%%: %v, want %v", got, 31220/d)
	}
}
