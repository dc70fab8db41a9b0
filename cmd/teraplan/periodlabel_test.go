package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// quarterly2026 is seed-2026 on the four quarters of 2026 (2026.0–2026.75).
var quarterly2026 = []string{"--set", "horizon.step_years=0.25", "--set", "horizon.end_year=2026", "-q"}

// runQuarterly runs teraplan with args and the quarterly horizon, failing on a
// non-zero exit, and returns stdout and stderr.
func runQuarterly(t *testing.T, args ...string) (string, string) {
	t.Helper()
	app, out, errOut := testApp(t, nil)
	args = append(args, quarterly2026...)
	if code := runCmd(app, args); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	return out.String(), errOut.String()
}

// quarters are the labels of quarterly2026's periods.
var quarters = []string{"2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"}

// roundedYear finds a period start rounded to a year, "2027", or printed as
// a decimal, "2026.75", where a person reads a label.
var roundedYear = regexp.MustCompile(`\b2027\b|\b2026\.(25|5|75)\b`)

// TestQuarterLabelsInTables: every table labels the quarter that starts in
// 2026.75 "2026 Q4", never "2027" or "2026.75".
func TestQuarterLabelsInTables(t *testing.T) {
	check := func(what, text string, rows []string) {
		t.Helper()
		if m := roundedYear.FindString(text); m != "" {
			t.Errorf("%s shows the year %q:\n%s", what, m, text)
		}
		for _, q := range rows {
			if !strings.Contains(text, q) {
				t.Errorf("%s has no %q:\n%s", what, q, text)
			}
		}
	}
	out, _ := runQuarterly(t, "plan", "--mode", "max-compute", "--year", "2026.75")
	check("plan table", out, quarters)
	if !strings.Contains(out, "max-compute in 2026 Q4,") {
		t.Errorf("plan header does not name 2026 Q4:\n%s", out)
	}
	// Each of the four tables has a row per quarter, labelled in order.
	var labels []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "2026 Q") {
			labels = append(labels, line[:7])
		}
	}
	if want := slices.Concat(quarters, quarters, quarters, quarters); !slices.Equal(labels, want) {
		t.Errorf("plan table rows %v, want %v", labels, want)
	}

	out, _ = runQuarterly(t, "limits", "--year", "2026.75")
	check("limits", out, []string{"What limits compute in 2026 Q4?"})
	out, _ = runQuarterly(t, "limits", "--years", "2026-2026.75")
	check("limits timeline", out, quarters)
}

// TestQuarterLabelsInCSVAndJSON: CSV year columns carry the label, while
// the index column and JSON keep the numeric year.
func TestQuarterLabelsInCSVAndJSON(t *testing.T) {
	out, _ := runQuarterly(t, "plan", "--format", "csv")
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"2026": "2026 Q1", "2026.25": "2026 Q2", "2026.5": "2026 Q3", "2026.75": "2026 Q4"}
	for _, r := range records[1:] {
		if want[r[3]] != r[0] {
			t.Fatalf("plan CSV: year %q for index %q, want %q", r[0], r[3], want[r[3]])
		}
	}

	out, _ = runQuarterly(t, "limits", "--year", "2026.75", "--format", "csv")
	records, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) < 2 || records[1][0] != "2026 Q4" || !slices.Contains(quarters, records[1][3]) {
		t.Errorf("limits CSV: year columns %v", records[:min(2, len(records))])
	}
	out, _ = runQuarterly(t, "limits", "--years", "2026-2026.75", "--format", "csv")
	records, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	for _, r := range records[1:] {
		if !slices.Contains(years, r[0]) {
			years = append(years, r[0])
		}
	}
	if !slices.Equal(years, quarters) {
		t.Errorf("timeline CSV years %v, want %v", years, quarters)
	}

	out, _ = runQuarterly(t, "plan", "--format", "json")
	var rep struct {
		Years   []float64 `json:"years"`
		Summary []struct {
			Year float64 `json:"year"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Years, []float64{2026, 2026.25, 2026.5, 2026.75}) || rep.Summary[3].Year != 2026.75 {
		t.Errorf("plan JSON years %v, summary year %v: want numbers", rep.Years, rep.Summary[3].Year)
	}
}

// TestQuarterLabelsInChartReportAndSweep: the chart title, the HTML
// report's tables and the sweep summary name quarters too.
func TestQuarterLabelsInChartReportAndSweep(t *testing.T) {
	out, _ := runQuarterly(t, "chart", "compute")
	if !strings.Contains(out, "2026 Q1–2026 Q4") {
		t.Errorf("compute chart title does not span 2026 Q1–2026 Q4")
	}

	path := filepath.Join(t.TempDir(), "r.html")
	runQuarterly(t, "report", "--html", path)
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quarters {
		if !strings.Contains(string(page), "<td>"+q+"</td>") {
			t.Errorf("HTML report has no row for %s", q)
		}
	}
	if regexp.MustCompile(`<td>(2027|2026\.75)</td>`).Match(page) {
		t.Errorf("HTML report labels a period 2027 or 2026.75")
	}

	app, _, errOut := testApp(t, nil)
	args := append([]string{"sweep", "--vary", "launch.cost_usd_per_kg=100:200:2", "--mode", "max-compute",
		"--year", "2026.75", "--out", filepath.Join(t.TempDir(), "s.jsonl")}, quarterly2026[:4]...)
	if code := runCmd(app, args); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"compute 2026 Q4 (GW)", "Top bottleneck in 2026 Q4:"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("sweep summary has no %q:\n%s", want, errOut)
		}
	}
}
