package constraints

import "testing"

// robotsBase: robots only matter through their own target here; Earth and
// orbit compute are not asked for.
func robotsBase() Values {
	return with(frozen(loose()), "space", false, "target.robots_m_per_year", 1000.0)
}

func TestRobotsBinds(t *testing.T) {
	cases := []struct {
		name     string
		v        Values
		produced []float64 // M robots a year, by hand
		rows     func(w *World) []rowsOf
	}{
		{
			// 1 M/yr of initial capacity, no lines, no self-building.
			name:     "production",
			v:        with(robotsBase(), "robots.capacity_initial", 1.0),
			produced: []float64{1, 1, 1, 1, 1},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Robots.Production, upto(5)}} },
		},
		{
			// 0.5 M/yr initial; human-built lines (1 yr build, $1B per
			// M/yr) lift capacity to the 2 M/yr version ceiling from 2027.
			name: "version ceiling",
			v: with(robotsBase(), "robots.capacity_initial", 0.5, "robots.version_ceiling", 2.0,
				"robots.line_build_years", 1.0),
			produced: []float64{0.5, 2, 2, 2, 2},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Robots.Ceiling, []int{1, 2, 3, 4}}} },
		},
		{
			// Robots build robot lines: 0.5 M/yr of capacity per million
			// robots a year, from last year's stock. Capacity 1 → stock 1;
			// +0.5 → 1.5, stock 2.5; +1.25 → 2.75, stock 5.25;
			// +2.625 → 5.375, stock 10.625; +5.3125 → 10.6875.
			name:     "self-building loop",
			v:        with(robotsBase(), "robots.capacity_initial", 1.0, "robots.self_build_m_per_year_per_m", 0.5),
			produced: []float64{1, 1.5, 2.75, 5.375, 10.6875},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Robots.SelfBuild, []int{1, 2, 3, 4}}} },
		},
		{
			// An 8-year life outlasts the horizon; a 2-year one does not
			// change production (target per year), only the stock below.
			name:     "short life",
			v:        with(robotsBase(), "robots.capacity_initial", 1.0, "robots.lifetime_years", 2.0),
			produced: []float64{1, 1, 1, 1, 1},
			rows:     func(w *World) []rowsOf { return nil },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Robots.Produced, c.produced...)
			short := make([]float64, 5)
			stock := make([]float64, 5)
			life := int(c.v.At("robots.lifetime_years", 2026))
			for i, p := range c.produced {
				short[i] = 1000 - p
				for k := max(0, i-life+1); k <= i; k++ {
					stock[i] += c.produced[k]
				}
			}
			expectVals(t, sol, w.Robots.Shortfall, short...)
			expectVals(t, sol, w.Robots.Stock, stock...)
			binds(t, w, sol, w.Robots.Target, upto(5)...)
			for _, r := range c.rows(w) {
				binds(t, w, sol, r.c, r.rows...)
			}
		})
	}
}
