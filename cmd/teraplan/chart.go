package main

import (
	"io"
	"math"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"teraplan/plans"
	"teraplan/plans/chart"
)

// chartKinds are the charts `teraplan chart` draws from a solved plan.
var chartKinds = []string{"compute", "flops", "power", "launch", "accelerators", "bottlenecks", "levelized", "regions"}

// sweepChartKinds are drawn from sweep results, not from one plan.
var sweepChartKinds = []string{"tornado", "distribution"}

type chartOptions struct {
	scenarioFlags
	Out           string
	As            string
	Width, Height float64
	Years         string
}

// newChartCmd is `teraplan chart KIND`: one chart of the scenario's plan
// as SVG or PNG.
func newChartCmd(app *App) *cobra.Command {
	opts := &chartOptions{}
	cmd := &cobra.Command{
		Use:   "chart KIND",
		Short: "Draw a chart of the plan (SVG or PNG): " + strings.Join(chartKinds, ", "),
		Long: `chart solves the scenario and draws one chart of the plan:

  compute       AI compute online by site over time (stacked: Earth, orbit), with the target
  power         Earth generation for AI by source (stacked: grid, gas turbines, firm solar)
  launch        Starship launches per year; the fleet and launch pads below
  accelerators  accelerators made, installed on Earth and in orbit, stranded, unmade
  bottlenecks   the bottleneck timeline as a heat map: elasticity by limit and year
                (compute maximised in each year of --years, default the whole horizon)
  levelized     levelized cost per kW-year of AI IT power, Earth vs orbit, crossover marked
  regions       AI compute online by region (stacked), for a scenario with regions

With --region, the plan charts show that region's rows.

The format comes from the --out extension (.svg or .png) or --as; without
--out the chart goes to stdout (SVG unless --as png). The tornado and the
distribution of a metric are drawn from sweep results by 'teraplan sweep
--tornado-chart FILE' and '--dist-chart FILE'
(they share this package's chart code).`,
		Example: `  teraplan chart compute --out compute.svg
  teraplan chart levelized --set space.attrition_per_year=0 --out levelized.png
  teraplan chart bottlenecks --years 2026-2035 --out bottlenecks.png
  teraplan chart power --as png --width 10 --height 6 > power.png
  teraplan chart regions --scenario regions-2026 --out regions.svg`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: chartKinds,
		RunE:      func(cmd *cobra.Command, args []string) error { return runChart(cmd, app, opts, args[0]) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	addRegionFlag(cmd, &opts.scenarioFlags, "chart this `REGION`'s rows; with --mode max-compute, maximise its compute")
	fl := cmd.Flags()
	fl.StringVar(&opts.As, "as", "", "image `format`: svg or png (default: from the --out extension, else svg)")
	fl.Float64Var(&opts.Width, "width", 8, "width in `INCHES` (PNG at 96 dpi)")
	fl.Float64Var(&opts.Height, "height", 5, "height in `INCHES`")
	fl.StringVar(&opts.Years, "years", "", "bottlenecks: the years `A-B` (default: the whole horizon)")
	for _, f := range []string{"as", "width", "height", "years"} {
		noConfig(fl, f)
	}
	_ = cmd.RegisterFlagCompletionFunc("as", cobra.FixedCompletions([]string{chart.SVG, chart.PNG}, cobra.ShellCompDirectiveNoFileComp))
	addOutFlag(cmd, &opts.Out)
	return cmd
}

func (o *chartOptions) output() (chart.Output, error) {
	format := o.As
	if o.Out != "" && o.Out != "-" {
		ext, err := chart.FormatOf(o.Out)
		switch {
		case err != nil && format == "":
			return chart.Output{}, usageErrorf("--out %s: want a .svg or .png file, or say --as svg|png", o.Out)
		case err == nil && format != "" && format != ext:
			return chart.Output{}, usageErrorf("--as %s but --out %s is .%s", format, o.Out, ext)
		case err == nil:
			format = ext
		}
	}
	if format == "" {
		format = chart.SVG
	}
	if format != chart.SVG && format != chart.PNG {
		return chart.Output{}, usageErrorf("--as %q: want svg or png", format)
	}
	for _, v := range []float64{o.Width, o.Height} {
		if !(v >= 1 && v <= 40) || math.IsNaN(v) {
			return chart.Output{}, usageErrorf("--width and --height must be between 1 and 40 inches")
		}
	}
	return chart.Output{Format: format, Width: vg.Length(o.Width) * vg.Inch, Height: vg.Length(o.Height) * vg.Inch}, nil
}

func runChart(cmd *cobra.Command, app *App, opts *chartOptions, kind string) error {
	known := false
	for _, k := range chartKinds {
		known = known || k == kind
	}
	for _, k := range sweepChartKinds {
		if k == kind {
			return usageErrorf("the %s chart is drawn from sweep results: teraplan sweep --tornado --tornado-chart FILE, or --dist-chart FILE (see 'teraplan sweep --help')", kind)
		}
	}
	if !known {
		return usageErrorf("unknown chart %q: want one of %s", kind, strings.Join(chartKinds, ", "))
	}
	if opts.Years != "" && kind != "bottlenecks" {
		return usageErrorf("--years applies to the bottlenecks chart only")
	}
	out, err := opts.output()
	if err != nil {
		return err
	}
	if err := checkOutPath("--out", opts.Out); err != nil {
		return err
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	if kind == "regions" && len(s.Regions) == 0 {
		return usageErrorf("the regions chart needs a scenario with regions: scenario %s declares none (try --scenario regions-2026)", s.Name)
	}
	if kind != "bottlenecks" {
		opts.noteIgnoredYear(app)
	}
	v := app.versions()
	var draw func(io.Writer) error
	if kind == "bottlenecks" {
		from, to := math.Inf(-1), math.Inf(1)
		if opts.Years != "" {
			if from, to, err = parseYears(opts.Years); err != nil {
				return err
			}
		}
		bar := app.Progress(yearsBetween(s, from, to), "bottlenecks")
		lo := plans.LimitsOptions{MIP: po.MIP, Solver: po.Solver, Progress: func(done, _ int) { bar.Set(done) }}
		tl, err := plans.BuildTimeline(cmd.Context(), in, from, to, 3, 0, lo, v)
		bar.Finish()
		if err != nil {
			return solveErr(err)
		}
		if len(tl.Years) == 0 {
			return usageErrorf("--years %s selects no period of the horizon", opts.Years)
		}
		draw = func(w io.Writer) error { return chart.Bottlenecks(w, out, tl, in.Name) }
	} else {
		res, err := plans.Solve(cmd.Context(), in, po)
		if err != nil {
			return solveErr(err)
		}
		rep := res.Brief(v)
		f := map[string]func(io.Writer, chart.Output, *plans.Report) error{
			"compute": chart.Compute, "flops": chart.ComputeFLOPS, "power": chart.Power, "launch": chart.Launch,
			"accelerators": chart.Accelerators, "levelized": chart.Levelized, "regions": chart.Regions,
		}[kind]
		draw = func(w io.Writer) error { return f(w, out, rep) }
	}
	if opts.Out == "" || opts.Out == "-" {
		return draw(app.IO.Out)
	}
	if err := WriteFileAtomic(opts.Out, draw); err != nil {
		return err
	}
	app.Notef("wrote %s", opts.Out)
	return nil
}
