package plans

import (
	"context"
	"fmt"
	"math"

	"teraplan/constraints"
	"teraplan/lp"
)

// Learning chooses how a plan prices costs that fall with volume.
type Learning int

const (
	// LearningScenario follows the scenario: iterated when its learning
	// module is on (modules: {learning: true}), off otherwise.
	LearningScenario Learning = iota
	// LearningOff keeps every price on the scenario's trajectory.
	LearningOff
	// LearningIterated solves LPs, re-pricing each period's volume on the
	// learning curves from the last solve's cumulative volumes, until the
	// unit costs stop moving.
	LearningIterated
	// LearningExact solves the piecewise-linear MIP (and the iterated LP
	// before it, to report the gap).
	LearningExact
)

// ParseLearning reads "scenario", "off", "iterated" or "exact".
func ParseLearning(s string) (Learning, error) {
	switch s {
	case "", "scenario":
		return LearningScenario, nil
	case "off":
		return LearningOff, nil
	case "iterated", "on":
		return LearningIterated, nil
	case "exact":
		return LearningExact, nil
	}
	return 0, fmt.Errorf("plans: unknown learning %q (want scenario, off, iterated or exact)", s)
}

// The iterated LP stops when no unit cost moves by more than
// learningTolerance (relative) between solves, or after
// learningMaxIterations solves; from learningDampAfter on, each new unit
// cost is averaged with the last, so costs that oscillate settle.
const (
	learningTolerance     = 1e-6
	learningMaxIterations = 40
	learningDampAfter     = 10
)

// LearningReport says how learning was priced: which formulation ran, how
// the iteration ended, and each learned technology's curve and unit costs.
type LearningReport struct {
	// Mode is "off", "iterated" or "exact".
	Mode string `json:"mode"`
	// Iterations is the number of LP solves of the iterated formulation
	// (under exact, those run to find the gap).
	Iterations int `json:"iterations,omitempty"`
	// Converged is whether the iterated unit costs stopped moving.
	Converged bool `json:"converged,omitempty"`
	// IteratedObjective and Gap (exact only): the iterated LP's objective,
	// and how much better the exact plan is, (iterated − exact)/|iterated|
	// for min-cost and (exact − iterated)/|iterated| for max-compute; never
	// negative beyond the solver's tolerances.
	IteratedObjective float64 `json:"iterated_objective,omitempty"`
	Gap               float64 `json:"gap_to_iterated,omitempty"`
	// Technologies are the learned technologies, in a fixed order.
	Technologies []LearnedTechnology `json:"technologies"`
}

// LearnedTechnology is one learning curve and what the plan paid on it.
type LearnedTechnology struct {
	Name       string  `json:"name"`
	Price      string  `json:"price"` // the parameter learned, "launch.cost_usd_per_kg"
	Unit       string  `json:"unit"`
	VolumeUnit string  `json:"volume_unit"`
	Rate       float64 `json:"rate_per_doubling"`
	Floor      float64 `json:"floor"`
	Initial    float64 `json:"cumulative_initial"`
	// UnitCost is the average cost of each period's volume on the curve;
	// Cumulative the cumulative volume at the end of each period.
	UnitCost   []float64 `json:"unit_cost"`
	Cumulative []float64 `json:"cumulative"`
}

// solveOnceFunc builds and solves one model: the plan's solve path with
// its learning options set. A warm-start session plugs in here.
type solveOnceFunc func(ctx context.Context, in Input, opt Options, copt constraints.Options) (*Result, error)

// learningMode resolves opt.Learning against the scenario.
func learningMode(v constraints.Values, l Learning) Learning {
	if l == LearningScenario {
		if on, ok := v.Modules["learning"]; (ok && !on) || v.MultiRegion() {
			return LearningOff // learning is not regional (see constraints.Build)
		}
		return LearningIterated
	}
	return l
}

// solveLearning solves in under opt's learning choice with once.
func solveLearning(ctx context.Context, in Input, opt Options, copt constraints.Options, once solveOnceFunc) (*Result, error) {
	mode := learningMode(in.Values, opt.Learning)
	if mode == LearningOff {
		return once(ctx, in, opt, copt)
	}
	techs, curves := constraints.LearningCurves(in.Values)
	if len(techs) == 0 {
		// Every rate zero: the plan without learning, said so.
		r, err := once(ctx, in, opt, copt)
		if err != nil {
			return nil, err
		}
		r.Learning = &LearningReport{Mode: mode.name(), Converged: true, Technologies: []LearnedTechnology{}}
		return r, nil
	}
	it, rep, err := iterate(ctx, in, opt, copt, once, curves)
	if err != nil {
		return nil, err
	}
	if mode == LearningIterated {
		it.Learning = rep
		it.priceCohorts(curves)
		return it, nil
	}
	ex := copt
	ex.Learning, ex.LearningCosts = constraints.LearningExact, nil
	if ex.LearningCaps, err = learningCaps(ctx, in, opt, copt, curves); err != nil {
		return nil, err
	}
	// Restarts after the root cost the segment MIP about half its time.
	exOpt := opt
	exOpt.Solver.NoMIPRestart = true
	r, err := once(ctx, in, exOpt, ex)
	if err != nil {
		return nil, err
	}
	r.Options = opt
	rep.Mode = "exact"
	rep.IteratedObjective = round(it.Solution.Objective)
	if d := math.Abs(it.Solution.Objective); d > 0 {
		gap := (it.Solution.Objective - r.Solution.Objective) / d
		if opt.Mode == constraints.MaxCompute {
			gap = -gap
		}
		rep.Gap = round(gap)
	}
	r.Learning = rep
	r.priceCohorts(curves)
	return r, nil
}

func (l Learning) name() string {
	switch l {
	case LearningExact:
		return "exact"
	case LearningOff:
		return "off"
	}
	return "iterated"
}

// iterate runs the iterated LP: price every period's volume at the curve's
// start price, solve, re-price each period at the average cost of its
// solved volume on the curve, and solve again until no unit cost moves.
func iterate(ctx context.Context, in Input, opt Options, copt constraints.Options, once solveOnceFunc,
	curves map[string]constraints.Curve) (*Result, *LearningReport, error) {
	n := len(mustHorizon(in.Values, opt).Years)
	costs := map[string][]float64{}
	for name, c := range curves {
		costs[name] = make([]float64, n)
		for t := range costs[name] {
			costs[name][t] = c.Price0
		}
	}
	copt.Learning = constraints.LearningFixed
	rep := &LearningReport{Mode: "iterated"}
	var r *Result
	for rep.Iterations < learningMaxIterations {
		copt.LearningCosts = costs
		var err error
		if r, err = once(ctx, in, opt, copt); err != nil {
			return nil, nil, err
		}
		rep.Iterations++
		next, moved := map[string][]float64{}, 0.0
		for name, c := range curves {
			vol := r.learnedVolumes(name)
			if vol == nil {
				continue
			}
			u := constraints.LearnedUnitCosts(c, vol)
			for t := range u {
				moved = math.Max(moved, math.Abs(u[t]-costs[name][t])/math.Max(math.Abs(costs[name][t]), 1e-12))
				if rep.Iterations >= learningDampAfter {
					u[t] = (u[t] + costs[name][t]) / 2
				}
			}
			next[name] = u
		}
		if moved <= learningTolerance {
			rep.Converged = true
			break
		}
		for name := range costs {
			if u, ok := next[name]; ok {
				costs[name] = u
			}
		}
	}
	if !rep.Converged {
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"learning: the iterated unit costs still moved after %d solves; the plan is priced at the last solve's costs", rep.Iterations))
	}
	return r, rep, nil
}

// learningCaps bounds each learned technology's cumulative volume at the
// end of the horizon by what the rest of the model allows whatever it
// costs: one LP per technology maximising its total volume, with the
// budget lifted (costs are what learning changes). A technology whose
// volume the model does not bound gets no cap.
func learningCaps(ctx context.Context, in Input, opt Options, copt constraints.Options, curves map[string]constraints.Curve) (map[string]float64, error) {
	v := constraints.Values{Params: map[string]constraints.Trajectory{}, Modules: in.Values.Modules, Regions: in.Values.Regions}
	for k, t := range in.Values.Params {
		v.Params[k] = t
	}
	v.Params["budget.usd_per_year"] = constraints.Constant(0)
	caps := map[string]float64{}
	for _, tech := range constraints.Technologies {
		c, ok := curves[tech.Name]
		if !ok {
			continue
		}
		w, err := constraints.Build(v, constraints.Options{Mode: copt.Mode, Year: copt.Year, Relax: copt.Relax})
		if err != nil {
			return nil, err
		}
		var total []lp.Expr
		for t := range w.H.Years {
			if e, ok := w.LearnedVolume(tech, t); ok {
				total = append(total, e)
			}
		}
		if err := w.Model.SetObjective(lp.Maximize, lp.Sum(total...)); err != nil {
			return nil, err
		}
		sol, err := w.Model.Solve(ctx, lp.Options{Threads: opt.Solver.Threads})
		if err != nil || sol.Status != lp.Optimal {
			continue // unbounded or unsolved: the whole curve
		}
		caps[tech.Name] = c.Initial + sol.Objective*(1+1e-6)
	}
	return caps, nil
}

// mustHorizon is the horizon the model is built over (checked by Build
// before any solve returns).
func mustHorizon(v constraints.Values, opt Options) constraints.Horizon {
	h, _ := constraints.NewHorizon(v.At("horizon.start_year", 0), v.At("horizon.end_year", 0), v.At("horizon.step_years", 0))
	if opt.Mode == constraints.MaxCompute {
		y := opt.Year
		if y == 0 {
			y = v.At("horizon.end_year", 0)
		}
		if i, err := h.Period(y); err == nil {
			h.Years = h.Years[:i+1]
		}
	}
	return h
}

// learnedVolumes is technology name's solved volume per period (nil when
// it was not built).
func (r *Result) learnedVolumes(name string) []float64 {
	l := r.World.Learning
	if l == nil || l.Volume[name] == nil {
		return nil
	}
	out := make([]float64, len(l.Volume[name]))
	for t, e := range l.Volume[name] {
		out[t] = math.Max(0, r.Eval(e))
	}
	return out
}

// priceCohorts fills the learning report's technologies from the solved
// volumes and sets r.Priced: the scenario's values with each learned price
// replaced, period by period, by what that period's cohort cost on its
// curve, so that levelized costs and claims use the cohort's own cost.
func (r *Result) priceCohorts(curves map[string]constraints.Curve) {
	w := r.World
	priced := constraints.Values{Params: map[string]constraints.Trajectory{}, Modules: w.V.Modules, Regions: w.V.Regions}
	for k, t := range w.V.Params {
		priced.Params[k] = t
	}
	r.Learning.Technologies = []LearnedTechnology{}
	for _, tech := range constraints.Technologies {
		c, ok := curves[tech.Name]
		vol := r.learnedVolumes(tech.Name)
		if !ok || vol == nil {
			continue
		}
		unit := constraints.LearnedUnitCosts(c, vol)
		lt := LearnedTechnology{Name: tech.Name, Price: tech.PriceKey, Unit: tech.Unit, VolumeUnit: tech.Volume,
			Rate: c.Rate, Floor: c.Floor, Initial: c.Initial,
			UnitCost: make([]float64, len(unit)), Cumulative: make([]float64, len(unit))}
		cum := c.Initial
		for t := range unit {
			cum += vol[t]
			lt.UnitCost[t], lt.Cumulative[t] = round(unit[t]), round(cum)
		}
		r.Learning.Technologies = append(r.Learning.Technologies, lt)
		priced.Params[tech.PriceKey] = constraints.Trajectory{Years: append([]float64(nil), w.H.Years...), Values: unit}
		if tech.Name == "solar" {
			// The space discount stays what the trajectories make it.
			space := make([]float64, len(unit))
			for t, y := range w.H.Years {
				space[t] = math.Max(0, unit[t]+w.V.At("solar.cell_usd_per_w_space", y)-w.V.At(tech.PriceKey, y))
			}
			priced.Params["solar.cell_usd_per_w_space"] = constraints.Trajectory{Years: append([]float64(nil), w.H.Years...), Values: space}
		}
	}
	r.Priced = &priced
}

// prices is the values reports price cohorts with: the learned prices
// when learning ran, the scenario's otherwise.
func (r *Result) prices() constraints.Values {
	if r.Priced != nil {
		return *r.Priced
	}
	return r.World.V
}
