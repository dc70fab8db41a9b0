package plans_test

import (
	"context"
	"testing"
	"time"

	"teraplan/constraints"
	"teraplan/plans"
)

// BenchmarkPlanDefault: build, solve and report seed-2026 (min-cost).
func BenchmarkPlanDefault(b *testing.B) {
	in := seedInput(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		res, err := plans.Solve(ctx, in, plans.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = res.Report(testVersions)
	}
}

// BenchmarkPlanQuarterly200: seed-2026 quarterly to 2075, 200 periods
// (2026.00 … 2075.75). Reports the build and solve time of each plan and
// the LP's size. Targets: under 2 s in all, build ≤ 15% of it.
func BenchmarkPlanQuarterly200(b *testing.B) {
	in := seedInput(b, "horizon.end_year=2075", "horizon.step_years=0.25")
	ctx := context.Background()
	var build, solveT, total time.Duration
	var rows, cols, nnz, periods int
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		res, err := plans.Solve(ctx, in, plans.Options{})
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		ts := res.Solution.Times
		s := ts.Pass + ts.Run + ts.ReadBack
		total += took
		solveT += s
		build += took - s
		m := res.World.Model
		rows, cols, nnz, periods = m.NumRows(), m.NumCols(), m.NumNonzeros(), res.World.H.N()
	}
	n := float64(b.N)
	b.ReportMetric(float64(build.Nanoseconds())/n, "build-ns/op")
	b.ReportMetric(float64(solveT.Nanoseconds())/n, "solve-ns/op")
	b.ReportMetric(100*float64(build)/float64(total), "build-%")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(cols), "cols")
	b.ReportMetric(float64(nnz), "nonzeros")
	if periods != 200 {
		b.Errorf("%d periods, want 200", periods)
	}
}

// BenchmarkLimitsOneYear: the limits of 2030 with ±10% re-solves of every
// ranked limit, under seed-2026 and under regions-2026 (three regions).
// Target: under 1 s each.
func BenchmarkLimitsOneYear(b *testing.B) {
	ctx := context.Background()
	for _, in := range benchInputs(b) {
		b.Run(in.Name, func(b *testing.B) {
			var n int
			for b.Loop() {
				rep, err := plans.Limits(ctx, in, 2030, plans.LimitsOptions{}, testVersions)
				if err != nil {
					b.Fatal(err)
				}
				n = len(rep.Limits)
			}
			b.ReportMetric(float64(n), "limits")
			b.ReportMetric(float64(2*n+1), "solves")
		})
	}
}

// BenchmarkTimeline: the 2026–2040 timeline, top 3 a year, each re-solved
// ±10%, under seed-2026 and under regions-2026. Target: under 10 s each.
func BenchmarkTimeline(b *testing.B) {
	ctx := context.Background()
	for _, in := range benchInputs(b) {
		b.Run(in.Name, func(b *testing.B) {
			for b.Loop() {
				if _, err := plans.BuildTimeline(ctx, in, 2026, 2040, 3, 3, plans.LimitsOptions{}, testVersions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchInputs are the scenarios the limits benchmarks run on: the default
// and the three-region one.
func benchInputs(b *testing.B) []plans.Input {
	return []plans.Input{seedInput(b), regionsInput(b)}
}

// BenchmarkResolveWarm and BenchmarkResolveCold: seed-2026 max-compute in
// 2030 re-solved with one capacity ×1.1, as limits does: from the
// previous solve's basis (a Solver), and from scratch.
func BenchmarkResolveWarm(b *testing.B) { benchResolve(b, false) }
func BenchmarkResolveCold(b *testing.B) { benchResolve(b, true) }

func benchResolve(b *testing.B, cold bool) {
	in := seedInput(b)
	ctx := context.Background()
	var sv plans.Solver
	defer sv.Close()
	keys := []constraints.RelaxKey{{Family: "space.power", Year: 2030}, {Family: "chips.wafers", Year: 2029}, {Family: "power.balance", Year: 2030}}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		opt := plans.Options{Mode: constraints.MaxCompute, Year: 2030, Cold: cold,
			Relax: map[constraints.RelaxKey]float64{keys[i%len(keys)]: 1.1}}
		i++
		if _, err := sv.Solve(ctx, in, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanLearningIterated: seed-2026 with learning on, the iterated
// LP. Target: at most 3× BenchmarkPlanDefault.
func BenchmarkPlanLearningIterated(b *testing.B) {
	benchLearning(b, plans.LearningIterated)
}

// BenchmarkPlanLearningExact: seed-2026 with learning on, the exact
// piecewise-linear MIP (after the iterated LP, for the gap). Target: under
// 10 s.
func BenchmarkPlanLearningExact(b *testing.B) {
	benchLearning(b, plans.LearningExact)
}

func benchLearning(b *testing.B, l plans.Learning) {
	in := seedInput(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		res, err := plans.Solve(ctx, in, plans.Options{Learning: l})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Learning.Iterations), "solves")
		_ = res.Report(testVersions)
	}
}
