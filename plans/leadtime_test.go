package plans_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
)

// leadTimeKeys are the registry's lead-time parameters: build times, lags
// and service lives, in years.
func leadTimeKeys() []string {
	var keys []string
	for _, p := range constraints.Params() {
		k := p.Key
		if strings.HasSuffix(k, "build_years") || strings.HasSuffix(k, "lag_years") ||
			(strings.HasSuffix(k, "lifetime_years") && k != "earth.plant_lifetime_years") {
			keys = append(keys, k)
		}
	}
	return keys
}

// withScaled returns a copy of v with parameter key multiplied by f.
func withScaled(v constraints.Values, key string, f float64) constraints.Values {
	params := make(map[string]constraints.Trajectory, len(v.Params))
	for k, t := range v.Params {
		params[k] = t
	}
	params[key] = v.Params[key].Scaled(f)
	return constraints.Values{Params: params, Modules: v.Modules}
}

// computeByYear is the compute (GW, Earth and orbit) in each period.
func computeByYear(r *plans.Result) []float64 {
	out := make([]float64, r.World.H.N())
	for t := range out {
		out[t] = r.Eval(r.World.Compute.TotalGW(t))
	}
	return out
}

// jump is the largest change between neighbouring results of a sweep, as a
// share of the base result.
type jump struct {
	key, mode string
	at        float64 // the lower factor of the pair
	share     float64
	what      string
}

// sweepMode is a mode to sweep in and the results it is judged by.
type sweepMode struct {
	name string
	opt  plans.Options
	// results are the answers a user reads from a plan, by name: the
	// objective and the compute in each year ("compute in 2030").
	results func(*plans.Result) map[string]float64
}

// sweepModes: max-compute 2030 is judged by its objective and its answer,
// the compute in 2030 (earlier years only break ties); min-cost by its
// objective and by the compute that meets the target in each year,
// min(compute, target): a shortfall shows there, while compute above the
// target in a year where nothing binds is one of many equally cheap plans
// and free to move.
var sweepModes = []sweepMode{
	{"max-compute 2030", plans.Options{Mode: constraints.MaxCompute, Year: 2030}, func(r *plans.Result) map[string]float64 {
		c := computeByYear(r)
		return map[string]float64{"objective": r.Solution.Objective, "compute in 2030": c[len(c)-1]}
	}},
	{"min-cost", plans.Options{}, func(r *plans.Result) map[string]float64 {
		out := map[string]float64{"objective": r.Solution.Objective}
		for t, c := range computeByYear(r) {
			y := r.World.H.Years[t]
			out[fmt.Sprintf("compute in %v", y)] = math.Min(c, r.World.V.At("target.compute_gw", y))
		}
		return out
	}},
}

// baseOf is the yardstick a jump in result what is measured against: the
// base objective for the objective, the base plan's compute in 2030 (the
// year max-compute answers for) for compute in any year.
func baseOf(base map[string]float64, what string) float64 {
	if what == "objective" {
		return math.Abs(base[what])
	}
	return base["compute in 2030"]
}

// TestLeadTimeContinuity: every lead time, swept in 1% steps over ±20% of
// its seed-2026 value, moves the objective by less than 2% of its base value
// and the compute in any year by less than 2% of the base compute (in 2030)
// between neighbouring steps, in max-compute 2030 and in min-cost. Rounding
// lead times to whole periods made cliffs here: a 1% longer robot-line
// build halved 2030's compute.
//
// The compute of a year that an objective cares little about (the years
// before 2030 in max-compute, which only break ties) may still step where
// two plans of nearly the same value trade places — an LP's solution moves
// by vertices while its objective moves continuously — so the test logs the
// largest step in any year's compute relative to that year's own base.
func TestLeadTimeContinuity(t *testing.T) {
	base := seedInput(t).Values
	keys := leadTimeKeys()
	if len(keys) < 15 {
		t.Fatalf("found %d lead-time parameters, want every build time, lag and lifetime: %v", len(keys), keys)
	}
	baseResults := make([]map[string]float64, len(sweepModes))
	baseCompute := make([][]float64, len(sweepModes))
	for i, m := range sweepModes {
		res := solve(t, plans.Input{Name: "seed-2026", Values: base}, m.opt)
		baseResults[i], baseCompute[i] = m.results(res), computeByYear(res)
	}
	type job struct {
		key  string
		mode int
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var jumps, ownYear []jump
	var errs []error
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				worst, own, err := sweepJump(base, j.key, sweepModes[j.mode], baseResults[j.mode], baseCompute[j.mode])
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					jumps, ownYear = append(jumps, worst), append(ownYear, own)
				}
				mu.Unlock()
			}
		}()
	}
	for _, k := range keys {
		for m := range sweepModes {
			jobs <- job{k, m}
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	sort.Slice(jumps, func(i, j int) bool { return jumps[i].share > jumps[j].share })
	for _, j := range jumps {
		if j.share > 0.02 {
			t.Errorf("%s, %s ×%.2f→×%.2f: %s jumps by %.2f%% of the base",
				j.key, j.mode, j.at, j.at+0.01, j.what, 100*j.share)
		}
	}
	if len(jumps) > 0 {
		j := jumps[0]
		t.Logf("worst neighbouring jump: %s, %s ×%.2f→×%.2f: %s by %.3f%% of the base",
			j.key, j.mode, j.at, j.at+0.01, j.what, 100*j.share)
	}
	sort.Slice(ownYear, func(i, j int) bool { return ownYear[i].share > ownYear[j].share })
	for _, j := range ownYear[:min(3, len(ownYear))] {
		t.Logf("largest step against the year's own compute: %s, %s ×%.2f→×%.2f: %s by %.2f%%",
			j.key, j.mode, j.at, j.at+0.01, j.what, 100*j.share)
	}
}

// sweepJump solves the plan with key scaled by 0.80, 0.81, … 1.20 and
// returns the largest change in any result between neighbours, relative to
// its yardstick (baseOf), and the largest change in any year's compute
// relative to that year's base compute.
func sweepJump(base constraints.Values, key string, m sweepMode, baseResults map[string]float64, baseCompute []float64) (worst, own jump, err error) {
	worst, own = jump{key: key, mode: m.name}, jump{key: key, mode: m.name}
	var prev map[string]float64
	var prevCompute []float64
	for i := -20; i <= 20; i++ {
		f := 1 + float64(i)/100
		res, err := plans.Solve(context.Background(), plans.Input{Name: "seed-2026", Values: withScaled(base, key, f)}, m.opt)
		if err != nil {
			return worst, own, fmt.Errorf("%s ×%.2f: %v", key, f, err)
		}
		got, compute := m.results(res), computeByYear(res)
		for what, v := range got {
			if p, ok := prev[what]; ok {
				if share := math.Abs(v-p) / math.Max(baseOf(baseResults, what), 1); share > worst.share {
					worst.share, worst.at, worst.what = share, f-0.01, what
				}
			}
		}
		for t := range prevCompute {
			if share := math.Abs(compute[t]-prevCompute[t]) / math.Max(baseCompute[t], 1); share > own.share {
				own.share, own.at, own.what = share, f-0.01, fmt.Sprintf("compute in %v", res.World.H.Years[t])
			}
		}
		prev, prevCompute = got, compute
	}
	return worst, own, nil
}

// periodCompare solves seed-2026 yearly and quarterly with opt and returns
// the objectives and, for each yearly period, the yearly compute and the
// quarterly compute in the quarter that starts that year. A period is the
// state at its label's year (parameters are read there), so yearly 2030 and
// quarterly 2030.0 both have target.compute_gw(2030).
func periodCompare(t *testing.T, opt plans.Options) (objY, objQ float64, years, cy, cq []float64) {
	t.Helper()
	yr := solve(t, seedInput(t), opt)
	qr := solve(t, seedInput(t, "horizon.step_years=0.25"), opt)
	cy, cqAll := computeByYear(yr), computeByYear(qr)
	years = yr.World.H.Years
	cq = make([]float64, len(cy))
	for i := range cy {
		cq[i] = cqAll[4*i]
	}
	return yr.Solution.Objective, qr.Solution.Objective, years, cy, cq
}

// TestPeriodConvergence: yearly and quarterly plans of seed-2026 agree
// within 3% in objective and in compute per year.
func TestPeriodConvergence(t *testing.T) {
	for _, opt := range []plans.Options{{}, {Mode: constraints.MaxCompute, Year: 2030}} {
		objY, objQ, years, cy, cq := periodCompare(t, opt)
		t.Logf("%s: objective yearly %.6g quarterly %.6g (%+.2f%%)", opt.Mode, objY, objQ, 100*(objQ/objY-1))
		if math.Abs(objQ/objY-1) > 0.03 {
			t.Errorf("%s: objective yearly %.6g, quarterly %.6g: %+.1f%%", opt.Mode, objY, objQ, 100*(objQ/objY-1))
		}
		for i, y := range years {
			d := cq[i]/cy[i] - 1
			t.Logf("%s %v: compute yearly %.1f GW, quarterly %.1f GW (%+.2f%%)", opt.Mode, y, cy[i], cq[i], 100*d)
			if math.Abs(d) > 0.03 {
				t.Errorf("%s %v: compute yearly %.1f GW, quarterly %.1f GW: %+.1f%%", opt.Mode, y, cy[i], cq[i], 100*d)
			}
		}
	}
}
