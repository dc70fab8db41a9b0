package main

import (
	"encoding/json"
	"math"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/plans/scenario"
	"teraplan/plans/schema"
)

// TestAPIRegionsMatchCLI: region=R is --region R, and each regional
// document is the CLI's byte for byte: plans of a scenario with regions
// are solved cold, as the CLI solves them, set= or not (see solvePlan).
// A scoped set= (key@region) reaches that region of the model only.
func TestAPIRegionsMatchCLI(t *testing.T) {
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 8})
	const sc = "scenario=regions-2026&"
	cliSc := []string{"--scenario", "regions-2026"}
	cases := []struct {
		name string
		path string
		sets []string
		args []string
	}{
		{"plan china", "/api/plan?" + sc + "region=china", nil, []string{"plan", "--format", "json", "--region", "china"}},
		{"plan us scoped set", "/api/plan?" + sc + "region=us", []string{"grid.new_gw_per_year@us=2"}, []string{"plan", "--format", "json", "--region", "us"}},
		{"plan csv us", "/api/plan?" + sc + "region=us&format=csv", nil, []string{"plan", "--format", "csv", "--region", "us"}},
		{"plan max-compute us", "/api/plan?" + sc + "region=us&mode=max-compute&year=2030", nil, []string{"plan", "--format", "json", "--region", "us", "--mode", "max-compute", "--year", "2030"}},
		{"limits us", "/api/limits?" + sc + "region=us&year=2030", []string{"grid.new_gw_per_year@us=20"}, []string{"limits", "--format", "json", "--region", "us", "--year", "2030"}},
		{"timeline china", "/api/timeline?" + sc + "region=china&years=2026-2030&top=2", nil, []string{"limits", "--format", "json", "--region", "china", "--years", "2026-2030", "--top", "2"}},
	}
	bodies := map[string]string{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := ts.URL + c.path
			if len(c.sets) > 0 {
				u += "&" + sets(c.sets...)
			}
			status, _, body := get(t, u)
			want, code := cli(t, append(append(c.args, cliSc...), setFlags(c.sets...)...)...)
			if code != 0 {
				t.Fatalf("CLI exit %d: %s", code, want)
			}
			if status != 200 {
				t.Fatalf("GET %s: %d %s", u, status, body)
			}
			if body != want {
				t.Errorf("GET %s differs from the CLI's output (%d vs %d bytes)\nAPI: %.300s\nCLI: %.300s", u, len(body), len(want), body, want)
			}
			if strings.HasPrefix(body, "{") {
				var doc struct {
					Schema string `json:"schema"`
					Region string `json:"region"`
				}
				if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Schema == "" {
					t.Fatalf("no schema field: %v", err)
				}
				if err := schema.Validate(doc.Schema, []byte(body)); err != nil {
					t.Error(err)
				}
				if doc.Schema != "teraplan.timeline/v1" && doc.Region == "" {
					t.Errorf("GET %s: the document names no region", u)
				}
			}
			bodies[c.name] = body
		})
	}

	if n := srv.warmSolves.Load(); n != 0 {
		t.Errorf("%d plans with regions solved warm", n)
	}
	// The region's summary is its own row of the plan's regions. A scoped
	// set moves that region only: the US, which builds all the grid it
	// may, adds 2 GW a year with grid.new_gw_per_year@us=2 (12 GW in
	// 2026, 12 + 2·(y−2026) after), and China's and the rest of the
	// world's grid stay as they were.
	type plan struct {
		Region  string `json:"region"`
		Summary []struct {
			Year    float64 `json:"year"`
			Compute float64 `json:"compute_gw"`
			Grid    float64 `json:"grid_gw"`
		} `json:"summary"`
		Regions []struct {
			Region  string `json:"region"`
			Summary []struct {
				Compute float64 `json:"compute_gw"`
				Grid    float64 `json:"grid_gw"`
			} `json:"summary"`
		} `json:"regions"`
	}
	var china, us plan
	if err := json.Unmarshal([]byte(bodies["plan china"]), &china); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(bodies["plan us scoped set"]), &us); err != nil {
		t.Fatal(err)
	}
	if china.Region != "china" || len(china.Regions) != 3 || china.Regions[1].Region != "china" || us.Region != "us" {
		t.Fatalf("regions %q %q, %d regions", china.Region, us.Region, len(china.Regions))
	}
	for i, s := range china.Summary {
		if s.Compute != china.Regions[1].Summary[i].Compute {
			t.Fatalf("%v: summary compute %v is not china's %v", s.Year, s.Compute, china.Regions[1].Summary[i].Compute)
		}
	}
	for _, s := range us.Summary {
		if want := us.Summary[0].Grid + 2*(s.Year-us.Summary[0].Year); math.Abs(s.Grid-want) > 1e-6 {
			t.Errorf("grid.new_gw_per_year@us=2: the US's grid in %v is %v GW, want %v", s.Year, s.Grid, want)
		}
	}
	last := len(us.Summary) - 1
	if g, was := us.Summary[last].Grid, china.Regions[0].Summary[last].Grid; g > was-50 {
		t.Errorf("the US's grid in %v: %v GW with 2 GW/yr, %v with the scenario's", us.Summary[last].Year, g, was)
	}
	for r := 1; r < 3; r++ {
		if a, b := us.Regions[r].Summary[last].Grid, china.Regions[r].Summary[last].Grid; math.Abs(a-b) > 1e-6*math.Max(1, b) {
			t.Errorf("%s's grid moved with the US's: %v vs %v GW", us.Regions[r].Region, a, b)
		}
	}
}

// TestAPIRegionErrors: a region the scenario does not declare is the
// CLI's usage error (HTTP 400) with the query parameter named as the
// request names it; claims take no region.
func TestAPIRegionErrors(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	for _, c := range []struct{ path, scenario, region string }{
		{"/api/plan", "regions-2026", "mars"},
		{"/api/limits?year=2030&", "regions-2026", "US"},
		{"/api/timeline", "seed-2026", "us"},
		{"/api/plan", "public-2026", "world"},
	} {
		sep := "?"
		if strings.Contains(c.path, "?") {
			sep = ""
		}
		status, _, body := get(t, ts.URL+c.path+sep+"scenario="+c.scenario+"&region="+url.QueryEscape(c.region))
		app, _, errOut := testApp(t, nil)
		code := runCmd(app, []string{"plan", "--scenario", c.scenario, "--region", c.region})
		stderr := errOut.String()
		var env errorEnvelope
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Fatalf("%s: not an error envelope: %s", c.path, body)
		}
		want := strings.TrimPrefix(strings.SplitN(stderr, "\n", 2)[0], "teraplan: ")
		want = strings.Replace(want, "--region ", "region=", 1)
		if status != 400 || code != 2 || env.Error.Kind != "usage" || env.Error.Message != want {
			t.Errorf("%s region=%s: HTTP %d %q; CLI exit %d %q", c.scenario, c.region, status, env.Error.Message, code, want)
		}
	}
	status, _, body := get(t, ts.URL+"/api/claims?scenario=regions-2026&region=us")
	if status != 400 || !strings.Contains(body, `unknown parameter \"region\"`) {
		t.Errorf("claims with a region: HTTP %d %s", status, body)
	}
}

// TestParamsByRegion: /api/params gives, for a scenario with regions, the
// regions and each parameter's value per region: the region's own where
// the scenario sets key@region, its region.share of the world value for
// an extensive key, the world value otherwise. Without regions, none.
func TestParamsByRegion(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	var doc paramsDoc
	_, _, body := get(t, ts.URL+"/api/params?scenario=regions-2026")
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if strings.Join(doc.Regions, ",") != "us,china,row" {
		t.Fatalf("regions %q", doc.Regions)
	}
	sc, err := scenario.Load("regions-2026")
	if err != nil {
		t.Fatal(err)
	}
	share := func(r string) float64 { return sc.Params["region.share@"+r].Value.Values[0] }
	checked := 0
	for _, p := range doc.Params {
		for _, r := range doc.Regions {
			got := p.ByRegion[r]
			own, scoped := sc.Params[p.Key+"@"+r]
			years, want := p.Years, append([]float64(nil), p.Values...)
			switch {
			case scoped:
				years, want = own.Value.Years, own.Value.Values
			case constraints.Extensive(p.Key):
				for i := range want {
					want[i] *= share(r)
				}
			}
			if got.Scoped != scoped || len(got.Values) != len(want) || len(got.Years) != len(years) {
				t.Errorf("%s@%s: %+v, want %v at %v (scoped %v)", p.Key, r, got, want, years, scoped)
				continue
			}
			for i := range want {
				if got.Years[i] != years[i] || math.Abs(got.Values[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
					t.Errorf("%s@%s: %+v, want %v at %v (scoped %v)", p.Key, r, got, want, years, scoped)
					break
				}
			}
			checked++
		}
	}
	if checked < 300 {
		t.Errorf("only %d region values", checked)
	}
	// grid.new_gw_per_year is set for every region in regions-2026;
	// target.compute_gw is an extensive key no region sets.
	find := func(key string) paramInfo {
		for _, p := range doc.Params {
			if p.Key == key {
				return p
			}
		}
		t.Fatalf("no %s", key)
		return paramInfo{}
	}
	if g := find("grid.new_gw_per_year").ByRegion["china"]; !g.Scoped || g.Values[0] != 50 {
		t.Errorf("grid.new_gw_per_year@china: %+v, want 50 GW/yr set for china", g)
	}

	_, _, body = get(t, ts.URL+"/api/params")
	var one map[string]any
	if err := json.Unmarshal([]byte(body), &one); err != nil {
		t.Fatal(err)
	}
	if r, ok := one["regions"].([]any); !ok || len(r) != 0 || strings.Contains(body, "by_region") {
		t.Errorf("seed-2026 has no regions: regions %v, by_region present %v", one["regions"], strings.Contains(body, "by_region"))
	}
}

// TestScenarioYAMLRegionKeys: the downloaded scenario keeps a key scoped
// to a region, with its registry key's unit, and loads to the served plan.
func TestScenarioYAMLRegionKeys(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	overrides := []string{"grid.new_gw_per_year@china=20", "trade.accelerators_m_per_year@us_china=3"}
	status, _, yaml := get(t, ts.URL+"/download/scenario.yaml?scenario=regions-2026&"+sets(overrides...))
	if status != 200 || !strings.Contains(yaml, "grid.new_gw_per_year@china:\n    value: 20\n    unit: \"GW/yr\"") ||
		!strings.Contains(yaml, "trade.accelerators_m_per_year@us_china:\n    value: 3\n    unit: \"M/yr\"") {
		t.Fatalf("HTTP %d:\n%s", status, yaml)
	}
	file := writeFile(t, filepath.Join(t.TempDir(), "custom.yaml"), yaml)
	fromFile, code := cli(t, "plan", "--format", "json", "--scenario", file)
	if code != 0 {
		t.Fatalf("plan --scenario %s: exit %d %s", file, code, fromFile)
	}
	_, _, served := get(t, ts.URL+"/api/plan?scenario=regions-2026&"+sets(overrides...))
	var a, b struct {
		Hash      string  `json:"scenario_hash"`
		Objective float64 `json:"objective"`
	}
	if err := json.Unmarshal([]byte(fromFile), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(served), &b); err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash || math.Abs(a.Objective-b.Objective) > sameObjectiveRel*math.Abs(b.Objective) {
		t.Errorf("the YAML's plan differs from the served one: hash %s vs %s, objective %v vs %v", a.Hash, b.Hash, a.Objective, b.Objective)
	}
}
