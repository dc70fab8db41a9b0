package plans_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"teraplan/plans"
	"teraplan/plans/scenario"
)

// regionPlanJSON renders a min-cost plan of s the way `teraplan plan --format
// json` does.
func regionPlanJSON(t *testing.T, s *scenario.Scenario, opt plans.Options) []byte {
	t.Helper()
	res := solve(t, plans.FromScenario(s), opt)
	b, err := json.MarshalIndent(res.Report(testVersions), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestOneRegionEquivalence: a scenario that declares the single region
// (regions: [world]) gives byte-identical plan JSON to the scenario
// without regions, for every built-in scenario, in both modes; for
// seed-2026 that is the golden file.
func TestOneRegionEquivalence(t *testing.T) {
	dir := t.TempDir()
	for _, name := range scenario.Builtins() {
		base, err := scenario.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if base.Values().MultiRegion() {
			continue
		}
		path := dir + "/" + name + ".yaml"
		yaml := fmt.Sprintf("name: %s\nextends: %s\nregions: [world]\n", name, name)
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		world, err := scenario.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if world.Hash() != base.Hash() {
			t.Errorf("%s: regions: [world] changed the scenario hash", name)
		}
		for _, opt := range []plans.Options{{}, {Mode: 1, Year: 2032}} {
			got, want := regionPlanJSON(t, world, opt), regionPlanJSON(t, base, opt)
			if !bytes.Equal(got, want) {
				t.Errorf("%s %v: regions: [world] differs at %s", name, opt.Mode, firstDifference(got, want))
			}
			if name == "seed-2026" && opt.Mode == 0 {
				golden, err := os.ReadFile(goldenPlan)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, golden) {
					t.Errorf("seed-2026 with regions: [world] differs from %s at %s", goldenPlan, firstDifference(got, golden))
				}
			}
		}
	}
}

// TestTradeLimitBinds: in two-regions-trade.yaml region b gets all its
// new accelerators from a, two million a year at most. Maximising b's
// compute in 2030, the export limit is the first limit; its elasticity is
// it_kw × L / (g0_b + it_kw × L) by hand, and re-solving it at +10% gains
// exactly it_kw × 0.1 × L.
func TestTradeLimitBinds(t *testing.T) {
	s, err := scenario.Load("testdata/two-regions-trade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := plans.FromScenario(s)
	rep := limits(t, in, 2030, plans.LimitsOptions{Region: "b"})
	if len(rep.Limits) == 0 {
		t.Fatal("no limits")
	}
	first := rep.Limits[0]
	if first.Family != "trade.accelerators@a_b" || first.Year != 2030 || first.Region != "a_b" {
		t.Fatalf("first limit %s[%v] (region %q), want trade.accelerators@a_b[2030]", first.Family, first.Year, first.Region)
	}
	v := s.Values()
	itKW := v.At("accelerator.it_kw", 2030)
	g0 := 0.5 * v.At("compute.initial_earth_gw", 2030) // b's share of the installed base
	const limit = 2.0                                  // M accelerators in the one-year period
	compute := g0 + itKW*limit
	if !relNear(rep.ComputeGW, compute, 1e-9) {
		t.Errorf("b's compute %v GW, want g0_b + it_kw × L = %v", rep.ComputeGW, compute)
	}
	// The dual is it_kw GW per M accelerators, less the max-compute
	// objective's 10⁻⁶ per $B of cost: relative 10⁻⁴ covers it.
	if want := itKW * limit / compute; !relNear(first.Elasticity, want, 1e-4) {
		t.Errorf("elasticity %v, want it_kw × L / compute = %v", first.Elasticity, want)
	}
	if first.GainPlus10 == nil {
		t.Fatal("no +10% re-solve")
	}
	if want := itKW * 0.1 * limit; !relNear(*first.GainPlus10, want, 1e-8) {
		t.Errorf("+10%% re-solve gains %v GW, want it_kw × 0.1 × L = %v", *first.GainPlus10, want)
	}
}
