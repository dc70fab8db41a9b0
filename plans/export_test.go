package plans_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"teraplan/constraints"
	"teraplan/lp/lptest"
	"teraplan/plans"
)

// TestExportedDefaultPlanSolvesAlike writes the default plan's LP as MPS and
// as CPLEX LP and has HiGHS's own command-line solver, which shares no code
// with teraplan's writer or its lanl/highs binding, solve each file: both
// must reach the objective teraplan's solve reached.
func TestExportedDefaultPlanSolvesAlike(t *testing.T) {
	cli := lptest.CLI(t)
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
				got := lptest.Objective(t, cli, file)
				if !relNear(got, want, 1e-6) {
					t.Errorf("%s: highs CLI objective %.12g, teraplan %.12g (rel. diff %.3g)", f.ext, got, want, (got-want)/want)
				}
			}
		})
	}
}
