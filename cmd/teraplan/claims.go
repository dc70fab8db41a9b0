package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"teraplan/plans"
)

type claimsOptions struct {
	scenarioFlags
	Out string
}

// newClaimsCmd is `teraplan claims`: the interview's ten claims judged
// under a scenario, each from solved plans.
func newClaimsCmd(app *App) *cobra.Command {
	opts := &claimsOptions{}
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "Audit the interview's ten claims under a scenario",
		Long: `claims judges each claim of the interview (MODEL.md) true, false or
undetermined under the scenario, from the min-cost plan, the limits timeline
and the model's own coefficients, with the year and the numbers behind the
verdict. Change a parameter with --set and watch verdicts flip.`,
		Example: `  teraplan claims
  teraplan claims --set launch.cost_usd_per_kg=2026:1500,2028:50
  teraplan claims --scenario public-2026 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.CheckOut(opts.Out); err != nil {
				return err
			}
			_, in, po, err := opts.prepare()
			if err != nil {
				return err
			}
			rep, err := plans.Claims(cmd.Context(), in, po, app.versions())
			if err != nil {
				return solveErr(err)
			}
			return app.RenderTo(opts.Out, claimsView{rep})
		},
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, false)
	addOutFlag(cmd, &opts.Out)
	return cmd
}

type claimsView struct{ rep *plans.ClaimsReport }

func (v claimsView) JSON() any    { return v.rep }
func (v claimsView) Table() Table { return Table{} }

func (v claimsView) CSV() [][]string {
	out := [][]string{{"id", "verdict", "year", "claim", "why"}}
	for _, c := range v.rep.Claims {
		y := ""
		if c.Year != 0 {
			y = fnum(c.Year)
		}
		out = append(out, []string{strconv.Itoa(c.ID), c.Verdict, y, c.Claim, c.Why})
	}
	return out
}

func (v claimsView) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Claims audit, scenario %s\n", v.rep.Scenario)
	for _, c := range v.rep.Claims {
		fmt.Fprint(w, "\n"+wrapText(c.Claim, 100, fmt.Sprintf("%2d. %-5s  ", c.ID, c.Verdict), "           "))
		fmt.Fprint(w, wrapText(c.Why, 100, "           ", "           "))
	}
	return nil
}
