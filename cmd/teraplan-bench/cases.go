package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans/scenario"
)

// env is what every section needs.
type env struct {
	teraplan string // the teraplan binary under test
	highs    string // HiGHS's command-line solver ("" = missing)
	glpsol   string
	cbc      string
	tmp      string
	quick    bool
	logf     func(string, ...any)
}

// reps picks the full or the quick count.
func (e *env) reps(full, quick int) int {
	if e.quick {
		return quick
	}
	return full
}

// ---- 1. The default plan ------------------------------------------------

var (
	reHighsObj  = regexp.MustCompile(`Objective value\s*:\s*(\S+)`)
	reGlpsolObj = regexp.MustCompile(`obj =\s*(\S+)`)
	reCbcObj    = regexp.MustCompile(`(?i)objective value:?\s*(\S+)`)
)

// lastFloat is the float in the last match of re's first group.
func lastFloat(re *regexp.Regexp, s string) *float64 {
	m := re.FindAllStringSubmatch(s, -1)
	if len(m) == 0 {
		return nil
	}
	x, err := strconv.ParseFloat(strings.TrimRight(m[len(m)-1][1], ","), 64)
	if err != nil {
		return nil
	}
	return &x
}

func (e *env) defaultPlan(r *Results) error {
	mps := filepath.Join(e.tmp, "default.mps")
	if _, err := run([]string{e.teraplan, "export", "--as", "mps", "--out", mps}); err != nil {
		return err
	}
	tools := []tool{{"teraplan", "teraplan plan", []string{e.teraplan, "plan", "--quiet"}}}
	if e.highs == "" {
		return errors.New("the highs command-line solver is missing (run through .ci/with-highs, which sets TERAPLAN_HIGHS_CLI)")
	}
	tools = append(tools, tool{"highs", "highs --model_file default.mps", []string{e.highs, "--model_file", mps}})
	if e.glpsol != "" {
		tools = append(tools, tool{"glpsol", "glpsol --freemps default.mps", []string{e.glpsol, "--freemps", mps}})
	} else {
		r.Notes = append(r.Notes, "glpsol not found (apt-get install glpk-utils): left out of the default-plan comparison.")
	}
	if e.cbc != "" {
		tools = append(tools, tool{"cbc", "cbc default.mps solve", []string{e.cbc, mps, "solve"}})
	} else {
		r.Notes = append(r.Notes, "cbc not found (apt-get install coinor-cbc): left out of the default-plan comparison.")
	}
	rounds := e.reps(21, 9)
	e.logf("default plan: %d tools, %d interleaved rounds", len(tools), rounds)
	s, err := interleave(tools, rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	// teraplan's own objective, from its JSON.
	p, err := run([]string{e.teraplan, "plan", "--quiet", "--format", "json"})
	if err != nil {
		return err
	}
	var pj struct {
		Objective float64 `json:"objective"`
	}
	if err := json.Unmarshal([]byte(p.Stdout), &pj); err != nil {
		return fmt.Errorf("teraplan plan --format json: %v", err)
	}
	d := &DefaultPlan{Rounds: rounds, ObjectivesAgree: true}
	if st, err := os.Stat(mps); err == nil {
		d.MPS = fmt.Sprintf("%d bytes", st.Size())
	}
	obj := map[string]*float64{
		"teraplan": &pj.Objective,
		"highs":    lastFloat(reHighsObj, s["highs"].First.Stdout),
	}
	if s["glpsol"] != nil {
		obj["glpsol"] = lastFloat(reGlpsolObj, s["glpsol"].First.Stdout)
	}
	if s["cbc"] != nil {
		obj["cbc"] = lastFloat(reCbcObj, s["cbc"].First.Stdout)
	}
	hw := s["highs"].Wall
	for _, t := range tools {
		ts := s[t.Key]
		w := ts.Wall
		tr := ToolResult{Key: t.Key, Command: t.Name, MedianS: median(w), MinS: minF(w), MaxS: maxF(w),
			PeakRSSMB: float64(ts.First.MaxRSSKB) / 1024, VsHighs: pairedRatio(w, hw), Objective: obj[t.Key]}
		if o := obj[t.Key]; o == nil || math.Abs(*o-pj.Objective) > 1e-6*math.Max(1, math.Abs(pj.Objective)) {
			d.ObjectivesAgree = false
		}
		d.Tools = append(d.Tools, tr)
	}
	r.Default = d
	if !d.ObjectivesAgree {
		r.Notes = append(r.Notes, "The solvers' objectives on the default plan DISAGREE (see the table).")
	}
	for _, tr := range d.Tools {
		switch tr.Key {
		case "teraplan":
			r.metric(Metric{Name: "default.plan_vs_highs", Desc: "`teraplan plan` process ÷ `highs` CLI on the exported MPS",
				Value: tr.VsHighs, Unit: "×", Better: "lower", Tol: 0.5,
				Target: &Target{Op: "<=", Limit: 1.5, Source: "issue 3"}})
		case "glpsol", "cbc":
			r.metric(Metric{Name: "default." + tr.Key + "_vs_highs", Desc: "`" + tr.Key + "` ÷ `highs` CLI on the same MPS (another tool: not checked)",
				Value: tr.VsHighs, Unit: "×", Better: "lower"})
		}
	}
	return nil
}

func minF(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

func maxF(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}

// ---- 2. Scale -------------------------------------------------------------

type scaleSpec struct {
	name      string
	periods   int
	end, step string
	set       []string // more overrides (the reference case's)
}

// The horizons: 2026–2040 yearly and quarterly, 2026–2075 quarterly and
// monthly. A month is 0.0833333333333 years: the scenario accepts it as
// dividing 50 years into 600 whole periods (within 1e-6).
var scaleSpecs = []scaleSpec{
	{"2026–2040 yearly", 15, "2040", "1", nil},
	{"2026–2040 quarterly", 60, "2040", "0.25", nil},
	{"2026–2075 quarterly", 200, "2075", "0.25", nil},
	{"2026–2075 monthly", 600, "2075", "0.0833333333333", nil},
}

// noBudget is the reference for what the capital budget costs the solver:
// 200 quarterly periods with budget.usd_per_year = 0 (no limit). It is
// left out of the build and solve fits.
var noBudget = scaleSpec{"2026–2075 quarterly, no budget", 200, "2075", "0.25", []string{"budget.usd_per_year=0"}}

func (e *env) scale(r *Results) error {
	sc := &Scale{}
	for _, spec := range scaleSpecs {
		for _, lunar := range []bool{false, true} {
			c, err := e.scaleCase(spec, lunar)
			if err != nil {
				return err
			}
			sc.Cases = append(sc.Cases, c)
		}
	}
	// Build time against nonzeros: least squares.
	var xs, ys, lx, ly []float64
	for _, c := range sc.Cases {
		xs = append(xs, float64(c.Nonzeros))
		ys = append(ys, c.BuildS*1e9)
		lx = append(lx, math.Log(float64(c.Nonzeros)))
		ly = append(ly, math.Log(c.SolveS))
	}
	slope, icept, r2 := fit(xs, ys)
	sc.BuildNsPerNonzero, sc.BuildInterceptMs, sc.BuildFitR2 = slope, icept/1e6, r2
	sc.SolveExponent, _, _ = fit(lx, ly)
	ref, err := e.scaleCase(noBudget, false)
	if err != nil {
		return err
	}
	sc.NoBudget = &ref
	r.Scale = sc

	find := func(periods int, lunar bool) *ScaleCase {
		for i := range sc.Cases {
			if sc.Cases[i].Periods == periods && sc.Cases[i].Lunar == lunar {
				return &sc.Cases[i]
			}
		}
		return nil
	}
	if c := find(200, false); c != nil {
		r.metric(Metric{Name: "scale.p200.total_s", Desc: "200 quarterly periods (seed-2026), build + solve in-process",
			Value: c.TotalS, Unit: "s", Better: "lower", Target: &Target{Op: "<", Limit: 2, Source: "issue 3, kept by issue 12"}})
		r.metric(Metric{Name: "scale.p200.build_share", Desc: "200 periods: model building ÷ (build + solve)",
			Value: c.BuildShare, Unit: "", Better: "lower", Tol: 0.5, Target: &Target{Op: "<=", Limit: 0.15, Source: "issue 3"}})
		r.metric(Metric{Name: "scale.p200.budget_solve_ratio", Desc: "200 quarterly periods: solve with seed-2026's budget ÷ without (budget.usd_per_year=0)",
			Value: c.SolveS / ref.SolveS, Unit: "×", Better: "lower", Tol: 0.5})
	}
	if c := find(200, true); c != nil {
		r.metric(Metric{Name: "scale.p200_lunar.build_share", Desc: "200 periods, lunar module on: build ÷ (build + solve)",
			Value: c.BuildShare, Better: "lower", Tol: 0.5})
	}
	if c := find(600, false); c != nil {
		r.metric(Metric{Name: "scale.p600.build_share", Desc: "600 monthly periods: build ÷ (build + solve)",
			Value: c.BuildShare, Better: "lower", Tol: 0.5})
	}
	for _, lunar := range []bool{false, true} {
		a, b := find(60, lunar), find(600, lunar)
		if a == nil || b == nil {
			continue
		}
		name, desc := "scale.build_linearity", "build ns per nonzero at 600 periods ÷ at 60, amortised over b builds (1 = linear in nonzeros)"
		if lunar {
			name, desc = "scale.build_linearity_lunar", "the same, lunar module on"
		}
		r.metric(Metric{Name: name, Desc: desc, Value: b.AmortNsPerNnz / a.AmortNsPerNnz, Unit: "×", Better: "lower", Tol: 0.5,
			Target: &Target{Op: "<=", Limit: 1.5, Source: "issue 8: build grows linearly with nonzeros (1.5× allowance set here)"}})
	}
	return nil
}

func (e *env) scaleCase(spec scaleSpec, lunar bool) (ScaleCase, error) {
	c := ScaleCase{Name: spec.name, Periods: spec.periods, Lunar: lunar,
		Set: append([]string{"horizon.end_year=" + spec.end, "horizon.step_years=" + spec.step, fmt.Sprintf("modules.lunar=%v", lunar)}, spec.set...)}
	if lunar {
		c.Name += ", lunar"
	}
	s, err := scenario.Load(scenario.Default)
	if err != nil {
		return c, err
	}
	if err := s.Set(c.Set...); err != nil {
		return c, err
	}
	v := s.Values()
	switch {
	case spec.periods >= 600:
		c.Reps, c.ProcessReps = e.reps(3, 1), 1
	case spec.periods >= 200:
		c.Reps, c.ProcessReps = e.reps(5, 3), e.reps(3, 1)
	default:
		c.Reps, c.ProcessReps = e.reps(9, 5), e.reps(5, 3)
	}
	c.BuildReps = max(c.Reps, e.reps(9, 5))
	if spec.periods <= 60 {
		c.BuildReps = e.reps(25, 15) // a few ms each: cheap, and noisy
	}
	e.logf("scale: %s (%d periods): %d builds, %d in-process solves, %d processes", c.Name, spec.periods, c.BuildReps, c.Reps, c.ProcessReps)
	var build, solve, hrun, total, iters []float64
	// Building is cheap next to solving at every size: time it alone a few
	// more times, since the build-per-nonzero figures rest on it.
	for range max(c.BuildReps-c.Reps, 0) {
		runtime.GC()
		t0 := time.Now()
		if _, err := constraints.Build(v, constraints.Options{Mode: constraints.MinCost}); err != nil {
			return c, fmt.Errorf("%s: %w", c.Name, err)
		}
		build = append(build, time.Since(t0).Seconds())
	}
	for range c.Reps {
		runtime.GC()
		t0 := time.Now()
		w, err := constraints.Build(v, constraints.Options{Mode: constraints.MinCost})
		if err != nil {
			return c, fmt.Errorf("%s: %w", c.Name, err)
		}
		t1 := time.Now()
		sol, err := w.Model.Solve(context.Background(), lp.Options{})
		if err != nil {
			return c, fmt.Errorf("%s: %w", c.Name, err)
		}
		t2 := time.Now()
		if sol.Status != lp.Optimal {
			return c, fmt.Errorf("%s: status %v", c.Name, sol.Status)
		}
		if got := w.H.N(); got != spec.periods {
			return c, fmt.Errorf("%s: %d periods, want %d", c.Name, got, spec.periods)
		}
		build = append(build, t1.Sub(t0).Seconds())
		solve = append(solve, t2.Sub(t1).Seconds())
		hrun = append(hrun, sol.Times.Run.Seconds())
		iters = append(iters, float64(sol.Iterations))
		total = append(total, t2.Sub(t0).Seconds())
		c.Rows, c.Cols, c.Nonzeros, c.Objective = w.Model.NumRows(), w.Model.NumCols(), w.Model.NumNonzeros(), sol.Objective
	}
	c.BuildS, c.SolveS, c.HighsRunS = median(build), median(solve), median(hrun)
	c.Iterations = int(median(iters))
	c.TotalS = median(total)
	c.BuildShare = c.BuildS / (c.BuildS + c.SolveS)
	c.BuildNsPerNnz = c.BuildS * 1e9 / float64(c.Nonzeros)
	// The per-nonzero cost that the linearity check compares: b builds
	// back to back, as a long-running process (a sweep) builds them, with
	// garbage collection and the reuse of freed memory amortised over
	// them. A build timed alone right after a forced collection favours
	// small models, whose few hundred kilobytes neither trigger a
	// collection nor touch fresh memory, which this machine pays for
	// dearly (about 12 µs per first-touched page).
	runtime.GC()
	t0 := time.Now()
	for range c.BuildReps {
		if _, err := constraints.Build(v, constraints.Options{Mode: constraints.MinCost}); err != nil {
			return c, fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	c.AmortNsPerNnz = time.Since(t0).Seconds() * 1e9 / float64(c.BuildReps*c.Nonzeros)

	argv := []string{e.teraplan, "plan", "--quiet"}
	for _, a := range c.Set {
		argv = append(argv, "--set", a)
	}
	var wall []float64
	var rss int64
	for i := range c.ProcessReps {
		runf := run
		if i == 0 {
			runf = func(a []string) (proc, error) { return runRSS(a, e.tmp) }
		}
		p, err := runf(argv)
		if err != nil {
			return c, err
		}
		wall = append(wall, p.Wall.Seconds())
		rss = max(rss, p.MaxRSSKB)
	}
	c.ProcessS, c.PeakRSSMB = median(wall), float64(rss)/1024
	return c, nil
}

// fit is the least-squares line y = icept + slope·x and its R².
func fit(xs, ys []float64) (slope, icept, r2 float64) {
	n := float64(len(xs))
	if n < 2 {
		return 0, 0, 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0, 0, 0
	}
	slope = (n*sxy - sx*sy) / den
	icept = (sy - slope*sx) / n
	var ssr, sst float64
	for i := range xs {
		d := ys[i] - (icept + slope*xs[i])
		ssr += d * d
		m := ys[i] - sy/n
		sst += m * m
	}
	if sst > 0 {
		r2 = 1 - ssr/sst
	}
	return slope, icept, r2
}

// ---- 3. Sweeps ------------------------------------------------------------

// sweepHelp returns `teraplan sweep --help`, or why there is no sweep.
func (e *env) sweepHelp() (string, string) {
	p, err := run([]string{e.teraplan, "sweep", "--help"})
	if err != nil {
		return "", "`teraplan sweep` failed to print its help: " + err.Error()
	}
	if !strings.Contains(p.Stdout, "teraplan sweep") {
		return "", "this teraplan has no `sweep` command yet"
	}
	if !strings.Contains(p.Stdout, "--samples") {
		return "", "`teraplan sweep` has no --samples flag"
	}
	return p.Stdout, ""
}

func (e *env) sweeps(r *Results) error {
	sw := &Sweeps{}
	r.Sweeps = sw
	help, why := e.sweepHelp()
	if why != "" {
		sw.Skipped = why
		e.logf("sweeps: skipped: %s", why)
		return nil
	}
	sw.Available = true
	workersFlag := ""
	for _, f := range []string{"--workers", "--jobs", "--parallel"} {
		if strings.Contains(help, f) {
			workersFlag = f
			break
		}
	}
	hasOut := strings.Contains(help, "--out")
	// sweepRun runs an n-run Monte Carlo with workers workers (0: the
	// default; -1: the default, measuring peak RSS through GNU time).
	sweepRun := func(n, workers int) (proc, error) {
		out := filepath.Join(e.tmp, fmt.Sprintf("sweep-%d-%d.jsonl", n, workers))
		_ = os.Remove(out)
		argv := []string{e.teraplan, "sweep", "--quiet", "--samples", strconv.Itoa(n), "--seed", "1"}
		if hasOut {
			argv = append(argv, "--out", out)
		}
		if workers > 0 && workersFlag != "" {
			argv = append(argv, workersFlag, strconv.Itoa(workers))
		}
		cmdline := strings.ReplaceAll(strings.Join(append([]string{"teraplan"}, argv[1:]...), " "), out, "FILE")
		if workers == 0 && n == sw.SweepRuns {
			sw.Command = cmdline
		}
		runf := run
		if workers < 0 { // memory runs
			runf = func(a []string) (proc, error) { return runRSS(a, e.tmp) }
		}
		p, err := runf(argv)
		if err != nil {
			return p, err
		}
		if hasOut {
			if data, err := os.ReadFile(out); err == nil {
				if lines := strings.Count(string(data), "\n"); lines < n {
					return p, fmt.Errorf("%s: wrote %d lines for %d runs", cmdline, lines, n)
				}
			}
		}
		return p, nil
	}

	// Throughput: the sweep (default workers) against a loop of processes,
	// in interleaved rounds, the order alternating, and the median of the
	// per-round ratios: a single pair swings by ±10% with the machine's
	// load, which moves process start-up more than a running sweep.
	sw.SweepRuns, sw.ThroughputRounds = e.reps(1000, 200), e.reps(3, 1)
	sw.LoopRuns = e.reps(100, 60)
	e.logf("sweeps: %d-run Monte Carlo against %d `teraplan plan` processes, %d rounds", sw.SweepRuns, sw.LoopRuns, sw.ThroughputRounds)
	var sweepS, loopS, speedups []float64
	for round := range sw.ThroughputRounds {
		var st, lt float64
		err := rotated(round, 2, func(i int) error {
			if i == 0 {
				p, err := sweepRun(sw.SweepRuns, 0)
				st = p.Wall.Seconds()
				return err
			}
			t0 := time.Now()
			for range sw.LoopRuns {
				if _, err := run([]string{e.teraplan, "plan", "--quiet"}); err != nil {
					return err
				}
			}
			lt = time.Since(t0).Seconds()
			return nil
		})
		if err != nil {
			return err
		}
		sweepS, loopS = append(sweepS, st), append(loopS, lt)
		speedups = append(speedups, (float64(sw.SweepRuns)/st)/(float64(sw.LoopRuns)/lt))
	}
	sw.SweepS, sw.LoopS = median(sweepS), median(loopS)
	sw.SweepPerS, sw.LoopPerS = float64(sw.SweepRuns)/sw.SweepS, float64(sw.LoopRuns)/sw.LoopS
	sw.Speedup, sw.SpeedupMin, sw.SpeedupMax = median(speedups), minF(speedups), maxF(speedups)
	r.metric(Metric{Name: "sweeps.speedup_vs_processes", Desc: "Monte Carlo runs per second: `teraplan sweep` ÷ a loop of `teraplan plan` processes (median of interleaved rounds)",
		Value: sw.Speedup, Unit: "×", Better: "higher", Tol: 0.5, Target: &Target{Op: ">=", Limit: 10, Source: "issue 5"}})

	// One worker against two.
	if workersFlag == "" {
		sw.WorkersSkipped = "`teraplan sweep` has no --workers flag"
	} else {
		// Interleaved rounds, the order alternating, and the median of the
		// per-round ratios: on a shared two-core machine a single pair of
		// runs swings by ±15%.
		sw.WorkerRuns, sw.WorkerRounds = e.reps(300, 100), e.reps(7, 3)
		e.logf("sweeps: %d runs with 1 and with 2 workers, %d rounds", sw.WorkerRuns, sw.WorkerRounds)
		var one, two, ratios []float64
		for r := range sw.WorkerRounds {
			var t [2]float64 // one worker, two
			err := rotated(r, 2, func(i int) error {
				p, err := sweepRun(sw.WorkerRuns, i+1)
				t[i] = p.Wall.Seconds()
				return err
			})
			if err != nil {
				return err
			}
			one, two, ratios = append(one, t[0]), append(two, t[1]), append(ratios, t[0]/t[1])
		}
		sw.OneWorkerS, sw.TwoWorkersS, sw.TwoVsOne = median(one), median(two), median(ratios)
		sw.TwoVsOneMin, sw.TwoVsOneMax = minF(ratios), maxF(ratios)
		if e.highs != "" {
			if err := e.twoSolvesCeiling(sw); err != nil {
				return err
			}
		}
		r.metric(Metric{Name: "sweeps.two_vs_one_worker", Desc: "sweep throughput, two workers ÷ one (median of interleaved rounds)",
			Value: sw.TwoVsOne, Unit: "×", Better: "higher", Tol: 0.25, Target: &Target{Op: ">=", Limit: 1.7, Source: "issue 5"}})
		if sw.Ceiling > 0 {
			r.metric(Metric{Name: "sweeps.two_solves_ceiling", Desc: "two `highs` processes side by side ÷ one after another (the machine, not teraplan: not checked)",
				Value: sw.Ceiling, Unit: "×", Better: "higher"})
		}
	}

	// Memory: a small and a large sweep, in interleaved rounds (the order
	// alternating), and the median of the per-round ratios: the small
	// sweep's peak moves by ±10% with when the collector happens to run.
	sw.MemSmallRuns, sw.MemLargeRuns, sw.MemRounds = 100, e.reps(10000, 1000), e.reps(3, 1)
	e.logf("sweeps: peak memory of %d and %d runs, %d rounds", sw.MemSmallRuns, sw.MemLargeRuns, sw.MemRounds)
	var small, large, memRatios []float64
	for round := range sw.MemRounds {
		var mb [2]float64
		runs := [2]int{sw.MemSmallRuns, sw.MemLargeRuns}
		err := rotated(round, 2, func(i int) error {
			p, err := sweepRun(runs[i], -1)
			mb[i] = float64(p.MaxRSSKB) / 1024
			return err
		})
		if err != nil {
			return err
		}
		small, large, memRatios = append(small, mb[0]), append(large, mb[1]), append(memRatios, mb[1]/mb[0])
	}
	sw.MemSmallMB, sw.MemLargeMB = median(small), median(large)
	sw.MemRatio, sw.MemRatioMin, sw.MemRatioMax = median(memRatios), minF(memRatios), maxF(memRatios)
	r.metric(Metric{Name: "sweeps.memory_ratio", Desc: fmt.Sprintf("peak RSS of a %d-run sweep ÷ a %d-run sweep (median of interleaved rounds)", sw.MemLargeRuns, sw.MemSmallRuns),
		Value: sw.MemRatio, Unit: "×", Better: "lower", Tol: 0.5, Target: &Target{Op: "<=", Limit: 1.2, Source: "issue 5 (10,000 vs 100 runs)"}})
	return nil
}

// ---- 4. Limits ----------------------------------------------------------

func (e *env) limits(r *Results) error {
	yearArgv := []string{e.teraplan, "limits", "--year", "2030", "--quiet"}
	tlArgv := []string{e.teraplan, "limits", "--years", "2026-2040", "--quiet"}
	tools := []tool{
		{"plan", "teraplan plan", []string{e.teraplan, "plan", "--quiet"}},
		{"year", "teraplan limits --year 2030", yearArgv},
		{"timeline", "teraplan limits --years 2026-2040", tlArgv},
	}
	rounds := e.reps(11, 5)
	e.logf("limits: %d interleaved rounds", rounds)
	s, err := interleave(tools, rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	l := &Limits{Rounds: rounds, PlanS: median(s["plan"].Wall), YearS: median(s["year"].Wall), TimelineS: median(s["timeline"].Wall),
		YearVsPlan:     pairedRatio(s["year"].Wall, s["plan"].Wall),
		TimelineVsYear: pairedRatio(s["timeline"].Wall, s["year"].Wall),
		YearCmd:        "teraplan limits --year 2030", TimelineCmd: "teraplan limits --years 2026-2040"}
	if p, err := run(append(yearArgv, "--format", "json")); err == nil {
		var j struct {
			Limits []json.RawMessage `json:"limits"`
		}
		if json.Unmarshal([]byte(p.Stdout), &j) == nil {
			l.YearLimits = len(j.Limits)
			l.YearSolves = 1 + 2*len(j.Limits)
		}
	}
	if p, err := run(append(tlArgv, "--format", "json")); err == nil {
		var j struct {
			Years []json.RawMessage `json:"years"`
		}
		if json.Unmarshal([]byte(p.Stdout), &j) == nil {
			l.TimelineYears = len(j.Years)
		}
	}
	r.Limits = l
	r.metric(Metric{Name: "limits.year_s", Desc: "`teraplan limits --year 2030` process, re-solves included", Value: l.YearS, Unit: "s",
		Better: "lower", Target: &Target{Op: "<", Limit: 1, Source: "issue 4"}})
	r.metric(Metric{Name: "limits.timeline_s", Desc: "`teraplan limits --years 2026-2040` process", Value: l.TimelineS, Unit: "s",
		Better: "lower", Target: &Target{Op: "<", Limit: 10, Source: "issue 4"}})
	r.metric(Metric{Name: "limits.year_vs_plan", Desc: "`limits --year 2030` ÷ `plan` (same round)", Value: l.YearVsPlan, Unit: "×",
		Better: "lower", Tol: 0.5})
	r.metric(Metric{Name: "limits.timeline_vs_year", Desc: "`limits --years 2026-2040` ÷ `limits --year 2030` (same round)",
		Value: l.TimelineVsYear, Unit: "×", Better: "lower", Tol: 0.5})
	return nil
}

// twoSolvesCeiling measures what two cores give two HiGHS solves at once
// on this machine, without teraplan: the highs command-line solver on the
// 60-period model, n solves one after another against two streams of n/2
// side by side, in interleaved rounds. The workers' ratio cannot exceed it
// by much: each worker is a HiGHS solve.
func (e *env) twoSolvesCeiling(sw *Sweeps) error {
	mps := filepath.Join(e.tmp, "quarterly-2040.mps")
	if _, err := run([]string{e.teraplan, "export", "--as", "mps", "--set", "horizon.step_years=0.25", "--out", mps}); err != nil {
		return err
	}
	const n = 6
	solve := []string{e.highs, "--model_file", mps}
	stream := func(k int) error {
		for range k {
			if _, err := run(solve); err != nil {
				return err
			}
		}
		return nil
	}
	var ratios []float64
	for range sw.WorkerRounds {
		t0 := time.Now()
		if err := stream(n); err != nil {
			return err
		}
		serial := time.Since(t0)
		t0 = time.Now()
		errs := make(chan error, 2)
		for range 2 {
			go func() { errs <- stream(n / 2) }()
		}
		for range 2 {
			if err := <-errs; err != nil {
				return err
			}
		}
		ratios = append(ratios, serial.Seconds()/time.Since(t0).Seconds())
	}
	sw.CeilingCmd = "highs --model_file quarterly-2040.mps"
	sw.CeilingSolves = n
	sw.Ceiling = median(ratios)
	return nil
}
