package constraints

import "testing"

// TestSpaceBinds: orbital power is limited by mass, starts in
// space.first_year, and the orbital fleet decays by attrition and retires.
func TestSpaceBinds(t *testing.T) {
	// 1 pad × 1000 launches × 100 t = 0.1 Mt/yr → 10 GW/yr at 100 kW/t, from
	// 2027. 90% of it for IT: 9 M accelerators of 1 kW a year. Attrition
	// 10%/yr, 3-year life: 9; 9 + 8.1; 9 + 8.1 + 7.29; then the 2027
	// vintage retires and 2030 is again 24.39.
	v := with(orbitOnly(), "launch.pads_initial", 1.0, "launch.launches_per_pad_per_year", 1000.0,
		"space.first_year", 2027.0, "space.it_fraction", 0.9, "space.attrition_per_year", 0.1,
		"space.lifetime_years", 3.0, "space.array_oversize", 1.1, "space.capacity_factor", 0.98)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Space.PowerNew, 0, 10, 10, 10, 10)
	expectVals(t, sol, w.Space.Mass, 0, 0.1, 0.1, 0.1, 0.1)
	expectVals(t, sol, w.Compute.InstallOrbit, 0, 9, 9, 9, 9)
	expectVals(t, sol, w.Compute.OrbitGW, 0, 9, 17.1, 24.39, 24.39)
	// Cells from Earth: 10 GW × 1.1 / 0.98.
	cells := 10 * 1.1 / 0.98
	expect(t, "Shared.SpaceCells", evalAll(sol, w.Shared.SpaceCells), []float64{0, cells, cells, cells, cells})
	binds(t, w, sol, w.Space.Power, 1, 2, 3, 4)
	binds(t, w, sol, w.Space.MassRow, 1, 2, 3, 4)
	binds(t, w, sol, w.Launch.PadRow, 1, 2, 3, 4)
	if ub := sol.Values(w.Space.PowerNew)[0]; ub != 0 {
		t.Errorf("power_new[2026] = %v before space.first_year", ub)
	}
}

// TestLunar: the lunar mass driver adds mass beyond what Earth launches,
// limited by its capacity and by the share of each satellite that must
// still come from Earth.
func TestLunar(t *testing.T) {
	base := with(orbitOnly(), "lunar", true, "launch.pads_initial", 1.0, "launch.launches_per_pad_per_year", 1000.0,
		"lunar.first_year", 2027.0, "lunar.earth_mass_share", 0.5)
	cases := []struct {
		name  string
		v     Values
		lunar float64 // Mt/yr from 2027
		rows  func(w *World) []rowsOf
	}{
		{
			// Earth sends 0.1 Mt; half of each satellite must be from
			// Earth, so the Moon adds at most 0.1 Mt of its 0.5.
			name:  "earth share",
			v:     with(base, "lunar.mass_driver_mt_per_year", 0.5),
			lunar: 0.1,
			rows:  func(w *World) []rowsOf { return []rowsOf{{w.Lunar.EarthPart, []int{1, 2, 3, 4}}} },
		},
		{
			// A 0.05 Mt/yr driver is the limit.
			name:  "driver",
			v:     with(base, "lunar.mass_driver_mt_per_year", 0.05),
			lunar: 0.05,
			rows:  func(w *World) []rowsOf { return []rowsOf{{w.Lunar.Driver, upto(5)}} },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			l := c.lunar
			expectVals(t, sol, w.Lunar.Mass, 0, l, l, l, l)
			// Power = 100 kW/t × (0.1 + lunar) Mt; Earth cells cover only
			// the Earth part: 100 × 0.1 = 10 GW (oversize 1, cf 1).
			p := 100 * (0.1 + l)
			expectVals(t, sol, w.Space.PowerNew, 10, p, p, p, p)
			expect(t, "Shared.SpaceCells", evalAll(sol, w.Shared.SpaceCells), []float64{10, 10, 10, 10, 10})
			for _, r := range c.rows(w) {
				binds(t, w, sol, r.c, r.rows...)
			}
		})
	}
}
