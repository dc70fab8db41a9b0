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
// share of the base compute.
type jump struct {
	key, mode string
	at        float64 // the lower factor of the pair
	share     float64
	year      float64
}

// TestLeadTimeContinuity: every lead time, swept in 1% steps over ±20% of
// its seed-2026 value, moves compute by less than 2% of the base compute
// between neighbouring steps — in max-compute 2030 (compute in 2030) and in
// min-cost (compute in every year, where a shortfall shows). Rounding lead
// times to whole periods made cliffs here: a 1% longer robot-line build
// halved 2030's compute.
func TestLeadTimeContinuity(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps every lead time: about 1,200 solves")
	}
	base := seedInput(t).Values
	keys := leadTimeKeys()
	if len(keys) < 12 {
		t.Fatalf("found %d lead-time parameters, want every build time, lag and lifetime: %v", len(keys), keys)
	}
	modes := []struct {
		name string
		opt  plans.Options
	}{
		{"max-compute 2030", plans.Options{Mode: constraints.MaxCompute, Year: 2030}},
		{"min-cost", plans.Options{}},
	}
	baseCompute := make([][]float64, len(modes))
	for i, m := range modes {
		baseCompute[i] = computeByYear(solve(t, plans.Input{Name: "seed-2026", Values: base}, m.opt))
	}
	type job struct {
		key  string
		mode int
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var jumps []jump
	var errs []error
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				worst, err := sweepJump(base, j.key, modes[j.mode].opt, baseCompute[j.mode])
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					worst.mode = modes[j.mode].name
					jumps = append(jumps, worst)
				}
				mu.Unlock()
			}
		}()
	}
	for _, k := range keys {
		for m := range modes {
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
			t.Errorf("%s, %s ×%.2f→×%.2f: compute in %v jumps by %.2f%% of the base compute",
				j.key, j.mode, j.at, j.at+0.01, j.year, 100*j.share)
		}
	}
	if len(jumps) > 0 {
		j := jumps[0]
		t.Logf("worst neighbouring jump: %s, %s ×%.2f→×%.2f: %.3f%% of the base compute in %v",
			j.key, j.mode, j.at, j.at+0.01, 100*j.share, j.year)
	}
}

// sweepJump solves the plan with key scaled by 0.80, 0.81, … 1.20 and
// returns the largest change in any period's compute between neighbours,
// relative to that period's base compute.
func sweepJump(base constraints.Values, key string, opt plans.Options, baseCompute []float64) (jump, error) {
	worst := jump{key: key}
	var prev []float64
	for i := -20; i <= 20; i++ {
		f := 1 + float64(i)/100
		res, err := plans.Solve(context.Background(), plans.Input{Name: "seed-2026", Values: withScaled(base, key, f)}, opt)
		if err != nil {
			return worst, fmt.Errorf("%s ×%.2f: %v", key, f, err)
		}
		got := computeByYear(res)
		if prev != nil {
			for t := range got {
				share := math.Abs(got[t]-prev[t]) / math.Max(baseCompute[t], 1)
				if share > worst.share {
					worst.share, worst.at, worst.year = share, f-0.01, res.World.H.Years[t]
				}
			}
		}
		prev = got
	}
	return worst, nil
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
