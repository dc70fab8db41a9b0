package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/lp/lptest"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// TestExportSolvesLikePlan exports the default scenario's model and checks
// that HiGHS's own command-line solver, reading the file, finds the optimum
// plans.Solve finds in process.
func TestExportSolvesLikePlan(t *testing.T) {
	cli := lptest.CLI(t)
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
			got := lptest.Objective(t, cli, file)
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
		{[]string{"export", "--mode", "max-compute", "--year", "2050"}, "is not a period of the horizon 2026–2040"},
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
