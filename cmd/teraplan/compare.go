package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/plans"
	"teraplan/plans/scenario"
)

type compareOptions struct {
	scenarioFlags
	SetsB   []string
	Metrics []string
	All     bool
	Out     string
}

// newCompareCmd is `teraplan compare A B`: two plans side by side, year by
// year, with their differences.
func newCompareCmd(app *App) *cobra.Command {
	opts := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare A B",
		Short: "Two plans side by side per year, with their differences",
		Long: `compare puts two plans side by side: for every year both have, each column of
the plan table (compute, accelerators, power, launches, cost…) and the
levelized cost on Earth and in orbit, in A and in B, with B − A.

A and B are each a scenario (a built-in name or a YAML file), solved with the
flags given (--mode, --year, --mip, and --set on both; --set-b on B only),
or a plan JSON file written by 'teraplan plan --format json', used as it is.

The table shows the rows that differ (--all: every row); --format json and
csv give every row.`,
		Example: `  teraplan compare seed-2026 public-2026
  teraplan compare seed-2026 seed-2026 --set-b space.attrition_per_year=0
  teraplan compare before.json after.json --metrics compute_gw,orbit_gw,cost_usd_b
  teraplan compare seed-2026 public-2026 --format csv --out compare.csv`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runCompare(cmd, app, opts, args) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	fl := cmd.Flags()
	_ = fl.MarkHidden("scenario") // A and B name the scenarios
	fl.StringArrayVar(&opts.SetsB, "set-b", nil, "override a parameter in B only, `key=value[unit]` (repeatable)")
	fl.StringSliceVar(&opts.Metrics, "metrics", nil, "compare only these `METRICS` (default all: "+strings.Join(plans.CompareMetrics(), ", ")+")")
	fl.BoolVar(&opts.All, "all", false, "table: show every row, not only those that differ")
	for _, name := range []string{"set-b", "metrics", "all"} {
		noConfig(fl, name)
	}
	_ = cmd.RegisterFlagCompletionFunc("set-b", completeAssignment(true))
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= 2 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return scenario.Builtins(), cobra.ShellCompDirectiveDefault // and files
	}
	_ = cmd.RegisterFlagCompletionFunc("metrics", completeList(plans.CompareMetrics))
	addOutFlag(cmd, &opts.Out)
	return cmd
}

func runCompare(cmd *cobra.Command, app *App, opts *compareOptions, args []string) error {
	if err := app.CheckOut(opts.Out); err != nil {
		return err
	}
	if opts.Metrics != nil {
		for _, m := range opts.Metrics {
			if !contains(plans.CompareMetrics(), m) {
				return usageErrorf("--metrics %s: unknown metric (metrics: %s)", m, strings.Join(plans.CompareMetrics(), ", "))
			}
		}
	}
	var reps [2]*plans.Report
	var names [2]string
	for i, arg := range args {
		sets := opts.Sets
		if i == 1 {
			sets = append(append([]string(nil), opts.Sets...), opts.SetsB...)
		}
		rep, name, err := opts.side(cmd, app, arg, sets)
		if err != nil {
			return err
		}
		reps[i], names[i] = rep, name
	}
	c, err := plans.Compare(reps[0], reps[1], names, opts.Metrics)
	if err != nil {
		return &UsageError{Err: err}
	}
	if err := app.RenderTo(opts.Out, compareView{c, opts.All}); err != nil {
		return err
	}
	if opts.Out != "" && opts.Out != "-" {
		app.Notef("wrote %s", opts.Out)
	}
	return nil
}

// side is one plan of the comparison: read from a plan JSON file, or
// solved from a scenario with sets applied.
func (opts *compareOptions) side(cmd *cobra.Command, app *App, arg string, sets []string) (*plans.Report, string, error) {
	if strings.EqualFold(filepath.Ext(arg), ".json") {
		if len(sets) > 0 {
			return nil, "", usageErrorf("%s is a plan, solved already: --set and --set-b apply to scenarios", arg)
		}
		rep, err := readPlanJSON(arg)
		return rep, arg, err
	}
	f := opts.scenarioFlags
	f.Scenario, f.Sets = arg, sets
	_, in, po, err := f.prepare()
	if err != nil {
		return nil, "", err
	}
	res, err := plans.Solve(cmd.Context(), in, po)
	if err != nil {
		return nil, "", solveErr(err)
	}
	return res.Brief(app.versions()), in.Name, nil
}

// readPlanJSON reads what `teraplan plan --format json` wrote.
func readPlanJSON(path string) (*plans.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, usageErrorf("cannot read %s: %w", path, pe.Err)
		}
		return nil, usageErrorf("cannot read %s: %w", path, err)
	}
	var rep plans.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, usageErrorf("%s: not a plan JSON file: %v", path, err)
	}
	if rep.Schema != plans.PlanSchema {
		return nil, usageErrorf("%s: not a plan (its schema is %q, want %s): write one with teraplan plan --format json", path, rep.Schema, plans.PlanSchema)
	}
	if len(rep.Summary) == 0 {
		return nil, usageErrorf("%s: the plan has no years", path)
	}
	return &rep, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

type compareView struct {
	c   *plans.Comparison
	all bool
}

func (v compareView) JSON() any    { return v.c }
func (v compareView) Table() Table { return Table{} }

func (v compareView) CSV() [][]string {
	out := [][]string{{"metric", "unit", "year", "a", "b", "diff"}}
	for _, r := range v.c.Rows {
		out = append(out, []string{r.Metric, r.Unit, fnum(r.Year), fnum(r.A), fnum(r.B), fnum(r.Diff)})
	}
	return out
}

func (v compareView) WriteText(w io.Writer) error {
	c := v.c
	side := func(p plans.ComparedPlan) string {
		s := fmt.Sprintf("%s (%s", p.Name, p.Mode)
		if p.Year != 0 {
			s += " in " + plans.Label(p.Year)
		}
		return s + fmt.Sprintf(", %s, hash %s, objective %s %s)", p.Status, shortHash(p.ScenarioHash), num(p.Objective), p.ObjectiveUnit)
	}
	fmt.Fprintf(w, "teraplan compare\nA = %s\nB = %s\n", side(c.A), side(c.B))
	if c.A.ObjectiveUnit == c.B.ObjectiveUnit {
		fmt.Fprintf(w, "objective B − A: %s%s %s\n", signed(c.B.Objective-c.A.Objective), pct(c.A.Objective, c.B.Objective-c.A.Objective), c.A.ObjectiveUnit)
	}
	for _, n := range c.Notes {
		fmt.Fprint(w, wrapText(n, maxTableWidth, "note: ", "      "))
	}
	rows := [][]string{{"metric", "unit", "year", "A", "B", "B − A", "%"}}
	last := ""
	for _, r := range c.Rows {
		if !v.all && !r.Differs() {
			continue
		}
		metric, unit := r.Metric, r.Unit
		if metric == last {
			metric, unit = "", ""
		}
		last = r.Metric
		rows = append(rows, []string{metric, unit, plans.Label(r.Year), num(r.A), num(r.B), signed(r.Diff), strings.Trim(pct(r.A, r.Diff), " ()")})
	}
	fmt.Fprintln(w)
	if len(rows) == 1 {
		fmt.Fprintln(w, "The two plans agree on every metric in every year.")
		return nil
	}
	writeGridAlign(w, rows, "ll")
	return nil
}

// signed is num with an explicit sign for a difference: +1.50, -3, 0.
func signed(x float64) string {
	s := num(x)
	if x > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// pct is " (+5.3%)"-style: diff relative to base, "" when base is zero.
func pct(base, diff float64) string {
	if base == 0 || math.IsNaN(base) || diff == 0 {
		return ""
	}
	p := 100 * diff / math.Abs(base)
	s := fmt.Sprintf("%+.1f%%", p)
	if s == "+0.0%" || s == "-0.0%" {
		s = fmt.Sprintf("%+.2g%%", p)
	}
	return " (" + s + ")"
}
