package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/plans"
)

type planOptions struct {
	scenarioFlags
	Out      string
	Diagnose bool
}

// newPlanCmd is `teraplan plan`: the main job. It solves the scenario into
// the cheapest build schedule (or the most compute by a year) and prints it.
func newPlanCmd(app *App) *cobra.Command {
	opts := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Solve a scenario into a build schedule",
		Long: `plan builds the world model for a scenario, solves it with HiGHS and prints the
plan: one row per year with compute by site, accelerators made, installed and
stranded, power by source, fabs, HBM, launches, robots and cost.

--format json gives every family's values per year, costs, levelized cost per
kW-year by site, shadow prices, the scenario's hash and the versions;
--format csv gives the same in long, tidy form.`,
		Example: `  teraplan plan
  teraplan plan --scenario public-2026 --set launch.cost_usd_per_kg=200
  teraplan plan --mode max-compute --year 2030 --format json --out plan.json
  teraplan plan --scenario regions-2026 --region china`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd, app, opts)
		},
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, true)
	addOutFlag(cmd, &opts.Out)
	addRegionFlag(cmd, &opts.scenarioFlags, "show this `REGION`'s rows; with --mode max-compute, maximise its compute while every other region keeps the compute it has in the min-cost plan")
	cmd.Flags().BoolVar(&opts.Diagnose, "diagnose", false, "when the target is missed, re-solve to find which capacities close the gap and by how much")
	return cmd
}

func runPlan(cmd *cobra.Command, app *App, opts *planOptions) error {
	if err := app.CheckOut(opts.Out); err != nil {
		return err
	}
	_, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	opts.noteIgnoredYear(app)
	res, err := plans.Solve(cmd.Context(), in, po)
	if err != nil {
		return solveErr(err)
	}
	// The table shows the summary only; JSON and CSV add every family.
	rep := res.Brief(app.versions())
	if opts.Diagnose {
		if rep.Shortfall, err = plans.Diagnose(cmd.Context(), res); err != nil {
			return solveErr(err)
		}
	}
	if err := app.RenderTo(opts.Out, planView{rep, res}); err != nil {
		return err
	}
	if opts.Out != "" {
		app.Notef("wrote %s", opts.Out)
	}
	return nil
}

func (app *App) solverVersion() string {
	if app.SolverVersion == nil {
		return ""
	}
	return app.SolverVersion()
}

// planView renders a plan report in the three formats. rep may be brief:
// JSON and CSV fill in the families from res.
type planView struct {
	rep *plans.Report
	res *plans.Result
}

func (v planView) JSON() any       { v.res.AddFamilies(v.rep); return v.rep }
func (v planView) CSV() [][]string { v.res.AddFamilies(v.rep); return v.rep.Tidy() }
func (v planView) Table() Table    { return Table{} } // WriteText is used instead
func (v planView) WriteText(w io.Writer) error {
	rep := v.rep
	period := func(y float64) string { return plans.PeriodLabel(y, v.res.World.H.Step) }
	fmt.Fprintf(w, "teraplan plan: scenario %s (%s), %s", rep.Scenario, rep.ScenarioHash[:min(12, len(rep.ScenarioHash))], rep.Mode)
	if rep.Year != 0 {
		fmt.Fprintf(w, " in %s", period(rep.Year))
	}
	fmt.Fprintf(w, ", %s, objective %s %s\n", rep.Status, num(rep.Objective), shortUnit(rep))
	if rep.Region != "" {
		fmt.Fprintf(w, "region %s (the tables show its rows; costs are every region's)\n", rep.Region)
	}
	for _, note := range rep.Notes {
		fmt.Fprint(w, wrapText(note, 100, "note: ", "      "))
	}
	if l := rep.Learning; l != nil && l.Mode != "off" {
		fmt.Fprint(w, wrapText(learningLine(l), 100, "learning: ", "          "))
	}
	type col struct {
		name, unit string
		get        func(plans.YearSummary) float64
	}
	tables := []struct {
		title string
		cols  []col
	}{
		{"Compute and accelerators", []col{
			{"compute", "GW", func(s plans.YearSummary) float64 { return s.ComputeGW }},
			{"earth", "GW", func(s plans.YearSummary) float64 { return s.EarthGW }},
			{"orbit", "GW", func(s plans.YearSummary) float64 { return s.OrbitGW }},
			{"target", "GW", func(s plans.YearSummary) float64 { return s.TargetGW }},
			{"short", "GW", func(s plans.YearSummary) float64 { return s.ShortfallGW }},
			{"made", "M", func(s plans.YearSummary) float64 { return s.MadeM }},
			{"inst.E", "M", func(s plans.YearSummary) float64 { return s.InstalledEarthM }},
			{"inst.O", "M", func(s plans.YearSummary) float64 { return s.InstalledOrbitM }},
			{"strand", "M", func(s plans.YearSummary) float64 { return s.StrandedM }},
			{"unmade", "M", func(s plans.YearSummary) float64 { return s.UnmadeM }},
			{"HBM", "EB", func(s plans.YearSummary) float64 { return s.HBMEB }},
		}},
		{"Compute in FLOP/s (dense BF16, each cohort at its year of manufacture's accelerator.flops)", []col{
			{"compute", "ZFLOP/s", func(s plans.YearSummary) float64 { return s.ComputeEFLOPS / 1e3 }},
			{"earth", "ZFLOP/s", func(s plans.YearSummary) float64 { return s.EarthEFLOPS / 1e3 }},
			{"orbit", "ZFLOP/s", func(s plans.YearSummary) float64 { return s.OrbitEFLOPS / 1e3 }},
			{"H100e", "M", func(s plans.YearSummary) float64 { return s.ComputeH100eM }},
			{"target", "ZFLOP/s", func(s plans.YearSummary) float64 { return s.TargetEFLOPS / 1e3 }},
			{"short", "ZFLOP/s", func(s plans.YearSummary) float64 { return s.ShortfallEFLOPS / 1e3 }},
		}},
		{"Supply: power, fabs, launch", []col{
			{"exist.", "GW", func(s plans.YearSummary) float64 { return s.ExistingGenGW }},
			{"grid", "GW", func(s plans.YearSummary) float64 { return s.GridGW }},
			{"turbine", "GW", func(s plans.YearSummary) float64 { return s.TurbinesGW }},
			{"solar", "GW", func(s plans.YearSummary) float64 { return s.SolarGW }},
			{"casting", "GW", func(s plans.YearSummary) float64 { return s.CastingsGW }},
			{"fab.bld", "fabs", func(s plans.YearSummary) float64 { return s.FabsBuilding }},
			{"fab.on", "fabs", func(s plans.YearSummary) float64 { return s.FabsOnline }},
			{"launch", "#", func(s plans.YearSummary) float64 { return s.Launches }},
			{"ships", "#", func(s plans.YearSummary) float64 { return s.Ships }},
			{"pads", "#", func(s plans.YearSummary) float64 { return s.Pads }},
			{"mass", "Mt", func(s plans.YearSummary) float64 { return s.MassMt }},
			{"orb.new", "GW", func(s plans.YearSummary) float64 { return s.OrbitPowerNewGW }},
		}},
	}
	for _, tb := range tables {
		header := []string{"year"}
		units := []string{""}
		for _, c := range tb.cols {
			header = append(header, c.name)
			units = append(units, c.unit)
		}
		rows := [][]string{header, units}
		for _, s := range rep.Summary {
			row := []string{period(s.Year)}
			for _, c := range tb.cols {
				row = append(row, num(c.get(s)))
			}
			rows = append(rows, row)
		}
		fmt.Fprintf(w, "\n%s\n", tb.title)
		writeGrid(w, rows)
	}
	rows := [][]string{
		{"year", "robots", "r.stock", "cost", "disc.", "LC earth", "LC orbit", "LC earth", "LC orbit", "cheaper"},
		{"", "M", "M", "$B", "$B", "$/kW-yr IT", "$/kW-yr IT", "$/PFLOP/s-yr", "$/PFLOP/s-yr", ""},
	}
	for i, s := range rep.Summary {
		lc := rep.Levelized[i]
		cheaper := "earth"
		if lc.Orbit.PerKWIT < lc.Earth.PerKWIT {
			cheaper = "orbit"
		}
		rows = append(rows, []string{period(s.Year), num(s.RobotsMadeM), num(s.RobotsStockM), num(s.CostB),
			num(rep.Costs[i].Discounted), num(lc.Earth.PerKWIT), num(lc.Orbit.PerKWIT),
			num(lc.Earth.PerPFLOPS), num(lc.Orbit.PerPFLOPS), cheaper})
	}
	fmt.Fprintf(w, "\nRobots, cost and levelized cost of new capacity\n")
	writeGrid(w, rows)
	writeRegions(w, rep, period)
	var missedYears []float64
	for _, s := range rep.Summary {
		if s.ShortfallGW > 1e-6 {
			missedYears = append(missedYears, s.Year)
		}
	}
	missed := yearRanges(missedYears, rep.Summary, period)
	switch {
	case rep.Shortfall != nil:
		d := rep.Shortfall
		fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("Why the target was missed (%s GW-years short in %s), by re-solving:",
			num(d.TotalGWYears), missed), 100, "", ""))
		if len(d.Causes) == 0 {
			fmt.Fprintln(w, "- no single capacity closes any of the gap")
		}
		for _, c := range d.Causes {
			fmt.Fprint(w, wrapText(c.Sentence, 100, "- ", "  "))
			if keys := setKeys(c.Family); keys != "" {
				fmt.Fprint(w, wrapText("move it with "+keys, 100, "  ", "  "))
			}
		}
	case len(missed) > 0:
		fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("The target was missed in %s; run with --diagnose to see what would close the gap.",
			missed), 100, "", ""))
	}
	return nil
}

// learningLine says which learning formulation priced the plan, and each
// learned price from the first period to the last.
func learningLine(l *plans.LearningReport) string {
	s := l.Mode
	switch {
	case l.Mode == "exact":
		s += fmt.Sprintf(" (piecewise-linear MIP), %s%% better than the iterated LP's %s", num(100*l.Gap), num(l.IteratedObjective))
	case l.Converged:
		s += fmt.Sprintf(" (LP re-priced %d times until stable)", l.Iterations)
	default:
		s += fmt.Sprintf(" (LP re-priced %d times, not yet stable)", l.Iterations)
	}
	for _, t := range l.Technologies {
		if n := len(t.UnitCost); n > 0 {
			s += fmt.Sprintf("; %s %s→%s %s", t.Name, num(t.UnitCost[0]), num(t.UnitCost[n-1]), t.Unit)
		}
	}
	return s
}

// yearRanges lists years, runs of consecutive periods as "2029–2040",
// each named by period ("2029 Q2").
func yearRanges(years []float64, all []plans.YearSummary, period func(float64) string) string {
	pos := map[float64]int{}
	for i, s := range all {
		pos[s.Year] = i
	}
	var parts []string
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && pos[years[j+1]] == pos[years[j]]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, period(years[i]))
		default:
			parts = append(parts, period(years[i])+"–"+period(years[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func shortUnit(rep *plans.Report) string {
	if rep.Mode == "max-compute" {
		if rep.Metric == "flops" {
			return "EFLOP/s"
		}
		return "GW"
	}
	return "$B"
}

// num formats a number for a table (plans.FormatNumber).
func num(x float64) string { return plans.FormatNumber(x) }

// writeRegions prints, for a plan with regions, each region's compute,
// power and top bottleneck per period, and what moved between regions.
func writeRegions(w io.Writer, rep *plans.Report, period func(float64) string) {
	if len(rep.Regions) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCompute, power and bottlenecks by region\n")
	rows := [][]string{
		{"year", "region", "compute", "earth", "orbit", "target", "short", "made", "grid", "turbine", "solar", "launch", "cost", "bottleneck"},
		{"", "", "GW", "GW", "GW", "GW", "GW", "M", "GW", "GW", "GW", "#", "$B", ""},
	}
	for t := range rep.Years {
		for _, rr := range rep.Regions {
			s := rr.Summary[t]
			top := ""
			if t < len(rr.Bottlenecks) {
				top = rr.Bottlenecks[t]
			}
			rows = append(rows, []string{period(s.Year), rr.Region, num(s.ComputeGW), num(s.EarthGW), num(s.OrbitGW),
				num(s.TargetGW), num(s.ShortfallGW), num(s.MadeM), num(s.GridGW), num(s.TurbinesGW), num(s.SolarGW),
				num(s.Launches), num(s.CostB), top})
		}
	}
	writeGrid(w, rows)
	if len(rep.Trade) == 0 {
		fmt.Fprintf(w, "\nNo accelerators or HBM moved between regions.\n")
		return
	}
	fmt.Fprintf(w, "\nTrade between regions\n")
	rows = [][]string{{"year", "from", "to", "accel.", "HBM"}, {"", "", "", "M", "EB"}}
	for _, tr := range rep.Trade {
		rows = append(rows, []string{period(tr.Year), tr.From, tr.To, num(tr.AcceleratorsM), num(tr.HBMEB)})
	}
	writeGrid(w, rows)
}
