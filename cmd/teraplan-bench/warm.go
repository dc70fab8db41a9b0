package main

import (
	"fmt"
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
	cases := []struct {
		key, desc string
		argv      []string
		runs      int
		target    *Target
	}{
		{"sweep_mc", "one-worker Monte Carlo sweep, warm throughput ÷ cold",
			[]string{"sweep", "--quiet", "--samples", strconv.Itoa(n), "--seed", "1", "--workers", "1"}, n,
			&Target{Op: ">=", Limit: 3, Source: "issue 13"}},
		{"sweep_grid", "one-worker one-parameter grid sweep, warm throughput ÷ cold",
			[]string{"sweep", "--quiet", "--vary", "launch.payload_t=100:200:" + strconv.Itoa(n), "--workers", "1"}, n,
			&Target{Op: ">=", Limit: 3, Source: "issue 13"}},
		{"limits_year", "`limits --year 2030` process, cold ÷ warm",
			[]string{"limits", "--year", "2030", "--quiet"}, 0, &Target{Op: ">=", Limit: 2, Source: "issue 13 (warm ≤ 0.5 × cold)"}},
		{"timeline", "`limits --years 2026-2040` process, cold ÷ warm",
			[]string{"limits", "--years", "2026-2040", "--quiet"}, 0, &Target{Op: ">=", Limit: 2, Source: "issue 13 (warm ≤ 0.5 × cold)"}},
	}
	w := &Warm{Rounds: e.reps(5, 3)}
	r.Warm = w
	var tools []tool
	for _, c := range cases {
		argv := append([]string{e.teraplan}, c.argv...)
		tools = append(tools,
			tool{c.key + "/warm", "teraplan " + strings.Join(c.argv, " "), argv},
			tool{c.key + "/cold", "teraplan " + strings.Join(c.argv, " ") + " --cold", append(append([]string(nil), argv...), "--cold")})
	}
	e.logf("warm: %d interleaved rounds of %d commands, warm and cold", w.Rounds, len(cases))
	s, err := interleave(tools, w.Rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	add := func(key, desc, cmd string, runs int, warm, cold []float64, target *Target) {
		c := WarmCase{Key: key, Command: cmd, Runs: runs, WarmS: median(warm), ColdS: median(cold), ColdOverWarm: pairedRatio(cold, warm)}
		w.Cases = append(w.Cases, c)
		r.metric(Metric{Name: "warm." + key, Desc: desc, Value: c.ColdOverWarm, Unit: "×", Better: "higher", Tol: 0.5, Target: target})
	}
	for _, c := range cases {
		add(c.key, c.desc, "teraplan "+strings.Join(c.argv, " "), c.runs, s[c.key+"/warm"].Wall, s[c.key+"/cold"].Wall, c.target)
	}
	// The quarterly 2026–2075 model: 200 periods, about 250 limits each
	// re-solved ±10%; the cold process takes minutes, so few rounds.
	w.QuarterlyRounds = e.reps(2, 1)
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
	fmt.Fprintf(&b, "## 6. Warm re-solves\n\nEach command as it runs by default (re-solves start from the previous basis) and with `--cold`, "+
		"%d interleaved rounds (the quarterly case %d); whole processes. For a sweep the ratio is warm throughput ÷ cold "+
		"(one worker, so per worker).\n\n", w.Rounds, w.QuarterlyRounds)
	b.WriteString("| command | warm (ms) | cold (ms) | cold ÷ warm |\n|---|---|---|---|\n")
	for _, c := range w.Cases {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Command, ms(c.WarmS), ms(c.ColdS), ratio(c.ColdOverWarm))
	}
	b.WriteString("\n")
	return b.String()
}
