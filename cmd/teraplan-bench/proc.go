package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procTimeout bounds any one external process.
const procTimeout = 15 * time.Minute

// proc is one finished external process.
type proc struct {
	Wall     time.Duration
	MaxRSSKB int64 // peak resident set size (getrusage ru_maxrss, KB on Linux)
	Stdout   string
}

// run runs argv to completion, keeping its stdout, and fails with its
// stderr when it exits non-zero.
func run(argv []string) (proc, error) {
	ctx, cancel := context.WithTimeout(context.Background(), procTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		msg := strings.TrimSpace(errb.String())
		if len(msg) > 600 {
			msg = msg[:600] + "…"
		}
		return proc{}, fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, msg)
	}
	p := proc{Wall: wall, Stdout: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		p.MaxRSSKB = ru.Maxrss
	}
	return p, nil
}

// timeBin is GNU time, through which peak memory is measured. The
// harness's own ru_maxrss cannot be used: Go starts a child with vfork
// semantics, so the child's exec records the harness's high-water mark (a
// few hundred MB after the scale section) as the child's own. GNU time
// forks a fresh child from a small process.
const timeBin = "/usr/bin/time"

// runRSS is run with the child's true peak RSS, through GNU time. Without
// it the inflated getrusage figure is kept and noted.
func runRSS(argv []string, tmp string) (proc, error) {
	f, err := os.CreateTemp(tmp, "rss-")
	if err != nil {
		return proc{}, err
	}
	f.Close()
	defer os.Remove(f.Name())
	if _, err := os.Stat(timeBin); err != nil {
		return run(argv)
	}
	p, err := run(append([]string{timeBin, "-q", "-f", "%M", "-o", f.Name()}, argv...))
	if err != nil {
		return p, err
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return p, err
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return p, fmt.Errorf("%s wrote no peak RSS", timeBin)
	}
	kb, err := strconv.ParseInt(fields[len(fields)-1], 10, 64)
	if err != nil {
		return p, fmt.Errorf("%s: peak RSS %q: %v", timeBin, data, err)
	}
	p.MaxRSSKB = kb
	return p, nil
}

// tool is a command measured against others.
type tool struct {
	Key  string
	Name string // as shown in the tables
	Argv []string
}

// samples are repeated measurements of one tool.
type samples struct {
	Wall  []float64 // seconds
	First proc      // the warm-up run: its stdout and peak RSS
}

// interleave runs every tool once as a warm-up (measuring its peak RSS),
// then rounds times in rounds, rotating the order each round so that no
// tool always runs first or last; slow drifts of the machine's load then
// hit every tool alike, and per-round ratios compare runs made seconds
// apart.
func interleave(tools []tool, rounds int, tmp string, logf func(string, ...any)) (map[string]*samples, error) {
	res := make(map[string]*samples, len(tools))
	for _, t := range tools {
		p, err := runRSS(t.Argv, tmp)
		if err != nil {
			return nil, err
		}
		res[t.Key] = &samples{First: p}
	}
	for r := range rounds {
		err := rotated(r, len(tools), func(i int) error {
			p, err := run(tools[i].Argv)
			if err != nil {
				return err
			}
			s := res[tools[i].Key]
			s.Wall = append(s.Wall, p.Wall.Seconds())
			return nil
		})
		if err != nil {
			return nil, err
		}
		logf("  round %d/%d", r+1, rounds)
	}
	return res, nil
}

// rotated calls f(i) for i = 0 … n−1 in round's order: starting at round
// mod n, so that no measurement of a round always runs first or last.
func rotated(round, n int, f func(i int) error) error {
	for k := range n {
		if err := f((k + round) % n); err != nil {
			return err
		}
	}
	return nil
}

// pairedRatio is the median over rounds of a's time over b's in the same
// round.
func pairedRatio(a, b []float64) float64 {
	n := min(len(a), len(b))
	r := make([]float64, 0, n)
	for i := range n {
		if b[i] > 0 {
			r = append(r, a[i]/b[i])
		}
	}
	return median(r)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
