package plans_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
)

// The LP solver prints "Objective value : v", the MIP solver "v (objective)".
var objectiveLine = regexp.MustCompile(`Objective value\s*:\s*(\S+)|(\S+) \(objective\)`)

// cliObjective solves file with HiGHS's command-line solver.
func cliObjective(t *testing.T, cli, file string) float64 {
	t.Helper()
	cmd := exec.Command(cli, "--model_file", file)
	cmd.Dir = t.TempDir() // the CLI writes HiGHS.log into its working directory
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("highs %s: %v\n%s", file, err, out)
	}
	m := objectiveLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no objective value in highs output for %s:\n%s", file, out)
	}
	v, err := strconv.ParseFloat(string(append(m[1], m[2]...)), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExportedDefaultPlanSolvesAlike writes the default plan's LP as MPS and
// as CPLEX LP and has HiGHS's own command-line solver, which shares no code
// with teraplan's writer or its lanl/highs binding, solve each file: both
// must reach the objective teraplan's solve reached.
func TestExportedDefaultPlanSolvesAlike(t *testing.T) {
	cli := highsCLI(t)
	for _, opt := range []struct {
		name string
		opt  plans.Options
	}{
		{"min-cost", plans.Options{}},
		{"max-compute-2030", plans.Options{Mode: constraints.MaxCompute, Year: 2030}},
	} {
		t.Run(opt.name, func(t *testing.T) {
			res := solve(t, seedInput(t), opt.opt)
			want := res.Solution.Objective
			dir := t.TempDir()
			for _, f := range []struct {
				ext   string
				write func(*bytes.Buffer) error
			}{
				{"mps", func(b *bytes.Buffer) error { return res.World.Model.WriteMPS(b) }},
				{"lp", func(b *bytes.Buffer) error { return res.World.Model.WriteLP(b) }},
			} {
				var buf bytes.Buffer
				if err := f.write(&buf); err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(dir, "seed-2026."+f.ext)
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				got := cliObjective(t, cli, file)
				if !relNear(got, want, 1e-6) {
					t.Errorf("%s: highs CLI objective %.12g, teraplan %.12g (rel. diff %.3g)", f.ext, got, want, (got-want)/want)
				}
			}
		})
	}
}
