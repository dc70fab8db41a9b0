// Command teraplan-bench measures teraplan beside the alternatives and
// writes BENCHMARKS.md and BENCHMARKS.json; with -check it compares a
// fresh, quicker measurement with the recorded one.
//
// Sections (issue 8):
//
//  1. the default plan: the whole `teraplan plan` process against the
//     `highs`, `glpsol` and `cbc` command-line solvers on the exported MPS
//     file, interleaved round by round, with their objectives;
//  2. scale: 15, 60, 200 and 600 periods, lunar module off and on: size,
//     build and solve time in-process, whole-process time and peak memory,
//     and a least-squares fit of build time against nonzeros;
//  3. sweeps: `teraplan sweep` against a loop of `teraplan plan`
//     processes, one worker against two, memory of a small and a large
//     sweep (skipped, saying so, when the binary has no sweep command);
//  4. limits: one year with its re-solves, and the 2026–2040 timeline;
//  5. alternatives against plan;
//  6. warm: every command that re-solves, warm against --cold (sweeps per
//     worker, limits, the timeline, the quarterly 2026–2075 limits);
//  7. regions (the three-region plan against the highs CLI, its limits and
//     timeline), claims (`claims --samples 1000`) and serve (`GET
//     /api/plan` latency of a running `teraplan serve`).
//
// Every ratio is measured within one run. bench-check compares ratios,
// never absolute times, with a per-metric tolerance, and also fails when a
// stated target is missed. Run it through `just bench` / `just bench-check`
// (.ci/bench), which build the binaries and set up HiGHS.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

func main() {
	var (
		teraplan = flag.String("teraplan", "bin/teraplan", "the teraplan `binary` to measure")
		highs    = flag.String("highs", os.Getenv("TERAPLAN_HIGHS_CLI"), "HiGHS's command-line solver (default $TERAPLAN_HIGHS_CLI, then highs on PATH)")
		quick    = flag.Bool("quick", false, "fewer repetitions and smaller sweeps (what -check uses)")
		mdOut    = flag.String("md", "", "write the human report to `FILE`")
		jsonOut  = flag.String("json", "", "write the machine-readable results to `FILE`")
		check    = flag.String("check", "", "compare with the results recorded in `FILE` (a BENCHMARKS.json) and fail on a regression or a missed target")
		only     = flag.String("only", "default,scale,sweeps,limits,alternatives,warm,regions,claims,serve", "comma-separated `sections` to run")
		tmp      = flag.String("tmp", "", "scratch `directory` (default: a new temporary one)")
		targets  = flag.Bool("targets", false, "with -check: also fail when a stated target is missed (default: ratios only, as a regression gate)")
	)
	flag.Parse()
	if err := main1(*teraplan, *highs, *quick, *mdOut, *jsonOut, *check, *only, *tmp, *targets); err != nil {
		fmt.Fprintln(os.Stderr, "teraplan-bench:", err)
		os.Exit(1)
	}
}

func main1(teraplan, highs string, quick bool, mdOut, jsonOut, check, only, tmp string, targets bool) error {
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
	}
	var baseline *Results
	if check != "" {
		data, err := os.ReadFile(check)
		if err != nil {
			return err
		}
		baseline = &Results{}
		if err := json.Unmarshal(data, baseline); err != nil {
			return fmt.Errorf("%s: %v", check, err)
		}
		if baseline.Schema != schema {
			return fmt.Errorf("%s: schema %q, want %q (re-record it with `just bench`)", check, baseline.Schema, schema)
		}
	}
	if tmp == "" {
		d, err := os.MkdirTemp("", "teraplan-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		tmp = d
	}
	if highs == "" {
		highs, _ = exec.LookPath("highs")
	}
	e := &env{teraplan: teraplan, highs: highs, tmp: tmp, quick: quick, logf: logf}
	e.glpsol, _ = exec.LookPath("glpsol")
	e.cbc, _ = exec.LookPath("cbc")

	r := &Results{Schema: schema, Date: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Quick: quick}
	r.Machine = Machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version(), LoadStart: loadAvg()}
	if p, err := run([]string{teraplan, "version"}); err == nil {
		lines := strings.Split(strings.TrimSpace(p.Stdout), "\n")
		r.Machine.Teraplan = strings.Join(lines, "; ")
	} else {
		return err
	}
	if highs != "" {
		if p, err := run([]string{highs, "--version"}); err == nil {
			v := strings.TrimSpace(strings.SplitN(p.Stdout, "\n", 2)[0])
			v, _, _ = strings.Cut(v, " Copyright")
			r.Machine.HiGHS = v
		}
	}

	sections := []struct {
		key string
		f   func(*Results) error
	}{{"default", e.defaultPlan}, {"scale", e.scale}, {"sweeps", e.sweeps}, {"limits", e.limits}, {"alternatives", e.alternatives}, {"warm", e.warm},
		{"regions", e.regions}, {"claims", e.claimsOdds}, {"serve", e.serveAPI}}
	want := map[string]bool{}
	for _, k := range strings.Split(only, ",") {
		want[strings.TrimSpace(k)] = true
	}
	start := time.Now()
	for _, s := range sections {
		if !want[s.key] {
			continue
		}
		if err := s.f(r); err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
	}
	r.Machine.LoadEnd = loadAvg()
	logf("measured in %s", time.Since(start).Round(time.Second))

	if jsonOut != "" {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		if err := writeFile(jsonOut, append(data, '\n')); err != nil {
			return err
		}
		logf("wrote %s", jsonOut)
	}
	if mdOut != "" {
		if err := writeFile(mdOut, []byte(markdown(r))); err != nil {
			return err
		}
		logf("wrote %s", mdOut)
	}
	if baseline != nil {
		report, ok := compare(baseline, r, targets)
		fmt.Print(report)
		if !ok {
			return fmt.Errorf("bench-check failed (see above)")
		}
		return nil
	}
	fmt.Print(summary(r))
	return nil
}

// writeFile writes atomically: a half-written BENCHMARKS.json would break
// the next bench-check.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
