package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"teraplan/plans"
	"teraplan/plans/schema"
)

// TestCompareScenariosAndFiles: comparing two scenarios gives, row for
// row, what comparing the two plans' JSON files (written by plan) gives,
// and each row's A and B are those plans' own summary values.
func TestCompareScenariosAndFiles(t *testing.T) {
	dir := t.TempDir()
	fileA, fileB := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, p := range []struct {
		file string
		args []string
	}{{fileA, nil}, {fileB, []string{"--set", "space.attrition_per_year=0"}}} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, append([]string{"plan", "--out", p.file}, p.args...)); code != 0 {
			t.Fatalf("plan: exit %d, stderr %q", code, errOut)
		}
	}
	compare := func(args ...string) (*plans.Comparison, []byte) {
		t.Helper()
		app, out, errOut := testApp(t, nil)
		if code := runCmd(app, append([]string{"compare", "--format", "json"}, args...)); code != 0 {
			t.Fatalf("compare %v: exit %d, stderr %q", args, code, errOut)
		}
		var c plans.Comparison
		if err := json.Unmarshal(out.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		return &c, out.Bytes()
	}
	solved, doc := compare("seed-2026", "seed-2026", "--set-b", "space.attrition_per_year=0")
	if err := schema.Validate("compare", doc); err != nil {
		t.Errorf("compare JSON: %v", err)
	}
	read, _ := compare(fileA, fileB)
	if len(solved.Rows) != len(read.Rows) || len(solved.Rows) != 15*len(plans.CompareMetrics()) {
		t.Fatalf("%d rows solved, %d read", len(solved.Rows), len(read.Rows))
	}
	if solved.B.Name != "seed-2026 with space.attrition_per_year=0" || read.B.Name != fileB {
		t.Errorf("names %q, %q", solved.B.Name, read.B.Name)
	}
	for i, r := range solved.Rows {
		if r != read.Rows[i] {
			t.Errorf("row %d: solved %+v, read %+v", i, r, read.Rows[i])
		}
	}
	// Independently: the rows are the plans' own numbers.
	var a, b plans.Report
	for _, x := range []struct {
		file string
		rep  *plans.Report
	}{{fileA, &a}, {fileB, &b}} {
		data, _ := os.ReadFile(x.file)
		if err := json.Unmarshal(data, x.rep); err != nil {
			t.Fatal(err)
		}
	}
	differs := 0
	for _, r := range solved.Rows {
		if r.Metric != "orbit_gw" {
			continue
		}
		i := int(r.Year - 2026)
		if r.A != a.Summary[i].OrbitGW || r.B != b.Summary[i].OrbitGW || math.Abs(r.Diff-(r.B-r.A)) > 1e-12 || r.Unit != "GW" {
			t.Errorf("orbit_gw %v: %+v, plans say %v and %v", r.Year, r, a.Summary[i].OrbitGW, b.Summary[i].OrbitGW)
		}
		if r.Differs() {
			differs++
		}
	}
	if differs == 0 {
		t.Error("no attrition changes nothing in orbit?")
	}
}

// TestCompareOutputs: the table shows only differing rows (or says the
// plans agree), CSV is tidy with every row, and bad input is exit 2.
func TestCompareOutputs(t *testing.T) {
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"compare", "seed-2026", "seed-2026"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out.String(), "The two plans agree on every metric in every year.") {
		t.Errorf("same scenario twice:\n%s", out)
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"compare", "seed-2026", "seed-2026", "--set-b", "launch.payload_t=150t", "--metrics", "launches,orbit_gw"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	text := out.String()
	if !strings.Contains(text, "B = seed-2026 with launch.payload_t=150t (min-cost") || !strings.Contains(text, "\nlaunches ") || strings.Contains(text, "compute_gw") {
		t.Errorf("table:\n%s", text)
	}
	csvFile := filepath.Join(t.TempDir(), "c.csv")
	app, _, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"compare", "seed-2026", "public-2026", "--metrics", "compute_gw", "--out", csvFile}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	f, _ := os.Open(csvFile)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 16 || strings.Join(recs[0], ",") != "metric,unit,year,a,b,diff" {
		t.Errorf("csv %q (%v)", recs, err)
	}
	notPlan := writeFile(t, filepath.Join(t.TempDir(), "x.json"), `{"schema": "teraplan.limits/v1"}`)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "seed-2026"}, "accepts 2 arg"},
		{[]string{"compare", "seed-2026", "nope"}, `no built-in scenario or file named "nope"`},
		{[]string{"compare", notPlan, "seed-2026"}, "not a plan (its schema is \"teraplan.limits/v1\""},
		{[]string{"compare", "/nonexistent/p.json", "seed-2026"}, "cannot read /nonexistent/p.json"},
		{[]string{"compare", notPlan, "seed-2026", "--set", "launch.payload_t=150t"}, "--set and --set-b apply to scenarios"},
		{[]string{"compare", "seed-2026", "seed-2026", "--metrics", "nope"}, "--metrics nope: unknown metric"},
	} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, tt.args); code != int(ExitUsage) || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tt.args, code, errOut, tt.want)
		}
	}
}
