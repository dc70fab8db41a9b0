package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/plans"
	"teraplan/plans/chart"
)

type alternativesOptions struct {
	scenarioFlags
	Slack    string
	Explore  []string
	Out      string
	OutPlans string
	Chart    string
	Workers  int
	Samples  int
	Seed     uint64
}

// newAlternativesCmd is `teraplan alternatives`: how much each chosen
// quantity can vary among plans within a slack of the optimum.
func newAlternativesCmd(app *App) *cobra.Command {
	opts := &alternativesOptions{}
	cmd := &cobra.Command{
		Use:   "alternatives",
		Short: "Near-optimal ranges: how far each quantity can move in plans within a slack of the optimum",
		Long: `alternatives solves the optimal plan, then minimises and maximises each chosen
quantity over every plan whose objective is within --slack of the optimum
(modelling to generate alternatives). A narrow range says the optimum's
answer is forced; a wide one says it is a coin toss among near-equal plans.

min-cost: plans whose cost as min-cost counts it (spending and shortfall
penalties discounted to the start year, less the salvage value left at the
end of the horizon) is at most (1 + slack) × the least cost. max-compute: plans whose compute in
--year is at least (1 - slack) × the most.

--explore takes NAME or NAME:YEAR, comma-separated (default
` + strings.Join(plans.DefaultExplore, ",") + `). A stock is read in the period of its
year; a flow is summed over its calendar year, or over the whole horizon
without a year. Ratios (orbit_share) are optimised exactly by Dinkelbach's
method. Quantities:

` + plans.QuantityHelp() + `
--samples N --seed S then maps the near-optimal plans: each sample
maximises a random direction over the quantities (each scaled by its
range; a ratio linearised at the optimal plan) and records where every
quantity lands; the table gives their spread, JSON every sample.

--out-plans DIR writes the optimal plan and every extreme plan in full
(teraplan.plan/v1 JSON, one file each). --chart FILE draws the ranges
(and the samples as dots).`,
		Example: `  teraplan alternatives
  teraplan alternatives --slack 3% --explore orbit_share:2035,orbit_gw:2035,launches:2035
  teraplan alternatives --mode max-compute --year 2030 --explore earth_gw:2030,fabs_started
  teraplan alternatives --format json --out alt.json --out-plans alt-plans --chart alt.svg
  teraplan alternatives --samples 200 --seed 7 --chart alt.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAlternatives(cmd, app, opts) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	fl := cmd.Flags()
	fl.StringVar(&opts.Slack, "slack", "5%", "how far from the optimum a plan may be, `FRACTION` (0.05) or percent (5%)")
	fl.StringSliceVar(&opts.Explore, "explore", nil, "quantities to range, `NAME[:YEAR],…` (default "+strings.Join(plans.DefaultExplore, ",")+")")
	fl.StringVar(&opts.OutPlans, "out-plans", "", "write the optimal and every extreme plan as plan JSON into `DIR`")
	fl.StringVar(&opts.Chart, "chart", "", "draw the ranges to `FILE` (.svg or .png)")
	fl.IntVar(&opts.Workers, "workers", 0, "extremes solved in parallel (0 = one per CPU)")
	fl.IntVar(&opts.Samples, "samples", 0, "also draw `N` near-optimal plans in random directions over the quantities")
	fl.Uint64Var(&opts.Seed, "seed", 1, "the `SEED` of the random directions")
	noConfig(fl, "explore")
	noConfig(fl, "out-plans")
	noConfig(fl, "chart")
	addOutFlag(cmd, &opts.Out)
	_ = cmd.RegisterFlagCompletionFunc("explore", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return plans.QuantityNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// parseSlack reads "5%" or "0.05".
func parseSlack(s string) (float64, error) {
	text := strings.TrimSpace(s)
	pct := strings.HasSuffix(text, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(text, "%")), 64)
	if pct {
		v /= 100
	}
	switch {
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, usageErrorf("--slack %q: want a fraction (0.05) or a percentage (5%%)", s)
	case v < 0 || v > 1:
		return 0, usageErrorf("--slack %q: want between 0 and 100%%", s)
	case !pct && v >= 1:
		return 0, usageErrorf("--slack %q: a fraction below 1, or a percentage such as 5%%", s)
	}
	return v, nil
}

func runAlternatives(cmd *cobra.Command, app *App, opts *alternativesOptions) error {
	slack, err := parseSlack(opts.Slack)
	if err != nil {
		return err
	}
	if opts.Workers < 0 {
		return usageErrorf("--workers must be >= 0")
	}
	if opts.Samples < 0 || opts.Samples > plans.MaxSamples {
		return usageErrorf("--samples must be between 0 and %d", plans.MaxSamples)
	}
	var out chart.Output
	if opts.Chart != "" {
		format, err := chart.FormatOf(opts.Chart)
		if err != nil {
			return usageErrorf("--chart %s: want a .svg or .png file", opts.Chart)
		}
		out.Format = format
	}
	_, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	ao := plans.AlternativesOptions{Options: po, Slack: slack, Explore: opts.Explore,
		KeepPlans: opts.OutPlans != "", Workers: opts.Workers, Samples: opts.Samples, Seed: opts.Seed}
	v := app.versions()
	res, err := plans.Alternatives(cmd.Context(), in, ao, v)
	var qe *plans.QuantityError
	if errors.As(err, &qe) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return solveErr(err)
	}
	rep := res.Report
	if opts.OutPlans != "" {
		if err := writeExtremePlans(opts.OutPlans, res, v); err != nil {
			return err
		}
		app.Notef("wrote %d plans to %s", 1+2*len(rep.Quantities), opts.OutPlans)
	}
	if opts.Chart != "" {
		if err := WriteFileAtomic(opts.Chart, func(w io.Writer) error { return chart.Alternatives(w, out, rep) }); err != nil {
			return err
		}
		app.Notef("wrote %s", opts.Chart)
	}
	if err := app.RenderTo(opts.Out, alternativesView{rep}); err != nil {
		return err
	}
	if opts.Out != "" {
		app.Notef("wrote %s", opts.Out)
	}
	return nil
}

// writeExtremePlans writes optimal.json and, per quantity, NAME[-YEAR]-min.json
// and -max.json into dir, each atomically, and records the file names in
// the report.
func writeExtremePlans(dir string, res *plans.AlternativesResult, v plans.Versions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write plans to %s: %w", dir, pathErrCause(err))
	}
	write := func(name string, r *plans.Result, note string) error {
		rep := r.Report(v)
		if note != "" {
			plans.MarkExtreme(rep, r, note)
		}
		return WriteFileAtomic(filepath.Join(dir, name), func(w io.Writer) error { return writeJSON(w, rep) })
	}
	if err := write("optimal.json", res.Optimal, ""); err != nil {
		return err
	}
	for i := range res.Report.Quantities {
		q := &res.Report.Quantities[i]
		stem := q.Name
		if q.Year != nil {
			stem += "-" + plans.Label(*q.Year)
		}
		for side, e := range []*plans.Extreme{&q.MinPlan, &q.MaxPlan} {
			dir := [2]string{"min", "max"}[side]
			name := stem + "-" + dir + ".json"
			note := fmt.Sprintf("this plan %simises %s among the plans within %s of the optimum (teraplan alternatives); the objective reported is the original one, evaluated for this plan",
				dir, q.Spec, fmtPct(res.Report.Slack))
			if err := write(name, res.Plans[i][side], note); err != nil {
				return err
			}
			e.Plan = name
		}
	}
	return nil
}

// percentile is the p-quantile of sorted xs, interpolated between ranks.
func percentile(xs []float64, p float64) float64 {
	f := p * float64(len(xs)-1)
	i := int(f)
	if i >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[i] + (f-float64(i))*(xs[i+1]-xs[i])
}

func fmtPct(x float64) string { return strconv.FormatFloat(100*x, 'g', 4, 64) + "%" }

// alternativesView renders the ranges.
type alternativesView struct{ rep *plans.AlternativesReport }

func (v alternativesView) JSON() any { return v.rep }

func (v alternativesView) CSV() [][]string {
	out := [][]string{{"spec", "quantity", "year", "unit", "min", "optimal", "max", "min_plan_measure", "max_plan_measure", "measure_unit", "slack"}}
	for _, q := range v.rep.Quantities {
		year := ""
		if q.Year != nil {
			year = fnum(*q.Year)
		}
		out = append(out, []string{q.Spec, q.Name, year, q.Unit, fnum(q.Min), fnum(q.Optimal), fnum(q.Max),
			fnum(q.MinPlan.Measure), fnum(q.MaxPlan.Measure), v.rep.NearOptimal.Unit, fnum(v.rep.Slack)})
	}
	return out
}

func (v alternativesView) Table() Table { return Table{} }

func (v alternativesView) WriteText(w io.Writer) error {
	rep := v.rep
	no := rep.NearOptimal
	fmt.Fprintf(w, "Near-optimal alternatives: scenario %s, %s", rep.Scenario, rep.Mode)
	if rep.Year != 0 {
		fmt.Fprintf(w, " in %s", plans.Label(rep.Year))
	}
	fmt.Fprintf(w, ", slack %s\n", fmtPct(rep.Slack))
	fmt.Fprint(w, wrapText(fmt.Sprintf("plans with %s %s %s %s (optimum %s %s)", no.Measure, no.Sense, num(no.Bound), no.Unit, num(no.Optimum), no.Unit), 100, "", "  "))
	for _, n := range rep.Notes {
		fmt.Fprint(w, wrapText(n, 100, "note: ", "      "))
	}
	// What reaching each extreme gives up: the best plan at the extreme,
	// relative to the optimum.
	given, what := "cost", "the cheapest plan reaching each extreme, above the least cost"
	if no.Sense == "at least" {
		given, what = "lost", "compute given up by the best plan reaching each extreme"
	}
	giveUp := func(e plans.Extreme) string {
		if no.Optimum == 0 {
			return "-"
		}
		d := (e.Measure - no.Optimum) / math.Abs(no.Optimum)
		if no.Sense == "at least" {
			d = -d
		}
		return fmt.Sprintf("%+.1f%%", 100*math.Max(d, 0))
	}
	rows := [][]string{{"quantity", "unit", "min", "optimal", "max", given + "@min", given + "@max"}}
	for _, q := range rep.Quantities {
		rows = append(rows, []string{q.Spec + "  " + q.Label, q.Unit, num(q.Min), num(q.Optimal), num(q.Max),
			giveUp(q.MinPlan), giveUp(q.MaxPlan)})
	}
	fmt.Fprintln(w)
	writeGridAlign(w, rows, "llrrrrr")
	fmt.Fprintln(w)
	fmt.Fprint(w, wrapText(fmt.Sprintf("%s@min, %s@max: %s. %d solves; ratios by Dinkelbach's method (exact).",
		given, given, what, rep.Solves), 100, "", ""))
	if len(rep.Samples) > 0 {
		fmt.Fprintf(w, "\n%d plans in random directions (seed %d):\n", len(rep.Samples), *rep.SampleSeed)
		rows := [][]string{{"quantity", "unit", "min", "5%", "median", "95%", "max"}}
		for k, q := range rep.Quantities {
			vs := make([]float64, len(rep.Samples))
			for i, s := range rep.Samples {
				vs[i] = s.Values[k]
			}
			sort.Float64s(vs)
			rows = append(rows, []string{q.Spec, q.Unit, num(vs[0]), num(percentile(vs, 0.05)), num(percentile(vs, 0.5)),
				num(percentile(vs, 0.95)), num(vs[len(vs)-1])})
		}
		writeGridAlign(w, rows, "ll")
	}
	return nil
}
