package plans

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"teraplan/constraints"
	"teraplan/lp"
)

// AlternativesSchema is the JSON schema version of an alternatives report.
const AlternativesSchema = "teraplan.alternatives/v1"

// DefaultSlack is how far from the optimum a plan may be and still count
// as near-optimal: 5%.
const DefaultSlack = 0.05

// boundTolerance loosens the near-optimality bound by this fraction of the
// optimum, so that with zero slack the optimum itself, as the solver
// reported it, stays feasible.
const boundTolerance = 1e-9

// maxRatioIterations bounds Dinkelbach's iterations; it converges
// superlinearly and needs 2–6 on teraplan's models.
const maxRatioIterations = 50

// AlternativesOptions choose the plan, the slack and the quantities.
type AlternativesOptions struct {
	Options // mode, year, integrality and solver options of every solve
	// Slack is the fraction of the optimum a near-optimal plan may give up:
	// min-cost plans cost at most (1 + Slack) × the least cost, max-compute
	// plans reach at least (1 − Slack) × the most compute. 0 means exactly
	// optimal; set DefaultSlack explicitly for 5%.
	Slack float64
	// Explore lists the quantities, "name" or "name:YEAR"; nil means
	// DefaultExplore.
	Explore []string
	// KeepPlans keeps every extreme plan's Result (AlternativesResult.Plans).
	KeepPlans bool
	// Workers solve extremes in parallel (0: one per CPU).
	Workers int
	// Samples is the number of random-direction plans to draw after the
	// ranges (0: none); Seed picks the directions.
	Samples int
	Seed    uint64
}

// NearOptimal describes the near-optimality constraint every explored
// plan satisfies.
type NearOptimal struct {
	// Measure is what the constraint bounds: in min-cost the objective the
	// plan minimises, in max-compute compute in the target year.
	Measure string  `json:"measure"`
	Unit    string  `json:"unit"`
	Sense   string  `json:"sense"` // "at most" or "at least"
	Optimum float64 `json:"optimum"`
	Bound   float64 `json:"bound"`
}

// Extreme is one end of a quantity's near-optimal range: the plan that
// reaches it.
type Extreme struct {
	// Measure is the plan's value of NearOptimal.Measure. The plan is the
	// best one that reaches the extreme (re-solved for the objective with
	// the quantity held there), so in min-cost Measure is the least cost
	// at which the quantity can be at this extreme.
	Measure float64 `json:"measure"`
	// Solves is the number of LP solves it took: finding the extreme (more
	// than one for a ratio: Dinkelbach's iterations), then the re-solve.
	Solves int `json:"solves"`
	// Status is the solver's status, "Optimal" unless a time limit cut a
	// solve short.
	Status string `json:"status"`
	// Plan is the file the plan was written to (--out-plans), if any.
	Plan string `json:"plan,omitempty"`
}

// RangeOf is one quantity's near-optimal range.
type RangeOf struct {
	Spec    string   `json:"spec"`
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Year    *float64 `json:"year,omitempty"`
	Unit    string   `json:"unit"`
	Min     float64  `json:"min"`
	Optimal float64  `json:"optimal"`
	Max     float64  `json:"max"`
	MinPlan Extreme  `json:"min_plan"`
	MaxPlan Extreme  `json:"max_plan"`
}

// AlternativesReport is what `teraplan alternatives` finds: for each
// quantity, the least and the most it can be in plans whose objective is
// within the slack of the optimum, and its value in the optimal plan.
type AlternativesReport struct {
	Schema       string      `json:"schema"`
	Teraplan     string      `json:"teraplan_version"`
	HiGHS        string      `json:"highs_version"`
	Scenario     string      `json:"scenario"`
	ScenarioHash string      `json:"scenario_hash"`
	Mode         string      `json:"mode"`
	Year         float64     `json:"year,omitempty"`
	MIP          bool        `json:"mip"`
	Slack        float64     `json:"slack"`
	NearOptimal  NearOptimal `json:"near_optimal"`
	RatioMethod  string      `json:"ratio_method"`
	Quantities   []RangeOf   `json:"quantities"`
	Solves       int         `json:"solves"`
	Notes        []string    `json:"notes"`
	// SampleSeed and Samples are the random-direction plans, when asked
	// for.
	SampleSeed *uint64  `json:"sample_seed,omitempty"`
	Samples    []Sample `json:"samples,omitempty"`
}

// AlternativesResult is the report with, when asked for, the solved plans.
type AlternativesResult struct {
	Report *AlternativesReport
	// Optimal is the optimal plan.
	Optimal *Result
	// Plans are the extreme plans, Plans[i][0] the minimum and Plans[i][1]
	// the maximum of Report.Quantities[i]; nil unless KeepPlans.
	Plans [][2]*Result
}

// ratioMethod is the report's account of how ratios are optimised.
const ratioMethod = "Dinkelbach: maximise N − λ·D over the near-optimal plans, set λ to N/D of the solution, repeat until max N − λ·D ≤ 1e-7·D (exact at convergence; the LP is re-solved, not transformed)"

// Alternatives explores the near-optimal plans of in: modelling to
// generate alternatives (MGA).
//
// It solves the optimal plan, then adds one row to the model,
//
//	min-cost:     cost.Objective        ≤ C* + slack·|C*|
//	max-compute:  compute[target year]  ≥ G* − slack·|G*|
//
// (cost.Objective is the objective min-cost minimises, whatever it holds:
// Σ_t d(t)·(cost.total[t] + penalties[t]) − d(T)·(salvage − debt owed) —
// discounted spending and shortfall penalties, less what is left at the
// end of the horizon; C* its least value; G* the most compute in the target year,
// without the objective's tie-breaks; both loosened by 10⁻⁹ of the optimum
// so the optimum itself stays feasible at zero slack), and minimises and
// maximises each quantity over the plans that satisfy it. A quantity is a
// linear expression over the world's families, so each extreme is one LP;
// a ratio N/D (orbit_share = orbit/(Earth + orbit)) is linear-fractional
// and is optimised exactly by Dinkelbach's method: with λ_k the ratio of
// the last plan, solve F(λ_k) = max N − λ_k·D (min for the minimum), stop
// when |F(λ_k)| ≤ 10⁻⁷·D, else λ_{k+1} = N/D of that solution. F is
// decreasing in λ and zero exactly at the optimal ratio; the iterates
// approach it superlinearly, from the inside. Charnes–Cooper would solve
// one LP, but only after scaling every row and bound of the model by a
// new variable; Dinkelbach re-solves the model as built.
//
// Each extreme is then held (q ≥ extreme − 10⁻⁷·max(1, |extreme|) for a
// maximum; N ≥ (λ − 10⁻⁷)·D for a ratio) and the model re-solved for its
// own objective, so the extreme plan is the best one reaching the extreme
// — the cheapest, in min-cost — and Extreme.Measure says what reaching it
// gives up. The extremes are solved in parallel, each on its own copy of
// the model; the optimal plan's value is always inside the range.
func Alternatives(ctx context.Context, in Input, opt AlternativesOptions, versions Versions) (*AlternativesResult, error) {
	if math.IsNaN(opt.Slack) || opt.Slack < 0 || opt.Slack > 1 {
		return nil, fmt.Errorf("plans: slack %v is outside [0, 1]", opt.Slack)
	}
	if opt.Samples < 0 || opt.Samples > MaxSamples {
		return nil, fmt.Errorf("plans: %d samples is outside [0, %d]", opt.Samples, MaxSamples)
	}
	base, err := Solve(ctx, in, opt.Options)
	if err != nil {
		return nil, err
	}
	w := base.World
	rep := &AlternativesReport{
		Schema: AlternativesSchema, Teraplan: versions.Teraplan, HiGHS: versions.HiGHS,
		Scenario: in.Name, ScenarioHash: in.Hash, Mode: opt.Mode.String(), MIP: base.Solution.MIP,
		Slack: opt.Slack, RatioMethod: ratioMethod, Quantities: []RangeOf{}, Notes: []string{}, Solves: 1,
	}
	rep.Notes = append(rep.Notes, base.Warnings...)
	if opt.Mode == constraints.MaxCompute {
		rep.Year = w.H.Years[w.H.N()-1]
	}
	if base.Solution.Status != lp.Optimal {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the optimal plan stopped at %v: the bound is relative to the best plan found", base.Solution.Status))
	}
	if base.Solution.MIP {
		rep.Notes = append(rep.Notes, "integer decisions: each extreme is a MIP solved to the solver's gap")
	}
	measure, sense := nearOptimalMeasure(w)
	optimum := base.Solution.Eval(measure)
	near := nearOptimal(opt.Mode, rep.Year, optimum, opt.Slack)
	bound := near.Bound // the solves use it unrounded
	rep.NearOptimal = near
	rep.NearOptimal.Optimum, rep.NearOptimal.Bound = round(near.Optimum), round(near.Bound)

	quantities, notes, err := pickQuantities(opt.Explore, w)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(rep.Notes, notes...)
	out := &AlternativesResult{Report: rep, Optimal: base}
	if opt.KeepPlans {
		out.Plans = make([][2]*Result, len(quantities))
	}
	rep.Quantities = make([]RangeOf, len(quantities))
	ratios := make([]float64, len(quantities))
	for i, q := range quantities {
		v, err := q.value(w, base.Solution)
		if err != nil {
			return nil, err
		}
		ratios[i] = v / 100
		r := RangeOf{Spec: q.spec, Name: q.def.name, Label: q.describe(), Unit: q.def.unit, Optimal: round(v)}
		if q.hasYear {
			y := q.year
			r.Year = &y
		}
		rep.Quantities[i] = r
	}

	type result struct {
		extremeResult
		measure float64
		err     error
	}
	results := make([][2]result, len(quantities))
	// Job i minimises (even i) or maximises (odd i) quantity i/2.
	err = parallel(ctx, opt.Workers, 2*len(quantities), func(i int) {
		r := &results[i/2][i%2]
		r.extremeResult, r.err = solveExtreme(ctx, in, opt.Options, quantities[i/2], i%2 == 1,
			sense, bound, ratios[i/2])
		if r.err == nil {
			m, _ := nearOptimalMeasure(r.res.World)
			r.measure = r.res.Solution.Eval(m)
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range quantities {
		r := &rep.Quantities[i]
		for side, x := range results[i] {
			if x.err != nil {
				dir := "minimising"
				if side == 1 {
					dir = "maximising"
				}
				return nil, fmt.Errorf("plans: %s %s over the near-optimal plans: %w", dir, r.Spec, x.err)
			}
			rep.Solves += x.solves
			e := Extreme{Measure: round(x.measure), Solves: x.solves, Status: x.status.String()}
			if x.status != lp.Optimal {
				rep.Notes = append(rep.Notes, fmt.Sprintf("the %s of %s stopped at %v: the range may be narrower than the true one",
					[2]string{"minimum", "maximum"}[side], r.Spec, x.status))
			}
			if !x.held {
				rep.Notes = append(rep.Notes, fmt.Sprintf("the %s plan of %s could not be re-solved for the objective with the extreme held (solver tolerance): it is the plan as found",
					[2]string{"minimum", "maximum"}[side], r.Spec))
			}
			if side == 0 {
				r.Min, r.MinPlan = round(x.value), e
			} else {
				r.Max, r.MaxPlan = round(x.value), e
			}
			if opt.KeepPlans {
				out.Plans[i][side] = x.res
			}
		}
		// The optimal plan is one of the near-optimal plans, so its value
		// lies in the range; solver tolerance can put it a hair outside.
		r.Min, r.Max = math.Min(r.Min, r.Optimal), math.Max(r.Max, r.Optimal)
	}
	if opt.Samples > 0 {
		if rep.Samples, err = samplePlans(ctx, in, opt, quantities, rep, sense, bound, base); err != nil {
			return nil, err
		}
		seed := opt.Seed
		rep.SampleSeed = &seed
		rep.Solves += opt.Samples
		for _, s := range rep.Samples {
			if s.Status != lp.Optimal.String() {
				rep.Notes = append(rep.Notes, fmt.Sprintf("sample %d stopped at %s", s.Index, s.Status))
			}
		}
	}
	return out, nil
}

// nearOptimalMeasure is what the near-optimality row bounds in w's mode,
// and the direction in which the optimum is best.
func nearOptimalMeasure(w *constraints.World) (lp.Expr, lp.Sense) {
	if w.Opt.Mode == constraints.MaxCompute {
		return w.Compute.TotalGW(w.H.N() - 1), lp.Maximize
	}
	return w.Cost.Objective, lp.Minimize
}

// nearOptimal states the bound for slack around optimum.
func nearOptimal(mode constraints.Mode, year, optimum, slack float64) NearOptimal {
	give := slack*math.Abs(optimum) + boundTolerance*math.Max(1, math.Abs(optimum))
	if mode == constraints.MaxCompute {
		return NearOptimal{Measure: "compute (Earth + orbit) in " + Label(year) + ", without the objective's tie-breaks",
			Unit: "GW", Sense: "at least", Optimum: optimum, Bound: optimum - give}
	}
	return NearOptimal{Measure: "cost as min-cost counts it (spending and shortfall penalties discounted to the start year, less the salvage value left at the end of the horizon)",
		Unit: "$B", Sense: "at most", Optimum: optimum, Bound: optimum + give}
}

// pickQuantities parses the chosen quantities, or the defaults: a default
// whose module is off is left out, and its year is moved to the last
// period when it lies beyond it, each with a note.
func pickQuantities(explore []string, w *constraints.World) ([]quantity, []string, error) {
	var notes []string
	if explore != nil {
		var out []quantity
		seen := map[string]bool{}
		for _, spec := range explore {
			q, err := parseQuantity(spec, w.H, w.V)
			if err != nil {
				return nil, nil, err
			}
			if !seen[q.spec] {
				seen[q.spec] = true
				out = append(out, q)
			}
		}
		if len(out) == 0 {
			return nil, nil, &QuantityError{"", "nothing to explore"}
		}
		return out, nil, nil
	}
	last := w.H.Years[w.H.N()-1]
	var out []quantity
	for _, spec := range DefaultExplore {
		name, year, hasYear := cutYear(spec)
		if hasYear && year > last {
			spec = name + ":" + Label(math.Floor(last))
			if _, err := w.H.Period(math.Floor(last)); err != nil {
				spec = name + ":" + Label(last)
			}
			notes = append(notes, fmt.Sprintf("%s:%s is past the last period solved; explored %s instead", name, Label(year), spec))
		}
		q, err := parseQuantity(spec, w.H, w.V)
		if err != nil {
			notes = append(notes, fmt.Sprintf("left out: %v", err))
			continue
		}
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, nil, &QuantityError{"", "no default quantity applies to this scenario; choose some with --explore"}
	}
	return out, notes, nil
}

func cutYear(spec string) (string, float64, bool) {
	name, y, ok := strings.Cut(spec, ":")
	if !ok {
		return name, 0, false
	}
	year, err := strconv.ParseFloat(y, 64)
	return name, year, err == nil
}

// nearOptimalWorld builds the world for opt with the near-optimality row
// alternatives.near_optimal[bound] added: its measure at most (sense
// Minimize) or at least (Maximize) bound.
func nearOptimalWorld(in Input, opt Options, sense lp.Sense, bound float64) (*constraints.World, error) {
	w, err := constraints.Build(in.Values, constraints.Options{Mode: opt.Mode, Year: opt.Year, MIP: opt.MIP, Relax: opt.Relax})
	if err != nil {
		return nil, err
	}
	measure, _ := nearOptimalMeasure(w)
	row := lp.LE(measure, lp.Const(bound))
	if sense == lp.Maximize {
		row = lp.GE(measure, lp.Const(bound))
	}
	if _, err := w.Model.AddConstraints("alternatives.near_optimal", lp.Labels("bound"), []lp.Row{row}); err != nil {
		return nil, err
	}
	return w, nil
}

// parallel calls fn(0), …, fn(n−1) on up to workers goroutines (0: one
// per CPU), and stops handing out calls when ctx is done.
func parallel(ctx context.Context, workers, n int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return ctx.Err()
}

// extremeResult is one solved extreme.
type extremeResult struct {
	value  float64 // the quantity's extreme, in its unit
	res    *Result // the plan that reaches it, re-solved for the objective
	solves int
	status lp.Status // the worst status of the solves
	held   bool      // the re-solve with the extreme held succeeded
}

// solveExtreme builds the world, adds the near-optimality row and
// minimises (or maximises) q over it; lambda0 is a ratio's value (N/D, not
// in %) in the optimal plan. Then, with q held at its extreme (to 10⁻⁷ of
// it), it re-solves for the model's own objective, so the plan it returns
// is the best one reaching the extreme — the cheapest, in min-cost —
// rather than any plan within the bound.
func solveExtreme(ctx context.Context, in Input, opt Options, q quantity, maximise bool, sense lp.Sense, bound, lambda0 float64) (extremeResult, error) {
	out := extremeResult{status: lp.Optimal}
	w, err := nearOptimalWorld(in, opt, sense, bound)
	if err != nil {
		return out, err
	}
	dir := lp.Minimize
	if maximise {
		dir = lp.Maximize
	}
	num, den := q.exprs(w)
	solve := func(dir lp.Sense, obj lp.Expr) (*lp.Solution, error) {
		if err := w.Model.SetObjective(dir, obj); err != nil {
			return nil, err
		}
		sol, err := w.Model.Solve(ctx, opt.Solver)
		out.solves++
		if err != nil && !(errors.Is(err, lp.ErrTimeLimit) && sol != nil) {
			return nil, fmt.Errorf("%w: %v", ErrNoPlan, err)
		}
		if sol.Status != lp.Optimal {
			out.status = sol.Status
		}
		return sol, nil
	}
	var sol *lp.Solution
	var lambda float64
	if !q.ratio() {
		if sol, err = solve(dir, num); err != nil {
			return out, err
		}
		if out.value, err = q.value(w, sol); err != nil {
			return out, err
		}
	} else {
		// Dinkelbach, started from the ratio of the optimal plan, which is
		// near-optimal: F(λ₀) ≥ 0 when maximising, ≤ 0 when minimising.
		lambda = lambda0
		for {
			if out.solves >= maxRatioIterations {
				return out, fmt.Errorf("plans: %s: the ratio did not converge in %d solves", q.spec, out.solves)
			}
			obj := num.Minus(den.Scale(lambda))
			if sol, err = solve(dir, obj); err != nil {
				return out, err
			}
			f := sol.Eval(obj)
			tol := 1e-7 * math.Max(1, sol.Eval(den))
			next, err := ratioAt(sol, num, den, q)
			if err != nil {
				return out, err
			}
			if (maximise && f <= tol) || (!maximise && f >= -tol) {
				// No near-optimal plan beats λ by more than the
				// tolerance: this plan's ratio, λ + F/D, is the extreme.
				lambda, out.value = next, 100*next
				break
			}
			lambda = next
		}
	}
	out.res = &Result{Input: in, Options: opt, World: w, Solution: sol}

	// Hold the extreme and re-solve for the model's objective.
	var hold lp.Row
	if q.ratio() {
		give := 1e-7
		if maximise {
			hold = lp.GE(num, den.Scale(lambda-give))
		} else {
			hold = lp.LE(num, den.Scale(lambda+give))
		}
	} else {
		give := 1e-7 * math.Max(1, math.Abs(sol.Eval(num)))
		if maximise {
			hold = lp.GE(num, lp.Const(sol.Eval(num)-give))
		} else {
			hold = lp.LE(num, lp.Const(sol.Eval(num)+give))
		}
	}
	if _, err := w.Model.AddConstraints("alternatives.hold", lp.Labels("extreme"), []lp.Row{hold}); err != nil {
		return out, err
	}
	best, err := solve(w.Cost.Sense, w.Cost.Objective)
	switch {
	case errors.Is(err, ErrNoPlan):
		// Solver tolerance lost the extreme plan: keep it as found.
		return out, nil
	case err != nil:
		return out, err
	}
	out.res.Solution, out.held = best, true
	return out, nil
}

// ratioAt is N/D in sol.
func ratioAt(sol *lp.Solution, num, den lp.Expr, q quantity) (float64, error) {
	d := sol.Eval(den)
	if d <= 1e-9 {
		if n := sol.Eval(num); math.Abs(n) <= 1e-9 {
			return 0, nil // no compute at all: count as no share
		}
		return 0, fmt.Errorf("plans: %s is undefined in a near-optimal plan (zero denominator)", q.spec)
	}
	return sol.Eval(num) / d, nil
}

// MarkExtreme adapts the plan report of an extreme plan r (one of
// AlternativesResult.Plans): its objective becomes the original objective
// evaluated for the plan (the solve optimised a quantity instead), its
// shadow prices, which price the quantity rather than cost, are dropped,
// and note says what the plan is.
func MarkExtreme(rep *Report, r *Result, note string) {
	rep.Objective = round(r.Solution.Eval(r.World.Cost.Objective))
	rep.ShadowPrices = map[string]map[string]float64{}
	rep.Notes = append(rep.Notes, note, "shadow prices are left out: they price the explored quantity, not the objective")
}
