package constraints

import (
	"testing"

	"teraplan/lp"
)

// TestMinCostNeverInfeasible: a target far beyond any capacity is a priced
// shortfall, not an infeasible model.
func TestMinCostNeverInfeasible(t *testing.T) {
	cases := []struct {
		name  string
		v     Values
		earth []float64
	}{
		// Grid-limited as in TestPowerBinds: 2.5(t+1) GW.
		{"power-limited", with(earthOnly(), "grid.new_gw_per_year", 5.0, "target.compute_gw", 1e6),
			[]float64{2.5, 5, 7.5, 10, 12.5}},
		// No chips at all and nothing can be built: all of it is short.
		{"nothing", with(earthOnly(), "chips.accelerators_per_year_existing", 0.0, "target.compute_gw", 1e6),
			[]float64{0, 0, 0, 0, 0}},
		// Everything on, quarterly, 1e6 GW from the first quarter.
		{"all modules quarterly", with(frozen(loose()), "horizon.step_years", 0.25, "chips.accelerators_per_year_existing", 4.0,
			"space", false, "target.compute_gw", 1e6), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solve(t, c.v, Options{Mode: MinCost})
			if sol.Status != lp.Optimal {
				t.Fatalf("status %v", sol.Status)
			}
			if c.earth == nil {
				// 4 M/yr of chips: 1 M a quarter, 5-year life → k+1 GW in quarter k.
				c.earth = series(w.H.N(), func(k int) float64 { return float64(k + 1) })
			}
			expectVals(t, sol, w.Compute.EarthGW, c.earth...)
			short := make([]float64, len(c.earth))
			for i, e := range c.earth {
				short[i] = 1e6 - e
			}
			expectVals(t, sol, w.Compute.Shortfall, short...)
		})
	}
}

// TestMaxComputeYear: max-compute maximises the chosen year's compute,
// and the horizon stops there.
func TestMaxComputeYear(t *testing.T) {
	// Chips for 5 M/yr, everything else loose: 15 GW by 2028.
	v := with(chipsBase(), "chips.accelerators_per_year_existing", 5.0)
	w, sol := solveOK(t, v, Options{Mode: MaxCompute, Year: 2028})
	if w.H.N() != 3 {
		t.Fatalf("%d periods, want 3", w.H.N())
	}
	expectVals(t, sol, w.Compute.EarthGW, 5, 10, 15)
	binds(t, w, sol, w.Chips.Wafers, 0, 1, 2)
}
