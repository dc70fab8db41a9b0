package schema_test

import (
	"context"
	"encoding/json"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
	"teraplan/plans/schema"
)

// TestAlternativesSchema validates real alternatives reports (min-cost
// with the default quantities, max-compute with a chosen one) and checks
// that broken ones fail.
func TestAlternativesSchema(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	in := plans.FromScenario(s)
	var docs [][]byte
	for _, opt := range []plans.AlternativesOptions{
		{Slack: plans.DefaultSlack},
		{Options: plans.Options{Mode: constraints.MaxCompute, Year: 2029}, Slack: 0.1, Explore: []string{"orbit_share:2029", "compute_gw:2028"},
			Samples: 3, Seed: 2},
	} {
		a, err := plans.Alternatives(context.Background(), in, opt, versions)
		if err != nil {
			t.Fatal(err)
		}
		a.Report.Quantities[0].MinPlan.Plan = "orbit_share-2035-min.json"
		b, err := json.Marshal(a.Report)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(plans.AlternativesSchema, b); err != nil {
			t.Errorf("%s: %v", opt.Mode, err)
		}
		docs = append(docs, b)
	}
	for what, mutate := range map[string]func(m map[string]any){
		"no quantities":     func(m map[string]any) { m["quantities"] = []any{} },
		"slack as percent":  func(m map[string]any) { m["slack"] = 5.0 },
		"sense unknown":     func(m map[string]any) { m["near_optimal"].(map[string]any)["sense"] = "about" },
		"range without max": func(m map[string]any) { delete(row(m, "quantities", 0), "max") },
		"min as text":       func(m map[string]any) { row(m, "quantities", 1)["min"] = "0" },
		"extreme with no solve": func(m map[string]any) {
			row(m, "quantities", 0)["max_plan"].(map[string]any)["solves"] = 0.0
		},
		"plan schema":            func(m map[string]any) { m["schema"] = plans.PlanSchema },
		"samples without a seed": func(m map[string]any) { delete(m, "sample_seed") },
		"sample value as text":   func(m map[string]any) { row(m, "samples", 1)["values"] = []any{"1", 2.0} },
		"sample without status":  func(m map[string]any) { delete(row(m, "samples", 0), "status") },
	} {
		var m map[string]any
		if err := json.Unmarshal(docs[1], &m); err != nil {
			t.Fatal(err)
		}
		mutate(m)
		b, _ := json.Marshal(m)
		if err := schema.Validate("alternatives", b); err == nil {
			t.Errorf("an alternatives report with %s validates", what)
		}
	}
}
