package main

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// exportSolverCLI returns HiGHS's command-line solver from
// TERAPLAN_HIGHS_CLI or PATH; without it the test skips, or fails under
// CI=true.
func exportSolverCLI(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TERAPLAN_HIGHS_CLI"); p != "" {
		return p
	}
	if p, err := exec.LookPath("highs"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the highs command-line solver is required under CI: set TERAPLAN_HIGHS_CLI or put highs on PATH")
	}
	t.Skip("highs command-line solver not found (TERAPLAN_HIGHS_CLI or PATH)")
	return ""
}

// The LP solver prints "Objective value : v", the MIP solver "v (objective)".
var exportObjectiveLine = regexp.MustCompile(`Objective value\s*:\s*(\S+)|(\S+) \(objective\)`)

// solveWithCLI solves a model file with the highs CLI and returns its
// objective.
func solveWithCLI(t *testing.T, cli, file string) float64 {
	t.Helper()
	cmd := exec.Command(cli, "--model_file", file)
	cmd.Dir = t.TempDir() // the CLI writes HiGHS.log into its working directory
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("highs %s: %v\n%s", file, err, out)
	}
	if strings.Contains(string(out), "Model status        : Infeasible") {
		t.Fatalf("highs finds %s infeasible:\n%s", file, out)
	}
	m := exportObjectiveLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no objective value in highs output for %s:\n%s", file, out)
	}
	v, err := strconv.ParseFloat(string(append(m[1], m[2]...)), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExportSolvesLikePlan exports the default scenario's model and checks
// that HiGHS's own command-line solver, reading the file, finds the optimum
// plans.Solve finds in process.
func TestExportSolvesLikePlan(t *testing.T) {
	cli := exportSolverCLI(t)
	tests := []struct {
		name string
		args []string
		opt  plans.Options
	}{
		{"mps", nil, plans.Options{}},
		{"lp", []string{"--as", "lp"}, plans.Options{}},
		{"mps max-compute", []string{"--mode", "max-compute", "--year", "2032"},
			plans.Options{Mode: constraints.MaxCompute, Year: 2032}},
		{"lp max-compute", []string{"--as", "lp", "--mode", "max-compute", "--year", "2032"},
			plans.Options{Mode: constraints.MaxCompute, Year: 2032}},
	}
	s, err := scenario.Load(scenario.Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := plans.Solve(context.Background(), plans.FromScenario(s), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "model."+strings.Fields(tt.name)[0])
			app, out, errOut := testApp(t, nil)
			args := append([]string{"export", "--out", file}, tt.args...)
			if code := runCmd(app, args); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if out.Len() != 0 {
				t.Errorf("stdout = %q, want empty with --out", out)
			}
			if !strings.Contains(errOut.String(), "wrote "+file) {
				t.Errorf("stderr = %q", errOut)
			}
			got := solveWithCLI(t, cli, file)
			want := res.Solution.Objective
			if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("highs CLI objective %v, plans.Solve %v", got, want)
			}
		})
	}
}

func TestExportStdout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args        []string
		first, last string
	}{
		{[]string{"export"}, "* teraplan export\n* scenario seed-2026 (builtin:seed-2026), hash ", "ENDATA\n"},
		{[]string{"export", "--as", "lp", "--scenario", "public-2026", "--set", "launch.payload_t=150t"},
			"\\ teraplan export\n\\ scenario public-2026 (builtin:public-2026), hash ", "End\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, tt.args); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.HasPrefix(out.String(), tt.first) || !strings.HasSuffix(out.String(), tt.last) {
				t.Errorf("stdout begins %q, ends %q", out.String()[:min(200, out.Len())], out.String()[max(0, out.Len()-40):])
			}
		})
	}
}

func TestExportErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export", "--as", "xml"}, `--as "xml": want mps or lp`},
		{[]string{"export", "--mode", "max-compute", "--year", "2050"}, "outside the scenario's horizon 2026–2040"},
		{[]string{"export", "--set", "launch.nope=1"}, "launch.nope"},
		{[]string{"export", "extra"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, tt.args); code != int(ExitUsage) {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("stdout = %q", out)
			}
		})
	}
}

// A failed export leaves an existing --out file as it was.
func TestExportOutUntouchedOnError(t *testing.T) {
	t.Parallel()
	file := writeFile(t, filepath.Join(t.TempDir(), "model.mps"), "old\n")
	app, _, _ := testApp(t, nil)
	if code := runCmd(app, []string{"export", "--out", file, "--mode", "max-compute", "--year", "1999"}); code != int(ExitUsage) {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "old\n" {
		t.Errorf("file = %q, %v", b, err)
	}
}
