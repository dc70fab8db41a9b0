package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// Model file formats `export --as` writes.
const (
	exportMPS = "mps"
	exportLP  = "lp"
)

type exportOptions struct {
	scenarioFlags
	As  string
	Out string
}

// newExportCmd is `teraplan export`: the model a plan would solve, as a
// file any LP solver reads.
func newExportCmd(app *App) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the scenario's model as an MPS or CPLEX LP file",
		Long: `export builds the model 'teraplan plan' would solve for the scenario and mode,
without solving it, and writes it for another solver: free MPS (the default)
or CPLEX LP. Rows and columns carry their family names, module.family[year]
in MPS and module.family(year) in LP, where brackets are not legal.

The file format follows the --out extension (.mps or .lp), or --as; an --as
that contradicts the extension is an error. It is --as rather than
--format, because --format is the global table|json|csv switch for reports.`,
		Example: `  teraplan export --out world.mps
  teraplan export --as lp --scenario public-2026 --mode max-compute --year 2030 --out world.lp
  highs --model_file world.mps`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(app, opts, cmd.Flags().Changed("as"))
		},
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	// Solver limits do not apply: nothing is solved.
	_ = cmd.Flags().MarkHidden("threads")
	_ = cmd.Flags().MarkHidden("time-limit")
	cmd.Flags().StringVar(&opts.As, "as", exportMPS, "model file `format`: mps (free MPS) or lp (CPLEX LP); default from the --out extension, else mps")
	noConfig(cmd.Flags(), "as")
	_ = cmd.RegisterFlagCompletionFunc("as", cobra.FixedCompletions([]string{exportMPS, exportLP}, cobra.ShellCompDirectiveNoFileComp))
	addOutFlag(cmd, &opts.Out)
	return cmd
}

func runExport(app *App, opts *exportOptions, asGiven bool) error {
	if opts.As != exportMPS && opts.As != exportLP {
		return usageErrorf("--as %q: want %s or %s", opts.As, exportMPS, exportLP)
	}
	if err := checkOutPath("--out", opts.Out); err != nil {
		return err
	}
	if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(opts.Out)), "."); ext == exportMPS || ext == exportLP {
		if asGiven && opts.As != ext {
			return usageErrorf("--as %s but --out %s is a .%s file: drop one, or make them agree", opts.As, opts.Out, ext)
		}
		opts.As = ext
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	opts.noteIgnoredYear(app)
	copt := constraints.Options{Mode: po.Mode, Year: po.Year, MIP: po.MIP, Metric: po.Metric, Region: po.Region}
	switch po.Learning {
	case plans.LearningExact:
		copt.Learning = constraints.LearningExact
	case plans.LearningIterated:
		// The iterated LP is a sequence of models; one of them alone is
		// not the plan.
		return usageErrorf("--learning iterated: export writes one model; use --learning exact (the MIP) or off")
	}
	w, err := constraints.Build(in.Values, copt)
	if err != nil {
		return err
	}
	write := func(out io.Writer) error {
		if err := writeExportHeader(out, opts.As, s, po.Mode, po.Year, po.MIP); err != nil {
			return err
		}
		if opts.As == exportLP {
			return w.Model.WriteLP(out)
		}
		return w.Model.WriteMPS(out)
	}
	if opts.Out == "" || opts.Out == "-" {
		return write(app.IO.Out)
	}
	if err := WriteFileAtomic(opts.Out, write); err != nil {
		return err
	}
	app.Notef("wrote %s", opts.Out)
	return nil
}

// writeExportHeader writes comment lines naming the scenario, its hash and
// the mode, so an exported file can be traced back to what made it.
func writeExportHeader(w io.Writer, as string, s *scenario.Scenario, mode constraints.Mode, year float64, mip bool) error {
	comment := "* " // MPS: a '*' in column 1
	if as == exportLP {
		comment = `\ `
	}
	what := mode.String()
	if mode == constraints.MaxCompute {
		y := year
		if y == 0 {
			if years := s.Years(); len(years) > 0 {
				y = years[len(years)-1]
			}
		}
		what += fmt.Sprintf(" in %v", y)
	}
	if mip {
		what += ", mixed-integer"
	}
	lines := []string{
		"teraplan export",
		fmt.Sprintf("scenario %s (%s), hash %s", s.Name, s.Origin, s.Hash()),
		"objective " + what,
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "%s%s\n", comment, l); err != nil {
			return err
		}
	}
	return nil
}
