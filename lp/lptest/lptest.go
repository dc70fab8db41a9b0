// Package lptest runs HiGHS's own command-line solver on model files, the independent check tests compare teraplan's solves against.
package lptest

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// CLI returns the path of HiGHS's command-line solver, from
// TERAPLAN_HIGHS_CLI (set by .ci/with-highs) or PATH. Without it the test
// skips, or fails under CI=true: CI never skips the independent check.
func CLI(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TERAPLAN_HIGHS_CLI"); p != "" {
		return p
	}
	if p, err := exec.LookPath("highs"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the highs command-line solver is required under CI: set TERAPLAN_HIGHS_CLI (.ci/with-highs does) or put highs on PATH")
	}
	t.Skip("highs command-line solver not found (TERAPLAN_HIGHS_CLI or PATH)")
	return ""
}

// The LP solver prints "Objective value : v", the MIP solver "v (objective)".
var objectiveLine = regexp.MustCompile(`Objective value\s*:\s*(\S+)|(\S+) \(objective\)`)

// Objective solves file (MPS or LP, by extension) with the CLI at cli and
// returns the objective it reports; an infeasible model fails the test.
func Objective(t testing.TB, cli, file string) float64 {
	t.Helper()
	cmd := exec.Command(cli, "--model_file", file)
	dir, err := os.MkdirTemp("", "highs-cli-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cmd.Dir = dir // the CLI writes HiGHS.log into its working directory
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("highs %s: %v\n%s", file, err, out)
	}
	if strings.Contains(string(out), "Model status        : Infeasible") {
		t.Fatalf("highs finds %s infeasible:\n%s", file, out)
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
