// Package plans turns scenarios into solved plans: modes, reports, bottlenecks and export.
package plans

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans/scenario"
)

// Schema versions of the JSON documents teraplan writes.
const (
	PlanSchema = "teraplan.plan/v1"
)

// Options choose what to solve and how.
type Options struct {
	Mode   constraints.Mode
	Year   float64 // max-compute: the year to maximise (0 = the last)
	MIP    bool
	Solver lp.Options
	// Relax scales single capacity rows (bottleneck re-solves).
	Relax map[constraints.RelaxKey]float64
	// Metric is what max-compute maximises: GW of IT power or FLOP/s.
	Metric constraints.Metric
	// Learning chooses how costs that fall with volume are priced.
	Learning Learning
	// Region, in a scenario with regions, is the region a max-compute
	// plan maximises while every other region keeps the compute it has
	// in the min-cost plan ("" = the regions' total); a min-cost plan is
	// the same for every region.
	Region string
	// Floors are the other regions' compute per period in the min-cost
	// plan, for a max-compute plan for one Region; solve finds them when
	// nil (Limits finds them once for all its re-solves).
	Floors map[string][]float64
	// Cold solves every model from scratch where a Solver would start
	// from a saved basis (limits' re-solves and timeline, the shortfall
	// diagnosis, sweeps): for comparison and debugging. The plans are the
	// same either way, up to the solver's tolerances (and, where a plan
	// has several optima, which one is reported).
	Cold bool
	// relaxable builds the world to re-solve with one capacity relaxed
	// without building it again (constraints.Options.Relaxable).
	relaxable bool
}

// Solver solves plans one after another, each starting from the basis of
// the solve before (an lp.Session): re-solving a scenario after a change
// to a few parameters, or the same world with a capacity relaxed, takes a
// fraction of a cold solve. A Solver belongs to one goroutine at a time
// (give each worker its own), holds a HiGHS instance until Close, and is
// ready to use as a zero value. Options.Cold makes a solve cold; a MIP is
// always solved cold.
type Solver struct {
	sess lp.Session
	// fresh solves every model cold, keeping the last basis for Anchor
	// and Clone.
	fresh bool
}

// Solve builds the world model for in and solves it, warm when it can.
func (s *Solver) Solve(ctx context.Context, in Input, opt Options) (*Result, error) {
	return solve(ctx, in, opt, s)
}

// Close frees the Solver's HiGHS instance; the Solver stays usable.
func (s *Solver) Close() { s.sess.Close() }

// Clone returns a new Solver whose first solve starts from the basis of
// s's last one: for handing a solved plan's basis to parallel workers.
func (s *Solver) Clone() *Solver { return &Solver{sess: *s.sess.Clone()} }

// Anchor makes every later solve of s (and of its clones) start afresh
// from the basis of its last optimal solve, so that results do not depend
// on the order of solves (lp.Session.Anchor); false when s has no optimal
// solve yet.
func (s *Solver) Anchor() bool { return s.sess.Anchor() }

// SetFar chooses how the Solver (and its later clones) begins a solve
// far from its saved basis (lp.FarStart).
func (s *Solver) SetFar(f lp.FarStart) { s.sess.Far = f }

// SetNear chooses how the Solver (and its later clones) prices a solve
// near its saved basis (lp.NearStart).
func (s *Solver) SetNear(n lp.NearStart) { s.sess.Near = n }

// Stats counts how the Solver's solves started.
func (s *Solver) Stats() lp.SessionStats { return s.sess.Stats() }

// Input is what a plan is solved from: a scenario's resolved values and
// the name and hash that identify it.
type Input struct {
	Name   string
	Hash   string
	Values constraints.Values
}

// FromScenario makes an Input from a loaded scenario.
func FromScenario(s *scenario.Scenario) Input {
	return Input{Name: s.Name, Hash: s.Hash(), Values: s.Values()}
}

// Result is a solved plan: the model, the solution, and how it was made.
type Result struct {
	Input    Input
	Options  Options
	World    *constraints.World
	Solution *lp.Solution
	// Warnings are things a reader of the plan should know, such as a
	// badly scaled model.
	Warnings []string
	// Learning says how learned costs were priced (nil: learning off).
	Learning *LearningReport
	// Priced is the scenario's values with each learned price replaced by
	// what each period's cohort cost (nil: learning off).
	Priced *constraints.Values
}

// ErrNoPlan wraps every reason a scenario yields no acceptable plan.
var ErrNoPlan = errors.New("plans: no acceptable plan")

// Solve builds the world model for in and solves it, cold, with learning
// as opt.Learning says.
func Solve(ctx context.Context, in Input, opt Options) (*Result, error) {
	return solve(ctx, in, opt, nil)
}

// solve is Solve with every model solved by s, unless s is nil or
// opt.Cold.
func solve(ctx context.Context, in Input, opt Options, s *Solver) (*Result, error) {
	if opt.Mode == constraints.MaxCompute && opt.Region != "" && opt.Floors == nil {
		floors, err := RegionFloors(ctx, in, opt)
		if err != nil {
			return nil, err
		}
		opt.Floors = floors
	}
	copt := constraints.Options{Mode: opt.Mode, Year: opt.Year, MIP: opt.MIP, Relax: opt.Relax, Metric: opt.Metric, Region: opt.Region, Floors: opt.Floors,
		Relaxable: opt.relaxable}
	once := func(ctx context.Context, in Input, opt Options, copt constraints.Options) (*Result, error) {
		return solveOnce(ctx, in, opt, copt, s)
	}
	return solveLearning(ctx, in, opt, copt, once)
}

// solveOnce builds the world model for in under copt and solves it once,
// with s unless s is nil or opt.Cold.
func solveOnce(ctx context.Context, in Input, opt Options, copt constraints.Options, s *Solver) (*Result, error) {
	w, err := constraints.Build(in.Values, copt)
	if err != nil {
		return nil, err
	}
	var sol *lp.Solution
	if s != nil && !opt.Cold {
		if s.fresh {
			s.sess.Close()
		}
		sol, err = s.sess.Solve(ctx, w.Model, opt.Solver)
	} else {
		sol, err = w.Model.Solve(ctx, opt.Solver)
	}
	if err := solveErr(err, sol, opt); err != nil {
		return nil, err
	}
	r := &Result{Input: in, Options: opt, World: w, Solution: sol}
	if sc := w.Model.Scaling(); sc.Bad() {
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"the model is badly scaled: matrix coefficients span %.3g to %.3g (a ratio over %.0g); check the scenario's units — the solution passed the residual check (%.2g)",
			sc.MinCoef, sc.MaxCoef, lp.BadScaling, sol.Residual.Max))
	}
	return r, nil
}

// solveErr says why a solve of a plan under opt yields no plan (nil when
// it yields one: solved, or stopped by its time limit with a plan found).
func solveErr(err error, sol *lp.Solution, opt Options) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, lp.ErrTimeLimit) && sol != nil:
		return nil // the best plan found so far, flagged by its status and gap
	case errors.Is(err, lp.ErrTimeLimit), errors.Is(err, lp.ErrIterationLimit):
		return fmt.Errorf("%w: the solver stopped (%v) before it found any plan; allow more time", ErrNoPlan, err)
	case errors.Is(err, lp.ErrUnbounded), errors.Is(err, lp.ErrInfeasibleOrUnbounded):
		return fmt.Errorf("%w: %s is unbounded: nothing limits expansions (is the labour module switched off?): %v",
			ErrNoPlan, opt.Mode, err)
	case errors.Is(err, lp.ErrResidual):
		return fmt.Errorf("%w: the solver's answer does not satisfy the model (numerical trouble; check the scenario's units and scaling): %v", ErrNoPlan, err)
	case errors.Is(err, lp.ErrInfeasible):
		return fmt.Errorf("%w: the scenario's fixed commitments cannot all be met (check memory.ddr_other_eb_per_year against DRAM capacity, and budget.usd_per_year against the spending the plan cannot avoid): %v",
			ErrNoPlan, err)
	}
	return err
}

// Values returns the solved values of family f.
func (r *Result) Values(f *lp.VarFamily) []float64 {
	if f == nil {
		return make([]float64, r.World.H.N())
	}
	return r.Solution.Values(f)
}

// Eval evaluates an expression in the solution.
func (r *Result) Eval(e lp.Expr) float64 { return r.Solution.Eval(e) }

// CostByComponent returns cost[t][component] in $B (undiscounted).
func (r *Result) CostByComponent() []map[string]float64 {
	w := r.World
	out := make([]map[string]float64, w.H.N())
	for t := range out {
		out[t] = map[string]float64{}
		for _, k := range w.Cost.ComponentNames() {
			out[t][k] = r.Eval(w.Cost.Components[k][t])
		}
	}
	return out
}

// EarthMix returns the mix of new Earth generation started in period t.
func (r *Result) EarthMix(t int) constraints.EarthMix {
	return r.earthMixOf(r.World.Scope(), t)
}

// earthMixOf is the new Earth generation in period t of the sub-models
// ws (the whole model's Scope, or one region).
func (r *Result) earthMixOf(ws []*constraints.World, t int) constraints.EarthMix {
	var mix constraints.EarthMix
	for _, w := range ws {
		if p := w.Power; p != nil {
			mix.Grid += r.Solution.Value(p.GridNew.At(t))
			mix.Turbines += r.Solution.Value(p.TurbinesNew.At(t))
			mix.Solar += r.Solution.Value(p.SolarNew.At(t))
		}
	}
	return mix
}

// round keeps 9 significant digits and clears negative zero and solver
// noise, so that the same scenario gives byte-identical output.
func round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if math.Abs(x) < 1e-9 {
		return 0
	}
	return roundSig(x)
}

// roundSig keeps 9 significant digits, however small x is.
func roundSig(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 9, 64), 64)
	return v
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
