package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ---- 6. Warm re-solves ------------------------------------------------

// Warm: every command that re-solves, warm (the default) against --cold,
// interleaved in the same rounds (issue 13).
type Warm struct {
	Rounds int        `json:"rounds"`
	Cases  []WarmCase `json:"cases"`
	// QuarterlyRounds is separate: its cold run takes minutes.
	QuarterlyRounds int `json:"quarterly_rounds"`
}

// WarmCase is one command warm and cold; ColdOverWarm is the median over
// rounds of the cold time over the warm time in the same round (for a
// sweep: warm throughput ÷ cold throughput).
type WarmCase struct {
	Key          string  `json:"key"`
	Command      string  `json:"command"`
	Runs         int     `json:"runs,omitempty"` // sweep runs
	WarmS        float64 `json:"warm_median_s"`
	ColdS        float64 `json:"cold_median_s"`
	ColdOverWarm float64 `json:"cold_over_warm"`
}

func (e *env) warm(r *Results) error {
	help, why := e.sweepHelp()
	hasCold := strings.Contains(help, "--cold")
	if why != "" || !hasCold {
		r.Notes = append(r.Notes, "warm re-solves: skipped, the binary has no sweep --cold")
		e.logf("warm: skipped (no --cold)")
		return nil
	}
	n := e.reps(200, 100)
	quarterly := []string{"--set", "horizon.step_years=0.25", "--set", "horizon.end_year=2075"}
	// A sweep runs at n and 2n runs: its throughput is the n extra runs
	// over the extra time, which leaves out the process start and the
	// base scenario's solve.
	sweep := func(size int) map[string][]string {
		return map[string][]string{
			"sweep_mc":   {"sweep", "--quiet", "--samples", strconv.Itoa(size), "--seed", "1", "--workers", "1"},
			"sweep_grid": {"sweep", "--quiet", "--vary", "launch.payload_t=100:200:" + strconv.Itoa(size), "--workers", "1"},
		}
	}
	cases := []struct {
		key, desc string
		argv      []string
		runs      int
		target    *Target
	}{
		{"sweep_mc", "one-worker Monte Carlo sweep, warm throughput ÷ cold", sweep(n)["sweep_mc"], n,
			&Target{Op: ">=", Limit: 3, Source: "issue 13"}},
		{"sweep_grid", "one-worker one-parameter grid sweep, warm throughput ÷ cold", sweep(n)["sweep_grid"], n,
			&Target{Op: ">=", Limit: 3, Source: "issue 13"}},
		{"limits_year", "`limits --year 2030` process, cold ÷ warm",
			[]string{"limits", "--year", "2030", "--quiet"}, 0, &Target{Op: ">=", Limit: 2, Source: "issue 13 (warm ≤ 0.5 × cold)"}},
		{"timeline", "`limits --years 2026-2040` process, cold ÷ warm",
			[]string{"limits", "--years", "2026-2040", "--quiet"}, 0, &Target{Op: ">=", Limit: 2, Source: "issue 13 (warm ≤ 0.5 × cold)"}},
	}
	// Nine rounds: a sweep case is the difference of two processes, which
	// on a shared machine varies by ±10% from round to round.
	w := &Warm{Rounds: e.reps(9, 3)}
	r.Warm = w
	var tools []tool
	addTools := func(key string, args []string) {
		argv := append([]string{e.teraplan}, args...)
		tools = append(tools,
			tool{key + "/warm", "teraplan " + strings.Join(args, " "), argv},
			tool{key + "/cold", "teraplan " + strings.Join(args, " ") + " --cold", append(append([]string(nil), argv...), "--cold")})
	}
	for _, c := range cases {
		addTools(c.key, c.argv)
		if c.runs > 0 {
			addTools(c.key+"/2n", sweep(2 * n)[c.key])
		}
	}
	e.logf("warm: %d interleaved rounds of %d commands, warm and cold", w.Rounds, len(tools)/2)
	s, err := interleave(tools, w.Rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	add := func(key, desc, cmd string, runs int, warm, cold []float64, target *Target) {
		c := WarmCase{Key: key, Command: cmd, Runs: runs, WarmS: median(warm), ColdS: median(cold), ColdOverWarm: pairedRatio(cold, warm)}
		w.Cases = append(w.Cases, c)
		r.metric(Metric{Name: "warm." + key, Desc: desc, Value: c.ColdOverWarm, Unit: "×", Better: "higher", Tol: 0.5, Target: target})
	}
	extra := func(big, small []float64) []float64 {
		d := make([]float64, min(len(big), len(small)))
		for i := range d {
			d[i] = big[i] - small[i]
		}
		return d
	}
	for _, c := range cases {
		warm, cold := s[c.key+"/warm"].Wall, s[c.key+"/cold"].Wall
		cmd := "teraplan " + strings.Join(c.argv, " ")
		if c.runs > 0 {
			warm = extra(s[c.key+"/2n/warm"].Wall, warm)
			cold = extra(s[c.key+"/2n/cold"].Wall, cold)
		}
		add(c.key, c.desc, cmd, c.runs, warm, cold, c.target)
	}
	// The quarterly 2026–2075 model: 200 periods, about 250 limits each
	// re-solved ±10%; the cold process takes minutes, so few rounds.
	w.QuarterlyRounds = e.reps(2, 1)
	// TERAPLAN_BENCH_QUARTERLY_ROUNDS overrides the count; 0 leaves the
	// case out (its cold process alone can take an hour).
	if v, ok := os.LookupEnv("TERAPLAN_BENCH_QUARTERLY_ROUNDS"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("TERAPLAN_BENCH_QUARTERLY_ROUNDS=%q: want a whole number ≥ 0", v)
		}
		w.QuarterlyRounds = n
	}
	if w.QuarterlyRounds == 0 {
		r.Notes = append(r.Notes, "warm re-solves: the quarterly 2026–2075 limits case was left out (TERAPLAN_BENCH_QUARTERLY_ROUNDS=0)")
		e.logf("warm: quarterly limits left out")
		return nil
	}
	qargv := append([]string{"limits", "--year", "2050", "--quiet"}, quarterly...)
	argv := append([]string{e.teraplan}, qargv...)
	var warm, cold []float64
	e.logf("warm: quarterly limits --year 2050, %d round(s)", w.QuarterlyRounds)
	for range w.QuarterlyRounds {
		p, err := run(argv)
		if err != nil {
			return err
		}
		warm = append(warm, p.Wall.Seconds())
		p, err = run(append(append([]string(nil), argv...), "--cold"))
		if err != nil {
			return err
		}
		cold = append(cold, p.Wall.Seconds())
	}
	add("limits_quarterly", "quarterly 2026–2075 `limits --year 2050` process, cold ÷ warm", "teraplan "+strings.Join(qargv, " "),
		0, warm, cold, &Target{Op: ">=", Limit: 3, Source: "issue 13"})
	return nil
}

func warmMarkdown(w *Warm) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## 6. Warm re-solves\n\nEach command as it runs by default (re-solves start from a saved optimal basis) and with `--cold`, "+
		"%d interleaved rounds (the quarterly case %d); whole processes. For a sweep (one worker) the times are those of the runs "+
		"added by doubling it, which leaves out the process start and the base scenario's solve, and the ratio is warm throughput "+
		"÷ cold.\n\n", w.Rounds, w.QuarterlyRounds)
	b.WriteString("| command | warm (ms) | cold (ms) | cold ÷ warm |\n|---|---|---|---|\n")
	for _, c := range w.Cases {
		note := ""
		if c.Runs > 0 {
			note = fmt.Sprintf(" (the %d runs added by doubling it)", c.Runs)
		}
		fmt.Fprintf(&b, "| `%s`%s | %s | %s | %s |\n", c.Command, note, ms(c.WarmS), ms(c.ColdS), ratio(c.ColdOverWarm))
	}
	b.WriteString("\n")
	return b.String()
}
