package plans_test

import (
	"context"
	"math"
	"reflect"
	"sort"
	"testing"

	"teraplan/plans"
	"teraplan/plans/sweep"
)

// claimsSamples is how many Monte Carlo samples of seed-2026 the warm
// audits are checked on.
const claimsSamples = 6

// An audit whose plans start from the base scenario's bases (what
// claims --samples does) reaches the verdicts of a cold audit, with the
// same numbers up to the solver's tolerance, on Monte Carlo samples of
// seed-2026 (each moves all 16 uncertain parameters), and it does start
// warm. The samples' own min-cost objectives agree too.
func TestClaimsSolverMatchesCold(t *testing.T) {
	base := seed(t)
	ctx := context.Background()
	sw, err := sweep.New(base, sweep.Spec{Kind: sweep.MonteCarlo, Samples: claimsSamples, Seed: 1, Metrics: []string{sweep.MetricClaims}})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := plans.NewClaimsSolver(ctx, plans.FromScenario(base), plans.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	for i := range claimsSamples {
		sc, _, err := sw.Run(i).Apply(base)
		if err != nil {
			t.Fatal(err)
		}
		in := plans.FromScenario(sc)
		cold, coldRes, err := plans.AuditClaims(ctx, in, plans.Options{}, testVersions, nil)
		if err != nil {
			t.Fatal(err)
		}
		warm, warmRes, err := cs.Audit(ctx, in, plans.Options{}, testVersions, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !warmRes.Solution.Warm {
			t.Errorf("sample %d: the min-cost plan was solved cold", i)
		}
		if a, b := coldRes.Solution.Objective, warmRes.Solution.Objective; math.Abs(a-b) > 1e-7*math.Abs(a) {
			t.Errorf("sample %d: min-cost objective %v warm, %v cold", i, b, a)
		}
		if warm.Solves != cold.Solves || len(warm.Claims) != len(cold.Claims) {
			t.Fatalf("sample %d: warm audit solved %d plans for %d claims, cold %d for %d", i, warm.Solves, len(warm.Claims), cold.Solves, len(cold.Claims))
		}
		for k, c := range cold.Claims {
			w := warm.Claims[k]
			if w.Verdict != c.Verdict || w.Year != c.Year {
				t.Errorf("sample %d, claim %d: warm %s (%v), cold %s (%v)\nwarm: %s\ncold: %s", i, c.ID, w.Verdict, w.Year, c.Verdict, c.Year, w.Why, c.Why)
			}
			if !reflect.DeepEqual(keys(w.Numbers), keys(c.Numbers)) {
				t.Errorf("sample %d, claim %d: warm numbers %v, cold %v", i, c.ID, keys(w.Numbers), keys(c.Numbers))
				continue
			}
			for name, x := range c.Numbers {
				if y := w.Numbers[name]; math.Abs(x-y) > 1e-6*math.Max(1, math.Abs(x)) {
					t.Errorf("sample %d, claim %d: %s = %v warm, %v cold", i, c.ID, name, y, x)
				}
			}
		}
	}
}

// A claims sweep, which audits its samples from the base's bases, records
// the verdicts a cold one (--cold) records.
func TestClaimsSweepWarmMatchesCold(t *testing.T) {
	base := seed(t)
	sw, err := sweep.New(base, sweep.Spec{Kind: sweep.MonteCarlo, Samples: claimsSamples, Seed: 2026, Metrics: []string{sweep.MetricClaims}})
	if err != nil {
		t.Fatal(err)
	}
	verdicts := func(cold bool) map[int]map[string]string {
		out := map[int]map[string]string{}
		if _, err := sw.Execute(context.Background(), sweep.ExecOptions{Workers: 2, Cold: cold}, func(r *sweep.Record) error {
			if !r.OK() {
				t.Errorf("sample %d: %s %s", r.Index, r.Status, r.Error)
			}
			out[r.Index] = r.Claims
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	warm, cold := verdicts(false), verdicts(true)
	if len(cold) != claimsSamples || len(cold[0]) != plans.ClaimCount {
		t.Fatalf("cold sweep recorded %d samples, %d verdicts in the first", len(cold), len(cold[0]))
	}
	if !reflect.DeepEqual(warm, cold) {
		t.Errorf("warm sweep verdicts %v, cold %v", warm, cold)
	}
}

func keys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
