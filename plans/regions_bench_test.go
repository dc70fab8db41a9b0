package plans_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"teraplan/lp/lptest"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// regionsInput is the three-region built-in, regions-2026.
func regionsInput(b *testing.B) plans.Input {
	b.Helper()
	s, err := scenario.Load("regions-2026")
	if err != nil {
		b.Fatal(err)
	}
	return plans.FromScenario(s)
}

// BenchmarkRegionsPlan: build, solve and report regions-2026 (min-cost,
// three regions), and, once, HiGHS's command-line solver on the model's
// own MPS file. Target: the plan within 1.5× the CLI (x-highs-cli ≤ 1.5;
// the lead's harness measures the two as processes).
func BenchmarkRegionsPlan(b *testing.B) {
	in := regionsInput(b)
	ctx := context.Background()
	res, err := plans.Solve(ctx, in, plans.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var mps bytes.Buffer
	if err := res.World.Model.WriteMPS(&mps); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "regions-2026.mps")
	if err := os.WriteFile(file, mps.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	cli := lptest.CLI(b)
	cmd := exec.Command(cli, "--model_file", file)
	cmd.Dir = b.TempDir()
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("highs: %v\n%s", err, out)
	}
	cliTime := time.Since(start)
	b.ResetTimer()
	for b.Loop() {
		res, err := plans.Solve(ctx, in, plans.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = res.Report(testVersions)
	}
	b.StopTimer()
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(float64(cliTime.Nanoseconds()), "highs-cli-ns")
	b.ReportMetric(per/float64(cliTime.Nanoseconds()), "x-highs-cli")
	b.ReportMetric(float64(res.World.Model.NumRows()), "rows")
}
