package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"teraplan/constraints"
	"teraplan/plans/scenario"
)

func TestScenarioList(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "list"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, name := range []string{"seed-2026", "public-2026"} {
		if !strings.Contains(out.String(), "\n"+name+" ") {
			t.Errorf("list lacks %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out.String(), "public calibration") {
		t.Errorf("list lacks public-2026's description:\n%s", out)
	}

	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "list", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got []scenarioListEntry
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(got) != 4 || got[0].Name != "public-2026" || got[2].Name != "seed-2026" ||
		got[0].Extends != "seed-2026" || got[2].Description == "" ||
		got[1].Name != "regions-2026" || got[1].Extends != "public-2026" || got[3].Name != "seed-regions-2026" {
		t.Errorf("json list = %+v", got)
	}
}

func TestScenarioShow(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "show"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	text := out.String()
	if !strings.HasPrefix(text, "scenario seed-2026 (builtin:seed-2026), hash ") {
		t.Errorf("no heading:\n%s", text)
	}
	var payload []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > maxTableWidth {
			t.Errorf("line is %d columns wide: %q", n, line)
		}
		if f := strings.Fields(line); len(f) > 0 && f[0] == "launch.payload_t" {
			payload = f
		}
	}
	if len(payload) < 5 || payload[1] != "100" || payload[2] != "t" || payload[3] != "seed" || !strings.HasPrefix(payload[4], "interview") {
		t.Errorf("launch.payload_t row = %q", payload)
	}
	if !strings.Contains(text, "\nmodules.lunar ") {
		t.Errorf("no module switch rows:\n%s", text)
	}
	// Keys and trajectory points are never cut; the trajectory wraps.
	for _, want := range []string{"chips.memory_shortfall_usd_per_accelerator", "2026:1500", "2035:30", "2040:20"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestScenarioShowJSONSetModule(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	args := []string{"scenario", "show", "public-2026", "--module", "launch", "--format", "json",
		"--set", "launch.payload_t=0.12kt", "--set", "launch.ships_per_year=2026:10,2030:80"}
	if code := runCmd(app, args); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got scenarioShowView
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Name != "public-2026" || got.Extends != "seed-2026" || len(got.Hash) != 64 {
		t.Errorf("header = %+v", got)
	}
	byKey := map[string]paramRow{}
	for _, p := range got.Params {
		if !strings.HasPrefix(p.Key, "launch.") {
			t.Errorf("--module launch shows %s", p.Key)
		}
		byKey[p.Key] = p
	}
	// A bare --set number is in the registry's canonical unit.
	reg, _ := constraints.LookupParam("launch.ships_per_year")
	want := map[string]paramRow{
		"launch.payload_t":      {Key: "launch.payload_t", Value: "0.12", Unit: "kt", Confidence: "estimate", Source: scenario.SetSource, SetAt: "--set"},
		"launch.ships_per_year": {Key: "launch.ships_per_year", Value: "2026:10 2030:80", Unit: reg.Unit, Confidence: "estimate", Source: scenario.SetSource, SetAt: "--set"},
	}
	for k, w := range want {
		if byKey[k] != w {
			t.Errorf("%s = %+v, want %+v", k, byKey[k], w)
		}
	}
	if len(got.Modules) != 1 || got.Modules[0] != (moduleRow{Name: "launch", On: true}) {
		t.Errorf("modules = %+v", got.Modules)
	}
}

func TestScenarioShowCSVWholeSource(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "show", "--format", "csv"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	recs, err := csv.NewReader(out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load(scenario.Default)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(s.Params) + len(constraints.Modules()) + 1; len(recs) != want {
		t.Errorf("%d records, want %d", len(recs), want)
	}
	for _, r := range recs[1:] {
		if p := s.Params[r[0]]; p != nil && r[4] != p.Source {
			t.Errorf("%s source %q, want %q", r[0], r[4], p.Source)
		}
	}
}

func TestScenarioShowErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "show", "--module", "nope"}, `no parameter key starts with "nope."`},
		{[]string{"scenario", "show", "--set", "launch.payload_tt=3"}, `launch.payload_tt`},
		{[]string{"scenario", "show", "no-such-scenario"}, `no built-in scenario or file named "no-such-scenario"`},
		{[]string{"scenario", "show", "a", "b", "c"}, `accepts at most 2 arg`},
		{[]string{"scenario", "show", "seed-2026", "launch.payload_tt"}, `launch.payload_tt: unknown parameter (did you mean "launch.payload_t"?)`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[2:], " "), func(t *testing.T) {
			t.Parallel()
			app, _, errOut := testApp(t, nil)
			if code := runCmd(app, tt.args); code != int(ExitUsage) {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
		})
	}
}

const goodScenario = `name: good
extends: seed-2026
params:
  launch.payload_t:
    value: 150
    unit: t
    source: "SpaceX"
    confidence: public
`

// badScenario has an unknown key on line 4 and a wrong unit on line 11.
const badScenario = `name: bad
extends: seed-2026
params:
  launch.payload_tt:
    value: 150
    unit: t
    source: "SpaceX"
    confidence: public
  launch.ships_initial:
    value: 5
    unit: kg
    source: "estimate"
    confidence: estimate
`

func TestScenarioValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.yaml"), goodScenario)
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), badScenario)

	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "validate", good}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if got := out.String(); !strings.HasPrefix(got, "ok "+good+" (") || !strings.Contains(got, " parameters, hash ") {
		t.Errorf("stdout = %q", got)
	}

	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "validate", good, bad}); code != int(ExitUsage) {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{
		"ok " + good,
		"invalid " + bad,
		bad + ":4: launch.payload_tt: unknown parameter",
		bad + ":11: launch.ships_initial: unit",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut.String(), "1 of 2 scenario files are invalid") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestScenarioValidateJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.yaml"), goodScenario)
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), badScenario)
	missing := filepath.Join(dir, "missing.yaml")

	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "validate", "--format", "json", good, bad, missing}); code != int(ExitUsage) {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	// stdout is exactly one JSON document: the list, no error envelope.
	var got []validateResult
	dec := json.NewDecoder(out)
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if dec.More() {
		t.Errorf("more than one JSON document on stdout:\n%s", out)
	}
	if len(got) != 3 {
		t.Fatalf("got %+v", got)
	}
	if g := got[0]; g.File != good || !g.OK || g.Parameters == 0 || len(g.Hash) != 64 || g.Errors == nil || len(g.Errors) != 0 {
		t.Errorf("good = %+v", g)
	}
	if b := got[1]; b.File != bad || b.OK || len(b.Errors) != 2 || !strings.HasPrefix(b.Errors[0], bad+":4: launch.payload_tt: ") {
		t.Errorf("bad = %+v", b)
	}
	if m := got[2]; m.OK || len(m.Errors) != 1 || !strings.Contains(m.Errors[0], "missing.yaml") {
		t.Errorf("missing = %+v", m)
	}
	if !strings.Contains(errOut.String(), "2 of 3 scenario files are invalid") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestScenarioDiff(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", "public-2026"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(out.String(), "\n")
	found := false
	for i, line := range lines {
		if f := strings.Fields(line); len(f) >= 5 && f[0] == "launch.payload_t" {
			found = true
			next := strings.Fields(lines[i+1])
			if f[1] != "seed-2026" || f[2] != "100" || f[3] != "t" ||
				len(next) < 4 || next[0] != "public-2026" || next[1] != "150" || next[2] != "t" {
				t.Errorf("launch.payload_t rows:\n%s\n%s", line, lines[i+1])
			}
		}
		if n := utf8.RuneCountInString(line); n > maxTableWidth {
			t.Errorf("line is %d columns wide: %q", n, line)
		}
	}
	if !found {
		t.Errorf("no launch.payload_t in diff:\n%s", out)
	}

	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", "public-2026", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got diffView
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	var initial *diffEntry
	for i, d := range got.Differences {
		if d.Key == "compute.initial_earth_gw" {
			initial = &got.Differences[i]
		}
		if d.Key == "horizon.start_year" {
			t.Errorf("horizon.start_year is the same in both, but listed: %+v", d)
		}
	}
	if initial == nil || initial.A.Value != "11" || initial.B.Value != "12" || initial.B.Unit != "GW" ||
		!strings.HasPrefix(initial.B.Source, "Epoch AI") {
		t.Errorf("compute.initial_earth_gw = %+v", initial)
	}
}

func TestScenarioDiffModulesAndNone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Same values written in other units, and the lunar module switched on.
	other := writeFile(t, filepath.Join(dir, "other.yaml"), `name: other
extends: seed-2026
modules: {lunar: true}
params:
  launch.payload_t:
    value: 0.1
    unit: kt
    source: "the same 100 t"
    confidence: seed
`)
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", other, "--format", "csv"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	recs, err := csv.NewReader(out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[1][0] != "modules.lunar" || recs[1][2] != "false" || recs[1][3] != "true" {
		t.Errorf("csv = %q", recs)
	}

	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", "seed-2026"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out.String(), "no differences") {
		t.Errorf("stdout = %q", out)
	}
}

func TestCompactValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    scenario.Param
		want string
	}{
		{scenario.Param{Written: "100"}, "100"},
		{scenario.Param{Written: "{2026: 1500, 2028: 200, 2035: 30}"}, "2026:1500 2028:200 2035:30"},
		{scenario.Param{Written: "150t"}, "150"},
		{scenario.Param{Written: "2026:1500,2030:100 $/kg"}, "2026:1500 2030:100"},
		{scenario.Param{Written: "2026:1500,2030:100"}, "2026:1500 2030:100"},
		{scenario.Param{Written: "true"}, "true"},
		{scenario.Param{Value: constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{1, 2.5}}}, "2026:1 2030:2.5"},
		{scenario.Param{Value: constraints.Constant(3)}, "3"},
	}
	for _, tt := range tests {
		if got := compactValue(&tt.p); got != tt.want {
			t.Errorf("compactValue(%q) = %q, want %q", tt.p.Written, got, tt.want)
		}
	}
}

func TestWrapWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     string
		width int
		want  []string
	}{
		{"", 5, []string{""}},
		{"a b c", 3, []string{"a b", "c"}},
		{"2026:1500 2027:500 2028:200", 18, []string{"2026:1500 2027:500", "2028:200"}},
		{"toolongword x", 4, []string{"toolongword", "x"}},
	}
	for _, tt := range tests {
		got := wrapWords(tt.s, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

// TestScenarioShowKey: a parameter key, alone or after a scenario, shows
// that parameter in full rather than looking for a file of that name.
func TestScenarioShowKey(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "show", "launch.payload_t"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"launch.payload_t in scenario seed-2026\n", "\nvalue       100 t\n", "\nmodule      launch\n", "\nset at      builtin:seed-2026:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("show launch.payload_t lacks %q:\n%s", want, out)
		}
	}
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "kt.yaml"), `name: kt
extends: seed-2026
params:
  launch.payload_t:
    value: 0.15
    unit: kt
    source: "a heavier ship"
    confidence: estimate
`)
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "show", file, "launch.payload_t", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got paramView
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Value != "0.15" || got.Unit != "kt" || got.CanonicalValue != "150" || got.CanonicalUnit != "t" || got.Source != "a heavier ship" {
		t.Errorf("show FILE launch.payload_t = %+v", got)
	}
}

// TestScenarioDiffCanonicalUnits: values written in other units are
// compared, and shown, in the canonical unit, with the written form beside.
func TestScenarioDiffCanonicalUnits(t *testing.T) {
	t.Parallel()
	file := writeFile(t, filepath.Join(t.TempDir(), "kg.yaml"), `name: kg
extends: seed-2026
params:
  launch.payload_t:
    value: 150000
    unit: kg
    source: "in kilograms"
    confidence: estimate
`)
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", file}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out.String(), "seed-2026  100                          t ") ||
		!strings.Contains(out.String(), "kg         150 (as written: 150000 kg)  t ") {
		t.Errorf("diff:\n%s", out)
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"scenario", "diff", "seed-2026", file, "--format", "csv"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	recs, err := csv.NewReader(out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"launch.payload_t", "t", "100", "150", "100 t", "150000 kg"}
	if len(recs) != 2 || strings.Join(recs[1][:6], "|") != strings.Join(want, "|") {
		t.Errorf("csv = %q", recs)
	}
}
