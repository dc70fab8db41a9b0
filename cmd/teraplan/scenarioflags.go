package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// scenarioFlags are the flags every command that solves plans shares:
// which scenario, its overrides, the objective and the solver's limits.
type scenarioFlags struct {
	Scenario  string
	Sets      []string
	Mode      string
	Year      float64
	MIP       bool
	TimeLimit time.Duration
	Threads   int
	Learning  string
	Metric    string
	Cold      bool
	Region    string
}

// addRegionFlag adds --region, for the commands that report one region of
// a scenario with regions.
func addRegionFlag(cmd *cobra.Command, f *scenarioFlags, what string) {
	cmd.Flags().StringVar(&f.Region, "region", "", "in a scenario with regions (us, china, row): "+what)
}

func addScenarioFlags(cmd *cobra.Command, f *scenarioFlags, withMode bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.Scenario, "scenario", scenario.Default, "scenario: a built-in `NAME` ("+strings.Join(scenario.Builtins(), ", ")+") or a YAML file")
	fl.StringArrayVar(&f.Sets, "set", nil, "override a parameter, `key=value[unit]` (repeatable), e.g. launch.payload_t=150t")
	if withMode {
		fl.StringVar(&f.Mode, "mode", "min-cost", "objective: min-cost (meet target.compute_gw cheapest) or max-compute (most compute in --year)")
		fl.Float64Var(&f.Year, "year", 0, "max-compute: the `YEAR` whose compute is maximised (default: the last)")
	}
	fl.BoolVar(&f.MIP, "mip", false, "integer fabs, pads and lines (mixed-integer program)")
	fl.StringVar(&f.Learning, "learning", "scenario", "learning curves on launch, cells, accelerators and robots: scenario (its modules.learning), off, iterated (LPs re-priced until stable) or exact (piecewise-linear MIP, with its gap to iterated)")
	if withMode {
		fl.StringVar(&f.Metric, "metric", "gw", "max-compute: maximise compute in gw (IT power) or flops (FLOP/s, each cohort at its own accelerator.flops)")
	}
	fl.DurationVar(&f.TimeLimit, "time-limit", 0, "stop the solver after `DURATION` (e.g. 30s) and report the best plan found")
	fl.IntVar(&f.Threads, "threads", 0, "solver threads (0 = HiGHS default)")
	fl.BoolVar(&f.Cold, "cold", false, "solve every re-solve from scratch instead of from the previous basis (same results; for comparison and debugging)")
	setConfigKey(fl, "time-limit", "solver.time-limit")
	setConfigKey(fl, "threads", "solver.threads")
	_ = cmd.RegisterFlagCompletionFunc("scenario", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return scenario.Builtins(), cobra.ShellCompDirectiveDefault
	})
	_ = cmd.RegisterFlagCompletionFunc("mode", cobra.FixedCompletions([]string{"min-cost", "max-compute"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("set", completeAssignment(true))
}

// paramKeys are the registry's keys, sorted, and with modules the
// modules.NAME switches that --set also takes.
func paramKeys(modules bool) []string {
	var keys []string
	for _, p := range constraints.Params() {
		keys = append(keys, p.Key)
	}
	if modules {
		for _, m := range constraints.Modules() {
			keys = append(keys, "modules."+m)
		}
	}
	return keys
}

// completeAssignment completes key=… flags (--set, --vary): the keys
// starting with what is typed, each followed by "=" and no space, so the
// value comes next.
func completeAssignment(modules bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		if strings.Contains(typed, "=") {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, k := range paramKeys(modules) {
			if strings.HasPrefix(k, typed) {
				out = append(out, k+"=")
			}
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}
}

// completeList completes a comma-separated list flag (--params,
// --metrics): the last item from names, after the items already typed.
func completeList(names func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		done, last := "", typed
		if i := strings.LastIndex(typed, ","); i >= 0 {
			done, last = typed[:i+1], typed[i+1:]
		}
		var out []string
		for _, n := range names() {
			if strings.HasPrefix(n, last) && !strings.Contains(","+done, ","+n+",") {
				out = append(out, done+n)
			}
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}
}

// load reads the scenario and applies --set; bad input is a usage error
// naming the file, line and key.
func (f *scenarioFlags) load() (*scenario.Scenario, error) {
	s, err := scenario.Load(f.Scenario)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	if len(f.Sets) > 0 {
		if err := s.Set(f.Sets...); err != nil {
			return nil, &UsageError{Err: err}
		}
	}
	return s, nil
}

// prepare loads the scenario with its --set overrides, builds the plan
// options and checks --year against the horizon: what every command that
// solves plans does first. Errors are usage errors.
func (f *scenarioFlags) prepare() (*scenario.Scenario, plans.Input, plans.Options, error) {
	s, err := f.load()
	if err != nil {
		return nil, plans.Input{}, plans.Options{}, err
	}
	po, err := f.options()
	if err != nil {
		return nil, plans.Input{}, plans.Options{}, err
	}
	if f.Year != 0 {
		if err := checkYear(s, f.Year, "--year"); err != nil {
			return nil, plans.Input{}, plans.Options{}, err
		}
	}
	if f.Region != "" && !slices.Contains(s.Regions, f.Region) {
		if len(s.Regions) == 0 {
			return nil, plans.Input{}, plans.Options{}, usageErrorf("--region %s: scenario %s declares no regions (try --scenario regions-2026)", f.Region, s.Name)
		}
		return nil, plans.Input{}, plans.Options{}, usageErrorf("--region %s is not one of scenario %s's regions (%s)", f.Region, s.Name, strings.Join(s.Regions, ", "))
	}
	in := plans.FromScenario(s)
	in.Name = runName(s.Name, f.Sets)
	return s, in, po, nil
}

// runName is what every output calls the run, so a table, chart title or
// report banner says what was solved: the scenario's name and the --set
// overrides applied to it, "seed-2026 with launch.payload_t=150t". The
// scenario hash, which covers the overrides, is reported beside it.
func runName(scenario string, sets []string) string {
	if len(sets) == 0 {
		return scenario
	}
	clean := make([]string, len(sets))
	for i, a := range sets {
		k, v, _ := strings.Cut(a, "=")
		clean[i] = strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
	}
	return scenario + " with " + strings.Join(clean, ", ")
}

// noteIgnoredYear says on stderr that --year does nothing in min-cost
// mode, where the plan meets target.compute_gw in every year, rather than
// let the user believe they asked about that year.
func (f *scenarioFlags) noteIgnoredYear(app *App) {
	if f.Year == 0 || f.Mode != constraints.MinCost.String() {
		return
	}
	y := plans.Label(f.Year)
	app.Notef("note: --year %s is ignored in min-cost mode, which meets target.compute_gw in every year at least cost; "+
		"--mode max-compute --year %s maximises compute in %s", y, y, y)
}

// versions stamps reports with teraplan's and HiGHS's versions.
func (app *App) versions() plans.Versions {
	return plans.Versions{Teraplan: app.Version, HiGHS: app.solverVersion()}
}

// checkYear makes a --year that is not a period of s's horizon a usage
// error, before anything is built.
func checkYear(s *scenario.Scenario, year float64, flag string) error {
	years := s.Years()
	for _, y := range years {
		if math.Abs(y-year) < 1e-9 {
			return nil
		}
	}
	if len(years) == 0 {
		return nil // the loader has already refused such a horizon
	}
	return usageErrorf("%s %v is not a period of the horizon %v–%v (step %v)", flag, year,
		years[0], years[len(years)-1], s.Values().At("horizon.step_years", 0))
}

// options turns the flags into plan options.
func (f *scenarioFlags) options() (plans.Options, error) {
	mode, err := constraints.ParseMode(f.Mode)
	if err != nil {
		return plans.Options{}, &UsageError{Err: err}
	}
	if f.Threads < 0 {
		return plans.Options{}, usageErrorf("--threads must be >= 0")
	}
	if f.TimeLimit < 0 {
		return plans.Options{}, usageErrorf("--time-limit must be >= 0")
	}
	learning, err := plans.ParseLearning(f.Learning)
	if err != nil {
		return plans.Options{}, usageErrorf("--learning: %v", err)
	}
	metric, err := constraints.ParseMetric(f.Metric)
	if err != nil {
		return plans.Options{}, usageErrorf("--metric: %v", err)
	}
	return plans.Options{Mode: mode, Year: f.Year, MIP: f.MIP, Learning: learning, Metric: metric, Cold: f.Cold, Region: f.Region,
		Solver: lp.Options{TimeLimit: f.TimeLimit, Threads: f.Threads}}, nil
}

// solveErr classifies a plans error for exit codes.
func solveErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, plans.ErrNoPlan):
		return &NoPlanError{Err: err}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted before the solve finished; nothing was written (run the command again): %w", err)
	}
	return err
}
