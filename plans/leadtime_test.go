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

// baseOf is the yardstick a jump in result what is measured against: its
// value in the base plan (the base objective, the base compute that year).
func baseOf(base map[string]float64, what string) float64 { return math.Abs(base[what]) }

// TestLeadTimeContinuity: every lead time, swept in 1% steps over ±20% of
// its seed-2026 value, moves the objective by less than 2% of its base value
// and the compute of a year by less than 2% of the base compute that year
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

// periodAnswers solves seed-2026 on periods of each length in steps and
// returns the min-cost objective and the max-compute answer for the end of
// 2030 (the last period that starts in 2030).
func periodAnswers(t *testing.T, steps []float64) (cost, compute []float64) {
	t.Helper()
	for _, step := range steps {
		h, err := constraints.NewHorizon(2026, 2030, step)
		if err != nil {
			t.Fatal(err)
		}
		set := fmt.Sprintf("horizon.step_years=%v", step)
		cost = append(cost, solve(t, seedInput(t, set), plans.Options{}).Solution.Objective)
		compute = append(compute, solve(t, seedInput(t, set),
			plans.Options{Mode: constraints.MaxCompute, Year: h.Years[h.N()-1]}).Solution.Objective)
	}
	return cost, compute
}

// TestPeriodConvergence: as periods shorten — a year, half a year, a
// quarter, a month — the plan converges: each answer moves one way and by
// less at each halving or better of the period, as a discretisation error
// proportional to the period length does.
//
// Max-compute for the end of 2030 and min-cost agree within 3% on yearly
// and quarterly periods, in their objectives and in the compute at the end
// of every year (yearly period y against the quarter y + 0.75, both ending
// at y + 1). What makes them agree: lead times split pro rata, rates,
// prices and the discount read at the period's middle less half a year
// (World.at), and year Y's compute target due at the end of year Y
// (World.targetAt).
func TestPeriodConvergence(t *testing.T) {
	steps := []float64{1, 0.5, 0.25, 1.0 / 12}
	cost, compute := periodAnswers(t, steps)
	for _, a := range []struct {
		what string
		v    []float64
	}{{"min-cost objective ($B)", cost}, {"max-compute at the end of 2030 (GW)", compute}} {
		t.Logf("%s by period length %v: %.6g; yearly to quarterly %+.1f%%", a.what, steps, a.v, 100*(a.v[2]/a.v[0]-1))
		for i := 1; i+1 < len(a.v); i++ {
			d0, d1 := a.v[i]-a.v[i-1], a.v[i+1]-a.v[i]
			if d0*d1 <= 0 || math.Abs(d1) >= math.Abs(d0) {
				t.Errorf("%s does not converge: %.6g, %.6g, %.6g for periods of %.3g, %.3g, %.3g years",
					a.what, a.v[i-1], a.v[i], a.v[i+1], steps[i-1], steps[i], steps[i+1])
			}
		}
	}
	yr := solve(t, seedInput(t), plans.Options{Mode: constraints.MaxCompute, Year: 2030})
	qr := solve(t, seedInput(t, "horizon.step_years=0.25"), plans.Options{Mode: constraints.MaxCompute, Year: 2030.75})
	cy, cq := computeByYear(yr), computeByYear(qr)
	for i, y := range yr.World.H.Years {
		d := cq[4*i+3]/cy[i] - 1
		t.Logf("max-compute 2030, end of %v: yearly %.4g GW, quarterly %.4g GW (%+.2f%%)", y, cy[i], cq[4*i+3], 100*d)
		if math.Abs(d) > 0.03 {
			t.Errorf("max-compute 2030, end of %v: yearly %.4g GW, quarterly %.4g GW differ by %+.1f%%", y, cy[i], cq[4*i+3], 100*d)
		}
	}
	if d := qr.Solution.Objective/yr.Solution.Objective - 1; math.Abs(d) > 0.03 {
		t.Errorf("max-compute 2030: objective yearly %.6g, quarterly %.6g differ by %+.1f%%", yr.Solution.Objective, qr.Solution.Objective, 100*d)
	}
	ym := solve(t, seedInput(t), plans.Options{})
	qm := solve(t, seedInput(t, "horizon.step_years=0.25"), plans.Options{})
	if d := qm.Solution.Objective/ym.Solution.Objective - 1; math.Abs(d) > 0.03 {
		t.Errorf("min-cost: objective yearly %.6g, quarterly %.6g differ by %+.1f%%", ym.Solution.Objective, qm.Solution.Objective, 100*d)
	}
	// Min-cost compute is compared up to the year's target: above it, a
	// quarterly plan may build in the fourth quarter for the next year's
	// first (its target rises through the year; a yearly plan's steps once).
	cy, cq = computeByYear(ym), computeByYear(qm)
	for i, y := range ym.World.H.Years {
		target := ym.World.V.At("target.compute_gw", y)
		a, b := math.Min(cy[i], target), math.Min(cq[4*i+3], target)
		d := b/a - 1
		t.Logf("min-cost, end of %v: yearly %.4g GW, quarterly %.4g GW, target %.4g (%+.2f%% up to the target)", y, cy[i], cq[4*i+3], target, 100*d)
		if math.Abs(d) > 0.03 {
			t.Errorf("min-cost, end of %v: yearly %.4g GW, quarterly %.4g GW differ by %+.1f%% up to the %.4g GW target", y, cy[i], cq[4*i+3], 100*d, target)
		}
	}
}
