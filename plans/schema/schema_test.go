package schema_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"teraplan/plans"
	"teraplan/plans/scenario"
	"teraplan/plans/schema"
	"teraplan/plans/sweep"
)

var versions = plans.Versions{Teraplan: "test", HiGHS: "HiGHS test"}

// docs are real outputs, solved once and shared by the tests below.
var docs = sync.OnceValues(func() (map[string][]byte, error) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		return nil, err
	}
	in := plans.FromScenario(s)
	ctx := context.Background()
	out := map[string][]byte{}
	res, err := plans.Solve(ctx, in, plans.Options{})
	if err != nil {
		return nil, err
	}
	if out["plan"], err = json.Marshal(res.Report(versions)); err != nil {
		return nil, err
	}
	lim, err := plans.Limits(ctx, in, 2030, plans.LimitsOptions{Resolve: 3}, versions)
	if err != nil {
		return nil, err
	}
	if out["limits"], err = json.Marshal(lim); err != nil {
		return nil, err
	}
	tl, err := plans.BuildTimeline(ctx, in, 2026, 2028, 3, 3, plans.LimitsOptions{}, versions)
	if err != nil {
		return nil, err
	}
	if out["timeline"], err = json.Marshal(tl); err != nil {
		return nil, err
	}
	cl, err := plans.Claims(ctx, in, plans.Options{}, versions)
	if err != nil {
		return nil, err
	}
	if out["claims"], err = json.Marshal(cl); err != nil {
		return nil, err
	}
	sw, err := sweep.New(s, sweep.Spec{Kind: sweep.MonteCarlo, Samples: 3, Seed: 1,
		Metrics: []string{sweep.MetricClaims, sweep.MetricCrossover, sweep.MetricLevelized, "compute_gw"}})
	if err != nil {
		return nil, err
	}
	acc := &sweep.ClaimsAccumulator{}
	if _, err := sw.Execute(ctx, sweep.ExecOptions{Workers: 1}, func(r *sweep.Record) error {
		acc.Add(r)
		if out["sweep-run"] == nil {
			out["sweep-run"], err = json.Marshal(r)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if out["claims-odds"], err = json.Marshal(acc.Odds(sw, cl)); err != nil {
		return nil, err
	}
	return out, nil
})

func realDocs(t *testing.T) map[string][]byte {
	t.Helper()
	d, err := docs()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSchemasAreValidDraft202012(t *testing.T) {
	for _, name := range schema.Names() {
		b := schema.Get(name)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %v", name, m["$schema"])
		}
		if m["$id"] != schema.ID(name) || schema.ID(name) == "" {
			t.Errorf("%s: $id = %v, want %q", name, m["$id"], schema.ID(name))
		}
	}
	// Compiling checks each schema against the meta-schema.
	if err := schema.Validate("plan", []byte(`{}`)); err == nil || strings.Contains(err.Error(), "compil") {
		t.Fatalf("compiling: %v", err)
	}
}

func TestGet(t *testing.T) {
	if !bytes.Equal(schema.Get("plan"), schema.Get(plans.PlanSchema)) || schema.Get("plan") == nil {
		t.Error(`Get("plan") and Get("teraplan.plan/v1") differ or are nil`)
	}
	for _, n := range []string{plans.LimitsSchema, plans.ClaimsSchema} {
		if schema.Get(n) == nil {
			t.Errorf("Get(%q) is nil", n)
		}
	}
	for _, n := range []string{"", "nope", "teraplan.plan/v2", "teraplan.plan"} {
		if schema.Get(n) != nil {
			t.Errorf("Get(%q) is not nil", n)
		}
	}
}

// TestRealOutputsValidate solves seed-2026 and validates the plan, limits
// for 2030, a 2026–2028 timeline and the claims audit.
func TestRealOutputsValidate(t *testing.T) {
	d := realDocs(t)
	for _, name := range []string{"plan", "limits", "timeline", "claims", "claims-odds", "sweep-run"} {
		t.Run(name, func(t *testing.T) {
			if err := schema.Validate(name, d[name]); err != nil {
				t.Error(err)
			}
		})
	}
	// The documents name their schema, and the name finds it.
	for _, name := range []string{"plan", "limits", "claims", "claims-odds"} {
		var head struct{ Schema string }
		if err := json.Unmarshal(d[name], &head); err != nil {
			t.Fatal(err)
		}
		if head.Schema != "teraplan."+name+"/v1" || schema.Get(head.Schema) == nil {
			t.Errorf("%s: schema field %q", name, head.Schema)
		}
	}
}

// TestBrokenDocumentsFail mutates real outputs and checks each mutation is
// caught: the schemas are not so loose that anything passes.
func TestBrokenDocumentsFail(t *testing.T) {
	d := realDocs(t)
	cases := []struct {
		doc, what string
		mutate    func(m map[string]any)
	}{
		{"plan", "missing summary", func(m map[string]any) { delete(m, "summary") }},
		{"plan", "wrong schema version", func(m map[string]any) { m["schema"] = "teraplan.plan/v2" }},
		{"plan", "unknown mode", func(m map[string]any) { m["mode"] = "max-profit" }},
		{"plan", "objective as a string", func(m map[string]any) { m["objective"] = "12" }},
		{"plan", "summary row without compute", func(m map[string]any) { delete(row(m, "summary", 0), "compute_gw") }},
		{"plan", "summary row with a typo'd field", func(m map[string]any) { row(m, "summary", 1)["compute_GW"] = 1.0 }},
		{"plan", "negative stranded", func(m map[string]any) { row(m, "summary", 0)["stranded_m"] = -3.0 }},
		{"plan", "levelized site without per_kw_it", func(m map[string]any) {
			delete(row(m, "levelized", 0)["orbit"].(map[string]any), "per_kw_it")
		}},
		{"plan", "variable value not a number", func(m map[string]any) {
			for _, fam := range m["variables"].(map[string]any) {
				for k := range fam.(map[string]any) {
					fam.(map[string]any)[k] = "NaN"
					return
				}
			}
		}},
		{"plan", "bad scenario hash", func(m map[string]any) { m["scenario_hash"] = "xyz" }},
		{"limits", "limit without elasticity", func(m map[string]any) { delete(row(m, "limits", 0), "elasticity") }},
		{"limits", "gain as a string", func(m map[string]any) { row(m, "limits", 0)["gain_plus_10pct_gw"] = "+2" }},
		{"limits", "claims schema", func(m map[string]any) { m["schema"] = "teraplan.claims/v1" }},
		{"timeline", "no years", func(m map[string]any) { m["years"] = []any{} }},
		{"timeline", "top limit without family", func(m map[string]any) {
			delete(row(row(m, "years", 0), "top", 0), "family")
		}},
		{"claims", "verdict maybe", func(m map[string]any) { row(m, "claims", 0)["verdict"] = "maybe" }},
		{"claims", "id zero", func(m map[string]any) { row(m, "claims", 0)["id"] = 0 }},
		{"claims", "number as text", func(m map[string]any) { row(m, "claims", 4)["numbers"] = map[string]any{"x": "1"} }},
	}
	for _, c := range cases {
		t.Run(c.doc+"/"+c.what, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(d[c.doc], &m); err != nil {
				t.Fatal(err)
			}
			c.mutate(m)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(c.doc, b); err == nil {
				t.Errorf("a %s document with %s validates", c.doc, c.what)
			}
		})
	}
	if err := schema.Validate("plan", []byte(`{"schema": "teraplan.plan/v1"`)); err == nil {
		t.Error("truncated JSON validates")
	}
	if err := schema.Validate("nope", d["plan"]); err == nil {
		t.Error("unknown schema name validates")
	}
}

// row returns m[key][i] as an object; a test bug panics.
func row(m map[string]any, key string, i int) map[string]any {
	return m[key].([]any)[i].(map[string]any)
}

// TestSweepRunSchema validates records shaped like plans/sweep.Record
// (the sweep package's own tests may validate real lines with
// schema.Validate("sweep-run", line)).
func TestSweepRunSchema(t *testing.T) {
	good := []string{
		`{"id": "g-03", "index": 3, "sweep": "grid", "total": 11, "overrides": {"launch.cost_usd_per_kg": 200},
		  "status": "Optimal", "objective": 1234.5, "total_cost_usd_b": 5000,
		  "by_year": {"compute_gw": {"2026": 14.7, "2030.25": 300}, "shortfall_gw": {"2026": 0.27}},
		  "bottleneck": {"2026": "power.balance", "2030": ""}}`,
		`{"id": "t-007", "index": 7, "sweep": "tornado", "total": 219, "param": "launch.payload_t", "side": "low",
		  "overrides": {"scale:launch.payload_t": 0.8}, "status": "no_plan", "error": "plans: no acceptable plan"}`,
	}
	for _, doc := range good {
		if err := schema.Validate("sweep-run", []byte(doc)); err != nil {
			t.Errorf("a good sweep run: %v", err)
		}
	}
	base := `"index": 1, "sweep": "grid", "total": 2, "status": "Optimal", "objective": 1`
	for what, doc := range map[string]string{
		"no id":                 `{"overrides": {}, ` + base + `}`,
		"overrides a list":      `{"id": "g-1", "overrides": [], ` + base + `}`,
		"bad override key":      `{"id": "g-1", "overrides": {"Launch Cost": 1}, ` + base + `}`,
		"override as text":      `{"id": "g-1", "overrides": {"launch.payload_t": "150t"}, ` + base + `}`,
		"by_year flat":          `{"id": "g-1", "overrides": {}, "by_year": {"compute_gw": 12}, ` + base + `}`,
		"year key not a year":   `{"id": "g-1", "overrides": {}, "by_year": {"compute_gw": {"soon": 12}}, ` + base + `}`,
		"bottleneck numeric":    `{"id": "g-1", "overrides": {}, "bottleneck": {"2026": 3}, ` + base + `}`,
		"optimal, no objective": `{"id": "g-1", "index": 1, "sweep": "grid", "total": 2, "overrides": {}, "status": "Optimal"}`,
		"error without why":     `{"id": "g-1", "index": 1, "sweep": "grid", "total": 2, "overrides": {}, "status": "error"}`,
		"unknown field":         `{"id": "g-1", "overrides": {}, "compute": 3, ` + base + `}`,
	} {
		if err := schema.Validate("sweep-run", []byte(doc)); err == nil {
			t.Errorf("sweep run with %s validates", what)
		}
	}
}
