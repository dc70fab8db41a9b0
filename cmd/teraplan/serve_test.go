package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"teraplan/plans"
	"teraplan/plans/scenario"
	"teraplan/plans/schema"
)

// newTestServer serves cfg through httptest, with the versions testApp
// stamps, so its documents can be compared with the CLI's byte for byte.
func newTestServer(t testing.TB, cfg serverConfig) (*server, *httptest.Server) {
	t.Helper()
	app := NewApp(IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, nil)
	app.Version = "1.2.3" // as testApp, so documents compare with the CLI's
	app.SolverVersion = func() string { return "HiGHS 9.8.7" }
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := newServer(ctx, app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler())
	t.Cleanup(func() {
		ts.Close()
		cancel()
		srv.close()
	})
	return srv, ts
}

func get(t *testing.T, rawURL string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// cli runs teraplan with args in a fresh App and returns stdout and the
// exit code.
func cli(t *testing.T, args ...string) (string, int) {
	t.Helper()
	app, out, _ := testApp(t, nil)
	code := runCmd(app, args)
	return out.String(), code
}

// sets builds "set=a&set=b" (escaped) from assignments.
func sets(assignments ...string) string {
	q := url.Values{}
	for _, a := range assignments {
		q.Add("set", a)
	}
	return q.Encode()
}

func setFlags(assignments ...string) []string {
	var out []string
	for _, a := range assignments {
		out = append(out, "--set", a)
	}
	return out
}

// TestAPIMatchesCLI: every endpoint returns the document the CLI prints
// for the same scenario, overrides and options. Analysis documents and
// plans without overrides must be byte-equal. A plan with overrides is
// solved warm from its base's optimal basis (anchors) where the CLI solves
// cold; where the LP has one optimum both land on it and the documents are
// byte-equal, but at a degenerate vertex (several optimal dual solutions,
// common in the world model) the shadow prices may be another optimal set:
// then the plan must still be the CLI's (samePlan), and its shadow prices
// exactly those of a solve from the base's basis (TestAPIPlanAnchoredAtBase).
func TestAPIMatchesCLI(t *testing.T) {
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 8})
	cases := []struct {
		name  string
		path  string
		sets  []string
		args  []string
		exact bool // byte-equal required (solved as the CLI solves it)
	}{
		{"plan", "/api/plan", nil, []string{"plan", "--format", "json"}, true},
		{"plan one set", "/api/plan", []string{"launch.payload_t=150t"}, []string{"plan", "--format", "json"}, false},
		{"plan trajectory and module", "/api/plan", []string{"launch.cost_usd_per_kg=2026:1500,2030:100", "modules.lunar=true"}, []string{"plan", "--format", "json"}, false},
		{"plan max-compute", "/api/plan?mode=max-compute&year=2030", []string{"space.attrition_per_year=0"}, []string{"plan", "--format", "json", "--mode", "max-compute", "--year", "2030"}, true},
		{"plan max-compute degenerate", "/api/plan?mode=max-compute&year=2030", []string{"accelerator.cost_usd=x1.25"}, []string{"plan", "--format", "json", "--mode", "max-compute", "--year", "2030"}, true},
		{"plan csv", "/api/plan?format=csv", []string{"launch.payload_t=150t"}, []string{"plan", "--format", "csv"}, false},
		{"plan public-2026", "/api/plan?scenario=public-2026", nil, []string{"plan", "--format", "json", "--scenario", "public-2026"}, true},
		{"limits", "/api/limits?year=2030", []string{"launch.payload_t=150t"}, []string{"limits", "--format", "json", "--year", "2030"}, true},
		{"timeline", "/api/timeline?years=2026-2031&top=2", nil, []string{"limits", "--format", "json", "--years", "2026-2031", "--top", "2"}, true},
		{"claims", "/api/claims", []string{"space.attrition_per_year=0"}, []string{"claims", "--format", "json"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := ts.URL + c.path
			if len(c.sets) > 0 {
				sep := "?"
				if strings.Contains(u, "?") {
					sep = "&"
				}
				u += sep + sets(c.sets...)
			}
			status, h, body := get(t, u)
			want, code := cli(t, append(c.args, setFlags(c.sets...)...)...)
			if code != 0 {
				t.Fatalf("CLI exit %d: %s", code, want)
			}
			if status != 200 {
				t.Fatalf("GET %s: %d %s", u, status, body)
			}
			switch {
			case body == want:
			case c.exact:
				t.Errorf("GET %s differs from the CLI's output (%d vs %d bytes)\nAPI: %.300s\nCLI: %.300s", u, len(body), len(want), body, want)
			default:
				duals, err := samePlan(body, want)
				if err != nil {
					t.Fatalf("GET %s is not the CLI's plan: %v", u, err)
				}
				t.Logf("same plan as the CLI; %d shadow prices are another optimal dual solution's", duals)
			}
			if strings.HasPrefix(body, "{") {
				var doc struct {
					Schema string `json:"schema"`
				}
				if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Schema == "" {
					t.Fatalf("no schema field: %v", err)
				}
				if err := schema.Validate(doc.Schema, []byte(body)); err != nil {
					t.Error(err)
				}
			}
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("no CSP: %q", csp)
			}
		})
	}
	if srv.warmSolves.Load() == 0 {
		t.Error("no plan was solved warm")
	}
}

// TestServeColdIsTheCLI: under --cold every plan is solved from scratch,
// as the CLI solves it, and is its document byte for byte, shadow prices
// included, also where the warm answer's differ.
func TestServeColdIsTheCLI(t *testing.T) {
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 8, Cold: true})
	for _, s := range [][]string{{"launch.payload_t=150t"}, {"accelerator.cost_usd=x0.8"}} {
		_, _, body := get(t, ts.URL+"/api/plan?"+sets(s...))
		want, code := cli(t, append([]string{"plan", "--format", "json"}, setFlags(s...)...)...)
		if code != 0 {
			t.Fatal(want)
		}
		if body != want {
			t.Errorf("set=%s under --cold differs from the CLI's output", s)
		}
	}
	if n := srv.warmSolves.Load(); n != 0 {
		t.Errorf("%d plans solved warm under --cold", n)
	}
}

// Tolerances of samePlan. The objective is one number HiGHS optimises to
// ~1e-9 relative whatever vertex it ends at; a plan's quantities are
// printed to 9 significant digits and agree to them but for the last
// digit of a sum (a vertex reached by other pivots is the same point up
// to rounding), so they are compared within 1e-7 relative, or 1e-7 in
// their own unit near zero (below HiGHS's feasibility tolerance).
const (
	sameObjectiveRel = 1e-9
	sameQuantityRel  = 1e-7
	sameQuantityAbs  = 1e-7
)

// samePlan reports whether two plan documents (JSON or CSV, as the CLI
// writes them) describe the same plan: the same structure, text, status
// and model size, the objective within sameObjectiveRel, and every
// quantity but the shadow prices within sameQuantityRel (or
// sameQuantityAbs). It returns how many shadow prices differ.
func samePlan(got, want string) (duals int, err error) {
	if strings.HasPrefix(want, "{") {
		var g, w any
		if err := json.Unmarshal([]byte(got), &g); err != nil {
			return 0, err
		}
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			return 0, err
		}
		return duals, sameJSON("", g, w, &duals)
	}
	g, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		return 0, err
	}
	w, err := csv.NewReader(strings.NewReader(want)).ReadAll()
	if err != nil {
		return 0, err
	}
	if len(g) != len(w) {
		return 0, fmt.Errorf("%d CSV rows, the CLI's %d", len(g), len(w))
	}
	for i := range w {
		if len(g[i]) != len(w[i]) || len(w[i]) != 6 {
			return 0, fmt.Errorf("CSV row %d: %q, the CLI's %q", i+1, g[i], w[i])
		}
		// year,kind,family,index,value,unit
		for k := range w[i] {
			if k == 4 || g[i][k] == w[i][k] {
				continue
			}
			return 0, fmt.Errorf("CSV row %d column %d: %q, the CLI's %q", i+1, k+1, g[i][k], w[i][k])
		}
		if g[i][4] == w[i][4] {
			continue
		}
		if w[i][1] == "shadow_price" {
			duals++
			continue
		}
		a, errA := strconv.ParseFloat(g[i][4], 64)
		b, errB := strconv.ParseFloat(w[i][4], 64)
		if errA != nil || errB != nil || !near(a, b, sameQuantityRel, sameQuantityAbs) {
			return 0, fmt.Errorf("CSV row %d %s %s[%s]: %s, the CLI's %s", i+1, w[i][1], w[i][2], w[i][3], g[i][4], w[i][4])
		}
	}
	return duals, nil
}

// sameJSON compares decoded JSON documents for samePlan.
func sameJSON(path string, got, want any, duals *int) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: %v, the CLI's %v", path, got, want)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s/%s missing", path, k)
			}
			if err := sameJSON(path+"/"+k, gv, wv, duals); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: %d items, the CLI's %d", path, len(g), len(w))
		}
		for i := range w {
			if err := sameJSON(fmt.Sprintf("%s/%d", path, i), g[i], w[i], duals); err != nil {
				return err
			}
		}
		return nil
	case float64:
		g, ok := got.(float64)
		switch {
		case !ok:
			return fmt.Errorf("%s: %v, the CLI's %v", path, got, want)
		case g == w:
		case strings.HasPrefix(path, "/shadow_prices/"):
			*duals++
		case path == "/objective":
			if !near(g, w, sameObjectiveRel, 0) {
				return fmt.Errorf("objective %v, the CLI's %v", g, w)
			}
		case !near(g, w, sameQuantityRel, sameQuantityAbs):
			return fmt.Errorf("%s: %v, the CLI's %v", path, g, w)
		}
		return nil
	default:
		if got != want {
			return fmt.Errorf("%s: %v, the CLI's %v", path, got, want)
		}
		return nil
	}
}

// near reports |a−b| ≤ rel·max(|a|,|b|) + abs.
func near(a, b, rel, abs float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))+abs
}

// TestSamePlanCanFail: samePlan refuses a plan that differs from the
// CLI's anywhere but in its shadow prices.
func TestSamePlanCanFail(t *testing.T) {
	want, code := cli(t, "plan", "--format", "json", "--set", "launch.payload_t=150t")
	if code != 0 {
		t.Fatal(want)
	}
	if n, err := samePlan(want, want); err != nil || n != 0 {
		t.Fatalf("a plan is not the same as itself: %d, %v", n, err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(want), &doc); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(map[string]any)) string {
		var d map[string]any
		_ = json.Unmarshal([]byte(want), &d)
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	firstOf := func(d map[string]any, section string) (map[string]any, string) {
		fams := d[section].(map[string]any)
		for _, name := range sortedKeys(fams) {
			byYear := fams[name].(map[string]any)
			for _, y := range sortedKeys(byYear) {
				if v := byYear[y].(float64); math.Abs(v) > 1 {
					return byYear, y
				}
			}
		}
		t.Fatalf("no %s", section)
		return nil, ""
	}
	dual := edit(func(d map[string]any) {
		m, y := firstOf(d, "shadow_prices")
		m[y] = m[y].(float64) * 2
	})
	if n, err := samePlan(dual, want); err != nil || n != 1 {
		t.Errorf("another shadow price: %d, %v; want one dual counted", n, err)
	}
	for name, bad := range map[string]string{
		"a quantity 1e-6 off": edit(func(d map[string]any) {
			m, y := firstOf(d, "variables")
			m[y] = m[y].(float64) * (1 + 1e-6)
		}),
		"the objective 1e-8 off": edit(func(d map[string]any) { d["objective"] = d["objective"].(float64) * (1 + 1e-8) }),
		"another status":         edit(func(d map[string]any) { d["status"] = "TimeLimit" }),
		"a period missing": edit(func(d map[string]any) {
			m, y := firstOf(d, "variables")
			delete(m, y)
		}),
	} {
		if _, err := samePlan(bad, want); err == nil {
			t.Errorf("%s: samePlan accepted it", name)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestAPIPlanAnchoredAtBase: a plan with overrides is the plan solved
// from the optimal basis of its base scenario's own plan — the same
// document whatever the order of requests, the worker that solves it, or
// what that worker solved before (no cache: every request is solved).
func TestAPIPlanAnchoredAtBase(t *testing.T) {
	queries := []string{
		"/api/plan?" + sets("launch.payload_t=150t"),
		"/api/plan?" + sets("accelerator.cost_usd=x0.8"),
		"/api/plan?" + sets("earth.generation_kw_per_accelerator=x0.8"),
		"/api/plan?" + sets("budget.usd_per_year=x1.25"),
		"/api/plan?" + sets("launch.payload_t=300t"),
		"/api/plan?" + sets("launch.payload_t=x1.1"),
	}
	// Each request starts from the plan of the base with its one parameter
	// scaled to the nearest rung of 2^(k/2): the rungs by hand.
	rungs := map[string]float64{
		queries[0]: math.Sqrt2,     // 150/100 = 1.5
		queries[1]: 1 / math.Sqrt2, // 0.8
		queries[2]: 1 / math.Sqrt2, // 0.8
		queries[3]: math.Sqrt2,     // 1.25
		queries[4]: 2 * math.Sqrt2, // 3
		queries[5]: 1,              // 1.1: the base's own rung
	}
	// The same documents by an independent route: the library's Solver,
	// anchored at that plan as a sweep anchors its runs.
	app, _, _ := testApp(t, nil)
	base, err := scenario.Load(scenario.Default)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, u := range queries {
		q, err := decodeQuery(kindPlan, strings.SplitN(u, "?", 2)[1])
		if err != nil {
			t.Fatal(err)
		}
		flags := scenarioFlags{Sets: q.Sets, Mode: q.Mode, Year: q.Year}
		po, err := flags.options()
		if err != nil {
			t.Fatal(err)
		}
		anchorSc := base
		if r := rungs[u]; r != 1 {
			anchorSc = base.Clone()
			param, _, _ := strings.Cut(q.Sets[0], "=")
			if err := anchorSc.Scale(param, r); err != nil {
				t.Fatal(err)
			}
		}
		scReq, err := applySets(base, q.Sets)
		if err != nil {
			t.Fatal(err)
		}
		if param, r, ok := anchorRung(base, scReq, q.Sets); (ok || rungs[u] != 1) && (!ok || math.Abs(r-rungs[u]) > 1e-12 || !strings.HasPrefix(q.Sets[0], param+"=")) {
			t.Errorf("%s: rung %s×%v (%v), want ×%v", u, param, r, ok, rungs[u])
		}
		anchor := &plans.Solver{}
		if _, err := anchor.Solve(context.Background(), plans.FromScenario(anchorSc), po); err != nil {
			t.Fatal(err)
		}
		if !anchor.Anchor() {
			t.Fatal("no basis to anchor at")
		}
		sc, err := applySets(base, q.Sets)
		if err != nil {
			t.Fatal(err)
		}
		in := plans.FromScenario(sc)
		in.Name = runName(sc.Name, q.Sets)
		sv := anchor.Clone()
		res, err := sv.Solve(context.Background(), in, po)
		sv.Close()
		anchor.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !res.Solution.Warm {
			t.Errorf("%s: solved cold", u)
		}
		b, err := renderBytes(FormatJSON, planView{res.Brief(app.versions()), res})
		if err != nil {
			t.Fatal(err)
		}
		want[u] = string(b)
		// And it is the cold plan: these overrides used to leave savings
		// or robot-built lines at another size of the same cost.
		cold, err := plans.Solve(context.Background(), in, po)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := renderBytes(FormatJSON, planView{cold.Brief(app.versions()), cold})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := samePlan(want[u], string(cb)); err != nil {
			t.Errorf("%s: warm and cold plans differ: %v", u, err)
		}
	}
	// The server's first answer to each request is the plan solved from
	// its anchor's basis (to the last digit of every quantity that is not
	// a tie-break's: shadow prices of 10⁻⁶ and below are the price of
	// TieBreakPrice, and their last digits follow the order of the
	// solver's pivots); every later answer, in whatever order and on
	// whichever worker, is that document byte for byte.
	var mu sync.Mutex
	served := map[string]string{}
	check := func(ts *httptest.Server, order []string) {
		t.Helper()
		var wg sync.WaitGroup
		for _, u := range order {
			wg.Go(func() {
				resp, err := http.Get(ts.URL + u)
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 {
					t.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
					return
				}
				mu.Lock()
				first, seen := served[u]
				if !seen {
					served[u] = string(b)
				}
				mu.Unlock()
				if seen && string(b) != first {
					t.Errorf("GET %s: %d bytes, not the %d bytes it answered before", u, len(b), len(first))
				}
				if !seen {
					if _, err := samePlan(want[u], string(b)); err != nil {
						t.Errorf("GET %s: not the plan solved from its anchor's basis: %v", u, err)
					}
				}
			})
		}
		wg.Wait()
	}
	// CacheBytes 1 keeps nothing: every answer is solved.
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 16, CacheBytes: 1})
	check(ts, queries)
	reversed := slices.Clone(queries)
	slices.Reverse(reversed)
	check(ts, reversed)
	check(ts, queries)
	if n, _ := srv.cache.len(); n != 0 {
		t.Fatalf("%d documents cached", n)
	}
	if got := srv.computed.Load(); got != int64(3*len(queries)) {
		t.Errorf("%d documents computed, want %d (each request solved)", got, 3*len(queries))
	}
}

// TestAPIErrors: bad input is HTTP 400 with the CLI's own error envelope;
// the server never reads a file it was not started with.
func TestAPIErrors(t *testing.T) {
	dir := t.TempDir()
	unserved := writeFile(t, filepath.Join(dir, "other.yaml"), "name: other\nextends: seed-2026\n")
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 8})

	// The envelope is the CLI's, byte for byte.
	status, _, body := get(t, ts.URL+"/api/plan?"+sets("launch.payload_t=abc"))
	want, code := cli(t, "plan", "--format", "json", "--set", "launch.payload_t=abc")
	if status != 400 || code != 2 || body != want {
		t.Errorf("bad set: HTTP %d %q; CLI exit %d %q", status, body, code, want)
	}

	// A scenario with no plan is 422, in the envelope the CLI exits 3 with.
	status, _, body = get(t, ts.URL+"/api/plan?"+sets("memory.ddr_other_eb_per_year=100000"))
	want, code = cli(t, "plan", "--format", "json", "--set", "memory.ddr_other_eb_per_year=100000")
	if status != 422 || code != 3 || body != want {
		t.Errorf("no plan: HTTP %d %q; CLI exit %d %q", status, body, code, want)
	}

	many := make([]string, maxSets+1)
	for i := range many {
		many[i] = "launch.payload_t=150"
	}
	for _, c := range []struct{ path, want string }{
		{"/api/plan?" + sets("launch.payload_t=1e9"), "launch.payload_t"},
		{"/api/plan?" + sets("no.such_key=1"), "unknown parameter"},
		{"/api/plan?sett=launch.payload_t=1", `unknown parameter "sett"`},
		{"/api/plan?mode=fastest", "mode"},
		{"/api/plan?year=1999&mode=max-compute", "not a period of the horizon"},
		{"/api/plan?format=table", "format"},
		{"/api/plan?mip=maybe", "mip"},
		{"/api/limits", "needs year=N"},
		{"/api/timeline?years=2030-2026", "years"},
		{"/api/timeline?years=2100-2110", "selects no period"},
		{"/api/plan?scenario=" + url.QueryEscape(unserved), "is not served"},
		{"/api/plan?scenario=/etc/passwd", "is not served"},
		{"/api/plan?" + sets(many...), "at most 64"},
		{"/api/plan?" + sets("horizon.step_years=0.05", "horizon.end_year=2100"), "at most 400"},
		{"/api/plan?" + sets("launch.payload_t"), "key=value"},
		{"/api/plan?year=2030&year=2031", "given 2 times"},
		{"/api/plan?%zz", "malformed"},
	} {
		status, h, body := get(t, ts.URL+c.path)
		var env errorEnvelope
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Errorf("%s: not an error envelope: %q", c.path, body)
			continue
		}
		if status != 400 || env.Error.Kind != "usage" || env.Error.Code != 2 || !strings.Contains(env.Error.Message, c.want) {
			t.Errorf("%s: HTTP %d %+v, want 400 usage mentioning %q", c.path, status, env.Error, c.want)
		}
		if h.Get("Content-Type") != "application/json" {
			t.Errorf("%s: content type %q", c.path, h.Get("Content-Type"))
		}
	}
	long := ts.URL + "/api/plan?" + sets(strings.Repeat("x", maxQueryBytes)+"=1")
	if status, _, _ := get(t, long); status != 400 && status != 431 {
		t.Errorf("an oversized query: HTTP %d, want 400 or 431", status)
	}

	// Methods, bodies and hosts.
	resp, err := http.Post(ts.URL+"/api/plan", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/plan", nil)
	req.Host = "attacker.example:8080"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("foreign Host header: %d, want 403", resp.StatusCode)
	}
	for _, p := range []string{"/nothing", "/assets/../serve.go", "/assets/index.html"} {
		if status, _, _ := get(t, ts.URL+p); status != 404 {
			t.Errorf("GET %s: %d, want 404", p, status)
		}
	}
}

// TestServeScenarioFile: a scenario file named at start is served under
// the name it was given, exactly as `plan --scenario FILE` solves it.
func TestServeScenarioFile(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "mine.yaml"), `name: mine
extends: seed-2026
params:
  launch.payload_t: {value: 120, unit: t, source: test, confidence: estimate}
`)
	_, ts := newTestServer(t, serverConfig{Scenarios: []string{path}, Workers: 2, Queue: 4})
	status, _, body := get(t, ts.URL+"/api/plan?scenario="+url.QueryEscape(path))
	want, code := cli(t, "plan", "--format", "json", "--scenario", path)
	if status != 200 || code != 0 || body != want {
		t.Errorf("file scenario: HTTP %d, CLI %d, equal %v", status, code, body == want)
	}
	// It is the default: the first --scenario.
	if _, _, def := get(t, ts.URL+"/api/plan"); def != want {
		t.Error("the first --scenario is not the default")
	}
	var doc paramsDoc
	_, _, pb := get(t, ts.URL+"/api/params")
	if err := json.Unmarshal([]byte(pb), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != path || doc.Scenarios[0] != path || len(doc.Years) != 15 {
		t.Errorf("params: scenario %q, scenarios %q, %d years", doc.Scenario, doc.Scenarios, len(doc.Years))
	}
	for _, p := range doc.Params {
		if p.Key == "launch.payload_t" && (len(p.Values) != 1 || p.Values[0] != 120 || p.Unit != "t" || p.Lever) {
			t.Errorf("launch.payload_t control: %+v", p)
		}
		if p.Key == "target.compute_gw" && !p.Lever {
			t.Error("target.compute_gw is a lever")
		}
		if strings.HasPrefix(p.Key, "horizon.") {
			t.Errorf("horizon parameter %s offered as a control", p.Key)
		}
	}
}

// TestScenarioYAMLRoundTrip: the downloaded scenario, loaded by the CLI,
// is the scenario the page solved: the same hash and the same plan.
func TestScenarioYAMLRoundTrip(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	overrides := []string{"launch.payload_t=150t", "launch.cost_usd_per_kg=2026:1500,2030:100", "modules.lunar=true",
		"space.attrition_per_year=5%/yr", "launch.payload_t=140"}
	status, h, yaml := get(t, ts.URL+"/download/scenario.yaml?"+sets(overrides...))
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "seed-2026-custom.yaml") {
		t.Fatalf("HTTP %d, %q: %s", status, h.Get("Content-Disposition"), yaml)
	}
	for _, want := range []string{"extends: \"seed-2026\"", "source: \"set in teraplan serve\"", "confidence: estimate", "value: 140", "\"lunar\": true"} {
		if !strings.Contains(yaml, want) {
			t.Errorf("YAML lacks %q:\n%s", want, yaml)
		}
	}
	file := writeFile(t, filepath.Join(t.TempDir(), "custom.yaml"), yaml)
	fromFile, code := cli(t, "plan", "--format", "json", "--scenario", file)
	if code != 0 {
		t.Fatalf("plan --scenario %s: exit %d %s", file, code, fromFile)
	}
	_, _, served := get(t, ts.URL+"/api/plan?"+sets(overrides...))
	var a, b struct {
		Hash      string          `json:"scenario_hash"`
		Objective float64         `json:"objective"`
		Summary   json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal([]byte(fromFile), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(served), &b); err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash || a.Objective != b.Objective || string(a.Summary) != string(b.Summary) {
		t.Errorf("the YAML's plan differs from the served one: hash %s vs %s, objective %v vs %v", a.Hash, b.Hash, a.Objective, b.Objective)
	}
}

// TestCacheJoinsIdenticalRequests: twenty identical requests at once and
// one more later cause a single solve.
func TestCacheJoinsIdenticalRequests(t *testing.T) {
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	u := ts.URL + "/api/plan?" + sets("launch.payload_t=133")
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(u)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Errorf("HTTP %d: %s", resp.StatusCode, b)
			}
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	get(t, u)
	if n := srv.computed.Load(); n != 1 {
		t.Errorf("%d solves for 21 identical requests, want 1", n)
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatal("identical requests got different documents")
		}
	}
	// A different request is solved anew; the cache stays within budget.
	get(t, ts.URL+"/api/plan?"+sets("launch.payload_t=134"))
	if n := srv.computed.Load(); n != 2 {
		t.Errorf("%d solves after a second distinct request, want 2", n)
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newDocCache(10)
	ctx := context.Background()
	put := func(k, v string) {
		if _, err := c.get(ctx, k, func() ([]byte, error) { return []byte(v), nil }); err != nil {
			t.Fatal(err)
		}
	}
	put("a", "1234")
	put("b", "1234")
	put("a", "xxxx") // a hit: a is now the most recent, and keeps its value
	put("c", "1234") // 12 bytes > 10: b goes
	if n, size := c.len(); n != 2 || size != 8 {
		t.Errorf("%d entries, %d bytes; want 2, 8", n, size)
	}
	calls := 0
	got, _ := c.get(ctx, "a", func() ([]byte, error) { calls++; return nil, nil })
	c.get(ctx, "b", func() ([]byte, error) { calls++; return []byte("new!"), nil })
	if string(got) != "1234" || calls != 1 {
		t.Errorf("a = %q, %d recomputations (want the cached a, b recomputed)", got, calls)
	}
	put("big", strings.Repeat("x", 11)) // larger than the budget: not kept
	if _, size := c.len(); size > 10 {
		t.Errorf("cache holds %d bytes, budget 10", size)
	}
}

// TestBusyIs503: with every worker and queue slot taken, a request is
// refused at once with 503 and Retry-After, in the error envelope.
func TestBusyIs503(t *testing.T) {
	srv, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 1})
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	for range 3 {
		err := srv.pool.submit(&solveJob{ctx: context.Background(), run: func(*solveWorker) ([]byte, error) {
			started <- struct{}{}
			<-release
			return nil, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	<-started
	<-started // both workers busy, one job queued
	status, h, body := get(t, ts.URL+"/api/plan?"+sets("launch.payload_t=101"))
	close(release)
	var env errorEnvelope
	_ = json.Unmarshal([]byte(body), &env)
	if status != 503 || h.Get("Retry-After") == "" || env.Error.Kind != "busy" {
		t.Errorf("HTTP %d, Retry-After %q, %+v; want 503 busy with Retry-After", status, h.Get("Retry-After"), env.Error)
	}
	// Once the queue drains, the same request is answered.
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, _, _ = get(t, ts.URL+"/api/plan?"+sets("launch.payload_t=101"))
		if status == 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status != 200 {
		t.Errorf("after the queue drained: HTTP %d", status)
	}
}

// TestAnalysisLeavesAWorkerForPlans: while limits, timelines and claims
// occupy every general worker, a plan is still answered.
func TestAnalysisLeavesAWorkerForPlans(t *testing.T) {
	p := newSolvePool(2, 4, 0)
	defer p.close()
	release := make(chan struct{})
	for range 3 {
		if err := p.submit(&solveJob{ctx: context.Background(), analysis: true, run: func(*solveWorker) ([]byte, error) {
			<-release
			return nil, nil
		}}); err != nil {
			t.Fatal(err)
		}
	}
	plan := &solveJob{ctx: context.Background(), run: func(*solveWorker) ([]byte, error) { return []byte("plan"), nil }}
	if err := p.submit(plan); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-plan.done:
		if string(r.body) != "plan" {
			t.Errorf("got %q", r.body)
		}
	case <-time.After(10 * time.Second):
		t.Error("a plan waited behind analysis jobs")
	}
	close(release)
}

// TestRequestTimeout: a solve over the server's time limit is 503
// "timeout", not a hang and not a 500.
func TestRequestTimeout(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4, RequestTimeout: time.Nanosecond, QueueWait: time.Minute})
	status, h, body := get(t, ts.URL+"/api/plan?"+sets("launch.payload_t=102"))
	var env errorEnvelope
	_ = json.Unmarshal([]byte(body), &env)
	if status != 503 || env.Error.Kind != "timeout" || h.Get("Retry-After") == "" {
		t.Errorf("HTTP %d %+v", status, env.Error)
	}
}

func TestPageAndAssets(t *testing.T) {
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 4})
	status, h, page := get(t, ts.URL+"/")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %q", status, h.Get("Content-Type"))
	}
	// Everything the page loads is its own: relative paths, no other origin.
	for _, m := range refAttr.FindAllStringSubmatch(page, -1) {
		v := strings.Trim(m[2], `"'`)
		if (!strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//")) && !strings.HasPrefix(v, "data:") {
			t.Errorf("page refers to %s=%s", m[1], v)
		}
	}
	if absURL.MatchString(page) {
		t.Errorf("page names another origin: %q", absURL.FindString(page))
	}
	if csp := h.Get("Content-Security-Policy"); csp != contentSecurityPolicy || !strings.Contains(page, `content="default-src 'none'; script-src 'self'`) {
		t.Errorf("CSP header %q; the page's meta must agree", csp)
	}
	for _, a := range []string{"/assets/app.js", "/assets/app.css"} {
		if status, _, body := get(t, ts.URL+a); status != 200 || len(body) < 1000 {
			t.Errorf("GET %s: %d, %d bytes", a, status, len(body))
		}
	}
	_, _, js := get(t, ts.URL+"/assets/app.js")
	for _, bad := range []string{"http://", "https://", "XMLHttpRequest", "WebSocket", "eval(", "innerHTML"} {
		if strings.Contains(js, bad) && !(bad == "http://" && strings.Count(js, bad) == strings.Count(js, "http://www.w3.org/2000/svg")) {
			t.Errorf("app.js contains %q", bad)
		}
	}
}

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "0.0.0.0:0"}, "--public"},
		{[]string{"serve", "--addr", "nonsense"}, "HOST:PORT"},
		{[]string{"serve", "--request-timeout", "0s"}, "request-timeout"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--scenario", "no-such-scenario"}, "no-such-scenario"},
	} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, c.args); code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want 2 mentioning %q", c.args, code, errOut.String(), c.want)
		}
	}
	for _, h := range []string{"127.0.0.1", "::1", "localhost", "127.3.4.5"} {
		if !isLoopbackHost(h) {
			t.Errorf("%s is loopback", h)
		}
	}
	for _, h := range []string{"", "0.0.0.0", "::", "192.168.1.2", "example.com"} {
		if isLoopbackHost(h) {
			t.Errorf("%q is not loopback", h)
		}
	}
}

// TestServeShutsDownOnSignal: the command serves until its context is
// cancelled (SIGINT/SIGTERM in main), then stops cleanly with exit 0.
func TestServeShutsDownOnSignal(t *testing.T) {
	app, _, _ := testApp(t, nil)
	errOut := &syncBuffer{}
	app.IO.Err = errOut
	ctx, cancel := context.WithCancel(context.Background())
	root := newRootCmd(app)
	root.SetArgs([]string{"serve", "--addr", "127.0.0.1:0"})
	done := make(chan int, 1)
	go func() {
		_, err := root.ExecuteContextC(ctx)
		done <- app.reportError(nil, nil, err)
	}()
	// Wait for the address, then ask it something.
	var base string
	for i := 0; i < 200 && base == ""; i++ {
		time.Sleep(25 * time.Millisecond)
		if m := strings.Fields(errOut.String()); len(m) > 2 && strings.HasPrefix(m[2], "http://") {
			base = m[2]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("server did not start: %q", errOut.String())
	}
	if status, _, _ := get(t, base+"api/params"); status != 200 {
		t.Errorf("GET /api/params: %d", status)
	}
	// A request in progress when the signal comes is still answered.
	type answer struct {
		status int
		err    error
	}
	slow := make(chan answer, 1)
	go func() {
		resp, err := http.Get(base + "api/timeline")
		if err != nil {
			slow <- answer{0, err}
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		slow <- answer{resp.StatusCode, nil}
	}()
	time.Sleep(150 * time.Millisecond) // a whole-horizon timeline takes longer than this
	cancel()
	if a := <-slow; a.err != nil || a.status != 200 {
		t.Errorf("the request in progress at shutdown: HTTP %d, %v", a.status, a.err)
	}
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(errOut.String(), "stopped") {
			t.Errorf("exit %d, %q", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if _, err := http.Get(base + "api/params"); err == nil {
		t.Error("still answering after shutdown")
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// BenchmarkServeAPIPlan times GET /api/plan with one set= through the
// whole server (decode, solve on a worker, encode), a fresh value each
// time so nothing comes from the cache. Target: p95 <= 30 ms.
func BenchmarkServeAPIPlan(b *testing.B) { benchmarkServeAPIPlan(b, false) }

// BenchmarkServeAPIPlanCold is BenchmarkServeAPIPlan under serve --cold:
// every plan solved from scratch, as the CLI solves it.
func BenchmarkServeAPIPlanCold(b *testing.B) { benchmarkServeAPIPlan(b, true) }

func benchmarkServeAPIPlan(b *testing.B, cold bool) {
	srv, ts := newTestServer(b, serverConfig{Queue: 32, Cold: cold})
	client := ts.Client()
	ms := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := fmt.Sprintf("%s/api/plan?set=launch.payload_t%%3D%d", ts.URL, 60+i%100000)
		start := time.Now()
		resp, err := client.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("HTTP %d", resp.StatusCode)
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
	}
	b.StopTimer()
	reportPercentiles(b, ms, "GET /api/plan with one set")
	if warm := srv.warmSolves.Load(); cold == (warm > 0) {
		b.Fatalf("cold %t, but %d of %d plans solved warm", cold, warm, b.N)
	}
}

// TestQueueWaitIsBounded: a job still queued after the pool's longest
// wait is answered busy, not run late.
func TestQueueWaitIsBounded(t *testing.T) {
	p := newSolvePool(2, 4, 50*time.Millisecond)
	defer p.close()
	release := make(chan struct{})
	started := make(chan struct{}, 2)
	for range 2 {
		if err := p.submit(&solveJob{ctx: context.Background(), run: func(*solveWorker) ([]byte, error) {
			started <- struct{}{}
			<-release
			return nil, nil
		}}); err != nil {
			t.Fatal(err)
		}
	}
	<-started
	<-started
	ran := false
	late := &solveJob{ctx: context.Background(), run: func(*solveWorker) ([]byte, error) { ran = true; return nil, nil }}
	if err := p.submit(late); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	close(release)
	if r := <-late.done; !errors.Is(r.err, errBusy) || ran {
		t.Errorf("a job that waited too long: err %v, ran %v", r.err, ran)
	}
}
