package constraints

import "testing"

// The interview's arithmetic, through the model: each test solves a small
// model whose one binding limit is the interview's figure.

// 10,000 launches of 100 t at 100 kW/t give 100 GW of orbital power.
func TestInterview10kLaunches100GW(t *testing.T) {
	// 10 pads × 1,000 launches = 10 thousand launches a year; 10 k × 100 t
	// = 1 Mt; × 100 kW/t = 100 GW.
	v := with(orbitOnly(), "launch.pads_initial", 10.0, "launch.launches_per_pad_per_year", 1000.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Launch.Launches, 10, 10, 10, 10, 10)
	expectVals(t, sol, w.Space.PowerNew, 100, 100, 100, 100, 100)
	binds(t, w, sol, w.Launch.PadRow, upto(5)...)
}

// 30 ships on a 30-hour turnaround fly about 8,760 launches a year.
func TestInterview30Ships(t *testing.T) {
	// 30 × 8760 / 30 = 8,760 = 8.76 thousand; 87.6 GW a year.
	v := with(orbitOnly(), "launch.ships_initial", 30.0, "launch.turnaround_hours", 30.0,
		"launch.ship_loss_rate", 0.0, "launch.ships_per_year", 0.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Launch.Launches, 8.76, 8.76, 8.76, 8.76, 8.76)
	expectVals(t, sol, w.Space.PowerNew, 87.6, 87.6, 87.6, 87.6, 87.6)
	binds(t, w, sol, w.Launch.Turnaround, upto(5)...)
}

// 330k accelerators at 3.0 kW of generation need about 1 GW.
func TestInterview330kNeed1GW(t *testing.T) {
	// 0.99 GW / 3.0 kW = 0.33 M accelerators; at 1.4 kW of IT, 0.462 GW.
	v := with(earthOnly(), "horizon.end_year", 2026.0, "earth.generation_kw_per_accelerator", 3.0,
		"accelerator.it_kw", 1.4, "grid.new_gw_per_year", 0.99)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Compute.InstallEarth, 0.33)
	expectVals(t, sol, w.Compute.EarthGW, 0.462)
	binds(t, w, sol, w.Power.Balance, 0)
}

// 1 TW of firm ground solar at a 0.25 capacity factor needs 4 TW of panels.
func TestInterview1TWSolarNeeds4TWPanels(t *testing.T) {
	// 4,000 GW of own cells at cf 0.25 make 1,000 firm GW; with 1 kW of
	// generation per 1 kW accelerator that is 1,000 GW of IT.
	v := with(earthOnly(), "horizon.end_year", 2026.0, "grid.new_gw_per_year", 0.0,
		"earth.generation_kw_per_accelerator", 1.0, "solar.ground_capacity_factor", 0.25,
		"solar.own_cells_gw_per_year_existing", 4000.0, "solar.bos_usd_per_w", 0.01, "solar.cell_usd_per_w_ground", 0.01)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Power.SolarNew, 1000)
	expectVals(t, sol, w.Solar.OwnGround, 4000)
	expect(t, "Shared.GroundCells", evalAll(sol, w.Shared.GroundCells), []float64{4000})
	expectVals(t, sol, w.Compute.EarthGW, 1000)
	binds(t, w, sol, w.Solar.OwnCapacity, 0)
}

// The propellant ceiling binds near 1 TW a year.
func TestInterviewPropellantCeiling1TW(t *testing.T) {
	// 460 Mt/yr / 4,600 t = 100,000 launches; × 100 t = 10 Mt; × 100 kW/t
	// = 1,000 GW a year. Plants of 10 Mt/yr, built at once, lift the
	// 100 Mt/yr start to the ceiling.
	v := with(orbitOnly(), "horizon.end_year", 2028.0, "launch.propellant_t_per_launch", 4600.0,
		"launch.propellant_mt_per_year_initial", 100.0, "launch.propellant_mt_per_year_max", 460.0,
		"launch.propellant_plant_mt_per_year", 10.0, "launch.propellant_plant_build_years", 0.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Launch.Propellant.Capacity, 360, 360, 360)
	expectVals(t, sol, w.Launch.Launches, 100, 100, 100)
	expect(t, "Shared.Mass", evalAll(sol, w.Shared.Mass), []float64{10, 10, 10})
	expectVals(t, sol, w.Space.PowerNew, 1000, 1000, 1000)
	binds(t, w, sol, w.Launch.PropellantCeiling, 0, 1, 2)
	binds(t, w, sol, w.Launch.PropellantRow, 0, 1, 2)
}
