package constraints

import "testing"

func TestMemoryBinds(t *testing.T) {
	cases := []struct {
		name string
		v    Values
		made float64 // accelerators made per year (M), by hand
		rows func(w *World) []rowsOf
	}{
		{
			// 0.5 EB/yr of HBM stacking at 100 GB (1e-4 EB) each: 5 M/yr.
			name: "hbm stacking",
			v:    with(chipsBase(), "memory.hbm_eb_per_year_existing", 0.5),
			made: 5,
			rows: func(w *World) []rowsOf { return []rowsOf{{w.Memory.HBMRow, upto(5)}} },
		},
		{
			// DRAM 3 EB/yr; the rest of the world keeps 0.6; HBM takes 3×
			// its bits of wafer: 3·0.1·A + 0.6 ≤ 3 → A = 8 M/yr.
			name: "dram with other demand",
			v:    with(chipsBase(), "memory.dram_eb_per_year_existing", 3.0, "memory.ddr_other_eb_per_year", 0.6),
			made: 8,
			rows: func(w *World) []rowsOf { return []rowsOf{{w.Memory.DRAM, upto(5)}} },
		},
		{
			// Same, but the 0.6 EB of DDR goes to 1 M robots/yr at 600 GB;
			// a missed robot costs $1e9, so robots are served first.
			name: "dram with robots' DDR",
			v: with(chipsBase(), "robots", true, "memory.dram_eb_per_year_existing", 3.0,
				"robots.capacity_initial", 1.0, "robots.ddr_gb", 600.0, "target.robots_m_per_year", 1.0,
				"target.robot_shortfall_usd_per_robot", 1e9),
			made: 8,
			rows: func(w *World) []rowsOf {
				return []rowsOf{{w.Memory.DRAM, upto(5)}, {w.Robots.Production, upto(5)}}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Compute.Made, c.made, c.made, c.made, c.made, c.made)
			expectVals(t, sol, w.Compute.EarthGW, cumulative(c.made, 5)...)
			// Shared.HBM is 1e-4 EB per M accelerators made.
			expect(t, "Shared.HBM", evalAll(sol, w.Shared.HBM), series(5, func(int) float64 { return c.made * 0.1 }))
			for _, r := range c.rows(w) {
				binds(t, w, sol, r.c, r.rows...)
			}
		})
	}
}

// TestMemoryFab: a memory fab started in 2026 with a 2-year build adds its
// DRAM from 2028, half of it in 2028 (it lands during that year).
func TestMemoryFab(t *testing.T) {
	// 3 EB/yr existing → 10 M/yr (0.3 EB per M). One 1.5 EB/yr fab online
	// at the end of 2028 yields (0 + 1.5)/2 = 0.75 EB in 2028 → 3.75 EB,
	// 12.5 M; from 2029 all of it → 4.5 EB, 15 M/yr.
	v := with(chipsBase(), "memory.dram_eb_per_year_existing", 3.0, "memory.fab_build_years", 2.0,
		"memory.fab_eb_per_year", 1.5)
	w, err := Build(v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Memory.Fabs.Starts, 1, 0, 0, 0, 0)
	sol := solveModel(t, w)
	expectVals(t, sol, w.Memory.Fabs.Capacity, 0, 0, 1.5, 1.5, 1.5)
	expectVals(t, sol, w.Compute.Made, 10, 10, 12.5, 15, 15)
	binds(t, w, sol, w.Memory.DRAM, upto(5)...)
}
