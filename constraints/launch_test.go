package constraints

import "testing"

// orbitOnly: no new power on Earth, so all compute goes to orbit; launches
// are limited per case. Each thousand launches carries 100 t × 1000 =
// 0.1 Mt, which at 100 kW/t powers 10 GW of 1 kW accelerators.
func orbitOnly() Values {
	return with(noEarthPower(frozen(loose())), "robots", false, "target.compute_gw", 1e4)
}

func TestLaunchBinds(t *testing.T) {
	cases := []struct {
		name     string
		v        Values
		launches []float64 // thousands per year, by hand
		rows     func(w *World) []rowsOf
	}{
		{
			// 30 ships × 8760 h / 30 h = 8,760 launches a year.
			name:     "turnaround",
			v:        with(orbitOnly(), "launch.ships_initial", 30.0),
			launches: []float64{8.76, 8.76, 8.76, 8.76, 8.76},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Launch.Turnaround, upto(5)}} },
		},
		{
			// 30 ships lose 10%/yr and 5 are built a year (ships cost nothing
			// beyond the all-in launch price, so all are built):
			// F = 0.9·F + 5 from 30: 32, 33.8, 35.42, 36.878, 38.1902 ships,
			// each flying 292 times a year.
			name:     "ship losses and production",
			v:        with(orbitOnly(), "launch.ships_initial", 30.0, "launch.ship_loss_rate", 0.1, "launch.ships_per_year", 5.0),
			launches: []float64{32 * 0.292, 33.8 * 0.292, 35.42 * 0.292, 36.878 * 0.292, 38.1902 * 0.292},
			rows: func(w *World) []rowsOf {
				return []rowsOf{{w.Launch.Turnaround, upto(5)}, {w.Launch.ShipProduction, upto(5)}}
			},
		},
		{
			// 2 pads × 730 launches a year.
			name:     "pads",
			v:        with(orbitOnly(), "launch.pads_initial", 2.0, "launch.launches_per_pad_per_year", 730.0),
			launches: []float64{1.46, 1.46, 1.46, 1.46, 1.46},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Launch.PadRow, upto(5)}} },
		},
		{
			// 46 Mt/yr of propellant at 4,600 t a launch: 10,000 launches.
			name: "propellant",
			v: with(orbitOnly(), "launch.propellant_mt_per_year_initial", 46.0,
				"launch.propellant_t_per_launch", 4600.0),
			launches: []float64{10, 10, 10, 10, 10},
			rows:     func(w *World) []rowsOf { return []rowsOf{{w.Launch.PropellantRow, upto(5)}} },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, sol := solveOK(t, c.v, Options{})
			expectVals(t, sol, w.Launch.Launches, c.launches...)
			power := make([]float64, 5)
			for i, l := range c.launches {
				power[i] = 10 * l
			}
			expectVals(t, sol, w.Space.PowerNew, power...)
			expectVals(t, sol, w.Compute.EarthGW, 0, 0, 0, 0, 0)
			binds(t, w, sol, w.Launch.MassRow, upto(5)...)
			for _, r := range c.rows(w) {
				binds(t, w, sol, r.c, r.rows...)
			}
		})
	}
}

// TestLaunchFleet: the fleet row itself, without a solve's incentives.
func TestLaunchFleet(t *testing.T) {
	w, err := Build(with(orbitOnly(), "launch.ships_initial", 30.0, "launch.ship_loss_rate", 0.1,
		"launch.ships_per_year", 5.0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Launch.ShipsBuilt, 0, 2, 0, 0, 0)
	sol := solveModel(t, w)
	// 30 → 27; +2 → 26.3; 23.67; 21.303; 19.1727.
	expectVals(t, sol, w.Launch.Fleet, 27, 26.3, 23.67, 21.303, 19.1727)
}
