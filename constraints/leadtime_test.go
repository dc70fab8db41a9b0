package constraints

import "testing"

// fabOnly: accelerators come only from new fabs (no existing allocation),
// everything else loose, a target far above supply. 10 accelerators per
// wafer and 1 M wafers a year per mature fab: a mature fab makes 10 M/yr.
func fabOnly(step float64) Values {
	return with(chipsBase(), "horizon.end_year", 2034.0, "horizon.step_years", step,
		"chips.accelerators_per_year_existing", 0.0, "fabs.build_years", 3.0, "target.compute_gw", 1e4)
}

// TestFabLeadTime: a fab started in 2027 (3-year build) makes nothing before
// 2030, then 0.3, 0.7, 0.9 and 1.0 of its wafers in 2030-2033.
func TestFabLeadTime(t *testing.T) {
	w, err := Build(fabOnly(1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 2026..2034: one fab, started in 2027.
	fix(t, w, w.Chips.FabStarts, 0, 1, 0, 0, 0, 0, 0, 0, 0)
	sol := solveModel(t, w)
	expectVals(t, sol, w.Compute.Made, 0, 0, 0, 0, 3, 7, 9, 10, 10)
	expectVals(t, sol, w.Chips.FabsMature, 0, 0, 0, 0, 0, 0, 0, 1, 1)
	binds(t, w, sol, w.Chips.Wafers, upto(9)...)
	starts := sol.Values(w.Chips.FabStarts)
	for i, want := range [][2]float64{{0, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}} {
		if b, o := w.Chips.FabsBuilding(starts, i), w.Chips.FabsOnline(starts, i); b != want[0] || o != want[1] {
			t.Errorf("%d: building %v online %v, want %v", 2026+i, b, o, want)
		}
	}
}

// TestFabLeadTimeQuarterly: the same with quarterly periods. Output starts
// in the 2030.0 period, never earlier, at 0.3 × 1 M × 0.25 yr × 10 = 0.75 M
// a quarter, then 1.75, 2.25 and 2.5 M a quarter in 2031, 2032, 2033.
func TestFabLeadTimeQuarterly(t *testing.T) {
	w, err := Build(fabOnly(0.25), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := w.H.N() // 2026.0 .. 2034.75: 36 quarters
	if n != 36 {
		t.Fatalf("%d periods, want 36", n)
	}
	starts := make([]float64, n)
	starts[4] = 1 // 2027.0
	fix(t, w, w.Chips.FabStarts, starts...)
	sol := solveModel(t, w)
	want := series(n, func(k int) float64 {
		y := 2026 + 0.25*float64(k)
		switch {
		case y < 2030:
			return 0
		case y < 2031:
			return 0.75
		case y < 2032:
			return 1.75
		case y < 2033:
			return 2.25
		}
		return 2.5
	})
	expectVals(t, sol, w.Compute.Made, want...)
}

// TestFractionalLeadTimes: a 1.5-year lead time with yearly steps lands two
// periods later, never in the next one.
func TestFractionalLeadTimes(t *testing.T) {
	// Grid: 5 GW/yr granted, usable 2 periods later: 0, 0, 5, 10, 15 GW →
	// IT 0, 0, 2.5, 5, 7.5 at 2 kW per 1 kW accelerator.
	w, sol := solveOK(t, with(earthOnly(), "grid.new_gw_per_year", 5.0, "grid.interconnect_lag_years", 1.5), Options{})
	expectVals(t, sol, w.Power.GridOnline, 0, 0, 5, 10, 15)
	expectVals(t, sol, w.Compute.EarthGW, 0, 0, 2.5, 5, 7.5)
	// Ground solar permitted in 1.5 years: 1 firm GW/yr (4 GW of cells)
	// usable from 2028.
	w, sol = solveOK(t, with(groundSolarOnly(), "solar.own_cells_gw_per_year_existing", 4.0,
		"solar.permit_lag_years", 1.5), Options{})
	expectVals(t, sol, w.Power.SolarOnline, 0, 0, 1, 2, 3)
	expectVals(t, sol, w.Compute.EarthGW, 0, 0, 0.5, 1, 1.5)
	// Quarterly, a 0.3-year interconnect lag is 2 quarters: grid 4 GW/yr =
	// 1 GW a quarter, online 0, 0, 1, 2, 3, … GW.
	w, sol = solveOK(t, with(earthOnly(), "horizon.step_years", 0.25, "grid.new_gw_per_year", 4.0,
		"grid.interconnect_lag_years", 0.3), Options{})
	expectVals(t, sol, w.Power.GridOnline, series(w.H.N(), func(k int) float64 { return float64(max(0, k-1)) })...)
}
