package plans_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"teraplan/plans"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current solver output")

const goldenPlan = "testdata/seed-2026.plan.golden.json"

// defaultPlanJSON solves seed-2026 (min-cost) and renders its report the way
// `teraplan plan --format json` does: two-space indented JSON.
func defaultPlanJSON(t *testing.T) []byte {
	t.Helper()
	res := solve(t, seedInput(t), plans.Options{})
	b, err := json.MarshalIndent(res.Report(testVersions), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestGoldenDefaultPlan pins the whole default plan. When the model
// changes on purpose, regenerate with `go test ./plans -run Golden -update`
// and review the diff.
func TestGoldenDefaultPlan(t *testing.T) {
	got := defaultPlanJSON(t)
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenPlan), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPlan, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", goldenPlan)
		return
	}
	want, err := os.ReadFile(goldenPlan)
	if err != nil {
		t.Fatalf("%v (run `go test ./plans -run Golden -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the default plan differs from %s at %s\n(if the change is intended, run `go test ./plans -run Golden -update` and review the diff)",
			goldenPlan, firstDifference(got, want))
	}
	// The golden file is a plan.v1 report of seed-2026 that reached optimality.
	var rep plans.Report
	if err := json.Unmarshal(want, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Schema != plans.PlanSchema || rep.Scenario != "seed-2026" || rep.Status != "Optimal" || rep.Mode != "min-cost" {
		t.Errorf("golden header: schema %q scenario %q status %q mode %q", rep.Schema, rep.Scenario, rep.Status, rep.Mode)
	}
}

// firstDifference describes where a and b first differ, by line.
func firstDifference(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + string(la[i]) + "\n  want: " + string(lb[i])
		}
	}
	return "line " + strconv.Itoa(min(len(la), len(lb))+1) + " (one is a prefix of the other)"
}

// TestSolveTwiceIdentical: the same scenario gives byte-identical JSON.
func TestSolveTwiceIdentical(t *testing.T) {
	a, b := defaultPlanJSON(t), defaultPlanJSON(t)
	if !bytes.Equal(a, b) {
		t.Fatalf("two solves of seed-2026 differ at %s", firstDifference(a, b))
	}
}

// TestBriefPlusFamiliesIsReport: the plan table's brief report leaves out
// only the per-family maps, and adding them gives the whole report byte
// for byte.
func TestBriefPlusFamiliesIsReport(t *testing.T) {
	res := solve(t, seedInput(t), plans.Options{})
	brief := res.Brief(testVersions)
	if brief.Variables != nil || brief.ShadowPrices != nil {
		t.Fatalf("brief report has %d variable and %d shadow-price families, want none", len(brief.Variables), len(brief.ShadowPrices))
	}
	if len(brief.Summary) != res.World.H.N() || len(brief.Costs) != res.World.H.N() {
		t.Fatalf("brief report: %d summary rows and %d cost rows for %d periods", len(brief.Summary), len(brief.Costs), res.World.H.N())
	}
	res.AddFamilies(brief)
	res.AddFamilies(brief) // a second call changes nothing
	got, err := json.MarshalIndent(brief, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(res.Report(testVersions), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("brief + families differs from the report at %s", firstDifference(got, want))
	}
	if n := len(brief.Variables["compute.earth_gw"]); n != res.World.H.N() {
		t.Errorf("compute.earth_gw has %d entries, want one per period (%d)", n, res.World.H.N())
	}
}
