package main

import (
	"context"
	"errors"
	"fmt"
	"math"
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
	Cold      bool
}

func addScenarioFlags(cmd *cobra.Command, f *scenarioFlags, withMode bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.Scenario, "scenario", scenario.Default, "scenario: a built-in `NAME` ("+strings.Join(scenario.Builtins(), ", ")+") or a YAML file")
	fl.StringArrayVar(&f.Sets, "set", nil, "override a parameter, `key=value[unit]` (repeatable), e.g. launch.payload_t=150t")
	noConfig(fl, "set")
	if withMode {
		fl.StringVar(&f.Mode, "mode", "min-cost", "objective: min-cost (meet target.compute_gw cheapest) or max-compute (most compute in --year)")
		fl.Float64Var(&f.Year, "year", 0, "max-compute: the `YEAR` whose compute is maximised (default: the last)")
	}
	fl.BoolVar(&f.MIP, "mip", false, "integer fabs, pads and lines (mixed-integer program)")
	fl.DurationVar(&f.TimeLimit, "time-limit", 0, "stop the solver after `DURATION` (e.g. 30s) and report the best plan found")
	fl.IntVar(&f.Threads, "threads", 0, "solver threads (0 = HiGHS default)")
	fl.BoolVar(&f.Cold, "cold", false, "solve every re-solve from scratch instead of from the previous basis (same results; for comparison and debugging)")
	setConfigKey(fl, "time-limit", "solver.time-limit")
	setConfigKey(fl, "threads", "solver.threads")
	_ = cmd.RegisterFlagCompletionFunc("scenario", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return scenario.Builtins(), cobra.ShellCompDirectiveDefault
	})
	_ = cmd.RegisterFlagCompletionFunc("mode", cobra.FixedCompletions([]string{"min-cost", "max-compute"}, cobra.ShellCompDirectiveNoFileComp))
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
	return s, plans.FromScenario(s), po, nil
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
	return plans.Options{Mode: mode, Year: f.Year, MIP: f.MIP, Cold: f.Cold,
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
