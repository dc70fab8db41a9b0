package constraints

import (
	"context"
	"math"
	"testing"

	"teraplan/lp"
)

// loose returns values in which every module is present but nothing
// binds by accident: capacities are huge, costs small and positive. Tests
// tighten the one thing they are about and compute the answer by hand.
func loose() Values {
	c := func(v float64) Trajectory { return Constant(v) }
	p := map[string]Trajectory{
		"horizon.start_year": c(2026), "horizon.end_year": c(2030), "horizon.step_years": c(1),
		"accelerator.it_kw": c(1), "accelerator.hbm_gb": c(100), "accelerator.lifetime_years": c(5),
		"accelerator.cost_usd": c(1000), "accelerator.flops": c(1e15), "compute.h100_flops": c(1e15),
		"target.compute_flops": c(0),
		"learning.launch_rate": c(0), "learning.launch_floor_usd_per_kg": c(0), "learning.launch_cumulative_initial": c(1),
		"learning.solar_rate": c(0), "learning.solar_floor_usd_per_w": c(0), "learning.solar_cumulative_initial": c(1),
		"learning.accelerator_rate": c(0), "learning.accelerator_floor_usd": c(0), "learning.accelerator_cumulative_initial": c(1),
		"learning.robot_rate": c(0), "learning.robot_floor_usd": c(0), "learning.robot_cumulative_initial": c(1),
		"learning.doublings": c(20), "learning.segments": c(10),
		"compute.initial_earth_gw": c(0), "compute.stranded_writeoff_per_year": c(0),
		"chips.accelerators_per_year_existing": c(1e4), "chips.take_or_pay_share": c(0),
		"chips.accelerators_per_wafer": c(10), "chips.edge_chips_per_wafer": c(100),
		"chips.memory_shortfall_usd_per_accelerator": c(1e6),
		"fabs.build_years":                           c(3), "fabs.yield_ramp_1": c(0.3), "fabs.yield_ramp_2": c(0.7), "fabs.yield_ramp_3": c(0.9),
		"fabs.wafers_per_year": c(1e6), "fabs.cost_usd": c(1e9), "fabs.labour_worker_years": c(0),
		"packaging.accelerators_per_year_existing": c(1e4), "packaging.line_accelerators_per_year": c(1),
		"packaging.line_build_years": c(1), "packaging.line_cost_usd": c(1e9), "packaging.labour_worker_years": c(0),
		"memory.dram_eb_per_year_existing": c(1e5), "memory.hbm_eb_per_year_existing": c(1e5),
		"memory.hbm_wafer_ratio": c(3), "memory.ddr_other_eb_per_year": c(0),
		"memory.fab_eb_per_year": c(1), "memory.fab_build_years": c(2), "memory.fab_cost_usd": c(1e9),
		"memory.fab_labour_worker_years": c(0), "memory.hbm_line_eb_per_year": c(1),
		"memory.hbm_line_build_years": c(1), "memory.hbm_line_cost_usd": c(1e9), "memory.hbm_line_labour_worker_years": c(0),
		"earth.generation_kw_per_accelerator": c(2), "earth.facility_usd_per_kw": c(1), "earth.plant_lifetime_years": c(20),
		"grid.new_gw_per_year": c(1e4), "grid.interconnect_lag_years": c(0), "grid.offpeak_headroom_gw": c(1e5),
		"grid.usd_per_mwh": c(1), "grid.connection_usd_per_kw": c(1),
		"turbines.castings_gw_per_year_market": c(0), "turbines.lag_years": c(1), "turbines.cost_usd_per_kw": c(1),
		"turbines.fuel_usd_per_mwh": c(1), "turbines.fuel_gw_max": c(1e6), "solar.permits_gw_per_year": c(1e6), "castings.line_gw_per_year": c(1), "castings.build_years": c(1),
		"castings.cost_usd": c(1e9), "castings.labour_worker_years": c(0),
		"solar.ground_capacity_factor": c(0.25), "solar.storage_hours": c(0), "solar.battery_usd_per_kwh": c(0),
		"solar.permit_lag_years": c(0), "solar.bos_usd_per_w": c(10), "solar.tariff_multiplier": c(1),
		"solar.cell_usd_per_w_ground": c(10), "solar.cell_usd_per_w_space": c(0.01),
		"solar.own_cells_gw_per_year_existing": c(1e5), "solar.imported_cells_gw_per_year_max": c(0),
		"solar.cell_line_gw_per_year": c(1), "solar.cell_line_build_years": c(1), "solar.cell_line_cost_usd": c(1e9),
		"solar.cell_line_labour_worker_years": c(0),
		"launch.payload_t":                    c(100), "launch.turnaround_hours": c(30), "launch.ships_initial": c(1e4),
		"launch.ships_per_year": c(0), "launch.ship_loss_rate": c(0), "launch.launches_per_pad_per_year": c(1e6),
		"launch.pads_initial": c(1e3), "launch.pad_build_years": c(1), "launch.pad_cost_usd": c(1e9),
		"launch.pad_labour_worker_years": c(0), "launch.propellant_t_per_launch": c(1),
		"launch.propellant_mt_per_year_initial": c(1e6), "launch.propellant_mt_per_year_max": c(1e6),
		"launch.propellant_plant_mt_per_year": c(1), "launch.propellant_plant_build_years": c(1),
		"launch.propellant_plant_cost_usd": c(1e9), "launch.propellant_plant_labour_worker_years": c(0),
		"launch.cost_usd_per_kg": c(1),
		"space.first_year":       c(2026), "space.specific_power_kw_per_t": c(100), "space.capacity_factor": c(1), "space.irradiance_ratio": c(1),
		"space.it_fraction": c(1), "space.array_oversize": c(1), "space.lifetime_years": c(5),
		"space.attrition_per_year": c(0), "space.hardware_usd_per_w": c(1),
		"lunar.first_year": c(2026), "lunar.mass_driver_mt_per_year": c(0), "lunar.earth_mass_share": c(1),
		"lunar.cost_usd_per_kg":   c(1),
		"robots.capacity_initial": c(0), "robots.version_ceiling": c(1e3), "robots.line_m_per_year": c(1),
		"robots.line_build_years": c(1), "robots.line_cost_usd": c(1e9), "robots.line_labour_worker_years": c(0),
		"robots.self_build_m_per_year_per_m": c(0), "robots.cost_usd": c(1), "robots.lifetime_years": c(8),
		"robots.ddr_gb": c(0), "robots.edge_kw": c(0), "robots.labour_factor": c(0),
		"labour.human_worker_years": c(1e9),
		"cost.discount_rate":        c(0), "target.compute_gw": c(0), "target.shortfall_usd_per_kw": c(1e6),
		"target.robots_m_per_year": c(0), "target.robot_shortfall_usd_per_robot": c(1e6), "budget.usd_per_year": c(0),
		// v2: capital, suppliers and accounting, all loose.
		"finance.borrowing_rate": c(0), "finance.debt_max_usd": c(0), "cost.industrial_lifetime_years": c(20),
		"accelerator.own_cost_usd": c(1000), "accelerator.server_overhead": c(0),
		"fabs.euv_per_fab": c(0), "euv.scanners_per_year": c(0), "memory.fab_euv_per_fab": c(0),
		"earth.load_factor": c(1), "grid.pipeline_gw": c(0),
		"turbines.gw_per_year_max": c(1e5), "turbines.fixed_om_usd_per_kw_year": c(0), "turbines.castings_usd_per_kw": c(0),
		"transformers.gw_per_year": c(1e6),
		"launch.ship_cost_usd":     c(0), "launch.licensed_launches_per_year": c(1e7),
		"launch.flights_initial_per_year": c(1e7), "launch.flights_growth_per_year": c(0),
		"space.manufacturing_mt_per_year_existing": c(1e6), "space.factory_mt_per_year": c(1), "space.factory_build_years": c(1),
		"space.factory_cost_usd": c(1e9), "space.factory_labour_worker_years": c(0),
		"robots.capacity_growth_per_year": c(100),
	}
	for _, k := range []string{"fabs.", "packaging.line_", "memory.fab_", "memory.hbm_line_", "castings.", "solar.cell_line_",
		"robots.line_", "launch.pad_", "launch.propellant_plant_", "space.factory_"} {
		p[k+"starts_initial_per_year"] = c(1e6)
		p[k+"starts_growth_per_year"] = c(0)
	}
	return Values{Params: p, Modules: map[string]bool{"lunar": false, "learning": false}}
}

// with returns a copy of v with the given parameters replaced.
func with(v Values, kv ...any) Values {
	out := Values{Params: map[string]Trajectory{}, Modules: map[string]bool{}}
	for k, t := range v.Params {
		out.Params[k] = t
	}
	for k, on := range v.Modules {
		out.Modules[k] = on
	}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		switch x := kv[i+1].(type) {
		case float64:
			out.Params[k] = Constant(x)
		case int:
			out.Params[k] = Constant(float64(x))
		case Trajectory:
			out.Params[k] = x
		case bool:
			out.Modules[k] = x
		default:
			panic("with: bad value")
		}
	}
	return out
}

func solve(t *testing.T, v Values, opt Options) (*World, *lp.Solution) {
	t.Helper()
	w, err := Build(v, opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	sol, err := w.Model.Solve(context.Background(), lp.Options{})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	return w, sol
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func TestLooseSolves(t *testing.T) {
	// Expansions are unlimited in loose values unless labour limits them,
	// so max-compute needs a workforce.
	v := with(loose(), "target.compute_gw", 10.0, "labour.human_worker_years", 1e4,
		"fabs.labour_worker_years", 1e3, "packaging.labour_worker_years", 1e3, "memory.fab_labour_worker_years", 1e3,
		"memory.hbm_line_labour_worker_years", 1e3, "castings.labour_worker_years", 1e3,
		"solar.cell_line_labour_worker_years", 1e3, "launch.pad_labour_worker_years", 1e3,
		"launch.propellant_plant_labour_worker_years", 1e3, "robots.line_labour_worker_years", 1e3)
	for _, mode := range []Mode{MinCost, MaxCompute} {
		w, sol := solve(t, v, Options{Mode: mode})
		if sol.Status != lp.Optimal {
			t.Fatalf("%v: status %v", mode, sol.Status)
		}
		t.Logf("%v: objective %v rows %d cols %d", mode, sol.Objective, w.Model.NumRows(), w.Model.NumCols())
	}
}
