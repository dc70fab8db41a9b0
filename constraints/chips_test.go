package constraints

import "testing"

// chipsBase: Earth-only, power and memory loose, expansions frozen, a target
// far above supply. it_kw = 1, so Earth GW = cumulative installs (5-year life).
func chipsBase() Values {
	return with(frozen(loose()), "space", false, "launch", false, "robots", false, "target.compute_gw", 1000.0)
}

func cumulative(perYear float64, n int) []float64 {
	return series(n, func(t int) float64 { return perYear * float64(t+1) })
}

func TestChipsBinds(t *testing.T) {
	cases := []struct {
		name string
		v    Values
		made float64 // accelerators made per year (M), by hand
		rows func(w *World) (bind, slack []rowsOf)
	}{
		{
			// 5 M/yr of existing allocation at 10 per wafer = 0.5 M wafers.
			name: "wafers",
			v:    with(chipsBase(), "chips.accelerators_per_year_existing", 5.0),
			made: 5,
			rows: func(w *World) ([]rowsOf, []rowsOf) {
				return []rowsOf{{w.Chips.Wafers, upto(5)}}, []rowsOf{{w.Chips.Packaging, upto(5)}}
			},
		},
		{
			// Packaging for 3 M/yr, wafers for 1e4 M/yr.
			name: "packaging",
			v:    with(chipsBase(), "packaging.accelerators_per_year_existing", 3.0),
			made: 3,
			rows: func(w *World) ([]rowsOf, []rowsOf) {
				return []rowsOf{{w.Chips.Packaging, upto(5)}}, []rowsOf{{w.Chips.Wafers, upto(5)}}
			},
		},
		{
			// Edge chips share the wafers: 1 M robots/yr at 100 per wafer
			// take 0.01 M of the 0.5 M wafers, leaving 0.49 M × 10 = 4.9 M
			// accelerators. Robots are worth more per wafer here (penalty
			// $1e6 per robot), so they get their wafers first.
			name: "edge chips share wafers",
			v: with(chipsBase(), "robots", true, "chips.accelerators_per_year_existing", 5.0,
				"robots.capacity_initial", 1.0, "target.robots_m_per_year", 1.0),
			made: 4.9,
			rows: func(w *World) ([]rowsOf, []rowsOf) {
				return []rowsOf{{w.Chips.Wafers, upto(5)}, {w.Robots.Production, upto(5)}}, nil
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Compute.Made, c.made, c.made, c.made, c.made, c.made)
			expectVals(t, sol, w.Compute.EarthGW, cumulative(c.made, 5)...)
			bind, slack := c.rows(w)
			for _, r := range bind {
				binds(t, w, sol, r.c, r.rows...)
			}
			for _, r := range slack {
				notBinding(t, w, sol, r.c, r.rows...)
			}
		})
	}
}

// TestChipsMemoryShortfall: committed accelerators that memory cannot cover
// are not made; the solve reports it instead of failing.
func TestChipsMemoryShortfall(t *testing.T) {
	// 10 M booked; 0.5 EB/yr of HBM at 100 GB each covers 5 M.
	v := with(chipsBase(), "chips.take_or_pay_share", 1.0, "chips.accelerators_per_year_existing", 10.0,
		"memory.hbm_eb_per_year_existing", 0.5)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Compute.Made, 5, 5, 5, 5, 5)
	expectVals(t, sol, w.Chips.Unmade, 5, 5, 5, 5, 5)
	binds(t, w, sol, w.Chips.Committed, upto(5)...)
	binds(t, w, sol, w.Memory.HBMRow, upto(5)...)
}

// TestChipsPackagingLines: a packaging line adds its capacity after its
// build time, split pro rata (1.5 yr: half a year later, all of it two),
// and capacity that lands during a year packages for half of it.
func TestChipsPackagingLines(t *testing.T) {
	v := with(chipsBase(), "packaging.accelerators_per_year_existing", 0.0,
		"packaging.line_build_years", 1.5, "packaging.line_accelerators_per_year", 2.0)
	w, err := Build(v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One line started in 2026, none after: 1 M/yr online at the end of
	// 2027, 2 M/yr from the end of 2028. A year packages the mean of its
	// capacity at its start and its end (what lands during it works half
	// of it): (0+1)/2 = 0.5 M in 2027, (1+2)/2 = 1.5 M in 2028, then 2 M.
	fix(t, w, w.Chips.PackagingLines.Starts, 1, 0, 0, 0, 0)
	sol := solveModel(t, w)
	expectVals(t, sol, w.Chips.PackagingLines.Capacity, 0, 1, 2, 2, 2)
	expectVals(t, sol, w.Compute.Made, 0, 0.5, 1.5, 2, 2)
	binds(t, w, sol, w.Chips.Packaging, 1, 2, 3, 4)
}
