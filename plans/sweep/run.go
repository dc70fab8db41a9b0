package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"teraplan/lp"
	"teraplan/plans"
)

// Shard is a deterministic slice of a sweep's runs: those whose index is
// Index modulo Count. Round-robin rather than contiguous blocks, so that
// every shard gets a fair share of cheap and expensive runs (a grid's last
// key, a tornado's parameters). The zero Shard is the whole sweep.
type Shard struct{ Index, Count int }

// Has reports whether run i belongs to the shard.
func (s Shard) Has(i int) bool { return s.Count <= 1 || i%s.Count == s.Index }

// Size is the number of the sweep's total runs in the shard.
func (s Shard) Size(total int) int {
	if s.Count <= 1 {
		return total
	}
	n := total / s.Count
	if s.Index < total%s.Count {
		n++
	}
	return n
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ParseShard parses "i/n" with 0 ≤ i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, &SpecError{Flag: "--shard", Msg: fmt.Sprintf("%q is not i/n with 0 ≤ i < n, e.g. 0/4", s)}
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardFromEnv finds the shard of a cluster job: a Slurm job array
// (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT;
// the array must be contiguous, e.g. --array=0-7) or a Kubernetes Indexed
// Job (JOB_COMPLETION_INDEX of count, which Kubernetes does not publish:
// pass the Job's completions). ok is false outside either.
func ShardFromEnv(env func(string) string, count int) (sh Shard, source string, ok bool, err error) {
	atoi := func(name string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(env(name)))
		if err != nil {
			return 0, &SpecError{Flag: name, Msg: fmt.Sprintf("%q is not a whole number", env(name))}
		}
		return n, nil
	}
	if env("SLURM_ARRAY_TASK_ID") != "" {
		id, err := atoi("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return Shard{}, "", false, err
		}
		if env("SLURM_ARRAY_TASK_COUNT") == "" {
			return Shard{}, "", false, &SpecError{Flag: "SLURM_ARRAY_TASK_COUNT", Msg: "not set although SLURM_ARRAY_TASK_ID is"}
		}
		n, err := atoi("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return Shard{}, "", false, err
		}
		lo := 0
		if env("SLURM_ARRAY_TASK_MIN") != "" {
			if lo, err = atoi("SLURM_ARRAY_TASK_MIN"); err != nil {
				return Shard{}, "", false, err
			}
		}
		i := id - lo
		if n == 1 && id != 0 {
			// sbatch --array=3 alone: Slurm says "task 0 of 1", which would
			// run every run into what was shard 3's file.
			return Shard{}, "", false, &SpecError{Flag: "SLURM_ARRAY_TASK_ID", Msg: fmt.Sprintf(
				"task %d is a one-task array, which cannot say which shard of how many it was: requeue the task (scontrol requeue), resubmit the whole array (finished tasks skip their runs with --resume), or pass --shard %d/N", id, id)}
		}
		if n < 1 || i < 0 || i >= n {
			return Shard{}, "", false, &SpecError{Flag: "SLURM_ARRAY_TASK_ID", Msg: fmt.Sprintf("task %d (min %d) of %d is not in a contiguous array", id, lo, n)}
		}
		return Shard{Index: i, Count: n}, "SLURM_ARRAY_TASK_ID", true, nil
	}
	if env("JOB_COMPLETION_INDEX") != "" {
		i, err := atoi("JOB_COMPLETION_INDEX")
		if err != nil {
			return Shard{}, "", false, err
		}
		if count < 1 {
			return Shard{}, "", false, &SpecError{Flag: "--shards", Msg: "JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N (or TERAPLAN_SHARDS), the Job's completions"}
		}
		if i < 0 || i >= count {
			return Shard{}, "", false, &SpecError{Flag: "JOB_COMPLETION_INDEX", Msg: fmt.Sprintf("%d is not below --shards %d", i, count)}
		}
		return Shard{Index: i, Count: count}, "JOB_COMPLETION_INDEX", true, nil
	}
	return Shard{}, "", false, nil
}

// ExecOptions tune Execute.
type ExecOptions struct {
	// Workers solve in parallel (0: one per CPU).
	Workers int
	Shard   Shard
	// Done marks runs to skip (already written), by index; may be nil.
	Done []bool
	// Progress is called after each run is emitted, right after emit and
	// under the same lock.
	Progress func()
	// Cold solves every run from scratch instead of from the base
	// scenario's basis (plans.Options.Cold): for comparison and debugging.
	Cold bool
}

// WorkerCount is the number of workers Execute runs for ExecOptions.Workers
// n: n itself, or one per CPU when n <= 0.
func WorkerCount(n int) int {
	if n <= 0 {
		return runtime.NumCPU()
	}
	return n
}

// Stats count what Execute did.
type Stats struct {
	Planned int // runs of the shard not already done
	Emitted int
	Failed  int // emitted without a plan
	// Far is how warm runs far from the base's basis began, and Piloted
	// whether a pilot chose it (pilot); Near and NearPiloted likewise for
	// runs near it.
	Far         lp.FarStart
	Piloted     bool
	Near        lp.NearStart
	NearPiloted bool
}

// Execute solves the runs of opt.Shard not already done, opt.Workers at a
// time, and calls emit with each record as it finishes (in completion
// order), one call at a time, from the worker that solved it. Records are
// not kept. When ctx is cancelled no new run starts and runs cut short are
// dropped, not emitted, so a resume redoes them; Execute then returns ctx's
// error. An error from emit stops the sweep and is returned.
//
// Workers take run indices from an atomic counter and emit under a mutex:
// no goroutine hands work or results to another, so a run costs no thread
// wake-ups (each worker is locked to its OS thread, and a wake-up is a
// context switch), and all the sweep's work is done on the workers'
// threads.
//
// Runs are solved warm: the base scenario is solved first, and every run
// starts from its optimal basis (an anchored plans.Solver per worker), so
// that a run's record depends only on the run — not on the worker, the
// order, the shard or a resume — and a sweep gives the same bytes however
// it is run. A run far from the base's basis (a Monte Carlo sample)
// begins as the sweep's pilot chose, and so is a run near it priced
// (pilot). Without a base plan, or
// with opt.Cold, runs are solved cold.
// (Starting each run from its neighbour's basis would save a few more
// iterations on a grid, but would make a record depend on which runs a
// worker, a shard or a resume happened to solve before it. On a Monte
// Carlo it would not even save those: every sample moves every uncertain
// parameter, so samples are as far from each other as from the base. On
// the default scenario a sample takes about 215 iterations from the
// base's basis, 290 from the previous sample's and 190 from the nearest
// of 200 solved samples', against 960 cold.)
func (s *Sweep) Execute(ctx context.Context, opt ExecOptions, emit func(*Record) error) (Stats, error) {
	workers := WorkerCount(opt.Workers)
	var st Stats
	for i := 0; i < s.total; i++ {
		if opt.Shard.Has(i) && (opt.Done == nil || !opt.Done[i]) {
			st.Planned++
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	anchor, warm := s.anchor(ctx, opt.Cold)
	defer anchor.Close()
	if warm {
		p := s.pilot(ctx, anchor)
		st.Far, st.Piloted, st.Near, st.NearPiloted = p.Far, p.FarPiloted, p.Near, p.NearPiloted
		anchor.SetFar(st.Far)
		anchor.SetNear(st.Near)
	}
	cs := s.claimsSolver(ctx, opt.Cold)
	if cs != nil {
		defer cs.Close()
	}
	var (
		next    atomic.Int64 // the next run index to consider
		mu      sync.Mutex   // serialises emit, Progress and st
		emitErr error
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			// Each worker solves on its own OS thread, inline: HiGHS's
			// per-thread state stays on as many threads as there are
			// workers.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			sv := anchor.Clone()
			defer sv.Close()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= s.total {
					return
				}
				if !opt.Shard.Has(i) || (opt.Done != nil && opt.Done[i]) {
					continue
				}
				rec := s.solve(ctx, i, sv, cs, !warm)
				if rec == nil {
					return // cut short by ctx
				}
				mu.Lock()
				if emitErr == nil {
					if err := emit(rec); err != nil {
						emitErr = err
						cancel()
					} else {
						st.Emitted++
						if !rec.OK() {
							st.Failed++
						}
						if opt.Progress != nil {
							opt.Progress()
						}
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if emitErr != nil {
		return st, emitErr
	}
	return st, ctx.Err()
}

// anchor solves the base scenario and anchors a Solver at its basis;
// warm is false (and runs are solved cold) when cold is set or the base
// has no plan.
func (s *Sweep) anchor(ctx context.Context, cold bool) (anchor *plans.Solver, warm bool) {
	anchor = &plans.Solver{}
	if cold || s.spec.Plan.Cold {
		return anchor, false
	}
	opt := s.spec.Plan
	opt.Solver.Inline = true
	if opt.Solver.Threads == 0 {
		opt.Solver.Threads = 1
	}
	if _, err := anchor.Solve(ctx, plans.Input{Name: s.base.Name, Values: s.base.Values()}, opt); err != nil {
		return anchor, false
	}
	return anchor, anchor.Anchor()
}

// Far starts. A run that moves many parameters (a Monte Carlo sample)
// starts far from the base's basis, and how such a start should begin
// depends on the model (lp.FarStart): on the default scenario Dantzig's
// rule takes half of steepest edge's iterations; on a three-region
// scenario it takes three times as many, and on another both take more
// than a cold solve. A sweep of at least pilotMin runs therefore solves
// PilotRuns of its runs (pilotRun) each way and keeps the cheapest, by a
// cost counted in simplex iterations (farCost; ties go to the earlier of
// steepest edge, Dantzig, cold). The pilot's runs are fixed by the
// sweep, not by the shard, worker or resume, and iteration counts do not
// depend on timing, so every part of a sweep makes the same choice. The
// pilot costs 3 × PilotRuns solves: 12% of a sweep of pilotMin runs,
// 1% of a thousand.
//
// Near starts. A run that moves a parameter or two (a grid step, a
// tornado side) starts near the base's basis, priced by Devex
// (lp.NearStart). Which rule takes fewer iterations depends on the model
// and the grid: on a grid of launch.payload_t over the default scenario
// Dantzig's rule once took a fifth less time, and since the start-rate
// limits became numbers Devex takes fewer on every grid tried. The
// pilot's runs
// that start near are solved both ways too (2 × PilotRuns solves at
// most), and Dantzig's rule kept only when it took fewer iterations.
const pilotMin = 100

// PilotRuns is how many of a sweep's runs its pilot solves each way.
const PilotRuns = 4

// pilotRun is the sweep's run that is the k-th of the pilot's n, fixed by
// the sweep whatever its shard. A grid's or tornado's are spread evenly
// over its runs: a grid's first steps alone may not move the plan at
// all. A Monte Carlo's are its first samples, which are as typical as
// any and stay the same when more samples extend it (so an extended
// sweep chooses, and records, as the whole one).
func (s *Sweep) pilotRun(k, n int) int {
	if s.spec.Kind == MonteCarlo {
		return k
	}
	return k * s.total / n
}

// farCost is the cost of a solve that took its iterations the given way
// on a model of rows rows, in Dantzig iterations on the unpresolved
// model. Measured on Monte Carlo samples of the built-in scenarios
// (median times per iteration): a steepest-edge iteration costs about
// 1.2 Dantzig iterations (it updates its weights with one more solve
// with the basis) and the exact starting weights one solve per row,
// about 0.08 of an iteration each (1,305 rows: 3.4 ms, a hundred
// iterations); a cold iteration runs on the presolved model, about 0.6
// of the rows (761 of 1,305 on the default scenario).
func farCost(way lp.FarStart, iterations, rows int) float64 {
	switch way {
	case lp.FarSteepest:
		return 1.2*float64(iterations) + 0.08*float64(rows)
	case lp.FarCold:
		return 0.6 * float64(iterations)
	}
	return float64(iterations)
}

// pilotChoice is what a sweep's pilot chose: how runs far from the
// base's basis begin (Far) and how runs near it are priced (Near), and
// whether the pilot timed runs of each kind to choose so.
type pilotChoice struct {
	Far                     lp.FarStart
	Near                    lp.NearStart
	FarPiloted, NearPiloted bool
}

// pilot solves PilotRuns of the sweep's runs from anchor's basis each
// way and returns the cheapest ways (see Far starts). The defaults,
// steepest edge and Devex, stand when the sweep is small, a claims sweep
// (whose audits start from plans.ClaimsSolver) or a sweep of integer
// plans (solved cold); a kind of start no pilot run makes keeps its
// default. Runs near the base are priced by Dantzig's rule only if that
// took strictly fewer iterations than Devex over them.
func (s *Sweep) pilot(ctx context.Context, anchor *plans.Solver) pilotChoice {
	c := pilotChoice{Far: lp.FarSteepest, Near: lp.NearDevex}
	if s.total < pilotMin || s.metrics.claims || s.spec.Plan.MIP {
		return c
	}
	opt := s.spec.Plan
	opt.Solver.Inline = true
	if opt.Solver.Threads == 0 {
		opt.Solver.Threads = 1
	}
	n := min(PilotRuns, s.total)
	rows := 0
	// solve returns the k-th pilot run's iterations solved the given
	// ways, whether it started far, and false when it has no plan.
	solve := func(k int, far lp.FarStart, near lp.NearStart) (int, bool, bool) {
		sc, _, err := s.Run(s.pilotRun(k, n)).Apply(s.base)
		if err != nil {
			return 0, false, false
		}
		sv := anchor.Clone()
		defer sv.Close()
		sv.SetFar(far)
		sv.SetNear(near)
		res, err := sv.Solve(ctx, plans.Input{Name: sc.Name, Values: sc.Values()}, opt)
		if err != nil || res.Solution == nil {
			return 0, false, false
		}
		rows = res.World.Model.NumRows()
		return res.Solution.Iterations, sv.Stats().Far > 0, true
	}
	// The default ways first: they say which runs start far.
	farWays := []lp.FarStart{lp.FarSteepest, lp.FarDantzig, lp.FarCold}
	farIts := make([][]int, len(farWays)) // by way, by pilot run; −1 not a far run or failed
	nearIts := [2][]int{}                 // Devex, Dantzig; −1 not a near run or failed
	for i := range n {
		its, far, ok := solve(i, lp.FarSteepest, lp.NearDevex)
		farIts[0] = append(farIts[0], -1)
		nearIts[0] = append(nearIts[0], -1)
		switch {
		case !ok:
		case far:
			farIts[0][i] = its
		default:
			nearIts[0][i] = its
		}
	}
	for w := 1; w < len(farWays); w++ {
		for i := range n {
			farIts[w] = append(farIts[w], -1)
			if farIts[0][i] >= 0 {
				if its, _, ok := solve(i, farWays[w], lp.NearDevex); ok {
					farIts[w][i] = its
				}
			}
		}
	}
	for i := range n {
		nearIts[1] = append(nearIts[1], -1)
		if nearIts[0][i] >= 0 {
			if its, _, ok := solve(i, lp.FarSteepest, lp.NearDantzig); ok {
				nearIts[1][i] = its
			}
		}
	}
	if ctx.Err() != nil {
		return pilotChoice{Far: lp.FarSteepest, Near: lp.NearDevex}
	}
	// Far: the lowest cost over the runs every way solved.
	best, bestCost := lp.FarSteepest, 0.0
	for w, far := range farWays {
		cost, runs := 0.0, 0
		for i := range n {
			if farIts[0][i] >= 0 && farIts[1][i] >= 0 && farIts[2][i] >= 0 {
				cost += farCost(far, farIts[w][i], rows)
				runs++
			}
		}
		if runs == 0 {
			break
		}
		c.FarPiloted = true
		if w == 0 || cost < bestCost {
			best, bestCost = far, cost
		}
	}
	c.Far = best
	// Near: Dantzig only when strictly fewer iterations.
	devex, dantzig, runs := 0, 0, 0
	for i := range n {
		if nearIts[0][i] >= 0 && nearIts[1][i] >= 0 {
			devex += nearIts[0][i]
			dantzig += nearIts[1][i]
			runs++
		}
	}
	if runs > 0 {
		c.NearPiloted = true
		if dantzig < devex {
			c.Near = lp.NearDantzig
		}
	}
	return c
}

// claimsSolver solves the base scenario's plans that a claims audit
// solves, for every run's audit to start from (plans.ClaimsSolver); nil,
// and runs are audited cold, when the sweep is not a claims sweep, cold is
// set, or the base has no plan.
func (s *Sweep) claimsSolver(ctx context.Context, cold bool) *plans.ClaimsSolver {
	if !s.metrics.claims || cold || s.spec.Plan.Cold {
		return nil
	}
	opt := s.spec.Plan
	opt.Solver.Inline = true
	if opt.Solver.Threads == 0 {
		opt.Solver.Threads = 1
	}
	cs, err := plans.NewClaimsSolver(ctx, plans.Input{Name: s.base.Name, Values: s.base.Values()}, opt, s.spec.Claims)
	if err != nil {
		return nil
	}
	return cs
}

// solve runs plan i with sv, or its claims audit with cs (cold when
// cold is set or cs is nil); nil means it was cut short by ctx.
func (s *Sweep) solve(ctx context.Context, i int, sv *plans.Solver, cs *plans.ClaimsSolver, cold bool) *Record {
	run := s.Run(i)
	rec := &Record{ID: run.ID, Index: i, Sweep: s.id, Total: s.total, Param: run.Param, Side: run.Side}
	sc, ov, err := run.Apply(s.base)
	rec.Overrides = ov
	if err != nil {
		rec.Status, rec.Error = "error", err.Error()
		return rec
	}
	// Parallelism is across runs: each solve is single-threaded unless
	// the sweep's options say otherwise. HiGHS's automatic thread count
	// (0) would give every worker's thread an executor of about half the
	// cores, oversubscribing any machine with more than two; on this
	// two-core one both settings measured the same (two workers 1.67×
	// one, medians of seven interleaved rounds).
	opt := s.spec.Plan
	opt.Solver.Inline = true
	if opt.Solver.Threads == 0 {
		opt.Solver.Threads = 1
	}
	opt.Cold = opt.Cold || cold
	in := plans.Input{Name: sc.Name, Values: sc.Values()}
	var res *plans.Result
	var claims *plans.ClaimsReport
	switch {
	case s.metrics.claims && cs != nil && !opt.Cold:
		claims, res, err = cs.Audit(ctx, in, opt, plans.Versions{}, s.spec.Claims)
	case s.metrics.claims:
		claims, res, err = plans.AuditClaims(ctx, in, opt, plans.Versions{}, s.spec.Claims)
	default:
		res, err = sv.Solve(ctx, in, opt)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		rec.Status, rec.Error = "error", err.Error()
		if errors.Is(err, plans.ErrNoPlan) {
			rec.Status = "no_plan"
		}
		return rec
	}
	s.metrics.fill(rec, res, claims)
	return rec
}
