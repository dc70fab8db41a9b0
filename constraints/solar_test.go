package constraints

import "testing"

// groundSolarOnly: Earth power only from ground solar (no grid, no
// castings), solar cheap enough to be worth it, cells limited per case.
// 2 kW of generation per 1 kW accelerator.
func groundSolarOnly() Values {
	return with(earthOnly(), "grid.new_gw_per_year", 0.0, "solar.bos_usd_per_w", 0.01,
		"solar.cell_usd_per_w_ground", 0.01, "solar.storage_hours", 14.0, "solar.battery_usd_per_kwh", 200.0)
}

func TestSolarBinds(t *testing.T) {
	cases := []struct {
		name     string
		v        Values
		firm     float64 // firm GW of ground solar added per year
		rows     func(w *World) []rowsOf
		imported float64
	}{
		{
			// 4 GW/yr of own cells at a 0.25 capacity factor: 1 firm GW/yr.
			name: "own cells",
			v:    with(groundSolarOnly(), "solar.own_cells_gw_per_year_existing", 4.0),
			firm: 1,
			rows: func(w *World) []rowsOf { return []rowsOf{{w.Solar.OwnCapacity, upto(5)}} },
		},
		{
			// No own cells; 2 GW/yr of imports at the tariff: 0.5 firm GW/yr.
			name:     "imports",
			v:        with(groundSolarOnly(), "solar.imported_cells_gw_per_year_max", 2.0, "solar.tariff_multiplier", 3.0),
			firm:     0.5,
			imported: 2,
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Solar.ImportsRow, upto(5)}} },
		},
		{
			// Both: 6 GW of cells → 1.5 firm GW/yr.
			name: "own cells and imports",
			v: with(groundSolarOnly(), "solar.own_cells_gw_per_year_existing", 4.0,
				"solar.imported_cells_gw_per_year_max", 2.0),
			firm:     1.5,
			imported: 2,
			rows: func(w *World) []rowsOf {
				return []rowsOf{{w.Solar.OwnCapacity, upto(5)}, {w.Solar.ImportsRow, upto(5)}}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			f := c.firm
			expectVals(t, sol, w.Power.SolarNew, f, f, f, f, f)
			expectVals(t, sol, w.Solar.Imported, c.imported, c.imported, c.imported, c.imported, c.imported)
			// Panels = firm / 0.25; IT = cumulative firm / 2 kW.
			expect(t, "Shared.GroundCells", evalAll(sol, w.Shared.GroundCells), series(5, func(int) float64 { return 4 * f }))
			expectVals(t, sol, w.Compute.EarthGW, cumulative(f/2, 5)...)
			binds(t, w, sol, w.Solar.GroundCells, upto(5)...)
			for _, r := range c.rows(w) {
				binds(t, w, sol, r.c, r.rows...)
			}
		})
	}
}

// TestSolarSpaceCells: orbital arrays draw on own cells only.
func TestSolarSpaceCells(t *testing.T) {
	// 5 GW/yr of own cells, arrays oversized 1.25 at a capacity factor of
	// 1: 4 GW/yr of satellite power, all of it IT (it_fraction 1, 1 kW).
	// Imports (plenty) cannot be used in space.
	v := with(frozen(loose()), "grid.new_gw_per_year", 0.0, "robots", false,
		"solar.own_cells_gw_per_year_existing", 5.0, "solar.imported_cells_gw_per_year_max", 1e4,
		"space.array_oversize", 1.25, "solar.permit_lag_years", 20.0, "target.compute_gw", 1000.0)
	w, sol := solveOK(t, v, Options{})
	expectVals(t, sol, w.Space.PowerNew, 4, 4, 4, 4, 4)
	expectVals(t, sol, w.Solar.OwnSpace, 5, 5, 5, 5, 5)
	expectVals(t, sol, w.Solar.Imported, 0, 0, 0, 0, 0)
	expectVals(t, sol, w.Compute.OrbitGW, cumulative(4, 5)...)
	binds(t, w, sol, w.Solar.SpaceCells, upto(5)...)
	binds(t, w, sol, w.Solar.OwnCapacity, upto(5)...)
}
