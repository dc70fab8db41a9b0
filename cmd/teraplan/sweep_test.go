package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sortedLines returns the file's lines sorted, failing on a partial line.
func sortedLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		t.Fatalf("%s ends in a partial line", path)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	sort.Strings(lines)
	return lines
}

func TestSweepShardsMergeLikeTheWhole(t *testing.T) {
	dir := t.TempDir()
	spec := []string{"sweep", "--vary", "launch.cost_usd_per_kg=x0.5:x2:3", "--vary", "accelerator.cost_usd=20000:40000:3", "--workers", "2"}
	app, _, stderr := testApp(t, nil)
	whole := filepath.Join(dir, "whole.jsonl")
	if code := runCmd(app, append(spec, "--out", whole)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "What matters most") || !strings.Contains(stderr.String(), "p95") {
		t.Errorf("no summary on stderr:\n%s", stderr)
	}
	var shards []string
	for i := range 3 {
		p := filepath.Join(dir, "shard"+string(rune('0'+i))+".jsonl")
		app, _, stderr := testApp(t, nil)
		if code := runCmd(app, append(spec, "--shard", string(rune('0'+i))+"/3", "--out", p)); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		shards = append(shards, p)
	}
	app, _, stderr = testApp(t, nil)
	out := filepath.Join(dir, "merged.jsonl")
	sum := filepath.Join(dir, "summary.json")
	if code := runCmd(app, append([]string{"sweep", "merge", "--out", out, "--summary", sum}, shards...)); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	got, want := sortedLines(t, out), sortedLines(t, whole)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != 9 {
		t.Fatalf("merged shards (%d runs) differ from the whole sweep (%d runs)", len(got), len(want))
	}
	// Merged lines are in id order.
	data, _ := os.ReadFile(out)
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct{ ID string }
		json.Unmarshal([]byte(l), &rec)
		ids = append(ids, rec.ID)
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("merged ids not sorted: %v", ids)
	}
	var s struct {
		Runs        int
		Sensitivity []struct{ Override string }
	}
	raw, _ := os.ReadFile(sum)
	if err := json.Unmarshal(raw, &s); err != nil || s.Runs != 9 || len(s.Sensitivity) != 2 {
		t.Errorf("summary %s: %v", raw, err)
	}
	// A missing shard is an error naming the missing runs.
	app, _, stderr = testApp(t, nil)
	if code := runCmd(app, []string{"sweep", "merge", shards[0], shards[2]}); code != int(ExitUsage) || !strings.Contains(stderr.String(), "runs are missing: 3 of 9 (indices 1, 4, 7)") {
		t.Errorf("missing shard: exit %d: %s", code, stderr)
	}
}

func TestSweepUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--vary", "launch.cost_usd_per_kg=100:2000:x"}, `--vary launch.cost_usd_per_kg: steps "x" is not a whole number`},
		{[]string{"sweep", "--vary", "launch.cost_usd_per_kgx=100:2000:3"}, "--vary launch.cost_usd_per_kgx: unknown parameter"},
		{[]string{"sweep", "--vary", "launch.cost_usd_per_kg=100:2000:1"}, "--vary launch.cost_usd_per_kg: steps \"1\""},
		{[]string{"sweep", "--vary", "space.attrition_per_year=0:5:2"}, "--vary space.attrition_per_year"},
		{[]string{"sweep"}, "give exactly one of --vary"},
		{[]string{"sweep", "--tornado", "--samples", "3"}, "give exactly one of --vary"},
		{[]string{"sweep", "--tornado", "--params", "nope"}, "--params nope: unknown parameter"},
		{[]string{"sweep", "--samples", "3", "--resume"}, "--resume needs --out"},
		{[]string{"sweep", "--samples", "3", "--shard", "3/3"}, "--shard"},
		{[]string{"sweep", "--samples", "3", "--metrics", "compute_gw,nope"}, "--metrics nope: unknown metric"},
		{[]string{"sweep", "--samples", "3", "--year", "2026.5"}, "--year 2026.5 is not a period"},
		{[]string{"sweep", "--samples", "0"}, "--samples: 0 is not between"},
		{[]string{"sweep", "--samples", "3", "--format", "json", "--out", filepath.Join(dir, "x.csv")}, "--format json but --out"},
		{[]string{"sweep", "merge"}, "requires at least 1 arg"},
	} {
		app, stdout, stderr := testApp(t, nil)
		// Under --format json the error is an envelope on stdout.
		if code := runCmd(app, tt.args); code != int(ExitUsage) || !strings.Contains(stderr.String()+stdout.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	// JOB_COMPLETION_INDEX without a shard count.
	app, _, stderr := testApp(t, map[string]string{"JOB_COMPLETION_INDEX": "1"})
	if code := runCmd(app, []string{"sweep", "--samples", "3"}); code != int(ExitUsage) || !strings.Contains(stderr.String(), "--shards") {
		t.Errorf("JOB_COMPLETION_INDEX alone: exit %d: %s", code, stderr)
	}
}

// TestSweepShardFromEnv: an Indexed Job's pod runs its slice, the count
// coming from TERAPLAN_SHARDS; a Slurm array task likewise.
func TestSweepShardFromEnv(t *testing.T) {
	for _, env := range []map[string]string{
		{"JOB_COMPLETION_INDEX": "1", "TERAPLAN_SHARDS": "2"},
		{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "2"},
	} {
		app, out, stderr := testApp(t, env)
		if code := runCmd(app, []string{"sweep", "--samples", "5", "--metrics", "compute_gw"}); code != 0 {
			t.Fatalf("%v: exit %d: %s", env, code, stderr)
		}
		var ids []string
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var rec struct{ ID string }
			if err := json.Unmarshal([]byte(l), &rec); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, rec.ID)
		}
		sort.Strings(ids)
		if strings.Join(ids, " ") != "mc-000001 mc-000003" {
			t.Errorf("%v: ran %v, want mc-000001 mc-000003", env, ids)
		}
		if !strings.Contains(stderr.String(), "shard 1/2 from") {
			t.Errorf("%v: no note of the shard: %s", env, stderr)
		}
	}
}

func TestSweepCSVAndQuiet(t *testing.T) {
	dir := t.TempDir()
	app, out, stderr := testApp(t, nil)
	p := filepath.Join(dir, "runs.csv")
	if code := runCmd(app, []string{"sweep", "-q", "--samples", "4", "--seed", "3", "--out", p, "--metrics", "compute_gw,launches"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if out.Len() != 0 || stderr.Len() != 0 {
		t.Errorf("--quiet with --out printed %q / %q", out, stderr)
	}
	lines := sortedLines(t, p)
	all := strings.Join(lines, "\n")
	if len(lines) != 5 || !strings.Contains(all, "id,index,sweep,total,param,side,status,error,objective,override:scale:") ||
		!strings.Contains(all, ",override:scale:launch.cost_usd_per_kg,") || !strings.Contains(all, ",compute_gw[2026],") {
		t.Errorf("CSV:\n%s", strings.Join(lines, "\n"))
	}
}

// buildTeraplan builds the binary once per test that needs a real process.
func buildTeraplan(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "teraplan")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = os.Environ() // PKG_CONFIG_PATH for HiGHS, set by .ci/with-highs
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// countLines counts complete lines in path (0 if it does not exist yet).
func countLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte("\n"))
}

// startSweep starts the binary and waits until path has at least n lines.
func startSweep(t *testing.T, bin, path string, n int, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	cmd.Dir = t.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for countLines(path) < n {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no %d lines in %s after 2 minutes: %s", n, path, &stderr)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return cmd, &stderr
}

func checkRuns(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var ids []string
	for sc.Scan() {
		var rec struct {
			ID     string
			Status string
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("invalid line %q: %v", sc.Text(), err)
		}
		if seen[rec.ID] {
			t.Fatalf("run %s twice", rec.ID)
		}
		seen[rec.ID] = true
		ids = append(ids, rec.ID)
	}
	if len(ids) != n {
		t.Fatalf("%d runs, want %d", len(ids), n)
	}
	return ids
}

// TestSweepKilledAndResumed: a sweep killed with SIGKILL (with a torn last
// line added, as a kill mid-write would leave) and resumed holds every run
// exactly once, the same runs, byte for byte, as a sweep never killed. A
// sweep stopped with SIGINT keeps its finished runs, says to resume and
// exits 1.
func TestSweepKilledAndResumed(t *testing.T) {
	bin := buildTeraplan(t)
	dir := t.TempDir()
	const n = 120
	args := func(out string) []string {
		return []string{"sweep", "--samples", "120", "--seed", "11", "--workers", "1", "--out", out, "--resume"}
	}
	clean := filepath.Join(dir, "clean.jsonl")
	if out, err := exec.Command(bin, append(args(clean), "-q")...).CombinedOutput(); err != nil {
		t.Fatalf("clean sweep: %v\n%s", err, out)
	}
	checkRuns(t, clean, n)

	killed := filepath.Join(dir, "killed.jsonl")
	cmd, _ := startSweep(t, bin, killed, 5, args(killed)...)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before := countLines(killed)
	if before >= n {
		t.Fatalf("the sweep finished (%d lines) before it was killed", before)
	}
	f, err := os.OpenFile(killed, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id":"mc-0`) // a torn write
	f.Close()
	out, err := exec.Command(bin, args(killed)...).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "cut a partial last line") || !strings.Contains(string(out), "already in") {
		t.Errorf("resume said:\n%s", out)
	}
	checkRuns(t, killed, n)
	if strings.Join(sortedLines(t, killed), "\n") != strings.Join(sortedLines(t, clean), "\n") {
		t.Errorf("killed and resumed sweep differs from a clean one")
	}

	interrupted := filepath.Join(dir, "interrupted.jsonl")
	cmd, stderr := startSweep(t, bin, interrupted, 5, args(interrupted)...)
	cmd.Process.Signal(syscall.SIGINT)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 || !strings.Contains(stderr.String(), "resume with --resume") {
		t.Errorf("SIGINT: %v, stderr %s", err, stderr)
	}
	if c := countLines(interrupted); c < 5 || c >= n {
		t.Errorf("SIGINT left %d runs", c)
	}
	if out, err := exec.Command(bin, args(interrupted)...).CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	checkRuns(t, interrupted, n)
}
