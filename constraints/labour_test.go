package constraints

import "testing"

// TestLabourBinds: expansions draw on construction labour, from people and
// from robots.
func TestLabourBinds(t *testing.T) {
	// Packaging is the only limit on accelerators (none existing); a
	// packaging line (1 M/yr, 1-year build, $1B) needs 1,000 worker-years
	// in its start year. Lines started in 2030 would land outside the
	// horizon and are not allowed, so labour binds 2026-2029 only. A year
	// packages the mean of the lines online at its start and its end
	// (lines landing during it work half of it): made[t] =
	// (online[t−1] + online[t])/2, and Earth GW is its running sum (5-year
	// life).
	base := with(chipsBase(), "packaging.accelerators_per_year_existing", 0.0,
		"packaging.line_build_years", 1.0, "packaging.labour_worker_years", 1000.0)
	cases := []struct {
		name   string
		v      Values
		starts []float64
		online []float64
		earth  []float64
	}{
		{
			// 3,000 worker-years a year: 3 lines a year.
			// Online 0, 3, 6, 9, 12; made 0, 1.5, 4.5, 7.5, 10.5.
			name:   "people",
			v:      with(base, "labour.human_worker_years", 3000.0),
			starts: []float64{3, 3, 3, 3, 0},
			online: []float64{0, 3, 6, 9, 12},
			earth:  []float64{0, 1.5, 6, 13.5, 24},
		},
		{
			// No people; 2,000 robots a year (cheap, 8-year life) each
			// giving a worker-year a year: 2(t+1) thousand worker-years,
			// so 2, 4, 6, 8 lines. Online 0, 2, 6, 12, 20; made 0, 1, 4,
			// 9, 16.
			name: "robots",
			v: with(base, "robots", true, "labour.human_worker_years", 0.0,
				"robots.capacity_initial", 0.002, "robots.labour_factor", 1.0),
			starts: []float64{2, 4, 6, 8, 0},
			online: []float64{0, 2, 6, 12, 20},
			earth:  []float64{0, 1, 5, 14, 30},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Chips.PackagingLines.Starts, c.starts...)
			expectVals(t, sol, w.Chips.PackagingLines.Capacity, c.online...)
			expectVals(t, sol, w.Compute.EarthGW, c.earth...)
			binds(t, w, sol, w.Labour.Balance, 0, 1, 2, 3)
			notBinding(t, w, sol, w.Labour.Balance, 4)
		})
	}
}

// TestLabourSpread: a build's labour is spread evenly over its build time.
func TestLabourSpread(t *testing.T) {
	// A fab (3-year build, 3,000 worker-years) started in 2026 takes 1,000
	// a year in 2026-2028; a packaging line with 0 build years still
	// takes its 600 in the start year.
	v := with(loose(), "fabs.labour_worker_years", 3000.0, "packaging.labour_worker_years", 600.0,
		"packaging.line_build_years", 0.0)
	w, err := Build(v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Chips.FabStarts, 1, 0, 0, 0, 0)
	fix(t, w, w.Chips.PackagingLines.Starts, 0, 1, 0, 0, 0)
	sol := solveModel(t, w)
	expect(t, "Shared.Labour", evalAll(sol, w.Shared.Labour), []float64{1, 1.6, 1, 0, 0})
}
