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
	HTML string
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
confidence and source.

It ends with the near-optimal alternatives of the default quantities (see
teraplan alternatives): their ranges among plans within 5% of the optimum.

The file is self-contained and makes no network request: styles are
inline, charts are inline SVG images (data: URIs), there are no external
fonts or scripts, and a Content-Security-Policy forbids fetching anything.
Send it by mail or open it offline.`,
		Example: `  teraplan report --html plan.html
  teraplan report --scenario public-2026 --set space.attrition_per_year=0 --html no-attrition.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runReport(cmd, app, opts) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	cmd.Flags().StringVar(&opts.HTML, "html", "", "write the report to `FILE` (atomically); - for stdout")
	noConfig(cmd.Flags(), "html")
	return cmd
}

func runReport(cmd *cobra.Command, app *App, opts *reportOptions) error {
	if opts.HTML == "" {
		return usageErrorf("say where to write the report: --html FILE")
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	v := app.versions()
	progress := app.Progress(4, "report")
	defer progress.Finish()
	res, err := plans.Solve(cmd.Context(), in, po)
	if err != nil {
		return solveErr(err)
	}
	progress.Add(1)
	lo := plans.LimitsOptions{MIP: po.MIP, Solver: po.Solver}
	tl, err := plans.BuildTimeline(cmd.Context(), in, math.Inf(-1), math.Inf(1), 3, 0, lo, v)
	if err != nil {
		return solveErr(err)
	}
	progress.Add(1)
	plan := res.Brief(v)
	var claims *plans.ClaimsReport
	if po.Mode == constraints.MinCost && len(po.Relax) == 0 {
		claims = plans.ClaimsFrom(in, plan, tl, v) // the plan and timeline it needs are solved
	} else if claims, err = plans.Claims(cmd.Context(), in, plans.Options{MIP: po.MIP, Solver: po.Solver}, v); err != nil {
		return solveErr(err)
	}
	progress.Add(1)
	alt, err := plans.Alternatives(cmd.Context(), in, plans.AlternativesOptions{Options: po, Slack: plans.DefaultSlack}, v)
	var noQuantity *plans.QuantityError
	switch {
	case errors.As(err, &noQuantity): // no default quantity applies: no section
	case err != nil:
		return solveErr(err)
	}
	progress.Add(1)
	progress.Finish()
	input := htmlreport.Input{Plan: plan, Timeline: tl, Claims: claims, Scenario: s}
	if alt != nil {
		input.Alternatives = alt.Report
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
