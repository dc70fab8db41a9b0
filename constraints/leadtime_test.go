package constraints

import (
	"fmt"
	"math"
	"testing"
)

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

// TestFractionalLeadTimes: a 1.5-year lead time with yearly steps delivers
// half one period later and half the next (MODEL.md "Conventions"); with
// quarterly steps all of it exactly six quarters later.
func TestFractionalLeadTimes(t *testing.T) {
	// Grid: 5 GW/yr granted, usable after 1.5 years: each year's 5 GW
	// adds 2.5 GW a year later and 2.5 GW the year after, so online is
	// 0, 2.5, 7.5, 12.5, 17.5 GW → IT half of that at 2 kW per 1 kW
	// accelerator.
	w, sol := solveOK(t, with(earthOnly(), "grid.new_gw_per_year", 5.0, "grid.interconnect_lag_years", 1.5), Options{})
	expectVals(t, sol, w.Power.GridOnline, 0, 2.5, 7.5, 12.5, 17.5)
	expectVals(t, sol, w.Compute.EarthGW, 0, 1.25, 3.75, 6.25, 8.75)
	// Ground solar permitted in 1.5 years: 1 firm GW/yr (4 GW of cells),
	// online 0, 0.5, 1.5, 2.5, 3.5 GW.
	w, sol = solveOK(t, with(groundSolarOnly(), "solar.own_cells_gw_per_year_existing", 4.0,
		"solar.permit_lag_years", 1.5), Options{})
	expectVals(t, sol, w.Power.SolarOnline, 0, 0.5, 1.5, 2.5, 3.5)
	expectVals(t, sol, w.Compute.EarthGW, 0, 0.25, 0.75, 1.25, 1.75)
	// Quarterly, 1.5 years is exactly 6 quarters: grid 4 GW/yr = 1 GW a
	// quarter, online from the seventh quarter on, one more GW a quarter.
	w, sol = solveOK(t, with(earthOnly(), "horizon.step_years", 0.25, "grid.new_gw_per_year", 4.0,
		"grid.interconnect_lag_years", 1.5), Options{})
	expectVals(t, sol, w.Power.GridOnline, series(w.H.N(), func(k int) float64 { return float64(max(0, k-5)) })...)
	// Quarterly, a 0.3-year interconnect lag is 1.2 quarters: each
	// quarter's 1 GW adds 0.8 GW a quarter later and 0.2 GW the next, so
	// online is 0, 0.8, 1.8, 2.8, … GW.
	w, sol = solveOK(t, with(earthOnly(), "horizon.step_years", 0.25, "grid.new_gw_per_year", 4.0,
		"grid.interconnect_lag_years", 0.3), Options{})
	expectVals(t, sol, w.Power.GridOnline, series(w.H.N(), func(k int) float64 { return math.Max(0, float64(k)-0.2) })...)
}

// TestFractionalFabBuild: a 2.5-year fab build on yearly periods is the
// mean of the 2- and 3-year builds: a fab started in 2027 produces from
// 2029 at half of ramp_1 (0.15), then 0.5 (0.3 and 0.7), 0.8, 0.95, and
// full from 2033 — 1.5, 5, 8, 9.5, 10 M accelerators at 10 M a year for
// a mature fab. Half the fab is counted mature in 2032 and all of it from
// 2033; it is half online in 2029, and its labour (1,000 worker-years)
// is spread 0.4, 0.4, 0.2 over 2027-2029.
func TestFractionalFabBuild(t *testing.T) {
	w, err := Build(with(fabOnly(1), "fabs.build_years", 2.5, "fabs.labour_worker_years", 1000.0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Chips.FabStarts, 0, 1, 0, 0, 0, 0, 0, 0, 0)
	sol := solveModel(t, w)
	expectVals(t, sol, w.Compute.Made, 0, 0, 0, 1.5, 5, 8, 9.5, 10, 10)
	expectVals(t, sol, w.Chips.FabsMature, 0, 0, 0, 0, 0, 0, 0.5, 1, 1)
	starts := sol.Values(w.Chips.FabStarts)
	for i, want := range [][2]float64{{0, 0}, {1, 0}, {1, 0}, {0.5, 0.5}, {0, 1}} {
		if b, o := w.Chips.FabsBuilding(starts, i), w.Chips.FabsOnline(starts, i); b != want[0] || o != want[1] {
			t.Errorf("%d: building %v online %v, want %v", 2026+i, b, o, want)
		}
	}
	labour := make([]float64, w.H.N())
	for i := range labour {
		labour[i] = sol.Eval(w.Shared.Labour[i])
	}
	expect(t, "labour", labour, []float64{0, 0.4, 0.4, 0.2, 0, 0, 0, 0, 0})
}

// TestFractionalLifetime: a 2.5-year accelerator life on yearly periods
// counts a vintage whole for two years and half in the third.
func TestFractionalLifetime(t *testing.T) {
	w, err := Build(with(earthOnly(), "grid.new_gw_per_year", 1e3, "accelerator.lifetime_years", 2.5), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Compute.InstallEarth, 1, 0, 0, 0, 0)
	sol := solveModel(t, w)
	// 1 M accelerators of 1 kW: 1 GW for 2026 and 2027, 0.5 in 2028.
	expectVals(t, sol, w.Compute.EarthGW, 1, 1, 0.5, 0, 0)
}

// TestLeadTimesAgreeAcrossPeriods: with a constant flow, the stock at the
// end of each year is the same on yearly, quarterly and monthly periods,
// and equals the continuous answer: grid granted at 4 GW/yr from 2026 and
// usable lag years later is 4·(y + 1 − 2026 − lag) GW at the end of year y;
// accelerators installed at 1 M/yr and in service life years are
// min(life, y + 1 − 2026) M. Rounding lags up to whole periods gave a
// different answer for every period length (0.3 years: a whole year on
// yearly periods, half a year on quarterly ones).
func TestLeadTimesAgreeAcrossPeriods(t *testing.T) {
	endOfYear := func(w *World, xs []float64) []float64 {
		per := int(math.Round(1 / w.H.Step))
		var out []float64
		for i := per - 1; i < len(xs); i += per {
			out = append(out, xs[i])
		}
		return out
	}
	for _, lag := range []float64{0.3, 1, 1.5, 2.7} {
		want := series(5, func(k int) float64 { return 4 * math.Max(0, float64(k+1)-lag) })
		for _, step := range []float64{1, 0.25, 1.0 / 12} {
			w, sol := solveOK(t, with(earthOnly(), "horizon.step_years", step, "grid.new_gw_per_year", 4.0,
				"grid.interconnect_lag_years", lag), Options{})
			expect(t, fmt.Sprintf("grid online, lag %v, step %.3g", lag, step), endOfYear(w, sol.Values(w.Power.GridOnline)), want)
		}
	}
	for _, life := range []float64{2.5, 3.3} {
		want := series(5, func(k int) float64 { return math.Min(life, float64(k+1)) })
		for _, step := range []float64{1, 0.25, 1.0 / 12} {
			w, err := Build(with(earthOnly(), "horizon.step_years", step, "grid.new_gw_per_year", 1e3,
				"accelerator.lifetime_years", life), Options{})
			if err != nil {
				t.Fatal(err)
			}
			fix(t, w, w.Compute.InstallEarth, series(w.H.N(), func(int) float64 { return step })...)
			sol := solveModel(t, w)
			expect(t, fmt.Sprintf("Earth GW, life %v, step %.3g", life, step), endOfYear(w, sol.Values(w.Compute.EarthGW)), want)
		}
	}
}
