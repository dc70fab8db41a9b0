package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
	"teraplan/plans/sweep"
)

// TestEnvNamesMatchTheHelp: TERAPLAN_<FLAG> works for every flag the help
// lists, including those stored under a nested config key
// (TERAPLAN_TIME_LIMIT as well as TERAPLAN_SOLVER_TIME_LIMIT), and
// TERAPLAN_SET carries overrides, several separated by ';'.
func TestEnvNamesMatchTheHelp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TERAPLAN_TIME_LIMIT": "7s"}, "7s"},
		{map[string]string{"TERAPLAN_SOLVER_TIME_LIMIT": "8s"}, "8s"},
		// The config key's name wins when both are set.
		{map[string]string{"TERAPLAN_SOLVER_TIME_LIMIT": "8s", "TERAPLAN_TIME_LIMIT": "7s"}, "8s"},
	} {
		app, _, errOut := testApp(t, tt.env)
		var got echoOptions
		if code := runCmd(app, []string{"echo"}, newEchoCmd(&got)); code != 0 || got.TimeLimit != tt.want {
			t.Errorf("%v: exit %d, time limit %q, want %q (stderr %q)", tt.env, code, got.TimeLimit, tt.want, errOut)
		}
	}

	// The real flags: --threads, --time-limit and --set, read through
	// scenarioFlags as plan and every solving command read them.
	app, _, errOut := testApp(t, map[string]string{
		"TERAPLAN_THREADS": "3", "TERAPLAN_TIME_LIMIT": "90s",
		"TERAPLAN_SET": "launch.payload_t=150t; launch.ships_per_year=2026:10,2030:80",
	})
	var got scenarioFlags
	probe := newProbeCmd(&got)
	if code := runCmd(app, []string{"probe"}, probe); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if got.Threads != 3 || got.TimeLimit.String() != "1m30s" {
		t.Errorf("threads %d, time limit %v", got.Threads, got.TimeLimit)
	}
	if strings.Join(got.Sets, "|") != "launch.payload_t=150t|launch.ships_per_year=2026:10,2030:80" {
		t.Errorf("sets %q", got.Sets)
	}
	s, err := got.load()
	if err != nil {
		t.Fatal(err)
	}
	if v := s.Values().At("launch.payload_t", 2030); v != 150 {
		t.Errorf("TERAPLAN_SET launch.payload_t=150t: value %v t", v)
	}
	// A flag beats the environment.
	app, _, _ = testApp(t, map[string]string{"TERAPLAN_SET": "launch.payload_t=150t"})
	got = scenarioFlags{}
	if code := runCmd(app, []string{"probe", "--set", "launch.payload_t=120t"}, probe); code != 0 || strings.Join(got.Sets, "|") != "launch.payload_t=120t" {
		t.Errorf("--set with TERAPLAN_SET: exit %d, sets %q", code, got.Sets)
	}
	// A bad value names the variable.
	app, _, errOut = testApp(t, map[string]string{"TERAPLAN_THREADS": "many"})
	if code := runCmd(app, []string{"probe"}, probe); code != int(ExitUsage) || !strings.Contains(errOut.String(), `invalid value "many" for TERAPLAN_THREADS`) {
		t.Errorf("TERAPLAN_THREADS=many: exit %d, stderr %q", code, errOut)
	}
}

// newProbeCmd is a command with the real scenario flags that records them.
func newProbeCmd(got *scenarioFlags) func(*App) *cobra.Command {
	return func(app *App) *cobra.Command {
		var f scenarioFlags
		cmd := &cobra.Command{Use: "probe", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
			*got = f
			return nil
		}}
		addScenarioFlags(cmd, &f, true)
		return cmd
	}
}

// TestConfigFileIsNamedAndChecked: the config file read is named on stderr
// (not under --quiet), unknown keys are warned about (under --quiet too),
// and a flag's own name works as a key alongside its nested config key.
func TestConfigFileIsNamedAndChecked(t *testing.T) {
	t.Parallel()
	app, _, errOut := testApp(t, nil)
	cfg := writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"),
		"scenario: file\nfromat: json\nsolver:\n  time_limit: 5m\n  thread: 2\nout: x.json\n")
	var got echoOptions
	if code := runCmd(app, []string{"echo"}, newEchoCmd(&got)); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := "config: read " + cfg + "\n" +
		"warning: config file " + cfg + ": unknown key \"fromat\", ignored (did you mean \"format\"?)\n" +
		"warning: config file " + cfg + ": unknown key \"out\", ignored (--out is given on the command line, for each run)\n" +
		"warning: config file " + cfg + ": unknown key \"solver.thread\", ignored (did you mean \"solver.threads\"?)\n"
	if errOut.String() != want {
		t.Errorf("stderr =\n%s\nwant\n%s", errOut, want)
	}
	if got.Scenario != "file" || got.TimeLimit != "5m" {
		t.Errorf("options %+v", got)
	}
	app, _, errOut = testApp(t, nil)
	writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), "scenario: file\nquiet: true\nbogus: 1\n")
	if code := runCmd(app, []string{"echo"}, newEchoCmd(&got)); code != 0 ||
		strings.Contains(errOut.String(), "config: read") || !strings.Contains(errOut.String(), `unknown key "bogus"`) {
		t.Errorf("quiet: exit %d, stderr %q", code, errOut)
	}
	// threads: and time-limit: (flag names) work at the top level too.
	app, _, errOut = testApp(t, nil)
	writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), "threads: 4\ntime-limit: 2s\nset: [launch.payload_t=150t]\n")
	var sf0 scenarioFlags
	if code := runCmd(app, []string{"probe"}, newProbeCmd(&sf0)); code != 0 || sf0.Threads != 4 || sf0.TimeLimit.String() != "2s" {
		t.Errorf("flag names as keys: exit %d, %+v, stderr %q", code, sf0, errOut)
	}
	// time_limit: is read, not silently passed over as a known key.
	app, _, errOut = testApp(t, nil)
	writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), "solver:\n  time_limit: 3s\nthreads: 4\nset: [launch.payload_t=150t]\n")
	var sf scenarioFlags
	if code := runCmd(app, []string{"probe"}, newProbeCmd(&sf)); code != 0 || sf.Threads != 4 || sf.TimeLimit.String() != "3s" ||
		strings.Contains(errOut.String(), "warning") || len(sf.Sets) != 1 {
		t.Errorf("flag names as keys: exit %d, %+v, stderr %q", code, sf, errOut)
	}
}

// TestOutExtensionChoosesFormat: plan, limits and claims write JSON to a
// .json --out and CSV to a .csv one; an explicit --format that disagrees
// is refused before solving; one from the environment gives way.
func TestOutExtensionChoosesFormat(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.json")
	app, _, errOut := testApp(t, map[string]string{"TERAPLAN_FORMAT": "csv"})
	if code := runCmd(app, []string{"plan", "--out", p}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep struct{ Schema string }
	if data, _ := os.ReadFile(p); json.Unmarshal(data, &rep) != nil || rep.Schema != "teraplan.plan/v1" {
		t.Errorf("plan --out plan.json wrote %.100q", data)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--format", "table", "--out", filepath.Join(dir, "p.json")}, "--format table but --out " + filepath.Join(dir, "p.json") + " is a json file"},
		{[]string{"limits", "--year", "2030", "--format", "json", "--out", filepath.Join(dir, "l.csv")}, "--format json but --out"},
		{[]string{"claims", "--format", "csv", "--out", filepath.Join(dir, "c.txt")}, "--format csv but --out"},
		{[]string{"export", "--as", "mps", "--out", filepath.Join(dir, "m.lp")}, "--as mps but --out " + filepath.Join(dir, "m.lp") + " is a .lp file"},
	} {
		app, out, errOut := testApp(t, nil)
		// Under --format json the error is an envelope on stdout.
		if code := runCmd(app, append(tt.args, "--time-limit", "1ns")); code != int(ExitUsage) || !strings.Contains(errOut.String()+out.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tt.args, code, errOut, tt.want)
		}
	}
	// export --out a.lp writes CPLEX LP.
	lpFile := filepath.Join(dir, "world.lp")
	app, _, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"export", "--out", lpFile}); code != 0 {
		t.Fatalf("export: exit %d, stderr %q", code, errOut)
	}
	data, _ := os.ReadFile(lpFile)
	if !strings.HasPrefix(string(data), `\ teraplan export`) || !strings.Contains(string(data), "Subject To") {
		t.Errorf("export --out world.lp wrote %.200q", data)
	}
}

// TestSecondSweepOnOneOutRefused: while a sweep writes grid.jsonl, another
// on the same --out exits 2 saying so, and the first one's lines stay.
func TestSecondSweepOnOneOutRefused(t *testing.T) {
	s, err := (&scenarioFlags{Scenario: "seed-2026"}).load()
	if err != nil {
		t.Fatal(err)
	}
	v, _ := sweep.ParseVary("launch.payload_t=100:200:2")
	sw, err := sweep.New(s, sweep.Spec{Kind: sweep.Grid, Vary: []sweep.Vary{v}, Metrics: []string{"compute_gw"}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "grid.jsonl")
	w, _, err := sweep.Open(p, sw, sweep.JSONL, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, resume := range []bool{false, true} {
		args := []string{"sweep", "--vary", "launch.payload_t=100:200:2", "--metrics", "compute_gw", "--out", p}
		if resume {
			args = append(args, "--resume")
		}
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, args); code != int(ExitUsage) ||
			!strings.Contains(errOut.String(), p+" is being written by another sweep that is still running") {
			t.Errorf("resume %v: exit %d, stderr %q", resume, code, errOut)
		}
	}
}

// TestSilentInputSaysWhy: --year in min-cost mode and a distribution chart
// of one bar (compute pinned by the target) say why on stderr.
func TestSilentInputSaysWhy(t *testing.T) {
	app, _, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--year", "2030", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut.String(), "note: --year 2030 is ignored in min-cost mode") {
		t.Errorf("plan --year 2030: stderr %q", errOut)
	}
	app, _, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--year", "2030", "--mode", "max-compute", "--format", "json"}); code != 0 || errOut.Len() != 0 {
		t.Errorf("max-compute --year 2030: exit %d, stderr %q", code, errOut)
	}

	// seed-2026's target is met in 2027 whatever its uncertain parameters
	// draw, so compute in 2027 is the target in every min-cost run.
	dir := t.TempDir()
	chartFile := filepath.Join(dir, "dist.svg")
	app, _, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "--samples", "3", "--year", "2027", "--out", filepath.Join(dir, "mc.jsonl"),
		"--metrics", "compute_gw", "--dist-chart", chartFile}); code != 0 {
		t.Fatalf("sweep: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut.String(), "in every run: min-cost plans build exactly the target") {
		t.Errorf("one-bar chart: stderr %q", errOut)
	}
	svg, _ := os.ReadFile(chartFile)
	if !strings.Contains(string(svg), "min-cost plans build exactly target.compute_gw") {
		t.Errorf("the one-bar chart does not say why")
	}
}

// TestOutputsSayWhatWasRun: the plan table's banner, a chart's title and
// a JSON report name the scenario with its --set overrides.
func TestOutputsSayWhatWasRun(t *testing.T) {
	set := []string{"--set", "launch.payload_t = 150t", "--set", "space.attrition_per_year=0"}
	const want = "seed-2026 with launch.payload_t=150t, space.attrition_per_year=0"
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, append([]string{"plan"}, set...)); code != 0 {
		t.Fatalf("plan: exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out.String(), "teraplan plan: scenario "+want+" (") {
		t.Errorf("plan banner: %.200q", out)
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, append([]string{"chart", "compute"}, set...)); code != 0 {
		t.Fatalf("chart: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out.String(), "scenario "+want+", min-cost plan") {
		t.Errorf("chart title lacks the overrides")
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, append([]string{"limits", "--year", "2028", "--format", "json"}, set...)); code != 0 {
		t.Fatalf("limits: exit %d, stderr %q", code, errOut)
	}
	var rep struct{ Scenario string }
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Scenario != want {
		t.Errorf("limits JSON scenario %q (%v)", rep.Scenario, err)
	}
}

// TestMessagesWithoutPackagePrefixes: what a user reads names no Go
// package and no context plumbing, on stderr and in the JSON envelope.
func TestMessagesWithoutPackagePrefixes(t *testing.T) {
	for in, want := range map[string]string{
		"plans: no acceptable plan: lp: problem is infeasible":                                        "no acceptable plan: problem is infeasible",
		"interrupted: 3 of 9 runs written; resume with --resume (context canceled)":                   "interrupted: 3 of 9 runs written; resume with --resume",
		"interrupted before the solve finished; nothing was written (run it again): context canceled": "interrupted before the solve finished; nothing was written (run it again)",
		"x.yaml:3: launch.payload_t: unknown unit \"lp\"":                                             "x.yaml:3: launch.payload_t: unknown unit \"lp\"",
		"sweep: runs are missing: 3 of 9 (indices 1, 4, 7)":                                           "runs are missing: 3 of 9 (indices 1, 4, 7)",
		"scenario: no built-in scenario or file named \"x\"":                                          "no built-in scenario or file named \"x\"",
		"config file t.yaml: scenario: want a single value":                                           "config file t.yaml: scenario: want a single value",
	} {
		if got := userMessage(in); got != want {
			t.Errorf("userMessage(%q) = %q, want %q", in, got, want)
		}
	}
	fail := func(app *App) *cobra.Command {
		return &cobra.Command{Use: "fail2", RunE: func(*cobra.Command, []string) error {
			return solveErr(fmt.Errorf("%w: %w", plans.ErrNoPlan, lp.ErrInfeasible))
		}}
	}
	for _, format := range []string{"table", "json"} {
		app, out, errOut := testApp(t, nil)
		if code := runCmd(app, []string{"fail2", "--format", format}, fail); code != int(ExitNoPlan) {
			t.Errorf("exit %d", code)
		}
		got := errOut.String() + out.String()
		if !strings.Contains(got, "no acceptable plan: problem is infeasible") || strings.Contains(got, "lp:") || strings.Contains(got, "plans:") {
			t.Errorf("--format %s: %q", format, got)
		}
	}
}

// TestCompleteKeysAndMetrics: --set, --vary, --params and --metrics
// complete parameter keys and metric names, and scenario show a key.
func TestCompleteKeysAndMetrics(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"plan", "--set", "launch.pay"}, []string{"launch.payload_t="}, []string{"launch.cost_usd_per_kg="}},
		{[]string{"plan", "--set", "modules.lu"}, []string{"modules.lunar="}, nil},
		{[]string{"sweep", "--vary", "space.attr"}, []string{"space.attrition_per_year="}, nil},
		{[]string{"sweep", "--params", "launch.payload_t,launch.cost"}, []string{"launch.payload_t,launch.cost_usd_per_kg"}, []string{"launch.payload_t,launch.payload_t"}},
		{[]string{"sweep", "--metrics", "compute_gw,sh"}, []string{"compute_gw,shortfall_gw"}, nil},
		{[]string{"scenario", "show", "launch.pay"}, []string{"launch.payload_t"}, nil},
		{[]string{"scenario", "show", "pub"}, []string{"public-2026"}, nil},
	} {
		app, out, errOut := testApp(t, nil)
		if code := runCmd(app, append([]string{cobraCompleteCmd()}, tt.args...)); code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
		lines := strings.Split(out.String(), "\n")
		for _, w := range tt.want {
			if !slices.Contains(lines, w) {
				t.Errorf("%v: completions %q lack %q", tt.args, lines, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(lines, n) {
				t.Errorf("%v: completions offer %q", tt.args, n)
			}
		}
	}
}

// TestTimelineProgressOnStderr: limits --years draws a bar counting the
// years on a terminal's stderr, and nothing under --quiet or into a pipe;
// stdout holds only the result.
func TestTimelineProgressOnStderr(t *testing.T) {
	for _, tt := range []struct {
		terminal, quiet bool
		bar             bool
	}{{true, false, true}, {true, true, false}, {false, false, false}} {
		app, out, errOut := testApp(t, nil)
		app.IO.IsTerminal = tt.terminal
		args := []string{"limits", "--years", "2027-2029", "--format", "json"}
		if tt.quiet {
			args = append(args, "--quiet")
		}
		if code := runCmd(app, args); code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		drawn := strings.Contains(errOut.String(), "limits 100% [") && strings.Contains(errOut.String(), "3/3")
		if drawn != tt.bar || (!tt.bar && errOut.Len() != 0) {
			t.Errorf("terminal %v quiet %v: stderr %q", tt.terminal, tt.quiet, errOut)
		}
		var tl struct{ Years []any }
		if err := json.Unmarshal(out.Bytes(), &tl); err != nil || len(tl.Years) != 3 {
			t.Errorf("stdout is not the timeline alone: %v", err)
		}
	}
}

// TestLimitsNameTheirKeys: each limit in limits and each --diagnose cause
// says which --set keys move it, in the table, JSON and CSV.
func TestLimitsNameTheirKeys(t *testing.T) {
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--year", "2030", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep plans.LimitsReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Limits) == 0 {
		t.Fatalf("limits JSON: %v", err)
	}
	for _, l := range rep.Limits {
		if want := constraints.FamilyKeys(l.Family); len(want) == 0 || strings.Join(l.SetKeys, " ") != strings.Join(want, " ") {
			t.Errorf("%s: JSON set_keys %q, want %q", l.Family, l.SetKeys, want)
		}
	}
	// The top limit's first key is one that moves it: 10% more of it
	// buys compute in 2030.
	top := rep.Limits[0]
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--year", "2030", "--format", "json", "--set", top.SetKeys[0] + "=x1.1"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var moved plans.LimitsReport
	if err := json.Unmarshal(out.Bytes(), &moved); err != nil {
		t.Fatal(err)
	}
	if moved.ComputeGW <= rep.ComputeGW*(1+1e-6) {
		t.Errorf("--set %s=x1.1 (top limit %s): compute %v GW, was %v", top.SetKeys[0], top.Family, moved.ComputeGW, rep.ComputeGW)
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--year", "2030"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// The table's sentences are the top five limits', each followed by
	// its keys.
	text := strings.Join(strings.Fields(out.String()), " ")
	for _, l := range rep.Limits[:min(5, len(rep.Limits))] {
		keys := constraints.FamilyKeys(l.Family)
		if want := "move it with --set " + strings.Join(keys, ", "); len(keys) == 0 || !strings.Contains(text, want) {
			t.Errorf("limits --year 2030 lacks %q for %s:\n%s", want, l.Family, out)
		}
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"limits", "--years", "2026-2027", "--format", "csv"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	recs, err := csv.NewReader(out).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][len(recs[0])-1] != "set_keys" {
		t.Fatalf("timeline csv %q (%v)", recs, err)
	}
	for _, r := range recs[1:] {
		if want := strings.Join(constraints.FamilyKeys(r[4]), " "); want == "" || r[len(r)-1] != want {
			t.Errorf("%s: set_keys %q, want %q", r[4], r[len(r)-1], want)
		}
	}
	app, out, errOut = testApp(t, nil)
	if code := runCmd(app, []string{"plan", "--set", "target.compute_gw=2026:20,2030:2000", "--diagnose"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out.String(), "\n  move it with --set "); n < 3 {
		t.Errorf("%d diagnose causes name their keys:\n%s", n, out)
	}
}

// TestSweepChartsSayWhatWasRun: a sweep's charts name the scenario with
// its --set overrides, and the tornado's base carries the objective's unit.
func TestSweepChartsSayWhatWasRun(t *testing.T) {
	dir := t.TempDir()
	tornado, dist := filepath.Join(dir, "t.svg"), filepath.Join(dir, "d.svg")
	app, _, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "--tornado", "--params", "launch.cost_usd_per_kg,space.attrition_per_year",
		"--set", "launch.payload_t=150t", "--metrics", "compute_gw", "--out", filepath.Join(dir, "t.jsonl"),
		"--tornado-chart", tornado, "--dist-chart", dist, "--quiet"}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for file, wants := range map[string][]string{
		tornado: {"Tornado of the min-cost objective", "seed-2026 with launch.payload_t=150t", "$B"},
		dist:    {"over the sweep&#39;s runs, seed-2026 with launch.payload_t=150t", "median"},
	} {
		svg, _ := os.ReadFile(file)
		for _, w := range wants {
			if !strings.Contains(string(svg), w) {
				t.Errorf("%s lacks %q", filepath.Base(file), w)
			}
		}
	}
	svg, _ := os.ReadFile(tornado)
	if !regexp.MustCompile(`base [0-9]+ \$B`).Match(svg) {
		t.Errorf("tornado base without its unit")
	}
}

// A sweep of 100 runs or more says how its runs far from the base's
// basis began: on the default scenario's Monte Carlo, priced by
// Dantzig's rule; a smaller sweep runs no pilot and says nothing.
func TestSweepSaysHowFarRunsBegan(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		samples, want string
	}{{"100", "began from it, priced by Dantzig's rule"}, {"99", ""}} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, []string{"sweep", "--samples", c.samples, "--seed", "1", "--shard", "0/50",
			"--metrics", "compute_gw", "--out", filepath.Join(dir, c.samples+".jsonl")}); code != 0 {
			t.Fatalf("sweep --samples %s: exit %d, stderr %q", c.samples, code, errOut)
		}
		got := strings.Contains(errOut.String(), "runs far from the base's basis began")
		if c.want == "" && got || c.want != "" && !strings.Contains(errOut.String(), c.want) {
			t.Errorf("sweep --samples %s: stderr %q, want %q", c.samples, errOut, c.want)
		}
	}
}
