package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/plans"
	"teraplan/plans/chart"
	"teraplan/plans/scenario"
	"teraplan/plans/sweep"
)

type claimsOptions struct {
	scenarioFlags
	Out     string
	Samples int
	Seed    uint64
	Workers int
	Shard   string
	Runs    string
	Resume  bool
	Chart   string
	Claims  []int
}

// newClaimsCmd is `teraplan claims`: the interview's ten claims judged
// under a scenario, each from solved plans; with --samples, how likely
// each is across the futures the scenario's distributions describe.
func newClaimsCmd(app *App) *cobra.Command {
	opts := &claimsOptions{}
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "Audit the interview's ten claims under a scenario, or how likely each is",
		Long: `claims judges each claim of the interview (MODEL.md) true, false or
undetermined under the scenario, with the year and the numbers behind the
verdict. Each claim is a test, judged from solved plans (the min-cost plan, the
limits timeline, a plan with orbit pushed, a plan with no robot target), or a
consistency check, arithmetic on the scenario's own parameters; it says which
and why. Change a parameter with --set and watch verdicts flip.

With --samples N the audit runs on N futures drawn from the scenario's dist:
declarations (a Monte Carlo sweep, sample i from the random stream (seed, i)),
and reports for each claim the share of futures in which it holds, its 95%
Wilson interval, and the parameters whose rank correlates most with the
verdict. Each sample solves the audit's plans: up to 19 on the default horizon,
15 of them the limits timeline that only claims 2, 3 and 7 need; --claims
1,4,5,6,10 judges only those, in 3 to 5 plans a sample.
--runs FILE keeps each sample's verdicts and numbers as sweep records (JSON
Lines, or CSV for *.csv), --resume continues it; --shard i/n runs one shard,
and after 'teraplan sweep merge' of the shards' --runs files, the same command
with --runs MERGED --resume counts them all without solving again.`,
		Example: `  teraplan claims
  teraplan claims --set launch.cost_usd_per_kg=2026:1500,2028:50
  teraplan claims --scenario public-2026 --format json
  teraplan claims --samples 1000 --seed 7 --chart odds.svg
  teraplan claims --samples 1000 --claims 1,5,6 --format json
  teraplan claims --samples 10000 --shard 2/8 --runs odds-2.jsonl --resume`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.CheckOut(opts.Out); err != nil {
				return err
			}
			if cmd.Flags().Changed("samples") {
				return runClaimsOdds(cmd, app, opts)
			}
			for _, f := range []string{"seed", "workers", "shard", "runs", "resume", "chart"} {
				if cmd.Flags().Changed(f) {
					return usageErrorf("--%s is for --samples", f)
				}
			}
			_, in, po, err := opts.prepare()
			if err != nil {
				return err
			}
			only, err := opts.only()
			if err != nil {
				return err
			}
			rep, _, err := plans.AuditClaims(cmd.Context(), in, po, app.versions(), only)
			if err != nil {
				return solveErr(err)
			}
			return app.RenderTo(opts.Out, claimsView{rep})
		},
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, false)
	addOutFlag(cmd, &opts.Out)
	fl := cmd.Flags()
	fl.IntVar(&opts.Samples, "samples", 0, "judge the claims in `N` futures drawn from the scenario's dist: declarations")
	fl.Uint64Var(&opts.Seed, "seed", 1, "--samples: the random `SEED`; sample i draws from the stream (seed, i)")
	fl.IntVar(&opts.Workers, "workers", 0, "--samples: audit `N` samples in parallel (0: one per CPU)")
	fl.StringVar(&opts.Shard, "shard", "", "--samples: run only shard `i/n`, the samples whose index is i mod n")
	fl.StringVar(&opts.Runs, "runs", "", "--samples: write each sample's verdicts as sweep records to `FILE` (.csv: CSV, else JSON Lines)")
	fl.BoolVar(&opts.Resume, "resume", false, "--samples: continue --runs, skipping (and counting) the samples already in it")
	fl.StringVar(&opts.Chart, "chart", "", "--samples: draw each claim's probability and interval to `FILE` (.svg or .png)")
	fl.IntSliceVar(&opts.Claims, "claims", nil, "judge only the claims `IDS` (e.g. 1,5,6): fewer plans to solve, the timeline only for 2, 3 and 7")
	for _, name := range []string{"samples", "shard", "runs", "resume", "chart"} {
		noConfig(fl, name)
	}
	return cmd
}

// only is --claims: nil for all, else the ids, each checked.
func (opts *claimsOptions) only() ([]int, error) {
	if opts.Claims == nil {
		return nil, nil
	}
	for _, id := range opts.Claims {
		if id < 1 || id > plans.ClaimCount {
			return nil, usageErrorf("--claims: no claim %d (claims are 1-%d)", id, plans.ClaimCount)
		}
	}
	return opts.Claims, nil
}

// claimsMetrics are what each sample of `claims --samples` records.
var claimsMetrics = []string{sweep.MetricClaims, sweep.MetricCrossover, sweep.MetricLevelized, "compute_gw", "orbit_gw"}

func runClaimsOdds(cmd *cobra.Command, app *App, opts *claimsOptions) error {
	if opts.Workers < 0 {
		return usageErrorf("--workers must be >= 0")
	}
	if opts.Resume && opts.Runs == "" {
		return usageErrorf("--resume needs --runs FILE")
	}
	if opts.Chart != "" {
		if _, err := chart.FormatOf(opts.Chart); err != nil {
			return &UsageError{Err: err}
		}
	}
	if app.Env("GOGC") == "" { // as for sweep: many small solves, little kept
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	v := app.versions()
	only, err := opts.only()
	if err != nil {
		return err
	}
	base, _, err := plans.AuditClaims(cmd.Context(), in, po, v, only)
	if err != nil {
		return solveErr(err)
	}
	sw, err := sweep.New(s, sweep.Spec{Kind: sweep.MonteCarlo, Samples: opts.Samples, Seed: opts.Seed, Metrics: claimsMetrics, Claims: only,
		Plan: plans.Options{MIP: po.MIP, Solver: po.Solver, Cold: po.Cold}})
	if err != nil {
		return &UsageError{Err: err}
	}
	var shard sweep.Shard
	if opts.Shard != "" {
		if shard, err = sweep.ParseShard(opts.Shard); err != nil {
			return &UsageError{Err: err}
		}
	}
	acc := &sweep.ClaimsAccumulator{}
	var w *sweep.Writer
	ex := &sweep.Existing{}
	if opts.Runs != "" {
		format := sweep.FormatFor(opts.Runs)
		if w, ex, err = sweep.Open(opts.Runs, sw, format, opts.Resume, acc.Add); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return err
			}
			return &UsageError{Err: err}
		}
		if ex.Truncated > 0 {
			app.Notef("%s: cut a partial last line (%d bytes) left by an interrupted run", opts.Runs, ex.Truncated)
		}
	}
	pending := 0
	for i := 0; i < sw.Total(); i++ {
		if shard.Has(i) && (ex.Done == nil || !ex.Done[i]) {
			pending++
		}
	}
	app.Notef("claims odds %s: %d samples of %d dist: parameters, about %d plans each; %d to run", sw.ID(), sw.Total(), len(sw.OverrideKeys()), base.Solves, pending)
	if workers := sweep.WorkerCount(opts.Workers); app.Env("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) <= workers {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers + 1))
	}
	bar := app.Progress(pending, "claims")
	st, runErr := sw.Execute(cmd.Context(), sweep.ExecOptions{Workers: opts.Workers, Shard: shard, Done: ex.Done, Progress: func() { bar.Add(1) }},
		func(rec *sweep.Record) error {
			if w != nil {
				if err := w.Write(rec); err != nil {
					return fmt.Errorf("write %s: %w", opts.Runs, err)
				}
			}
			acc.Add(rec)
			return nil
		})
	bar.Finish()
	if w != nil {
		if err := w.Close(); err != nil && runErr == nil {
			runErr = fmt.Errorf("write %s: %w", opts.Runs, err)
		}
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
			hint := "keep the samples with --runs FILE to be able to resume with --resume"
			if opts.Runs != "" {
				hint = "resume with --resume"
			}
			return fmt.Errorf("interrupted: %d of %d samples done; %s (%w)", st.Emitted, st.Planned, hint, runErr)
		}
		return runErr
	}
	odds := acc.Odds(sw, base)
	if shard.Count > 1 {
		odds.Shard = shard.String()
	}
	if odds.Failed > 0 {
		app.Notef("%d samples found no plan: they carry no verdicts", odds.Failed)
	}
	if opts.Chart != "" {
		if err := writeOddsChart(opts.Chart, odds); err != nil {
			return err
		}
		app.Notef("wrote %s", opts.Chart)
	}
	return app.RenderTo(opts.Out, oddsView{odds})
}

// sampleOdds runs a claims Monte Carlo of n samples in memory (no runs
// file) with one worker per CPU: what report --samples shows.
func sampleOdds(cmd *cobra.Command, app *App, s *scenario.Scenario, base *plans.ClaimsReport, po plans.Options, n int, seed uint64) (*sweep.ClaimsOdds, error) {
	sw, err := sweep.New(s, sweep.Spec{Kind: sweep.MonteCarlo, Samples: n, Seed: seed, Metrics: []string{sweep.MetricClaims},
		Plan: plans.Options{MIP: po.MIP, Solver: po.Solver, Cold: po.Cold}})
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	acc := &sweep.ClaimsAccumulator{}
	bar := app.Progress(n, "claims")
	_, err = sw.Execute(cmd.Context(), sweep.ExecOptions{Progress: func() { bar.Add(1) }}, func(rec *sweep.Record) error {
		acc.Add(rec)
		return nil
	})
	bar.Finish()
	if err != nil {
		return nil, err
	}
	return acc.Odds(sw, base), nil
}

func writeOddsChart(path string, odds *sweep.ClaimsOdds) error {
	format, _ := chart.FormatOf(path)
	var bars []chart.Odds
	for _, c := range odds.Claims {
		if c.Probability != nil {
			bars = append(bars, chart.Odds{Name: fmt.Sprintf("%d. %s", c.ID, shortClaim(c.Claim)), Probability: *c.Probability, Low: *c.Low, High: *c.High})
		}
	}
	if len(bars) == 0 {
		return fmt.Errorf("%s: no sample decided any claim: nothing to draw", path)
	}
	title := fmt.Sprintf("How likely each claim is: %s, %d futures", odds.Scenario, odds.Runs-odds.Failed)
	return WriteFileAtomic(path, func(w io.Writer) error {
		return chart.ClaimsOdds(w, chart.Output{Format: format}, bars, title)
	})
}

// shortClaim is a claim's text up to its first comma or parenthesis.
func shortClaim(s string) string {
	if i := strings.IndexAny(s, ",(;"); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

type claimsView struct{ rep *plans.ClaimsReport }

func (v claimsView) JSON() any    { return v.rep }
func (v claimsView) Table() Table { return Table{} }

func (v claimsView) CSV() [][]string {
	out := [][]string{{"id", "kind", "verdict", "year", "claim", "why"}}
	for _, c := range v.rep.Claims {
		y := ""
		if c.Year != 0 {
			y = fnum(c.Year)
		}
		out = append(out, []string{strconv.Itoa(c.ID), c.Kind, c.Verdict, y, c.Claim, c.Why})
	}
	return out
}

func (v claimsView) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Claims audit, scenario %s\n", v.rep.Scenario)
	for _, c := range v.rep.Claims {
		fmt.Fprint(w, "\n"+wrapText(c.Claim, 100, fmt.Sprintf("%2d. %-5s  ", c.ID, c.Verdict), "           "))
		fmt.Fprint(w, wrapText(c.Why, 100, "           ", "           "))
		fmt.Fprint(w, wrapText(c.Kind+": "+c.KindWhy, 100, "           ", "           "))
	}
	return nil
}

type oddsView struct{ odds *sweep.ClaimsOdds }

func (v oddsView) JSON() any    { return v.odds }
func (v oddsView) Table() Table { return Table{} }

func optProb(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

func (v oddsView) CSV() [][]string {
	out := [][]string{{"id", "kind", "verdict_at_base", "true", "false", "undetermined", "probability", "low", "high", "driver_1", "rho_1", "driver_2", "rho_2", "driver_3", "rho_3", "claim"}}
	for _, c := range v.odds.Claims {
		row := []string{strconv.Itoa(c.ID), c.Kind, c.BaseVerdict, strconv.Itoa(c.True), strconv.Itoa(c.False), strconv.Itoa(c.Undetermined),
			optProb(c.Probability), optProb(c.Low), optProb(c.High)}
		for i := range 3 {
			if i < len(c.Drivers) {
				row = append(row, c.Drivers[i].Param, fnum(c.Drivers[i].Rho))
			} else {
				row = append(row, "", "")
			}
		}
		out = append(out, append(row, c.Claim))
	}
	return out
}

func (v oddsView) WriteText(w io.Writer) error {
	o := v.odds
	fmt.Fprintf(w, "How likely each claim is: scenario %s, %d samples (seed %d) of %d dist: parameters", o.Scenario, o.Runs, o.Seed, len(o.Params))
	if o.Shard != "" {
		fmt.Fprintf(w, ", shard %s only", o.Shard)
	}
	fmt.Fprintln(w)
	if o.Failed > 0 {
		fmt.Fprintf(w, "%d samples found no plan and are not counted\n", o.Failed)
	}
	rows := [][]string{{"#", "claim", "base", "P(true)", "95% interval", "moved most by (rank corr.)"}}
	for _, c := range o.Claims {
		p, ci := "n/a", ""
		if c.Probability != nil {
			p = fmt.Sprintf("%.3f", *c.Probability)
			ci = fmt.Sprintf("%.3f–%.3f", *c.Low, *c.High)
		}
		drivers := []string{}
		for _, d := range c.Drivers[:min(2, len(c.Drivers))] {
			drivers = append(drivers, fmt.Sprintf("%s %+.2f", strings.TrimPrefix(d.Param, sweep.ScalePrefix), d.Rho))
		}
		driver := strings.Join(drivers, ", ")
		if driver == "" {
			driver = "verdict never changes"
		}
		rows = append(rows, []string{strconv.Itoa(c.ID), truncateText(shortClaim(c.Claim), 30), c.BaseVerdict, p, ci, truncateText(driver, 45)})
	}
	fmt.Fprintln(w)
	writeGridAlign(w, rows, "rllrll")
	fmt.Fprintln(w, "\nP(true) is the share of samples with a verdict in which the claim holds (undetermined ones left out).")
	return nil
}
