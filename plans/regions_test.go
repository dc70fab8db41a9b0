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
