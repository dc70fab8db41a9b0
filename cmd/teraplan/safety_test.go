package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepSizeGuards: a million-run grid is refused before anything runs
// unless --yes or a higher --max-runs says so; a large sweep is not
// streamed to a terminal; a big one is announced even under --quiet.
func TestSweepSizeGuards(t *testing.T) {
	const million = "launch.payload_t=1:200:1000000"
	dir := t.TempDir()
	out := filepath.Join(dir, "grid.jsonl")

	app, stdout, stderr := testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "--vary", million, "--out", out}); code != int(ExitUsage) ||
		!strings.Contains(stderr.String(), "this sweep has 1,000,000 runs, more than --max-runs 100,000: say --yes") {
		t.Errorf("a million runs: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the refused sweep created %s", out)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q", stdout)
	}

	// To a terminal: 2,000 runs are refused, two are fine.
	app, _, stderr = testApp(t, nil)
	app.IO.OutIsTerminal = true
	if code := runCmd(app, []string{"sweep", "--vary", "launch.payload_t=1:200:2000"}); code != int(ExitUsage) ||
		!strings.Contains(stderr.String(), "this sweep has 2,000 runs, too many lines for a terminal: write them to a file with --out FILE") {
		t.Errorf("2,000 runs to a terminal: exit %d, stderr %q", code, stderr)
	}
	app, stdout, stderr = testApp(t, nil)
	app.IO.OutIsTerminal = true
	if code := runCmd(app, []string{"sweep", "--vary", "launch.payload_t=100:200:2", "--metrics", "compute_gw", "--quiet"}); code != 0 ||
		strings.Count(stdout.String(), "\n") != 2 {
		t.Errorf("2 runs to a terminal: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	// --max-runs lowers the cap, and counts this shard's runs.
	app, _, stderr = testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "--vary", "launch.payload_t=100:200:3", "--max-runs", "2", "--out", out}); code != int(ExitUsage) ||
		!strings.Contains(stderr.String(), "this sweep has 3 runs, more than --max-runs 2") {
		t.Errorf("--max-runs 2: exit %d, stderr %q", code, stderr)
	}
	app, _, stderr = testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "--vary", "launch.payload_t=100:200:3", "--max-runs", "2", "--shard", "1/2", "--out", out, "--metrics", "compute_gw"}); code != 0 {
		t.Errorf("a 1-run shard under --max-runs 2: exit %d, stderr %q", code, stderr)
	}

	// --yes lifts the cap and the terminal check; a big sweep is still
	// announced, under --quiet too.
	for _, runs := range []int{sweepWarnRuns, sweepWarnRuns + 1, 1_000_000} {
		app, _, stderr := testApp(t, nil)
		app.Opts.Quiet = true
		app.IO.OutIsTerminal = true
		opts := &sweepOptions{Yes: true, MaxRuns: sweepMaxRuns}
		err := opts.checkSize(app, runs)
		warned := strings.Contains(stderr.String(), "warning: this sweep has "+groupDigits(runs)+" runs")
		if err != nil || warned != (runs > sweepWarnRuns) {
			t.Errorf("--yes, %d runs: %v, stderr %q", runs, err, stderr)
		}
	}
}

// TestOutputPathsCheckedFirst: an output path that cannot be written is a
// usage error (exit 2) naming the flag, found before anything is solved —
// here, a sweep whose runs would each take a long time never starts.
func TestOutputPathsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.jsonl")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--samples", "3", "--out", ok, "--summary", "/nonexistent/s.json"}, "--summary /nonexistent/s.json: directory /nonexistent does not exist"},
		{[]string{"sweep", "--samples", "3", "--out", "/nonexistent/x.jsonl"}, "--out /nonexistent/x.jsonl: directory /nonexistent does not exist"},
		{[]string{"sweep", "--samples", "3", "--out", dir}, "is a directory"},
		{[]string{"sweep", "--tornado", "--tornado-chart", "/nonexistent/t.svg", "--out", ok}, "--tornado-chart /nonexistent/t.svg"},
		{[]string{"sweep", "--samples", "3", "--out", ok, "--dist-chart", "/nonexistent/d.svg"}, "--dist-chart /nonexistent/d.svg"},
		{[]string{"plan", "--out", "/nonexistent/plan.json"}, "--out /nonexistent/plan.json: directory /nonexistent does not exist"},
		{[]string{"limits", "--year", "2030", "--out", "/nonexistent/l.json"}, "--out /nonexistent/l.json"},
		{[]string{"claims", "--out", "/nonexistent/c.json"}, "--out /nonexistent/c.json"},
		{[]string{"export", "--out", "/nonexistent/m.mps"}, "--out /nonexistent/m.mps"},
		{[]string{"chart", "compute", "--out", "/nonexistent/c.svg"}, "--out /nonexistent/c.svg"},
		{[]string{"report", "--html", "/nonexistent/r.html"}, "--html /nonexistent/r.html"},
	} {
		app, _, stderr := testApp(t, nil)
		// A time limit of one nanosecond would fail any solve that ran.
		args := append(tt.args, "--time-limit", "1ns")
		if code := runCmd(app, args); code != int(ExitUsage) || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	if _, err := os.Stat(ok); !os.IsNotExist(err) {
		t.Errorf("a refused sweep created its --out")
	}
	// A read-only directory.
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o555)
	if f, err := os.CreateTemp(ro, "probe"); err == nil { // root ignores modes
		f.Close()
		os.Remove(f.Name())
	} else {
		app, _, stderr := testApp(t, nil)
		if code := runCmd(app, []string{"plan", "--out", filepath.Join(ro, "p.json")}); code != int(ExitUsage) || !strings.Contains(stderr.String(), "cannot write in") {
			t.Errorf("read-only dir: exit %d, stderr %q", code, stderr)
		}
	}
}

// TestMergeBadInputs: unreadable, missing or empty inputs of sweep merge
// are usage errors (exit 2) naming the file; merging nothing writes nothing.
func TestMergeBadInputs(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, filepath.Join(dir, "empty.jsonl"), "")
	headerOnly := writeFile(t, filepath.Join(dir, "h.csv"), "id,index,sweep,total,param,side,status,error,objective\n")
	out := filepath.Join(dir, "merged.jsonl")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "merge", filepath.Join(dir, "missing.jsonl")}, "cannot read " + filepath.Join(dir, "missing.jsonl") + ": no such file or directory"},
		{[]string{"sweep", "merge", dir + "/"}, "cannot read"},
		{[]string{"sweep", "merge", "--out", out, empty}, empty + ": no runs to merge"},
		{[]string{"sweep", "merge", headerOnly}, "no runs to merge"},
		{[]string{"sweep", "merge", "--out", "/nonexistent/m.jsonl", empty}, "--out /nonexistent/m.jsonl: directory /nonexistent does not exist"},
		{[]string{"sweep", "merge", "--summary", "/nonexistent/s.json", empty}, "--summary /nonexistent/s.json"},
	} {
		app, stdout, stderr := testApp(t, nil)
		if code := runCmd(app, tt.args); code != int(ExitUsage) || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: stdout %q", tt.args, stdout)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("merging an empty file wrote %s", out)
	}
}

// TestSweepResumeExtendsMonteCarlo: --resume with more --samples extends a
// Monte Carlo file, keeping the runs it holds.
func TestSweepResumeExtendsMonteCarlo(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mc.jsonl")
	args := []string{"sweep", "--seed", "5", "--metrics", "compute_gw", "--out", p, "--resume"}
	app, _, errOut := testApp(t, nil)
	if code := runCmd(app, append(args, "--samples", "2")); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	first := sortedLines(t, p)
	app, _, errOut = testApp(t, nil)
	if code := runCmd(app, append(args, "--samples", "4")); code != 0 {
		t.Fatalf("extend: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut.String(), "extending its Monte Carlo of 2 samples to 4") || !strings.Contains(errOut.String(), "2 already in") ||
		!strings.Contains(errOut.String(), ": montecarlo of 4 runs of seed-2026, 2 already in") {
		t.Errorf("stderr %q", errOut)
	}
	lines := sortedLines(t, p)
	if len(lines) != 4 || lines[0] != first[0] || lines[1] != first[1] || !strings.Contains(lines[3], `"id":"mc-000003"`) {
		t.Errorf("extended file:\n%s", strings.Join(lines, "\n"))
	}
}
