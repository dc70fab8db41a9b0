package constraints

import (
	"math"
	"testing"
)

// computeOnly is loose() with every switchable module off: accelerators
// cost accelerator.cost_usd ($1000 → $1B per M) and facilities
// earth.facility_usd_per_kw ($1/kW → $0.001B per GW), nothing else.
func computeOnly() Values { return only(loose()) }

// TestComputeTarget: min-cost meets compute.target exactly, replacing the
// start year's fleet as it retires, and the objective is the hand sum.
func TestComputeTarget(t *testing.T) {
	d := func(k int) float64 { return math.Pow(1.1, -float64(k)) }
	cases := []struct {
		name     string
		v        Values
		installs []float64
		obj      float64
	}{
		{
			// 10 GW retire evenly over 5 years: 10·(1 − k/5) left in year
			// k, so 2 GW a year must be installed from 2027. Discounting
			// at 10% pushes every install as late as it can go. The halls
			// are reused (facilities = 10 GW already), so each year costs
			// 2 M × $1000 = $2B.
			name: "initial fleet retires",
			v: with(computeOnly(), "compute.initial_earth_gw", 10.0, "target.compute_gw", 10.0,
				"cost.discount_rate", 0.1),
			installs: []float64{0, 2, 2, 2, 2},
			// Less the salvage at the end of 2030: the vintages of
			// 2027–2030 have 1–4 of their 5 years left ($4B).
			obj: 2*(d(1)+d(2)+d(3)+d(4)) - 4*d(5),
		},
		{
			// A 2-year life: a vintage counts in its year and the next,
			// so 10 GW in 2026, 2028 and 2030 (later is cheaper). The first
			// buys 10 GW of facilities ($0.01B) that the others reuse.
			name: "two-year lifetime",
			v: with(computeOnly(), "accelerator.lifetime_years", 2.0, "target.compute_gw", 10.0,
				"cost.discount_rate", 0.1),
			installs: []float64{10, 0, 10, 0, 10},
			// Salvage: the 2030 vintage has half its life left ($5B), the
			// halls 15 of their 20 years ($0.0075B).
			obj: 10.01 + 10*d(2) + 10*d(4) - 5.0075*d(5),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Compute.InstallEarth, c.installs...)
			expectVals(t, sol, w.Compute.EarthGW, 10, 10, 10, 10, 10)
			expectVals(t, sol, w.Compute.Shortfall, 0, 0, 0, 0, 0)
			binds(t, w, sol, w.Compute.Target, upto(5)...)
			binds(t, w, sol, w.Compute.Facility, upto(5)...)
			if !near(sol.Objective, c.obj) {
				t.Errorf("objective %.9g, want %.9g", sol.Objective, c.obj)
			}
		})
	}
	// The remaining base, reported per period: 10, 8, 6, 4, 2.
	w, err := Build(with(computeOnly(), "compute.initial_earth_gw", 10.0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "InitialEarthGW", w.Compute.InitialEarthGW, []float64{10, 8, 6, 4, 2})
}

// TestComputeFacilities: halls emptied by retiring accelerators are reused;
// new ones are built only for growth.
func TestComputeFacilities(t *testing.T) {
	// Target 10 GW then 20 GW from 2028, 2-year life, facility $1000/kW
	// ($1B per GW): 10 GW of halls in 2026 and 10 more in 2028, no earlier
	// (discounting makes later spending cheaper).
	v := with(computeOnly(), "accelerator.lifetime_years", 2.0, "earth.facility_usd_per_kw", 1000.0,
		"target.compute_gw", traj(2027, 10, 2028, 20), "cost.discount_rate", 0.1)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Compute.FacilityNew, 10, 0, 10, 0, 0)
	expectVals(t, sol, w.Compute.Facilities, 10, 10, 20, 20, 20)
	binds(t, w, sol, w.Compute.Facility, upto(5)...)
}

// TestComputeStranded: take-or-pay accelerators that cannot be powered pile
// up in the stranded inventory, which ages at the write-off rate plus a
// year of its life a year.
func TestComputeStranded(t *testing.T) {
	// 10 M/yr booked and made; grid 5 GW/yr at 2 kW each powers 2.5 M/yr,
	// so 7.5 M/yr are stranded: S = 0.6·S[t−1] + 7.5 with a 20% write-off
	// and 1/5 of a 5-year life lost a year: 7.5, 12, 14.7, 16.32, 17.292.
	v := with(frozen(loose()), "space", false, "robots", false,
		"chips.take_or_pay_share", 1.0, "chips.accelerators_per_year_existing", 10.0,
		"grid.new_gw_per_year", 5.0, "solar.own_cells_gw_per_year_existing", 0.0,
		"compute.stranded_writeoff_per_year", 0.2, "target.compute_gw", 1000.0)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Compute.Made, 10, 10, 10, 10, 10)
	expectVals(t, sol, w.Compute.InstallEarth, 2.5, 2.5, 2.5, 2.5, 2.5)
	expectVals(t, sol, w.Compute.Stranded, 7.5, 12, 14.7, 16.32, 17.292)
	binds(t, w, sol, w.Chips.Committed, upto(5)...)
	binds(t, w, sol, w.Power.Balance, upto(5)...)
}
