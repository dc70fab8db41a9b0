package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The cluster path of the README ("On a cluster"), run on a real one-node
// Slurm: munged, slurmctld and slurmd started from a munge key and a
// slurm.conf written to a temporary directory, the README's job array script
// submitted with sbatch, the shards merged with `sweep merge` and compared
// run by run with the unsharded sweep. Debian's slurm-wlm (22.05) is what
// .ci/run installs.
//
// The test runs under CI=true (where missing Slurm is a failure) or with
// TERAPLAN_SLURM_TEST=1, and skips otherwise: it starts daemons and takes
// about a minute.

const (
	slurmArray   = 4               // --array=0-3
	slurmTimeout = 3 * time.Minute // for any one wait on the cluster
)

// slurmWanted says whether to run the Slurm test, and fails it under
// CI=true when Slurm or munge is missing.
func slurmWanted(t *testing.T) {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	if !ci && os.Getenv("TERAPLAN_SLURM_TEST") != "1" {
		t.Skip("starts a one-node Slurm: set TERAPLAN_SLURM_TEST=1 (on under CI=true)")
	}
	var missing []string
	for _, tool := range []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "srun"} {
		if _, err := slurmTool(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the Slurm test needs %s: apt-get install slurm-wlm munge (.ci/run does)", strings.Join(missing, ", "))
	}
}

// slurmTool finds a Slurm or munge program on PATH or in the sbin
// directories Debian installs the daemons in.
func slurmTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

// readmeJobArray is the Slurm job array script of README.md ("A Slurm job
// array", the ```sh block that follows it in "On a cluster").
func readmeJobArray(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	section := strings.Index(text, "\n### On a cluster\n")
	if section < 0 {
		t.Fatal("README.md has no \"### On a cluster\" section")
	}
	text = text[section:]
	if end := strings.Index(text[1:], "\n## "); end >= 0 {
		text = text[:end+1]
	}
	intro := strings.Index(text, "A Slurm job array")
	if intro < 0 {
		t.Fatal("README.md: \"On a cluster\" does not introduce \"A Slurm job array\"")
	}
	text = text[intro:]
	open := strings.Index(text, "\n```sh\n")
	if open < 0 {
		t.Fatal("README.md: no ```sh block after \"A Slurm job array\"")
	}
	text = text[open+len("\n```sh\n"):]
	end := strings.Index(text, "\n```")
	if end < 0 {
		t.Fatal("README.md: the job array's ```sh block is not closed")
	}
	return text[:end+1]
}

// jobArrayScript is the README's script with the array size and the
// number of samples replaced; each must be found exactly once, so the
// README cannot change shape without this test noticing.
func jobArrayScript(t *testing.T, samples int) string {
	t.Helper()
	script := readmeJobArray(t)
	for _, sub := range []struct {
		re   *regexp.Regexp
		repl string
	}{
		{regexp.MustCompile(`(?m)^(#SBATCH --array=)\d+-\d+$`), fmt.Sprintf("${1}0-%d", slurmArray-1)},
		{regexp.MustCompile(`(--samples )\d+`), fmt.Sprintf("${1}%d", samples)},
	} {
		if n := len(sub.re.FindAllStringIndex(script, -1)); n != 1 {
			t.Fatalf("README job array: %s matches %d times, want once:\n%s", sub.re, n, script)
		}
		script = sub.re.ReplaceAllString(script, sub.repl)
	}
	for _, want := range []string{"srun bin/teraplan sweep", "--resume", `runs/mc-${SLURM_ARRAY_TASK_ID}.jsonl`, "logs/%A_%a.log"} {
		if !strings.Contains(script, want) {
			t.Fatalf("README job array lacks %q:\n%s", want, script)
		}
	}
	return script
}

// sbatchNumber reads "#SBATCH --NAME=<number><suffix>" from the script.
func sbatchNumber(t *testing.T, script, name, suffix string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^#SBATCH --` + name + `=(\d+)` + suffix + `$`).FindStringSubmatch(script)
	if m == nil {
		t.Fatalf("README job array has no #SBATCH --%s=N%s", name, suffix)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// cluster is a running one-node Slurm.
type cluster struct {
	dir string   // its configuration, state, logs and sockets
	env []string // the environment for clients and jobs: SLURM_CONF set, no outer SLURM_*
}

// freePort returns a TCP port on localhost that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster writes a munge key and a slurm.conf for one node
// ("localhost", cpus CPUs and memMB of memory, declared rather than
// measured: SlurmdParameters=config_overrides) to a fresh directory, starts
// munged, slurmctld and slurmd with them, and waits until the node is idle.
// Everything stops, by process id, when the test ends.
func startCluster(t *testing.T, cpus, memMB int) *cluster {
	t.Helper()
	// munged wants every directory above its socket searchable by all, which
	// t.TempDir (mode 0700) is not.
	dir, err := os.MkdirTemp("", "teraplan-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"", "munge", "state", "spool", "log", "run"} {
		mode := os.FileMode(0o755)
		if d == "munge" {
			mode = 0o700 // the key's directory
		}
		if err := os.MkdirAll(filepath.Join(dir, d), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, d), mode); err != nil {
			t.Fatal(err)
		}
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{dir: dir}
	conf := filepath.Join(dir, "slurm.conf")
	// A test run inside a Slurm job must not pass its own job's variables
	// on, nor a developer's teraplan settings.
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "HOME" || name == "XDG_CONFIG_HOME":
		case strings.HasPrefix(name, "SLURM_") || strings.HasPrefix(name, "SBATCH_") ||
			strings.HasPrefix(name, "SRUN_") || strings.HasPrefix(name, "SQUEUE_") ||
			strings.HasPrefix(name, "TERAPLAN_"):
		default:
			c.env = append(c.env, kv)
		}
	}
	c.env = append(c.env, "SLURM_CONF="+conf, "HOME="+filepath.Join(dir, "home"))
	if err := os.Mkdir(filepath.Join(dir, "home"), 0o755); err != nil {
		t.Fatal(err)
	}

	key := filepath.Join(dir, "munge", "munge.key")
	socket := filepath.Join(dir, "run", "munge.socket")
	c.run(t, "mungekey", "--create", "--keyfile="+key)
	c.daemon(t, "munged", "--foreground", "--key-file="+key, "--socket="+socket,
		"--pid-file="+filepath.Join(dir, "run", "munged.pid"),
		"--seed-file="+filepath.Join(dir, "munge", "munged.seed"),
		"--log-file="+filepath.Join(dir, "log", "munged.log"))
	c.waitFor(t, "munged's socket", func() (bool, string) {
		_, err := os.Stat(socket)
		return err == nil, fmt.Sprint(err)
	})

	cfg := fmt.Sprintf(`# One node on localhost, for teraplan's Slurm test.
ClusterName=teraplan-test
SlurmctldHost=localhost
SlurmctldPort=%d
SlurmdPort=%d
SlurmUser=%s
SlurmdUser=%s
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=%s
StateSaveLocation=%s
SlurmdSpoolDir=%s
SlurmctldPidFile=%s
SlurmdPidFile=%s
SlurmctldLogFile=%s
SlurmdLogFile=%s
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
KillWait=5
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=%d RealMemory=%d State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
`, freePort(t), freePort(t), me.Username, me.Username, socket,
		filepath.Join(dir, "state"), filepath.Join(dir, "spool"),
		filepath.Join(dir, "run", "slurmctld.pid"), filepath.Join(dir, "run", "slurmd.pid"),
		filepath.Join(dir, "log", "slurmctld.log"), filepath.Join(dir, "log", "slurmd.log"),
		cpus, memMB)
	writeFile(t, conf, cfg)

	c.daemon(t, "slurmctld", "-D", "-i")
	c.waitFor(t, "slurmctld", func() (bool, string) {
		out, err := c.output("scontrol", "ping")
		return err == nil && strings.Contains(out, "is UP"), out
	})
	c.daemon(t, "slurmd", "-D", "-N", "localhost")
	c.waitFor(t, "the node to be idle", func() (bool, string) {
		out, err := c.output("sinfo", "-h", "-n", "localhost", "-o", "%T")
		return err == nil && strings.TrimSpace(out) == "idle", out
	})
	return c
}

// daemon starts a daemon in the foreground and stops it, by its process
// id, when the test ends: SIGTERM, then SIGKILL after ten seconds. On a
// failed test the end of its output is logged.
func (c *cluster) daemon(t *testing.T, name string, args ...string) {
	t.Helper()
	path, err := slurmTool(name)
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(c.dir, "log", name+".out")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, args...)
	cmd.Env = c.env
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("%s: %v", name, err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		logFile.Close()
		close(done)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			tail, _ := os.ReadFile(logPath)
			if len(tail) > 3000 {
				tail = tail[len(tail)-3000:]
			}
			t.Logf("%s (pid %d) said:\n%s", name, cmd.Process.Pid, tail)
		}
	})
}

// output runs a Slurm client in the cluster's environment.
func (c *cluster) output(name string, args ...string) (string, error) {
	path, err := slurmTool(name)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = c.env
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// run runs a Slurm client and fails the test if it fails.
func (c *cluster) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := c.output(name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// waitFor polls ok every 100 ms until it holds, failing after slurmTimeout.
func (c *cluster) waitFor(t *testing.T, what string, ok func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(slurmTimeout)
	for {
		done, last := ok()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; last: %s", slurmTimeout, what, last)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// submit runs sbatch in dir and returns the job id. The job is
// cancelled when the test ends.
func (c *cluster) submit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	path, err := slurmTool("sbatch")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, append([]string{"--parsable"}, args...)...)
	cmd.Env = c.env
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sbatch %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	id := strings.TrimSpace(string(out))
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("sbatch said %q, not a job id", out)
	}
	t.Cleanup(func() { c.cancelJob(t, id) }) // before t's directories go
	return id
}

// cancelJob cancels job and waits (bounded) until it has left the
// queue, so no task still writes to the test's directories and slurmd
// stops with no job steps left.
func (c *cluster) cancelJob(t *testing.T, job string) {
	c.output("scancel", job)
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		out, err := c.output("squeue", "-h", "-j", job, "-o", "%i")
		if (err == nil && strings.TrimSpace(out) == "") || strings.Contains(out, "Invalid job id") {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("job %s still queued a minute after scancel", job)
}

// waitJob waits until no task of job is queued or running.
func (c *cluster) waitJob(t *testing.T, job string) {
	t.Helper()
	c.waitFor(t, "job "+job+" to finish", func() (bool, string) {
		out, err := c.output("squeue", "-h", "-j", job, "-o", "%i %T %r")
		// squeue fails with "Invalid job id" once the job has left.
		return (err == nil && strings.TrimSpace(out) == "") || strings.Contains(out, "Invalid job id"), out
	})
}

// taskStates returns each array task's JobState, ExitCode and Restarts,
// as scontrol remembers them (MinJobAge keeps finished jobs for 10 min).
func (c *cluster) taskStates(t *testing.T, job string) map[int]string {
	t.Helper()
	out := c.run(t, "scontrol", "-o", "show", "job", job)
	states := map[int]string{}
	field := func(line, key string) string {
		m := regexp.MustCompile(`\b` + key + `=(\S+)`).FindStringSubmatch(line)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		task, err := strconv.Atoi(field(line, "ArrayTaskId"))
		if err != nil {
			t.Fatalf("scontrol show job %s: no array task in %q", job, line)
		}
		states[task] = field(line, "JobState") + " " + field(line, "ExitCode") + " restarts=" + field(line, "Restarts")
	}
	return states
}

// wantStates fails unless the tasks of job ended as want says.
func (c *cluster) wantStates(t *testing.T, dir, job string, want map[int]string) {
	t.Helper()
	got := c.taskStates(t, job)
	for task := range slurmArray {
		if got[task] != want[task] {
			logText, _ := os.ReadFile(filepath.Join(dir, "logs", fmt.Sprintf("%s_%d.log", job, task)))
			t.Errorf("job %s task %d: %q, want %q; its log:\n%s", job, task, got[task], want[task], logText)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// sweepDir makes a directory laid out as the README's script expects:
// bin/teraplan, the script as sweep.sbatch, and logs/ (which Slurm does
// not create: a task whose log it cannot open fails to launch).
func sweepDir(t *testing.T, bin, script string) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bin", "teraplan"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sweep.sbatch"), script)
	if err := os.Mkdir(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// teraplanIn runs bin/teraplan in dir with the given arguments.
func teraplanIn(t *testing.T, c *cluster, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(dir, "bin", "teraplan"), args...)
	cmd.Env = c.env
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("teraplan %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// runsByID reads a sweep file: id → the run's line, failing on a run
// written twice or a line that is not a record.
func runsByID(t *testing.T, path string) (map[string]string, []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	runs := map[string]string{}
	var indices []int
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			ID    string
			Index int
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.ID == "" {
			t.Fatalf("%s: %q is not a run record (%v)", path, sc.Text(), err)
		}
		if _, dup := runs[rec.ID]; dup {
			t.Fatalf("%s: run %s twice", path, rec.ID)
		}
		runs[rec.ID] = sc.Text()
		indices = append(indices, rec.Index)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return runs, indices
}

// sameRuns fails unless got and want hold the same runs, line for line.
func sameRuns(t *testing.T, gotPath, wantPath string, n int) {
	t.Helper()
	got, _ := runsByID(t, gotPath)
	want, _ := runsByID(t, wantPath)
	if len(want) != n {
		t.Fatalf("%s: %d runs, want %d", wantPath, len(want), n)
	}
	var diffs []string
	for id, line := range want {
		if g, ok := got[id]; !ok {
			diffs = append(diffs, id+" missing")
		} else if g != line {
			diffs = append(diffs, fmt.Sprintf("%s differs:\n  merged %s\n  whole  %s", id, g, line))
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, id+" not in the unsharded sweep")
		}
	}
	if len(diffs) > 0 {
		if len(diffs) > 5 {
			diffs = append(diffs[:5], fmt.Sprintf("… %d more", len(diffs)-5))
		}
		t.Fatalf("%s against the unsharded %s:\n%s", gotPath, wantPath, strings.Join(diffs, "\n"))
	}
}

// wantShard fails unless path holds exactly the runs of shard i of
// slurmArray among n: every index ≡ i (mod slurmArray), each once.
func wantShard(t *testing.T, path string, i, n int) {
	t.Helper()
	runs, indices := runsByID(t, path)
	want := (n - i + slurmArray - 1) / slurmArray
	if len(runs) != want {
		t.Fatalf("%s: %d runs, want the %d of shard %d/%d", path, len(runs), want, i, slurmArray)
	}
	for _, x := range indices {
		if x%slurmArray != i {
			t.Fatalf("%s: run index %d is not in shard %d/%d", path, x, i, slurmArray)
		}
	}
}

// mergeAndCompare merges runs/mc-*.jsonl as the README says and compares
// the result with an unsharded sweep of the same samples and seed.
func mergeAndCompare(t *testing.T, c *cluster, dir string, samples int) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(dir, "sweep.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	seed := regexp.MustCompile(`--seed (\d+)`).FindSubmatch(script)
	if seed == nil {
		t.Fatalf("the job array script has no --seed:\n%s", script)
	}
	shards, _ := filepath.Glob(filepath.Join(dir, "runs", "mc-*.jsonl"))
	if len(shards) != slurmArray {
		t.Fatalf("runs/: %v, want %d shard files", shards, slurmArray)
	}
	for i := range slurmArray {
		wantShard(t, filepath.Join(dir, "runs", fmt.Sprintf("mc-%d.jsonl", i)), i, samples)
	}
	said := teraplanIn(t, c, dir, append([]string{"sweep", "merge", "--out", "mc.jsonl", "--summary", "mc-summary.json"}, shards...)...)
	if strings.Contains(said, "warning") {
		t.Errorf("merge warned:\n%s", said)
	}
	teraplanIn(t, c, dir, "sweep", "--samples", strconv.Itoa(samples), "--seed", string(seed[1]), "--out", "whole.jsonl", "--quiet")
	sameRuns(t, filepath.Join(dir, "mc.jsonl"), filepath.Join(dir, "whole.jsonl"), samples)
	var sum struct{ Runs int }
	raw, err := os.ReadFile(filepath.Join(dir, "mc-summary.json"))
	if err != nil || json.Unmarshal(raw, &sum) != nil || sum.Runs != samples {
		t.Errorf("mc-summary.json: %s (%v), want %d runs", raw, err, samples)
	}
}

// TestSlurmJobArray runs the README's job array on a one-node Slurm.
func TestSlurmJobArray(t *testing.T) {
	slurmWanted(t)
	base := readmeJobArray(t)
	cpus := sbatchNumber(t, base, "cpus-per-task", "")
	memGB := sbatchNumber(t, base, "mem", "G")
	bin := buildTeraplan(t)
	// The node declares what one task asks for (#SBATCH --cpus-per-task,
	// --mem), so the array's tasks run one after another.
	c := startCluster(t, cpus, memGB*1024)
	done := "COMPLETED 0:0 restarts=0"

	// sbatch, wait, merge: the merged file equals the unsharded sweep.
	t.Run("merge", func(t *testing.T) {
		const samples = 200
		dir := sweepDir(t, bin, jobArrayScript(t, samples))
		job := c.submit(t, dir, "sweep.sbatch")
		c.waitJob(t, job)
		c.wantStates(t, dir, job, map[int]string{0: done, 1: done, 2: done, 3: done})
		mergeAndCompare(t, c, dir, samples)
	})

	// A task cancelled half-way (scancel) keeps the runs it finished;
	// requeued, it continues its file; the array submitted again finds
	// every file complete and writes nothing. The merge is the whole sweep.
	t.Run("cancel and resume", func(t *testing.T) {
		const samples, victim = 800, 1
		dir := sweepDir(t, bin, jobArrayScript(t, samples))
		job := c.submit(t, dir, "sweep.sbatch")
		file := filepath.Join(dir, "runs", fmt.Sprintf("mc-%d.jsonl", victim))
		task := fmt.Sprintf("%s_%d", job, victim)
		deadline := time.Now().Add(slurmTimeout)
		for countLines(file) < 10 {
			if time.Now().After(deadline) {
				t.Fatalf("task %s wrote no 10 runs in %v", task, slurmTimeout)
			}
			time.Sleep(5 * time.Millisecond)
		}
		c.run(t, "scancel", task)
		c.waitJob(t, job)
		cancelled := map[int]string{0: done, 1: "CANCELLED 0:15 restarts=0", 2: done, 3: done}
		c.wantStates(t, dir, job, cancelled)
		partial, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		kept := bytes.Count(partial, []byte("\n"))
		if kept < 10 || kept >= samples/slurmArray || partial[len(partial)-1] != '\n' {
			t.Fatalf("the cancelled task left %d runs (want 10 to %d) and %q at the end", kept, samples/slurmArray-1, partial[len(partial)-1:])
		}
		runsByID(t, file) // no run twice, no torn line

		// Requeued (as --requeue in the script allows) with its own array
		// index, the task continues the file. Slurm holds a requeued job
		// back two minutes; StartTime=now lifts that.
		c.run(t, "scontrol", "requeue", task)
		c.run(t, "scontrol", "update", "JobId="+task, "StartTime=now")
		c.waitJob(t, job)
		cancelled[victim] = "COMPLETED 0:0 restarts=1"
		c.wantStates(t, dir, job, cancelled)
		resumed, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(resumed, partial) {
			t.Errorf("the requeued task rewrote the %d runs it had kept", kept)
		}
		wantShard(t, file, victim, samples)

		// The whole array again: every task finds its file complete.
		before := map[string][]byte{}
		for i := range slurmArray {
			p := filepath.Join(dir, "runs", fmt.Sprintf("mc-%d.jsonl", i))
			if before[p], err = os.ReadFile(p); err != nil {
				t.Fatal(err)
			}
		}
		again := c.submit(t, dir, "sweep.sbatch")
		c.waitJob(t, again)
		c.wantStates(t, dir, again, map[int]string{0: done, 1: done, 2: done, 3: done})
		for p, data := range before {
			if now, err := os.ReadFile(p); err != nil || !bytes.Equal(now, data) {
				t.Errorf("%s changed when the array ran again (%v)", p, err)
			}
		}
		mergeAndCompare(t, c, dir, samples)
	})
}
