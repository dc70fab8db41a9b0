package constraints

import (
	"math"
	"testing"
)

// limitVolume is the integral over years [k, k+1] of the fastest start
// rate the growth limit allows from zero at year 0, R(τ) = (I/g)·((1+g)^τ
// − 1) (the solution of R' = ln(1+g)·(R + I/g), R(0) = 0, which steps
// R ≤ (1+g)·R + I from one year end to the next):
//
//	∫ₖ^{k+1} R dτ = (I/g)·((1+g)^k · g/ln(1+g) − 1).
func limitVolume(i, g float64, k int) float64 {
	return i / g * (math.Pow(1+g, float64(k))*g/math.Log1p(g) - 1)
}

// TestGrowthLimit: robot lines wanted without limit (a huge robot target)
// start as fast as the start-rate limit allows. The rate at the end of
// each year obeys R ≤ (1+g)·R[t−1] + I with I = 2 lines/yr and g = 50%:
// 2, 5, 9.5, 16.25. A year's starts are that rate integrated over it
// (limitVolume): 4·(1.5^k/(2 ln 1.5) − 1) = 0.932607, 3.398910, 7.098366,
// 12.647548, fewer than the year-end rates because the rate rises through
// the year; none in 2030 (a line started then would land after the
// horizon).
func TestGrowthLimit(t *testing.T) {
	v := with(only(loose(), "robots"), "target.robots_m_per_year", 1e4,
		"robots.line_starts_initial_per_year", 2.0, "robots.line_starts_growth_per_year", 0.5)
	w, sol := solveOK(t, v, Options{})
	want := series(5, func(k int) float64 { return limitVolume(2, 0.5, k) })
	want[4] = 0
	expectVals(t, sol, w.Robots.Lines.Starts, want...)
	if !closeTo(want[0], 0.932607, 1e-6) || !closeTo(want[3], 12.647548, 1e-6) {
		t.Fatalf("limitVolume disagrees with the hand values: %v", want)
	}
	rate := w.rampRates("robots.line_starts_initial_per_year", "robots.line_starts_growth_per_year", 1, math.Inf(-1))
	expect(t, "robots.lines start rate", rate[:4], []float64{2, 5, 9.5, 16.25})
	// Each year's limit is its integrated rate, 2030's too, which nothing
	// can use.
	expect(t, "robots.lines_growth limits", evalAll(sol, w.Capacity["robots.lines_growth"]),
		series(5, func(k int) float64 { return limitVolume(2, 0.5, k) }))
	binds(t, w, sol, w.Robots.Lines.Growth, 0, 1, 2, 3)
}

// TestGrowthLimitQuarterly: the same limit on quarterly periods composes
// into the yearly one. The rate R = 1.5^¼·R[t−1] + I·(1.5^¼ − 1)/0.5
// steps four times a year to R = 1.5·R + I, so the rate at the end of the
// first year is exactly I = 2/yr, 1.5·2 + 2 = 5/yr at the end of the
// second, 9.5 at the third, as yearly; and each quarter's starts are the
// limiting rate integrated exactly over it, so a year's four quarters start
// as many lines as the yearly period does (limitVolume).
func TestGrowthLimitQuarterly(t *testing.T) {
	v := with(only(loose(), "robots"), "target.robots_m_per_year", 1e4, "horizon.step_years", 0.25,
		"robots.line_starts_initial_per_year", 2.0, "robots.line_starts_growth_per_year", 0.5)
	w, sol := solveOK(t, v, Options{})
	rate := w.rampRates("robots.line_starts_initial_per_year", "robots.line_starts_growth_per_year", 1, math.Inf(-1))
	starts := sol.Values(w.Robots.Lines.Starts)
	for _, c := range []struct {
		quarter int
		rate    float64
	}{{3, 2}, {7, 5}, {11, 9.5}} {
		if got := rate[c.quarter]; math.Abs(got-c.rate) > 1e-6 {
			t.Errorf("rate at the end of quarter %d = %.9g lines/yr, want %v", c.quarter, got, c.rate)
		}
	}
	for y := 0; y < 4; y++ {
		got := starts[4*y] + starts[4*y+1] + starts[4*y+2] + starts[4*y+3]
		if want := limitVolume(2, 0.5, y); math.Abs(got-want) > 1e-6 {
			t.Errorf("starts in %d = %.9g lines, want %.9g as on yearly periods", 2026+y, got, want)
		}
	}
	binds(t, w, sol, w.Robots.Lines.Growth, upto(16)...)
}

// TestEUVLimitsFabs: fabs take their scanners from ASML's output. With 10
// scanners a year and 5 a fab, at most 2 fabs start a year; fabs started in
// 2026 and 2027 produce in 2029 (ramp 0.3) and 2030 (0.7, 0.3): 10 M
// accelerators per fab-year at full yield (1e6 wafers × 10), 1 kW each.
// Compute in 2030 is the 2029 and 2030 vintages: 2·0.3·10 + (2·0.7 +
// 2·0.3)·10 = 6 + 20 = 26 GW.
func TestEUVLimitsFabs(t *testing.T) {
	v := with(only(loose(), "chips"), "chips.accelerators_per_year_existing", 0.0,
		"euv.scanners_per_year", 10.0, "fabs.euv_per_fab", 5.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Chips.FabStarts, 2, 2, 0, 0, 0)
	binds(t, w, sol, w.Chips.EUV, 0, 1)
	expectVals(t, sol, w.Compute.EarthGW, 0, 0, 0, 6, 26)
}

// orbitWorld leaves orbit as the only outlet for compute: Earth has no new
// power, chips and the rest are free; a launch carries 100 t at 100 kW/t
// (10 MW), all of it for accelerators.
func orbitWorld(kv ...any) Values {
	return noEarthPower(with(only(loose(), "power", "launch", "space"), kv...))
}

// TestLaunchLicences: 1,000 licensed launches a year carry 10 GW of
// orbital power a year; with no attrition and a 5-year life 2030 has 50 GW.
func TestLaunchLicences(t *testing.T) {
	w, sol := solveOK(t, orbitWorld("launch.licensed_launches_per_year", 1000.0), Options{Mode: MaxCompute})
	expectVals(t, sol, w.Launch.Launches, 1, 1, 1, 1, 1) // thousands
	binds(t, w, sol, w.Launch.Licences, upto(5)...)
	expectVals(t, sol, w.Compute.OrbitGW, 10, 20, 30, 40, 50)
}

// TestLaunchRamp: the flight rate from space.first_year (2026 here) grows at
// most ×2 a year plus 200: 200, 600, 1,400, 3,000, 6,200 launches a year at
// the ends of 2026-2030. A year flies that rate integrated over it
// (limitVolume with I = 200, g = 1): 200·(2^k/ln 2 − 1) = 88.539, 377.078,
// 954.156, 2,108.312, 4,416.624 launches; at 10 MW a launch (5-year life)
// orbit has their sum, 7,944.709 × 10 MW = 79.447 GW, in 2030.
func TestLaunchRamp(t *testing.T) {
	w, sol := solveOK(t, orbitWorld("launch.flights_initial_per_year", 200.0, "launch.flights_growth_per_year", 1.0),
		Options{Mode: MaxCompute})
	launches := series(5, func(k int) float64 { return limitVolume(200, 1, k) / 1e3 }) // thousands
	if !closeTo(launches[0], 0.088539, 1e-6) || !closeTo(launches[4], 4.416624, 1e-6) {
		t.Fatalf("limitVolume disagrees with the hand values: %v", launches)
	}
	expectVals(t, sol, w.Launch.Launches, launches...)
	expect(t, "launch flight rate", w.rampRates("launch.flights_initial_per_year", "launch.flights_growth_per_year", 1e-3, 2026),
		[]float64{0.2, 0.6, 1.4, 3, 6.2})
	binds(t, w, sol, w.Launch.Ramp, upto(5)...)
	orbit, sum := make([]float64, 5), 0.0
	for k, l := range launches {
		sum += l
		orbit[k] = 10 * sum
	}
	if !closeTo(orbit[4], 79.44709, 1e-5) {
		t.Fatalf("orbit in 2030 = %v GW, want 79.44709 by hand", orbit[4])
	}
	expectVals(t, sol, w.Compute.OrbitGW, orbit...)
}

// TestSatelliteManufacturing: 0.05 Mt/yr of satellites (factories frozen)
// is 5 GW of orbital power a year at 100 kW/t.
func TestSatelliteManufacturing(t *testing.T) {
	v := orbitWorld("space.manufacturing_mt_per_year_existing", 0.05, "space.factory_build_years", 20.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	binds(t, w, sol, w.Space.Manufacturing, upto(5)...)
	expectVals(t, sol, w.Compute.OrbitGW, 5, 10, 15, 20, 25)
}

// TestLaunchRampPerYear: each year's ramp row is a capacity of its own.
// In TestLaunchRamp's world a thousand launches in year k add 10 GW to
// every year's orbit from k to 2030, and max-compute 2030 also counts each
// earlier year's compute at 10⁻³/4 (Cost), so the row's shadow price is
// 10·(1 + 10⁻³·(4 − k)/4) GW per thousand launches (less the launches'
// cost, priced at 10⁻⁶ of it). +10% on 2028's row alone flies 10% more of
// 2028's 954.156 launches and nothing else: 2030 gains 10 × 0.0954156 =
// 0.954156 GW, exactly.
func TestLaunchRampPerYear(t *testing.T) {
	v := orbitWorld("launch.flights_initial_per_year", 200.0, "launch.flights_growth_per_year", 1.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	prices := sol.ShadowPrices(w.Launch.Ramp)
	for k, y := range prices {
		want := 10 * (1 + 1e-3*float64(4-k)/4)
		if math.Abs(y-want) > 1e-4*want {
			t.Errorf("launch.ramp[%d] shadow price %.9g GW per thousand launches, want %.9g", 2026+k, y, want)
		}
	}
	base := sol.Values(w.Compute.OrbitGW)[4]
	wr, solr := solveOK(t, v, Options{Mode: MaxCompute, Relax: map[RelaxKey]float64{{Family: "launch.ramp", Year: 2028}: 1.1}})
	launches := sol.Values(w.Launch.Launches)
	launches[2] *= 1.1
	expect(t, "launches with 2028's ramp +10%", solr.Values(wr.Launch.Launches), launches)
	if gain := solr.Values(wr.Compute.OrbitGW)[4] - base; math.Abs(gain-10*0.1*limitVolume(200, 1, 2)/1e3) > 1e-6 {
		t.Errorf("+10%% on launch.ramp[2028] adds %.9g GW in 2030, want %.9g", gain, 10*0.1*limitVolume(200, 1, 2)/1e3)
	}
}

// TestServerOverheadInOrbit: the servers around each accelerator need
// satellite power in orbit as on Earth: with 35% overhead a 10 MW launch
// carries 10/1.35 MW of accelerators.
func TestServerOverheadInOrbit(t *testing.T) {
	v := orbitWorld("launch.licensed_launches_per_year", 1000.0, "accelerator.server_overhead", 0.35)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute})
	expectVals(t, sol, w.Compute.OrbitGW, series(5, func(t int) float64 { return 10 * float64(t+1) / 1.35 })...)
}

// TestShipsPriced: with ships priced the fleet is exactly what the plan
// flies. A 10 GW target met from orbit alone in 2026 is 0.1 Mt: 1,000
// launches; a ship flies 8,760/30 = 292 times a year, so 1,000/292 ships
// at $1B each, and none later (a 5-year life, a flat target).
func TestShipsPriced(t *testing.T) {
	v := orbitWorld("target.compute_gw", 10.0, "launch.ships_initial", 0.0, "launch.ships_per_year", 1e4,
		"launch.ship_cost_usd", 1e9)
	w, sol := solveOK(t, v, Options{})
	ships := 1000 / (8760.0 / 30)
	expectVals(t, sol, w.Launch.ShipsBuilt, ships, 0, 0, 0, 0)
	expectVals(t, sol, w.Launch.Launches, 1, 0, 0, 0, 0)
	if got := sol.Eval(w.Cost.Components[CostShips][0]); !near(got, ships) {
		t.Errorf("launch vehicles in 2026 cost $%.9gB, want $%.9gB", got, ships)
	}
}

// TestRobotRamp: capacity grows at most ×4 a year from 10k/yr, whatever
// lines are built: 10k in 2026 (lines take a year), then 40k, 160k, 640k
// and 2.56 M/yr.
func TestRobotRamp(t *testing.T) {
	v := with(only(loose(), "robots"), "target.robots_m_per_year", 1e4, "robots.capacity_initial", 0.01,
		"robots.capacity_growth_per_year", 3.0)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Robots.Capacity, 0.01, 0.04, 0.16, 0.64, 2.56)
	binds(t, w, sol, w.Robots.Ramp, 1, 2, 3, 4)
}

// TestFuelOnEnergy: fuel is paid on energy generated. 10 GW of IT at 1 kW
// each needs 20 GW of generation (2 kW per accelerator); at a 0.5 load
// factor the turbines generate 10 GW on average: 87.6 TWh a year at
// $40/MWh is $3.504B, not the $7.008B of 20 GW × 8,760 h.
func TestFuelOnEnergy(t *testing.T) {
	v := with(only(loose(), "power"), "target.compute_gw", 10.0, "earth.load_factor", 0.5,
		"grid.new_gw_per_year", 0.0, "solar.permit_lag_years", 20.0, "turbines.lag_years", 0.0,
		"turbines.castings_gw_per_year_market", 100.0, "turbines.fuel_usd_per_mwh", 40.0)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Power.TurbinesOnline, 20, 20, 20, 20, 20)
	for i := 0; i < 5; i++ {
		if got := sol.Eval(w.Cost.Components[CostFuel][i]); !near(got, 3.504) {
			t.Errorf("fuel in %d: $%.9gB, want $3.504B", 2026+i, got)
		}
	}
}

// TestSalvageValue: what is built late is credited for the life it has
// left at the end of the horizon, so the last period is not starved: a
// 5-year accelerator bought in 2030 (horizon ending with 2030) keeps 4/5 of
// its value, discounted from the end of 2030.
func TestSalvageValue(t *testing.T) {
	v := with(computeOnly(), "target.compute_gw", traj(2029, 0, 2030, 10), "cost.discount_rate", 0.1)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Compute.InstallEarth, 0, 0, 0, 0, 10)
	if got := sol.Eval(w.Cost.Salvage); !near(got, 10*0.8+0.01*19/20.0) {
		t.Errorf("salvage $%.9gB, want 4/5 of the $10B of accelerators and 19/20 of the $0.01B of halls", got)
	}
	d4, d5 := math.Pow(1.1, -4), math.Pow(1.1, -5)
	if want := 10.01*d4 - (8+0.0095)*d5; !near(sol.Objective, want) {
		t.Errorf("objective %.9g, want %.9g", sol.Objective, want)
	}
}
