package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"teraplan/plans/schema"
)

// TestAlternativesCommand runs `teraplan alternatives` against buffers:
// the table, JSON that validates and agrees with the CSV, every extreme
// plan written in full, and the chart.
func TestAlternativesCommand(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"alternatives", "--slack", "3%", "--explore", "orbit_share:2035,earth_gw:2030"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"slack 3%", "orbit_share:2035", "earth_gw:2030", "min", "optimal", "max", "GW", "%"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	dir := t.TempDir()
	plansDir := filepath.Join(dir, "plans")
	chartFile := filepath.Join(dir, "alt.svg")
	app, out, errOut = testApp(t, nil)
	args := []string{"alternatives", "--format", "json", "--explore", "orbit_share:2035,launches:2032", "--out-plans", plansDir, "--chart", chartFile}
	if code := runCmd(app, args); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := schema.Validate("alternatives", out.Bytes()); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Slack       float64
		NearOptimal struct{ Bound float64 } `json:"near_optimal"`
		Quantities  []struct {
			Spec, Unit        string
			Min, Optimal, Max float64
			MinPlanRaw        map[string]any `json:"min_plan"`
			MaxPlanRaw        map[string]any `json:"max_plan"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Slack != 0.05 || len(rep.Quantities) != 2 {
		t.Fatalf("slack %v, %d quantities", rep.Slack, len(rep.Quantities))
	}
	// Every plan file is a whole plan whose cost is within the bound.
	files := []string{"optimal.json"}
	for _, q := range rep.Quantities {
		for _, p := range []map[string]any{q.MinPlanRaw, q.MaxPlanRaw} {
			name, _ := p["plan"].(string)
			files = append(files, name)
		}
	}
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(plansDir, name))
		if err != nil {
			t.Fatalf("plan %q: %v", name, err)
		}
		if err := schema.Validate("plan", b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		var plan struct {
			Objective float64
			Notes     []string
		}
		if err := json.Unmarshal(b, &plan); err != nil {
			t.Fatal(err)
		}
		if plan.Objective > rep.NearOptimal.Bound*(1+1e-9) {
			t.Errorf("%s costs %v > bound %v", name, plan.Objective, rep.NearOptimal.Bound)
		}
		if name != "optimal.json" && !strings.Contains(strings.Join(plan.Notes, " "), "among the plans within 5% of the optimum") {
			t.Errorf("%s: notes %q do not say what the plan is", name, plan.Notes)
		}
	}
	if entries, _ := os.ReadDir(plansDir); len(entries) != 5 {
		t.Errorf("%d files in --out-plans, want 5 (no temporaries left)", len(entries))
	}
	if b, err := os.ReadFile(chartFile); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("chart: %v", err)
	}

	// CSV: one row per quantity, the same numbers as the JSON.
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"alternatives", "--format", "csv", "--explore", "orbit_share:2035,launches:2032"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][4] != "min" || rows[0][6] != "max" {
		t.Fatalf("CSV %q: %v", out, err)
	}
	for i, q := range rep.Quantities {
		lo, _ := strconv.ParseFloat(rows[i+1][4], 64)
		hi, _ := strconv.ParseFloat(rows[i+1][6], 64)
		if rows[i+1][0] != q.Spec || lo != q.Min || hi != q.Max || rows[i+1][3] != q.Unit {
			t.Errorf("CSV row %q, JSON %+v", rows[i+1], q)
		}
	}
}

// TestAlternativesSamplesCommand: --samples adds the spread table and the
// samples to the JSON, which still validates.
func TestAlternativesSamplesCommand(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	args := []string{"alternatives", "--explore", "earth_gw:2030,orbit_gw:2030", "--samples", "5", "--seed", "3"}
	if code := runCmd(app, args); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "5 plans in random directions (seed 3)") || !strings.Contains(out.String(), "median") {
		t.Errorf("no sample table:\n%s", out)
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, append(args, "--format", "json")); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := schema.Validate("alternatives", out.Bytes()); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		SampleSeed uint64 `json:"sample_seed"`
		Samples    []struct{ Values []float64 }
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.SampleSeed != 3 || len(rep.Samples) != 5 || len(rep.Samples[0].Values) != 2 {
		t.Errorf("samples %+v: %v", rep, err)
	}
}

func TestAlternativesBadFlags(t *testing.T) {
	t.Parallel()
	for name, args := range map[string][]string{
		"slack text":        {"--slack", "lots"},
		"slack 5":           {"--slack", "5"},
		"slack negative":    {"--slack", "-1%"},
		"slack over 100%":   {"--slack", "150%"},
		"unknown quantity":  {"--explore", "orbit_power:2030"},
		"stock needs year":  {"--explore", "earth_gw"},
		"year not a period": {"--explore", "earth_gw:2099"},
		"chart extension":   {"--chart", "alt.pdf"},
		"negative workers":  {"--workers", "-2"},
		"negative samples":  {"--samples", "-1"},
		"too many samples":  {"--samples", "1000001"},
	} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, append([]string{"alternatives"}, args...)); code != int(ExitUsage) {
			t.Errorf("%s: exit %d, want %d: %s", name, code, ExitUsage, errOut)
		}
	}
	for _, c := range []struct {
		in   string
		want float64
	}{{"5%", 0.05}, {"0.03", 0.03}, {" 0 ", 0}, {"100%", 1}, {"2.5%", 0.025}} {
		if got, err := parseSlack(c.in); err != nil || got != c.want {
			t.Errorf("parseSlack(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}
