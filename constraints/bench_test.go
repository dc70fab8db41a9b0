package constraints

import (
	"context"
	"testing"
	"time"

	"teraplan/lp"
)

// benchValues is loose() with a rising target and a finite workforce, so
// that expansions are bounded (max-compute) and several limits bind over
// the horizon: the shape of a real scenario at loose() sizes.
func benchValues(end, step float64) Values {
	v := with(loose(), "horizon.end_year", end, "horizon.step_years", step,
		"target.compute_gw", traj(2026, 15, 2030, 120, 2035, 1000),
		"labour.human_worker_years", 1e4, "chips.accelerators_per_year_existing", 10.0,
		"grid.new_gw_per_year", 10.0, "turbines.castings_gw_per_year_market", 8.0)
	for _, k := range []string{"fabs.labour_worker_years", "packaging.labour_worker_years",
		"memory.fab_labour_worker_years", "memory.hbm_line_labour_worker_years", "castings.labour_worker_years",
		"solar.cell_line_labour_worker_years", "launch.pad_labour_worker_years",
		"launch.propellant_plant_labour_worker_years", "robots.line_labour_worker_years"} {
		v = with(v, k, 1e3)
	}
	return v
}

var benchCases = []struct {
	name      string
	end, step float64
	mode      Mode
}{
	// 2026–2040 yearly: 15 periods.
	{"yearly-2026-2040/min-cost", 2040, 1, MinCost},
	{"yearly-2026-2040/max-compute", 2040, 1, MaxCompute},
	// 2026–2075 quarterly, the end year whole: 200 periods.
	{"quarterly-200/min-cost", 2075, 0.25, MinCost},
	{"quarterly-200/max-compute", 2075, 0.25, MaxCompute},
}

// BenchmarkBuild times building the model alone.
func BenchmarkBuild(b *testing.B) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			v := benchValues(c.end, c.step)
			b.ReportAllocs()
			var w *World
			for b.Loop() {
				var err error
				if w, err = Build(v, Options{Mode: c.mode}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(w.Model.NumRows()), "rows")
			b.ReportMetric(float64(w.Model.NumCols()), "cols")
			b.ReportMetric(float64(w.Model.NumNonzeros()), "nonzeros")
		})
	}
}

// BenchmarkBuildSolve times build and solve separately per iteration.
func BenchmarkBuildSolve(b *testing.B) {
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			v := benchValues(c.end, c.step)
			var build, solve time.Duration
			var w *World
			n := 0
			for b.Loop() {
				t0 := time.Now()
				var err error
				if w, err = Build(v, Options{Mode: c.mode}); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				sol, err := w.Model.Solve(context.Background(), lp.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if sol.Status != lp.Optimal {
					b.Fatalf("status %v", sol.Status)
				}
				solve += time.Since(t1)
				build += t1.Sub(t0)
				n++
			}
			b.ReportMetric(float64(build.Microseconds())/1e3/float64(n), "build-ms/op")
			b.ReportMetric(float64(solve.Microseconds())/1e3/float64(n), "solve-ms/op")
			b.ReportMetric(float64(w.Model.NumRows()), "rows")
			b.ReportMetric(float64(w.Model.NumCols()), "cols")
			b.ReportMetric(float64(w.Model.NumNonzeros()), "nonzeros")
		})
	}
}

// TestBenchValuesSolve keeps the benchmark inputs honest under go test.
func TestBenchValuesSolve(t *testing.T) {
	for _, c := range benchCases[:2] {
		w, sol := solveOK(t, benchValues(c.end, c.step), Options{Mode: c.mode})
		if w.H.N() != 15 || sol.Objective <= 0 {
			t.Errorf("%s: %d periods, objective %v", c.name, w.H.N(), sol.Objective)
		}
	}
	h, err := NewHorizon(2026, 2075, 0.25)
	if err != nil || h.N() != 200 {
		t.Errorf("quarterly benchmark horizon: %d periods, %v", h.N(), err)
	}
}
