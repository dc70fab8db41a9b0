package main

import (
	"fmt"
	"math"
	"strings"
)

func ms(s float64) string { return fmt.Sprintf("%.1f", s*1e3) }

func ratio(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", x)
}

func metricValue(m Metric) string {
	switch m.Unit {
	case "s":
		return fmt.Sprintf("%.3f s", m.Value)
	case "×":
		return fmt.Sprintf("%.2f×", m.Value)
	case "":
		return fmt.Sprintf("%.1f %%", 100*m.Value)
	}
	return fmt.Sprintf("%.3g %s", m.Value, m.Unit)
}

func targetText(t *Target, unit string) string {
	v := fmt.Sprintf("%g", t.Limit)
	switch unit {
	case "s":
		v += " s"
	case "×":
		v += "×"
	case "":
		v = fmt.Sprintf("%g %%", 100*t.Limit)
	}
	op := map[string]string{"<=": "≤", ">=": "≥", "<": "<"}[t.Op]
	return op + " " + v
}

func verdict(t *Target) string {
	if t.Met {
		return "met"
	}
	return "**missed**"
}

// markdown is BENCHMARKS.md.
func markdown(r *Results) string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# Benchmarks\n\n")
	p("Written by `just bench` (`.ci/bench` → `cmd/teraplan-bench`) on %s: %d cores, %s; `teraplan version`: %s; `highs --version`: %s.\n",
		r.Date, r.Machine.Cores, r.Machine.GoVersion, r.Machine.Teraplan, r.Machine.HiGHS)
	p("Load average %s at the start, %s at the end.\n\n", r.Machine.LoadStart, r.Machine.LoadEnd)
	p("**How to read these numbers.** The machine is shared (other builds and tests run beside the benchmark), so\n")
	p("absolute times are noisy. Every time is a median over repeated runs; the tools compared in a table run\n")
	p("interleaved, round by round in rotating order, after one warm-up run each, and a ratio is the median over\n")
	p("rounds of the ratio within a round — so a slow spell of the machine slows every tool alike. `just bench-check`\n")
	p("compares only ratios (and the stated targets), never absolute times.\n\n")

	p("## Targets\n\n| metric | value | target | source | |\n|---|---|---|---|---|\n")
	for _, m := range r.Metrics {
		if m.Target != nil {
			p("| %s | %s | %s | %s | %s |\n", m.Desc, metricValue(m), targetText(m.Target, m.Unit), m.Target.Source, verdict(m.Target))
		}
	}
	p("\n")

	if d := r.Default; d != nil {
		p("## 1. The default plan (seed-2026, min-cost, 2026–2040 yearly)\n\n")
		p("Whole processes, output discarded; the MPS file is `teraplan export --as mps` (%s). %d interleaved rounds.\n\n", d.MPS, d.Rounds)
		p("| process | median (ms) | min (ms) | max (ms) | ÷ highs (paired) | peak RSS (MB) | objective |\n|---|---|---|---|---|---|---|\n")
		for _, t := range d.Tools {
			obj := "not found"
			if t.Objective != nil {
				obj = fmt.Sprintf("%.10g", *t.Objective)
			}
			p("| `%s` | %s | %s | %s | %s | %.1f | %s |\n", t.Command, ms(t.MedianS), ms(t.MinS), ms(t.MaxS), ratio(t.VsHighs), t.PeakRSSMB, obj)
		}
		agree := "agree within 1e-6 (relative)"
		if !d.ObjectivesAgree {
			agree = "**do not agree**"
		}
		p("\nObjectives (teraplan's from `plan --format json`, the others parsed from each solver's output) %s.\n", agree)
		p("The model is small (a few hundred rows), so every process is dominated by start-up: loading the\n")
		p("scenario and building the model for teraplan, reading the MPS file for the others.\n\n")
	}

	if s := r.Scale; s != nil {
		p("## 2. Scale\n\n")
		p("seed-2026 with `--set horizon.end_year=… --set horizon.step_years=… --set modules.lunar=…`.\n")
		p("*build* is `constraints.Build`; *solve* is `lp`'s Solve (pass to HiGHS, HiGHS, read-back) of which *HiGHS* is\n")
		p("the solver's own run; both in-process, medians of *n* solves (build alone: of *b* builds, at least 5). *process* is the median wall time of the\n")
		p("whole `teraplan plan` process and *peak RSS* its maximum resident set (GNU time's %%M).\n")
		p("*build ns/nnz*: the median build alone, and *amortised* over *b* builds back to back (garbage collection and\n")
		p("memory reuse included, as in a sweep); the linearity check compares the amortised figures.\n\n")
		p("*iterations* are HiGHS's simplex iterations (the median solve's count; they do not vary between runs): 0 where an LP of 6,000 rows or more (`lp.IPMRows`) went to HiGHS's interior point solver and its crossover left the simplex nothing to do.\n\n")
		p("| case | periods | rows | cols | nonzeros | b / n | build (ms) | solve (ms) | HiGHS (ms) | iterations | build share | build ns/nnz (median / amortised) | process (ms) | peak RSS (MB) |\n")
		p("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
		cases := s.Cases
		if s.NoBudget != nil {
			cases = append(cases[:len(cases):len(cases)], *s.NoBudget)
		}
		for _, c := range cases {
			p("| %s | %d | %d | %d | %d | %d / %d | %s | %s | %s | %d | %.1f %% | %.0f / %.0f | %s | %.0f |\n", c.Name, c.Periods, c.Rows, c.Cols, c.Nonzeros, c.BuildReps, c.Reps,
				ms(c.BuildS), ms(c.SolveS), ms(c.HighsRunS), c.Iterations, 100*c.BuildShare, c.BuildNsPerNnz, c.AmortNsPerNnz, ms(c.ProcessS), c.PeakRSSMB)
		}
		if nb := s.NoBudget; nb != nil {
			for _, c := range s.Cases {
				if c.Periods == nb.Periods && !c.Lunar {
					p("\nThe capital budget (seed-2026's, binding in most periods from 2029) against none (`--set budget.usd_per_year=0`), 200 quarterly periods: solve %s against %s ms (%.1f×), %d against %d simplex iterations.\n",
						ms(c.SolveS), ms(nb.SolveS), c.SolveS/nb.SolveS, c.Iterations, nb.Iterations)
				}
			}
		}
		p("\nBuild time against nonzeros, least squares over the %d cases (without the no-budget reference): **%.0f ns per nonzero** + %.2f ms (R² = %.3f).\n",
			len(s.Cases), s.BuildNsPerNonzero, s.BuildInterceptMs, s.BuildFitR2)
		p("Solve time grows as nonzeros^%.2f (slope of log solve time against log nonzeros)", s.SolveExponent)
		if s.SolveExponent > 1.1 {
			p(": the solver, not the model building, is what grows faster than the model")
		}
		p(". Nonzeros grow faster than periods: stocks and lead times span more periods when periods are shorter.\n\n")
	}

	if w := r.Sweeps; w != nil {
		p("## 3. Sweeps\n\n")
		if !w.Available {
			p("**Skipped:** %s. The harness measures it as soon as the binary has `teraplan sweep --samples`.\n\n", w.Skipped)
		} else {
			p("`%s` (a Monte Carlo of seed-2026's declared distributions) against a loop of `teraplan plan` processes.\n\n", w.Command)
			p("| measurement | runs | wall (s) | runs/s |\n|---|---|---|---|\n")
			p("| `teraplan sweep` (default workers; median of %d rounds) | %d | %.2f | %.1f |\n", w.ThroughputRounds, w.SweepRuns, w.SweepS, w.SweepPerS)
			p("| loop of `teraplan plan` processes (median of %d rounds) | %d | %.2f | %.1f |\n", w.ThroughputRounds, w.LoopRuns, w.LoopS, w.LoopPerS)
			if w.WorkerRuns > 0 {
				p("| `teraplan sweep`, 1 worker (median of %d rounds) | %d | %.2f | %.1f |\n", w.WorkerRounds, w.WorkerRuns, w.OneWorkerS, float64(w.WorkerRuns)/w.OneWorkerS)
				p("| `teraplan sweep`, 2 workers (median of %d rounds) | %d | %.2f | %.1f |\n", w.WorkerRounds, w.WorkerRuns, w.TwoWorkersS, float64(w.WorkerRuns)/w.TwoWorkersS)
			}
			p("\nSpeed-up over processes: %.1f× (median of %d interleaved rounds; %.1f–%.1f). ", w.Speedup, w.ThroughputRounds, w.SpeedupMin, w.SpeedupMax)
			if w.WorkerRuns > 0 {
				p("Two workers over one: %.2f× (median of %d interleaved rounds; %.2f–%.2f). ", w.TwoVsOne, w.WorkerRounds, w.TwoVsOneMin, w.TwoVsOneMax)
				if w.Ceiling > 0 {
					p("For scale, two HiGHS solves at once on this machine, without teraplan (`%s`, %d solves in a row against two streams of %d side by side): %.2f×. ", w.CeilingCmd, w.CeilingSolves, w.CeilingSolves/2, w.Ceiling)
				}
			} else {
				p("One vs two workers: skipped (%s). ", w.WorkersSkipped)
			}
			p("Peak RSS: %.0f MB for %d runs, %.0f MB for %d runs (%.2f×; median of %d interleaved rounds, %.2f–%.2f).\n", w.MemSmallMB, w.MemSmallRuns, w.MemLargeMB, w.MemLargeRuns, w.MemRatio, w.MemRounds, w.MemRatioMin, w.MemRatioMax)
			p("Runs per second of the process loop are measured over fewer runs than the sweep (processes are\n")
			p("independent, so the rate does not depend on the count).\n\n")
		}
	}

	if l := r.Limits; l != nil {
		p("## 4. Limits\n\n%d interleaved rounds, whole processes.\n\n", l.Rounds)
		p("| process | median (ms) | solves | ÷ |\n|---|---|---|---|\n")
		p("| `teraplan plan` | %s | 1 | |\n", ms(l.PlanS))
		p("| `%s` | %s | %d (%d limits, each ±10%%) | %s × plan |\n", l.YearCmd, ms(l.YearS), l.YearSolves, l.YearLimits, ratio(l.YearVsPlan))
		p("| `%s` | %s | %d years | %s × one year |\n\n", l.TimelineCmd, ms(l.TimelineS), l.TimelineYears, ratio(l.TimelineVsYear))
	}

	if r.Warm != nil {
		p("%s", warmMarkdown(r.Warm))
	}

	var later []Metric
	for _, m := range r.Metrics {
		if k, _, _ := strings.Cut(m.Name, "."); k == "regions" || k == "claims" || k == "serve" {
			later = append(later, m)
		}
	}
	if len(later) > 0 {
		p("## 7. Regions, claims odds and the live API\n\n")
		p("Whole processes: the three-region built-in `regions-2026` (plan against the `highs` CLI on its own MPS file in\n")
		p("interleaved rounds, limits of one year, the 15-year timeline); `claims --samples 1000 --seed 1`; and a running\n")
		p("`teraplan serve` answering `GET /api/plan?set=launch.payload_t=…` one request at a time, a new value each time.\n\n")
		p("| metric | value |\n|---|---|\n")
		for _, m := range later {
			p("| %s | %s |\n", m.Desc, metricValue(m))
		}
		p("\n")
	}

	p("## Ratios checked by `just bench-check`\n\n")
	p("`just bench-check` re-measures with fewer repetitions (`-quick`) and fails when a ratio below is worse than\n")
	p("recorded by more than its tolerance (lower-is-better: above recorded × (1 + tol); higher-is-better: below\n")
	p("recorded ÷ (1 + tol)); with `-targets` also when a target above is missed. Absolute times are not compared.\n\n")
	p("| metric | value | better | tolerance |\n|---|---|---|---|\n")
	for _, m := range r.Metrics {
		tol := "not checked"
		if m.Tol > 0 {
			tol = fmt.Sprintf("%.0f %%", 100*m.Tol)
		}
		p("| `%s`: %s | %s | %s | %s |\n", m.Name, m.Desc, metricValue(m), m.Better, tol)
	}
	if len(r.Notes) > 0 {
		p("\n## Notes\n\n")
		for _, n := range r.Notes {
			p("- %s\n", n)
		}
	}
	p("\nThe `lp` layer's own benchmarks (up to 10⁶ nonzeros) are in [lp/BENCH_NOTES.md](lp/BENCH_NOTES.md); the Go\n")
	p("benchmarks of `constraints` and `plans` run with `go test -run '^$' -bench . ./constraints ./plans`.\n")
	return b.String()
}

// summary is what `just bench` prints at the end.
func summary(r *Results) string {
	var b strings.Builder
	for _, m := range r.Metrics {
		t := ""
		if m.Target != nil {
			t = fmt.Sprintf("  target %s: %s", targetText(m.Target, m.Unit), strings.Trim(verdict(m.Target), "*"))
		}
		fmt.Fprintf(&b, "%-32s %10s%s\n", m.Name, metricValue(m), t)
	}
	if r.Sweeps != nil && !r.Sweeps.Available {
		fmt.Fprintf(&b, "sweeps: skipped: %s\n", r.Sweeps.Skipped)
	}
	return b.String()
}

// compare checks fresh against the recorded baseline: ratios within their
// tolerance and, unless targets is false, targets met.
func compare(base, fresh *Results, targets bool) (string, bool) {
	var b strings.Builder
	ok := true
	old := map[string]Metric{}
	for _, m := range base.Metrics {
		old[m.Name] = m
	}
	fmt.Fprintf(&b, "bench-check: fresh %s run vs BENCHMARKS.json of %s\n\n", map[bool]string{true: "quick", false: "full"}[fresh.Quick], base.Date)
	fmt.Fprintf(&b, "%-30s %10s %10s %10s  %s\n", "metric", "recorded", "fresh", "limit", "verdict")
	seen := map[string]bool{}
	for _, m := range fresh.Metrics {
		seen[m.Name] = true
		o, had := old[m.Name]
		tol := m.Tol
		if had && o.Tol > 0 {
			tol = o.Tol // the tolerance stated with the recorded value
		}
		rec, lim, v := "-", "-", "ok"
		if had {
			rec = metricValue(o)
		}
		if had && tol > 0 {
			if m.Better == "higher" {
				l := o.Value / (1 + tol)
				lim = "≥ " + metricValue(Metric{Value: l, Unit: m.Unit})
				if m.Value < l {
					v, ok = fmt.Sprintf("REGRESSION (more than %.0f%% worse)", 100*tol), false
				}
			} else {
				l := o.Value * (1 + tol)
				lim = "≤ " + metricValue(Metric{Value: l, Unit: m.Unit})
				if m.Value > l {
					v, ok = fmt.Sprintf("REGRESSION (more than %.0f%% worse)", 100*tol), false
				}
			}
		} else if !had {
			v = "new (no recorded value)"
		}
		if m.Target != nil {
			if m.Target.Met {
				v += "; target " + targetText(m.Target, m.Unit) + " met"
			} else {
				v += "; TARGET " + targetText(m.Target, m.Unit) + " MISSED"
				if targets {
					ok = false
				} else {
					v += " (not failing without -targets)"
				}
			}
		}
		fmt.Fprintf(&b, "%-30s %10s %10s %10s  %s\n", m.Name, rec, metricValue(m), lim, v)
	}
	for _, o := range base.Metrics {
		if !seen[o.Name] && o.Tol > 0 {
			fmt.Fprintf(&b, "%-30s %10s %10s %10s  %s\n", o.Name, metricValue(o), "-", "-", "not measured this time")
		}
	}
	if fresh.Sweeps != nil && !fresh.Sweeps.Available {
		fmt.Fprintf(&b, "\nsweeps: skipped: %s\n", fresh.Sweeps.Skipped)
	}
	if ok {
		fmt.Fprintf(&b, "\nbench-check: ok\n")
	} else {
		fmt.Fprintf(&b, "\nbench-check: FAILED\n")
	}
	return b.String(), ok
}
