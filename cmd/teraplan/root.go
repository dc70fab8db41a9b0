package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// newRootCmd builds the whole command tree around app. Add new commands
// here, before finish, so they get the same argument and flag handling.
func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "teraplan",
		Short: "Plan the build-out of AI compute as a linear program",
		Long: `teraplan turns a scenario of AI compute build-out (power, chips, memory,
launches, capital) into an LP/MIP, solves it with HiGHS and reports the plan.

Flags can also be set in teraplan.yaml (in the working directory or
$XDG_CONFIG_HOME/teraplan/) or as TERAPLAN_<FLAG> environment variables
(TERAPLAN_THREADS=4; TERAPLAN_SET holds overrides separated by ';');
a flag beats the environment, which beats the config file. The config file
read is named on stderr, and keys no flag reads are warned about.`,
		// Errors are printed once, by reportError, in the chosen format.
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return app.resolveFor(cmd)
		},
	}
	root.SetIn(app.IO.In)
	root.SetOut(app.IO.Out)
	root.SetErr(app.IO.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Err: err}
	})

	pf := root.PersistentFlags()
	pf.StringVar(&app.Opts.ConfigFile, "config", "", "read configuration from `FILE` (default ./teraplan.yaml, then $XDG_CONFIG_HOME/teraplan/teraplan.yaml)")
	noConfig(pf, "config")
	pf.Var(&app.Opts.Format, "format", "output `format`: table, json or csv")
	pf.BoolVarP(&app.Opts.Quiet, "quiet", "q", false, "no progress bars or notes on stderr")
	_ = root.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{string(FormatTable), string(FormatJSON), string(FormatCSV)}, cobra.ShellCompDirectiveNoFileComp))

	root.AddCommand(
		newVersionCmd(app),
		newPlanCmd(app),
		newLimitsCmd(app),
		newClaimsCmd(app),
		newScenarioCmd(app),
		newExportCmd(app),
		newChartCmd(app),
		newReportCmd(app),
		newSweepCmd(app),
		newAlternativesCmd(app),
		newCompareCmd(app),
		newServeCmd(app),
	)

	// Created now rather than lazily by Execute so finish sees them too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	finish(app, root)
	return root
}

// resolveFor resolves options for cmd, except for cobra's completion
// machinery and help, which must work even with a broken config file.
func (app *App) resolveFor(cmd *cobra.Command) error {
	switch cmd.Name() {
	case cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd, "help":
		return nil
	}
	return app.resolve(cmd)
}

// finish walks the tree so every command reports argument errors as usage
// errors and gets its options resolved, whoever wrote it.
func finish(app *App, c *cobra.Command) {
	switch {
	case c.HasSubCommands() && !c.Runnable():
		// Cobra would print help and exit 0 for "teraplan typo"; make it an
		// unknown-command usage error, and bare "teraplan" show help.
		c.Args = unknownSubcommand
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	case c.Args != nil:
		validate := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := validate(cmd, args)
			var usage *UsageError
			if err != nil && !errors.As(err, &usage) {
				err = &UsageError{Err: err}
			}
			return err
		}
	}
	// Cobra runs only the nearest PersistentPreRun, so a command defining its
	// own would skip option resolution; chain it after ours.
	if c.HasParent() && (c.PersistentPreRunE != nil || c.PersistentPreRun != nil) {
		own, ownPlain := c.PersistentPreRunE, c.PersistentPreRun
		c.PersistentPreRun = nil
		c.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
			if err := app.resolveFor(cmd); err != nil {
				return err
			}
			if own != nil {
				return own(cmd, args)
			}
			ownPlain(cmd, args)
			return nil
		}
	}
	for _, sub := range c.Commands() {
		finish(app, sub)
	}
}

func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, applied only on its own path
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	return &UsageError{Err: errors.New(msg)}
}

// execute runs root with args and turns the outcome into an exit code.
func execute(ctx context.Context, app *App, root *cobra.Command, args []string) int {
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return app.reportError(cmd, args, err)
}
