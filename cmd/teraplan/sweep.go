package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
	"teraplan/plans/chart"
	"teraplan/plans/sweep"
)

type sweepOptions struct {
	scenarioFlags
	Vary         []string
	Tornado      bool
	Params       []string
	Pct          float64
	Samples      int
	Seed         uint64
	Metrics      []string
	Out          string
	Resume       bool
	Workers      int
	Shard        string
	Shards       int
	Summary      string
	TornadoChart string
	DistChart    string
	Yes          bool
	MaxRuns      int
}

// Sweep size guards. A sweep of more than sweepWarnRuns runs is announced
// with a warning; one of more than --max-runs (default sweepMaxRuns) is
// refused unless --yes; and one of more than sweepTerminalRuns is not
// streamed to a terminal (a million lines scroll by for hours).
const (
	sweepWarnRuns     = 10_000
	sweepMaxRuns      = 100_000
	sweepTerminalRuns = 1_000
)

// newSweepCmd is `teraplan sweep`: many plans at once — a grid, a tornado
// or a Monte Carlo — streamed one line per run, sharded across a cluster
// and resumable.
func newSweepCmd(app *App) *cobra.Command {
	opts := &sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep (--vary K=A:B:N... | --tornado | --samples N)",
		Short: "Run many plans: grids, tornados and Monte Carlo, sharded and resumable",
		Long: `sweep solves many variants of a scenario and writes one line per finished run
(JSON Lines, or CSV for --out *.csv or --format csv), as runs finish:

  --vary key=from:to:steps   steps values from..to (repeat for a grid); a bare
                             number is in the key's canonical unit, a unit may
                             follow (100t:300t:3), and x0.5:x2:4 scales the
                             parameter's trajectory instead of replacing it
  --tornado [--pct 20]       each parameter (--params, default every one that
                             can be scaled) at -pct% and +pct%, one at a time
  --samples N --seed S       Monte Carlo from the dist: declared in the scenario

Each line holds the run's id, its overrides as applied, status, objective and
the --metrics chosen (default: total cost, compute and shortfall by year, and
the top bottleneck by year). Run ids depend only on the sweep, so shards and
resumes agree. --resume continues a file: the runs already in it are skipped
and a partial last line (a killed sweep) is cut away; a Monte Carlo resumed
with more --samples is extended (sample i is the same draw at any size). Ctrl-C stops
dispatching, keeps the finished runs and exits 130.

Runs solve in parallel, --workers at a time (default one per CPU). --shard i/n takes the runs whose index is i mod n; on
a Slurm job array or a Kubernetes Indexed Job the shard comes from
SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX with
--shards N. Join shard files with 'teraplan sweep merge'.

At the end a summary goes to stderr (and as JSON to --summary FILE): the 5th,
50th and 95th percentiles of the objective and of compute in --year (default
the last), the parameters that matter most (Spearman rank correlation with
the objective, or a tornado's swing) and the top bottlenecks in --year.`,
		Example: `  teraplan sweep --vary launch.cost_usd_per_kg=100:2000:5 --vary space.attrition_per_year=0:0.1:3 --out grid.jsonl
  teraplan sweep --tornado --pct 20 --mode max-compute --year 2030 --summary tornado.json
  teraplan sweep --samples 1000 --seed 7 --out mc.csv --resume
  teraplan sweep --samples 10000 --shard 3/8 --out mc-3.jsonl --resume
  teraplan sweep merge --out mc.jsonl mc-*.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSweep(cmd, app, opts) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	fl := cmd.Flags()
	fl.Lookup("year").Usage = "max-compute: the `YEAR` maximised; the summary's year for compute (default: the last)"
	fl.StringArrayVar(&opts.Vary, "vary", nil, "vary a parameter, `key=from:to:steps` (repeatable: a grid), e.g. launch.cost_usd_per_kg=100:2000:5")
	fl.BoolVar(&opts.Tornado, "tornado", false, "one parameter at a time, low and high (see --pct, --params)")
	fl.StringSliceVar(&opts.Params, "params", nil, "tornado: the `KEYS` to vary (default: every parameter that can be scaled)")
	fl.Float64Var(&opts.Pct, "pct", 20, "tornado: low and high are ±`PCT`% of each parameter")
	fl.IntVar(&opts.Samples, "samples", 0, "Monte Carlo: `N` samples from the scenario's dist: declarations")
	fl.Uint64Var(&opts.Seed, "seed", 1, "Monte Carlo: the random `SEED`; sample i draws from the stream (seed, i)")
	fl.StringSliceVar(&opts.Metrics, "metrics", sweep.DefaultMetrics, "what each run records besides its objective: `NAMES` from "+
		strings.Join(sweep.AllMetrics(), ", ")+", or default, all")
	fl.StringVar(&opts.Out, "out", "", "write runs to `FILE` (.csv: CSV, else JSON Lines) instead of stdout")
	fl.BoolVar(&opts.Resume, "resume", false, "continue --out: skip the runs already in it, cut a partial last line")
	fl.IntVar(&opts.Workers, "workers", 0, "solve `N` runs in parallel (0: one per CPU)")
	fl.StringVar(&opts.Shard, "shard", "", "run only shard `i/n`: the runs whose index is i mod n (0 <= i < n)")
	fl.IntVar(&opts.Shards, "shards", 0, "the number of shards `N` when the shard index comes from JOB_COMPLETION_INDEX")
	fl.StringVar(&opts.Summary, "summary", "", "also write the summary as JSON to `FILE`")
	fl.StringVar(&opts.TornadoChart, "tornado-chart", "", "tornado: draw the objective's swings to `FILE` (.svg or .png)")
	fl.StringVar(&opts.DistChart, "dist-chart", "", "draw the distribution of compute in --year to `FILE` (.svg or .png)")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "run a sweep however large (no --max-runs check)")
	fl.IntVar(&opts.MaxRuns, "max-runs", sweepMaxRuns, "refuse a sweep of more than `N` runs (this shard's) unless --yes")
	for _, name := range []string{"vary", "out", "resume", "shard", "summary", "tornado-chart", "dist-chart", "params", "samples", "tornado", "yes"} {
		noConfig(fl, name)
	}
	_ = cmd.RegisterFlagCompletionFunc("vary", completeAssignment(false))
	_ = cmd.RegisterFlagCompletionFunc("params", completeList(func() []string { return paramKeys(false) }))
	_ = cmd.RegisterFlagCompletionFunc("metrics", completeList(func() []string {
		return append(sweep.AllMetrics(), "default", "all")
	}))
	cmd.AddCommand(newSweepMergeCmd(app))
	return cmd
}

func runSweep(cmd *cobra.Command, app *App, opts *sweepOptions) error {
	// Each run allocates about 0.5 MB and keeps none of it: at the default
	// GC target the collector runs some 60 times a second with two
	// workers, and its pauses, preemption signals and wake-ups cost them;
	// with one worker it has the other core to itself. 300 runs on two
	// workers took 1.08 s at GOGC 400 against 1.18 s at the default (one
	// worker: 1.89 s against 1.92 s; medians of 12 and 8 interleaved
	// runs). The heap stays small (peak RSS about 45 MB), since HiGHS's
	// memory is freed after each solve, not by the collector. GOGC in the
	// environment still wins.
	if app.Env("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	kinds := 0
	spec := sweep.Spec{Params: opts.Params, Pct: opts.Pct, Samples: opts.Samples, Seed: opts.Seed, Metrics: opts.Metrics}
	if len(opts.Vary) > 0 {
		kinds++
		spec.Kind = sweep.Grid
	}
	if opts.Tornado {
		kinds++
		spec.Kind = sweep.Tornado
	}
	if cmd.Flags().Changed("samples") {
		kinds++
		spec.Kind = sweep.MonteCarlo
	}
	if kinds != 1 {
		return usageErrorf("give exactly one of --vary (a grid), --tornado or --samples (Monte Carlo)")
	}
	if opts.Params != nil && !opts.Tornado {
		return usageErrorf("--params is for --tornado")
	}
	if opts.Workers < 0 {
		return usageErrorf("--workers must be >= 0")
	}
	if opts.Resume && (opts.Out == "" || opts.Out == "-") {
		return usageErrorf("--resume needs --out FILE")
	}
	if opts.TornadoChart != "" && !opts.Tornado {
		return usageErrorf("--tornado-chart is for --tornado")
	}
	if opts.MaxRuns < 1 {
		return usageErrorf("--max-runs must be >= 1")
	}
	for _, o := range []struct{ flag, path string }{
		{"--out", opts.Out}, {"--summary", opts.Summary}, {"--tornado-chart", opts.TornadoChart}, {"--dist-chart", opts.DistChart},
	} {
		if err := checkOutPath(o.flag, o.path); err != nil {
			return err
		}
	}
	for _, v := range opts.Vary {
		p, err := sweep.ParseVary(v)
		if err != nil {
			return &UsageError{Err: err}
		}
		spec.Vary = append(spec.Vary, p)
	}
	s, err := opts.load()
	if err != nil {
		return err
	}
	if spec.Plan, err = opts.options(); err != nil {
		return err
	}
	sw, err := sweep.New(s, spec)
	if err != nil {
		return &UsageError{Err: err}
	}
	years := sw.Years()
	year := years[len(years)-1]
	if opts.Year != 0 {
		found := false
		for _, y := range years {
			found = found || y == opts.Year
		}
		if !found {
			return usageErrorf("--year %v is not a period of the horizon %v-%v", opts.Year, years[0], years[len(years)-1])
		}
		year = opts.Year
	}
	shard, err := opts.shard(app)
	if err != nil {
		return err
	}
	format, err := runFormat(app, opts.Out)
	if err != nil {
		return err
	}
	for _, c := range []string{opts.TornadoChart, opts.DistChart} {
		if c != "" {
			if _, err := chart.FormatOf(c); err != nil {
				return &UsageError{Err: err}
			}
		}
	}

	if err := opts.checkSize(app, shard.Size(sw.Total())); err != nil {
		return err
	}

	acc := sweep.NewAccumulator(plans.Label(year))
	var w *sweep.Writer
	ex := &sweep.Existing{}
	if opts.Out == "" || opts.Out == "-" {
		if w, err = sweep.NewStreamWriter(app.IO.Out, sw, format); err != nil {
			return err
		}
	} else {
		// Nothing has run yet: a file that cannot be opened, is locked by
		// another sweep or belongs to one is the caller's to fix.
		if w, ex, err = sweep.Open(opts.Out, sw, format, opts.Resume, acc.Add); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return usageErrorf("--out %s: %w", opts.Out, pathErrCause(err))
			}
			return &UsageError{Err: err}
		}
		if ex.Truncated > 0 {
			app.Notef("%s: cut a partial last line (%d bytes) left by an interrupted sweep", opts.Out, ex.Truncated)
		}
		if ex.Extends > 0 {
			app.Notef("%s: extending its Monte Carlo of %d samples to %d", opts.Out, ex.Extends, sw.Total())
		}
	}
	for _, k := range sw.Skipped() {
		app.Notef("tornado: skipped %s", k)
	}
	pending := 0
	for i := 0; i < sw.Total(); i++ {
		if shard.Has(i) && (ex.Done == nil || !ex.Done[i]) {
			pending++
		}
	}
	note := fmt.Sprintf("sweep %s: %s of %d runs of %s", sw.ID(), sw.Kind(), sw.Total(), runName(s.Name, opts.Sets))
	if shard.Count > 1 {
		note += fmt.Sprintf(", shard %s: %d", shard, shard.Size(sw.Total()))
	}
	if ex.Runs > 0 {
		note += fmt.Sprintf(", %d already in %s", ex.Runs, opts.Out)
	}
	app.Notef("%s; %d to run", note, pending)

	// One P more than there are workers. A worker spends nearly all its
	// time inside HiGHS, a cgo call; when every P is held by such a call,
	// Go's sysmon takes the Ps back every 20 µs and the worker must win one
	// again on return, thousands of wake-ups a second. With a P to spare it
	// leaves them be: a third fewer context switches, and 300 runs on two
	// workers took 1.045 s instead of 1.088 s (medians of ten interleaved
	// runs). GOMAXPROCS in the environment still wins.
	if workers := sweep.WorkerCount(opts.Workers); app.Env("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) <= workers {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers + 1))
	}
	bar := app.Progress(pending, "sweep")
	st, runErr := sw.Execute(cmd.Context(), sweep.ExecOptions{Workers: opts.Workers, Shard: shard, Done: ex.Done, Progress: func() { bar.Add(1) }},
		func(rec *sweep.Record) error {
			if err := w.Write(rec); err != nil {
				return fmt.Errorf("write %s: %w", displayName(opts.Out), err)
			}
			acc.Add(rec)
			return nil
		})
	bar.Finish()
	if err := w.Close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("write %s: %w", displayName(opts.Out), err)
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
			hint := "resume with --resume"
			if opts.Out == "" || opts.Out == "-" {
				hint = "write to a file with --out FILE to be able to resume with --resume"
			}
			return fmt.Errorf("interrupted: %d of %d runs written (%d of this shard left); %s (%w)", st.Emitted, st.Planned, st.Planned-st.Emitted, hint, runErr)
		}
		return runErr
	}
	if opts.Out != "" && opts.Out != "-" {
		app.Notef("wrote %d runs to %s", st.Emitted, opts.Out)
	}
	if st.Failed > 0 {
		app.Notef("%d runs found no plan: see their status and error", st.Failed)
	}
	if st.Piloted {
		app.Notef("runs far from the base's basis began %s (the cheapest way on %d of the sweep's runs)", farWay(st.Far), sweep.PilotRuns)
	}
	if st.NearPiloted {
		why := "Dantzig's rule took no fewer iterations"
		if st.Near == lp.NearDantzig {
			why = "fewer iterations than Devex"
		}
		app.Notef("runs near the base's basis were priced by %s (%s on %d of the sweep's runs)", nearWay(st.Near), why, sweep.PilotRuns)
	}
	sum := acc.Summary()
	if err := finishSummary(app, opts.Summary, sum, acc.Period()); err != nil {
		return err
	}
	if opts.TornadoChart != "" {
		if err := writeTornadoChart(opts.TornadoChart, sum, runName(s.Name, opts.Sets), spec.Plan.Mode); err != nil {
			return err
		}
		app.Notef("wrote %s", opts.TornadoChart)
	}
	if opts.DistChart != "" {
		if err := writeDistChart(app, opts.DistChart, acc.ComputeGW(), acc.Period(), runName(s.Name, opts.Sets), spec.Plan.Mode == constraints.MinCost); err != nil {
			return err
		}
		app.Notef("wrote %s", opts.DistChart)
	}
	return nil
}

// checkSize applies the sweep size guards to a sweep of runs runs (this
// shard's), before anything is opened or solved.
func (opts *sweepOptions) checkSize(app *App, runs int) error {
	toStdout := opts.Out == "" || opts.Out == "-"
	switch {
	case opts.Yes:
	case runs > opts.MaxRuns:
		return usageErrorf("this sweep has %s runs, more than --max-runs %s: say --yes to run it anyway, raise --max-runs, "+
			"use fewer --vary steps or --samples, or split it with --shard i/n", groupDigits(runs), groupDigits(opts.MaxRuns))
	case toStdout && app.IO.OutIsTerminal && runs > sweepTerminalRuns:
		return usageErrorf("this sweep has %s runs, too many lines for a terminal: write them to a file with --out FILE, "+
			"pipe them, or say --yes", groupDigits(runs))
	}
	if runs > sweepWarnRuns {
		app.Warnf("this sweep has %s runs", groupDigits(runs))
	}
	return nil
}

// groupDigits writes n with thousands separators: 1000000 is "1,000,000".
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func displayName(out string) string {
	if out == "" || out == "-" {
		return "stdout"
	}
	return out
}

// shard is --shard, else the cluster's array index, else the whole sweep.
func (opts *sweepOptions) shard(app *App) (sweep.Shard, error) {
	if opts.Shards < 0 {
		return sweep.Shard{}, usageErrorf("--shards must be >= 0")
	}
	if opts.Shard != "" {
		sh, err := sweep.ParseShard(opts.Shard)
		if err != nil {
			return sweep.Shard{}, &UsageError{Err: err}
		}
		return sh, nil
	}
	sh, source, ok, err := sweep.ShardFromEnv(app.Env, opts.Shards)
	if err != nil {
		return sweep.Shard{}, &UsageError{Err: err}
	}
	if ok {
		app.Notef("shard %s from %s", sh, source)
		return sh, nil
	}
	if opts.Shards > 1 {
		return sweep.Shard{}, usageErrorf("--shards %d needs a shard index: --shard i/n, or JOB_COMPLETION_INDEX", opts.Shards)
	}
	return sweep.Shard{}, nil
}

// runFormat is CSV for --out *.csv or --format csv, else JSON Lines.
func runFormat(app *App, out string) (sweep.Format, error) {
	byName := out != "" && out != "-" && sweep.FormatFor(out) == sweep.CSV
	switch {
	case app.Opts.Format == FormatCSV || byName:
		if app.Opts.Format == FormatJSON {
			return 0, usageErrorf("--format json but --out %s is a .csv file", out)
		}
		return sweep.CSV, nil
	}
	return sweep.JSONL, nil
}

// finishSummary writes the summary to path as JSON, if asked, and to
// stderr as a table unless --quiet.
func finishSummary(app *App, path string, sum *sweep.Summary, period string) error {
	if path != "" {
		if err := WriteFileAtomic(path, func(w io.Writer) error { return writeJSON(w, sum) }); err != nil {
			return err
		}
		app.Notef("wrote %s", path)
	}
	if !app.Opts.Quiet {
		writeSummary(app.IO.Err, sum, period)
	}
	return nil
}

// writeSummary prints the summary for people, its year named period
// ("2030", "2030 Q4").
func writeSummary(w io.Writer, s *sweep.Summary, period string) {
	fmt.Fprintf(w, "\nsweep %s: %d runs, %d with a plan, %d without\n", s.Sweep, s.Runs, s.OK, s.Failed)
	rows := [][]string{{"", "n", "min", "p5", "p50", "p95", "max", "mean"}}
	add := func(name string, d *sweep.Spread) {
		if d != nil {
			rows = append(rows, []string{name, fmt.Sprint(d.N), num(d.Min), num(d.P5), num(d.P50), num(d.P95), num(d.Max), num(d.Mean)})
		}
	}
	add("objective", s.Objective)
	add("compute "+period+" (GW)", s.ComputeGW)
	if len(rows) > 1 {
		fmt.Fprintln(w)
		writeGrid(w, rows)
	}
	if len(s.Sensitivity) > 0 {
		fmt.Fprintf(w, "\nWhat matters most (Spearman rank correlation)\n")
		rows := [][]string{{"override", "objective", "compute " + period}}
		for _, x := range s.Sensitivity[:min(len(s.Sensitivity), 10)] {
			rows = append(rows, []string{x.Override, optRho(x.SpearmanObjective), optRho(x.SpearmanCompute)})
		}
		writeGrid(w, rows)
	}
	if len(s.Tornado) > 0 {
		fmt.Fprintf(w, "\nTornado: swing from low to high")
		if s.Base != nil {
			fmt.Fprintf(w, " (base: objective %s", num(s.Base.Objective))
			if s.Base.ComputeGW != nil {
				fmt.Fprintf(w, ", compute %s GW", num(*s.Base.ComputeGW))
			}
			fmt.Fprintf(w, ")")
		}
		fmt.Fprintln(w)
		rows := [][]string{{"parameter", "obj. low", "obj. high", "swing", "compute low", "compute high", "swing"}}
		for _, x := range s.Tornado[:min(len(s.Tornado), 15)] {
			rows = append(rows, []string{x.Param, optNum(x.ObjectiveLow), optNum(x.ObjectiveHigh), optNum(x.Swing),
				optNum(x.ComputeLow), optNum(x.ComputeHigh), optNum(x.ComputeSwing)})
		}
		writeGrid(w, rows)
		if len(s.Tornado) > 15 {
			fmt.Fprintf(w, "… %d more in --summary FILE\n", len(s.Tornado)-15)
		}
	}
	if len(s.Bottlenecks) > 0 {
		var parts []string
		for _, b := range s.Bottlenecks[:min(len(s.Bottlenecks), 5)] {
			parts = append(parts, fmt.Sprintf("%s %.0f%%", b.Family, 100*b.Share))
		}
		fmt.Fprintf(w, "\nTop bottleneck in %s: %s\n", period, strings.Join(parts, ", "))
	}
}

func optRho(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%+.2f", *p)
}

// writeTornadoChart draws the objective's swings; what names the run
// (scenario and overrides), mode sets the objective's unit.
func writeTornadoChart(path string, s *sweep.Summary, what string, mode constraints.Mode) error {
	format, _ := chart.FormatOf(path)
	if s.Base == nil {
		return fmt.Errorf("%s: the tornado has no base run to draw around", path)
	}
	var bars []chart.Bar
	for _, x := range s.Tornado {
		if x.ObjectiveLow != nil && x.ObjectiveHigh != nil {
			bars = append(bars, chart.Bar{Name: x.Param, Low: *x.ObjectiveLow, High: *x.ObjectiveHigh, Base: s.Base.Objective})
		}
	}
	bars = bars[:min(len(bars), 20)]
	unit := "$B"
	if mode == constraints.MaxCompute {
		unit = "GW"
	}
	t := chart.Titles{Title: "Tornado of the " + mode.String() + " objective\n" + what, Metric: "objective (" + unit + ")", Unit: unit}
	return WriteFileAtomic(path, func(w io.Writer) error {
		return chart.Tornado(w, chart.Output{Format: format}, bars, t)
	})
}

// writeDistChart draws the distribution of compute in year; what names
// the run (scenario and overrides, or the sweep). minCost says
// the runs were min-cost plans, whose compute is the target wherever the
// target is met: a chart of one bar then says so, on stderr too.
func writeDistChart(app *App, path string, compute []float64, year, what string, minCost bool) error {
	format, _ := chart.FormatOf(path)
	t := chart.Titles{Title: "Compute in " + year + " over the sweep's runs, " + what, Metric: "compute in " + year + " (GW)", Unit: "GW"}
	if v, ok := allEqual(compute); ok {
		why := "no run moves it"
		if minCost {
			why = "min-cost plans build exactly target.compute_gw"
			app.Notef("note: compute in %s is %s GW in every run: min-cost plans build exactly the target; "+
				"--mode max-compute --year %s shows how far the varied parameters move it", year, num(v), year)
		} else {
			app.Notef("note: compute in %s is %s GW in every run: none of the varied parameters moves it", year, num(v))
		}
		t.Why = why
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		return chart.Distribution(w, chart.Output{Format: format}, compute, 0, t)
	})
}

// allEqual reports whether xs holds at least one number and all its
// numbers (NaNs left out) are equal, and the value.
func allEqual(xs []float64) (float64, bool) {
	var v float64
	n := 0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		if n > 0 && x != v {
			return 0, false
		}
		v = x
		n++
	}
	return v, n > 0
}

type sweepMergeOptions struct {
	Out          string
	AllowMissing bool
	Summary      string
	Year         string
	DistChart    string
}

// newSweepMergeCmd is `teraplan sweep merge`: shard files into one.
func newSweepMergeCmd(app *App) *cobra.Command {
	opts := &sweepMergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge FILE...",
		Short: "Join sweep shard files into one, sorted by run id, checking for missing and duplicated runs",
		Long: `merge reads the files written by the shards of one sweep (all JSON Lines or
all CSV) and writes their runs sorted by run id to --out (default stdout).
Every record names its sweep and how many runs it has, so merge checks that
the files belong together and that no run is missing (an error unless
--allow-missing). A run found twice with identical lines is written once,
with a warning; two different records for one run are an error. A partial
last line (a shard killed mid-write) is ignored with a warning.`,
		Example: `  teraplan sweep merge --out mc.jsonl mc-*.jsonl
  teraplan sweep merge --summary summary.json --dist-chart compute.svg shard-*.csv > all.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runSweepMerge(app, opts, args) },
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Out, "out", "", "write the merged runs to `FILE` (atomically) instead of stdout")
	fl.BoolVar(&opts.AllowMissing, "allow-missing", false, "write the merged file even if runs are missing")
	fl.StringVar(&opts.Summary, "summary", "", "also write the summary of the merged runs as JSON to `FILE`")
	fl.StringVar(&opts.Year, "year", "", "the `YEAR` whose compute the summary describes (default: the last)")
	fl.StringVar(&opts.DistChart, "dist-chart", "", "draw the distribution of compute in --year to `FILE` (.svg or .png)")
	for _, name := range []string{"out", "allow-missing", "summary", "year", "dist-chart"} {
		noConfig(fl, name)
	}
	return cmd
}

func runSweepMerge(app *App, opts *sweepMergeOptions, files []string) error {
	in := sweep.FormatFor(files[0])
	if opts.Out != "" && opts.Out != "-" && sweep.FormatFor(opts.Out) != in {
		return usageErrorf("--out %s is %s but the shard files are %s", opts.Out, sweep.FormatFor(opts.Out), in)
	}
	for _, o := range []struct{ flag, path string }{{"--out", opts.Out}, {"--summary", opts.Summary}, {"--dist-chart", opts.DistChart}} {
		if err := checkOutPath(o.flag, o.path); err != nil {
			return err
		}
	}
	if opts.DistChart != "" {
		if _, err := chart.FormatOf(opts.DistChart); err != nil {
			return &UsageError{Err: err}
		}
	}
	acc := sweep.NewAccumulator(opts.Year)
	mo := sweep.MergeOptions{AllowMissing: opts.AllowMissing, Seen: acc.Add}
	var rep *sweep.MergeReport
	// Merge's errors are about its input files (unreadable, malformed,
	// from different sweeps, runs missing: exit 2), except a failure to
	// write the output, which out records.
	var out *recordingWriter
	merge := func(w io.Writer) error {
		var err error
		out = &recordingWriter{w: w}
		rep, err = sweep.Merge(out, files, mo)
		return err
	}
	var err error
	if opts.Out == "" || opts.Out == "-" {
		err = merge(app.IO.Out)
	} else {
		err = WriteFileAtomic(opts.Out, merge)
	}
	if rep != nil {
		for _, wn := range rep.Warnings {
			app.Notef("warning: %s", wn)
		}
	}
	if err != nil {
		var usage *UsageError
		if errors.As(err, &usage) || (out != nil && out.err != nil) {
			return err
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return usageErrorf("cannot read %s: %w", pe.Path, pe.Err)
		}
		return &UsageError{Err: err}
	}
	if rep.MissingCount > 0 {
		app.Notef("warning: %d of %d runs are missing (--allow-missing)", rep.MissingCount, rep.Total)
	}
	if opts.Out != "" && opts.Out != "-" {
		app.Notef("merged %d runs of sweep %s from %d files into %s", rep.Runs, rep.Sweep, len(files), opts.Out)
	}
	sum := acc.Summary()
	if err := finishSummary(app, opts.Summary, sum, acc.Period()); err != nil {
		return err
	}
	if opts.DistChart != "" {
		if err := writeDistChart(app, opts.DistChart, acc.ComputeGW(), acc.Period(), "sweep "+sum.Sweep, false); err != nil {
			return err
		}
		app.Notef("wrote %s", opts.DistChart)
	}
	return nil
}

// recordingWriter remembers the first error of the writer it wraps, so an
// error can be told apart as the output's rather than the input's.
type recordingWriter struct {
	w   io.Writer
	err error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// nearWay says how runs near the base's basis were priced, for a note.
func nearWay(n lp.NearStart) string {
	if n == lp.NearDantzig {
		return "Dantzig's rule"
	}
	return "Devex"
}

// farWay says how a far run began, for a note.
func farWay(f lp.FarStart) string {
	switch f {
	case lp.FarDantzig:
		return "from it, priced by Dantzig's rule"
	case lp.FarCold:
		return "cold, with presolve"
	}
	return "from it, priced by steepest edge"
}
