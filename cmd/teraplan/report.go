package main

import (
	"errors"
	"io"
	"math"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/htmlreport"
)

type reportOptions struct {
	scenarioFlags
	HTML    string
	Samples int
	Seed    uint64
}

// newReportCmd is `teraplan report --html FILE`: the plan, its charts,
// the bottleneck timeline, the claims audit and the scenario with every
// source, as one self-contained HTML page.
func newReportCmd(app *App) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report --html FILE",
		Short: "Write the plan, charts, bottlenecks, claims and sources as one self-contained HTML file",
		Long: `report solves the scenario and writes one HTML file with the plan summary, the
charts, the bottleneck timeline (the top three limits of every year), the
claims audit, the near-optimal ranges and the scenario with every parameter's value, unit,
confidence and source. With --samples N it adds how likely each claim is
across N futures drawn from the scenario's dist: declarations (as
'teraplan claims --samples N').

It ends with the near-optimal alternatives of the default quantities (see
teraplan alternatives): their ranges among plans within 5% of the optimum.

The file is self-contained and makes no network request: styles are
inline, charts are inline SVG images (data: URIs), there are no external
fonts or scripts, and a Content-Security-Policy forbids fetching anything.
Send it by mail or open it offline.`,
		Example: `  teraplan report --html plan.html
  teraplan report --scenario public-2026 --set space.attrition_per_year=0 --html no-attrition.html
  teraplan report --samples 200 --html odds.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runReport(cmd, app, opts) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	addRegionFlag(cmd, &opts.scenarioFlags, "show this `REGION`'s rows in the summary and rank its limits in the timeline (every other region keeping its min-cost plan's compute)")
	cmd.Flags().StringVar(&opts.HTML, "html", "", "write the report to `FILE` (atomically); - for stdout")
	noConfig(cmd.Flags(), "html")
	cmd.Flags().IntVar(&opts.Samples, "samples", 0, "add how likely each claim is across `N` sampled futures")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "--samples: the random `SEED`")
	return cmd
}

func runReport(cmd *cobra.Command, app *App, opts *reportOptions) error {
	if opts.HTML == "" {
		return usageErrorf("say where to write the report: --html FILE")
	}
	if err := checkOutPath("--html", opts.HTML); err != nil {
		return err
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	opts.noteIgnoredYear(app)
	v := app.versions()
	// The plan, each year of the timeline (most of the time), the claims,
	// the alternatives.
	years := yearsBetween(s, math.Inf(-1), math.Inf(1))
	progress := app.Progress(years+3, "report")
	defer progress.Finish()
	res, err := plans.Solve(cmd.Context(), in, po)
	if err != nil {
		return solveErr(err)
	}
	progress.Set(1)
	lo := plans.LimitsOptions{MIP: po.MIP, Solver: po.Solver, Region: po.Region, Progress: func(done, _ int) { progress.Set(1 + done) }}
	tl, err := plans.BuildTimeline(cmd.Context(), in, math.Inf(-1), math.Inf(1), 3, 0, lo, v)
	if err != nil {
		return solveErr(err)
	}
	progress.Set(1 + years)
	plan := res.Brief(v)
	var claims *plans.ClaimsReport
	if po.Mode == constraints.MinCost && len(po.Relax) == 0 {
		// The plan and timeline it needs are solved.
		if claims, err = plans.ClaimsFrom(cmd.Context(), in, res, tl, po, v); err != nil {
			return solveErr(err)
		}
	} else if claims, err = plans.Claims(cmd.Context(), in, plans.Options{MIP: po.MIP, Solver: po.Solver}, v); err != nil {
		return solveErr(err)
	}
	progress.Set(years + 2)
	alt, err := plans.Alternatives(cmd.Context(), in, plans.AlternativesOptions{Options: po, Slack: plans.DefaultSlack}, v)
	var noQuantity *plans.QuantityError
	switch {
	case errors.As(err, &noQuantity): // no default quantity applies: no section
	case err != nil:
		return solveErr(err)
	}
	progress.Set(years + 3)
	progress.Finish()
	input := htmlreport.Input{Plan: plan, Timeline: tl, Claims: claims, Scenario: s}
	if alt != nil {
		input.Alternatives = alt.Report
	}
	if opts.Samples != 0 {
		if input.Odds, err = sampleOdds(cmd, app, s, claims, po, opts.Samples, opts.Seed); err != nil {
			return err
		}
	}
	write := func(w io.Writer) error { return htmlreport.Write(w, input) }
	if opts.HTML == "-" {
		return write(app.IO.Out)
	}
	if err := WriteFileAtomic(opts.HTML, write); err != nil {
		return err
	}
	app.Notef("wrote %s", opts.HTML)
	return nil
}
