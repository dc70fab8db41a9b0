package constraints

import (
	"testing"

	"teraplan/lp"
)

// earthOnly is the base of the power tests: no orbit, no robots, every
// expansion frozen, no turbine castings, no solar cells, a target far above
// what can be powered. Each accelerator draws 1 kW of IT and 2 kW of
// generation, so installs = generation / 2 and Earth GW = installs.
func earthOnly() Values {
	return with(frozen(loose()), "space", false, "launch", false, "robots", false,
		"solar.own_cells_gw_per_year_existing", 0.0, "target.compute_gw", 1000.0)
}

func TestPowerBinds(t *testing.T) {
	cases := []struct {
		name  string
		v     Values
		earth []float64 // Earth GW of IT, by hand
		check func(t *testing.T, w *World, sol *lp.Solution)
	}{
		{
			// 5 GW/yr of grid usable at once: 5, 10, … GW of generation,
			// so 2.5(t+1) GW of IT.
			name:  "grid",
			v:     with(earthOnly(), "grid.new_gw_per_year", 5.0),
			earth: []float64{2.5, 5, 7.5, 10, 12.5},
			check: func(t *testing.T, w *World, sol *lp.Solution) {
				expectVals(t, sol, w.Power.GridOnline, 5, 10, 15, 20, 25)
				binds(t, w, sol, w.Power.Grid, upto(5)...)
				binds(t, w, sol, w.Power.Balance, upto(5)...)
			},
		},
		{
			// No new supply: 10 GW of IT installed in 2026 (20 GW of
			// generation) frees 20·k/5 GW by year k as it retires, which
			// powers 2k GW of new IT: the fleet stays at 10 GW.
			name:  "start-year fleet frees its power",
			v:     with(earthOnly(), "grid.new_gw_per_year", 0.0, "compute.initial_earth_gw", 10.0),
			earth: []float64{10, 10, 10, 10, 10},
			check: func(t *testing.T, w *World, sol *lp.Solution) {
				expect(t, "Freed", w.Power.Freed, []float64{0, 4, 8, 12, 16})
				expectVals(t, sol, w.Compute.InstallEarth, 0, 2, 2, 2, 2)
				binds(t, w, sol, w.Power.Balance, upto(5)...)
			},
		},
		{
			// Castings arrive 1.5 years before their turbine: half of a
			// year's castings make turbines the next year, half the year
			// after. The market rate is 2 GW/yr in 2024, 3 in 2025, 4 from
			// 2026, so turbines added are (3+2)/2 = 2.5 and (4+3)/2 = 3.5
			// (castings bought before the horizon in part), then 4, 4, 4:
			// online 2.5, 6, 10, 14, 18 GW → IT half of that.
			name: "turbines wait for castings",
			v: with(earthOnly(), "grid.new_gw_per_year", 0.0, "turbines.lag_years", 1.5,
				"turbines.castings_gw_per_year_market", traj(2024, 2, 2026, 4)),
			earth: []float64{1.25, 3, 5, 7, 9},
			check: func(t *testing.T, w *World, sol *lp.Solution) {
				expectVals(t, sol, w.Power.TurbinesNew, 2.5, 3.5, 4, 4, 4)
				binds(t, w, sol, w.Power.Turbines, upto(5)...)
				binds(t, w, sol, w.Power.CastingsRow, 0, 1, 2)
			},
		},
		{
			// Castings for 10 GW/yr (1-year lag, bought the year before
			// the horizon too), but gas for only 15 GW of turbines:
			// added 10, 5, then none → IT 5, 7.5, 7.5, 7.5, 7.5.
			name: "turbine fuel",
			v: with(earthOnly(), "grid.new_gw_per_year", 0.0, "turbines.castings_gw_per_year_market", 10.0,
				"turbines.fuel_gw_max", 15.0),
			earth: []float64{5, 7.5, 7.5, 7.5, 7.5},
			check: func(t *testing.T, w *World, sol *lp.Solution) {
				expectVals(t, sol, w.Power.TurbinesOnline, 10, 15, 15, 15, 15)
				binds(t, w, sol, w.Power.Fuel, upto(5)[1:]...)
				binds(t, w, sol, w.Power.Turbines, 0)
			},
		},
		{
			// Cells for 1e5 GW/yr, permits for 1 firm GW a year.
			name: "solar permits",
			v: with(groundSolarOnly(), "solar.own_cells_gw_per_year_existing", 1e5,
				"solar.permits_gw_per_year", 1.0),
			earth: []float64{0.5, 1, 1.5, 2, 2.5},
			check: func(t *testing.T, w *World, sol *lp.Solution) {
				expectVals(t, sol, w.Power.SolarNew, 1, 1, 1, 1, 1)
				binds(t, w, sol, w.Power.SolarPermits, upto(5)...)
			},
		},
		{
			// Own casting lines: 1 line of 1 GW/yr started in 2026 (build
			// 1 yr) is online at the end of 2027 and casts half a year's
			// worth in 2027 (it lands during it), (0 + 1)/2 = 0.5 GW, then
			// 1 GW/yr; turbines 1 yr later. Market 0, so turbines added
			// 0, 0, 0.5, 1, 1 → online 0, 0, 0.5, 1.5, 2.5 → IT half of it:
			// 0, 0, .25, .75, 1.25.
			name: "own casting line",
			v: with(earthOnly(), "grid.new_gw_per_year", 0.0, "castings.build_years", 1.0,
				"castings.cost_usd", 1e9),
			earth: nil, // set by bounds below
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.earth == nil {
				w, err := Build(c.v, Options{})
				if err != nil {
					t.Fatal(err)
				}
				// Exactly one line, started in 2026.
				fix(t, w, w.Power.CastingLines.Starts, 1, 0, 0, 0, 0)
				sol := solveModel(t, w)
				expectVals(t, sol, w.Power.CastingLines.Capacity, 0, 1, 1, 1, 1)
				expectVals(t, sol, w.Power.TurbinesNew, 0, 0, 0.5, 1, 1)
				expectVals(t, sol, w.Compute.EarthGW, 0, 0, 0.25, 0.75, 1.25)
				binds(t, w, sol, w.Power.CastingsRow, 1, 2, 3)
				return
			}
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Compute.EarthGW, c.earth...)
			shortfall := make([]float64, len(c.earth))
			for i, e := range c.earth {
				shortfall[i] = 1000 - e
			}
			expectVals(t, sol, w.Compute.Shortfall, shortfall...)
			c.check(t, w, sol)
		})
	}
}

// TestPowerOffpeak: robots charge off-peak; their fleet's edge power may
// not exceed the headroom.
func TestPowerOffpeak(t *testing.T) {
	// 10 M robots/yr wanted and makeable, 0.1 kW each, 3 GW of headroom:
	// at most 30 M robots alive (8-year life), so 30 made in all.
	v := with(frozen(loose()), "space", false, "robots.capacity_initial", 10.0, "robots.edge_kw", 0.1,
		"grid.offpeak_headroom_gw", 3.0, "target.robots_m_per_year", 10.0)
	w, sol := solveOK(t, v, Options{})
	sum := 0.0
	for _, p := range sol.Values(w.Robots.Produced) {
		sum += p
	}
	if !near(sum, 30) {
		t.Errorf("robots made %v, want 30", sum)
	}
	binds(t, w, sol, w.Power.Offpeak, 4)
}

// TestRelaxScalesCapacity: Options.Relax scales the capacity side of one row.
func TestRelaxScalesCapacity(t *testing.T) {
	// Grid 2027 × 1.1: 5.5 GW instead of 5, so IT is 2.5, 5.25, 7.75, …
	v := with(earthOnly(), "grid.new_gw_per_year", 5.0)
	w, sol := solveOK(t, v, Options{Relax: map[RelaxKey]float64{{"power.grid", 2027}: 1.1}})
	expectVals(t, sol, w.Power.GridNew, 5, 5.5, 5, 5, 5)
	expectVals(t, sol, w.Compute.EarthGW, 2.5, 5.25, 7.75, 10.25, 12.75)
	if got := sol.Eval(w.Capacity["power.grid"][1]); !near(got, 5) {
		t.Errorf("recorded capacity of power.grid[2027] = %v, want the unscaled 5", got)
	}
}
