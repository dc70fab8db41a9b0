package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

type limitsOptions struct {
	scenarioFlags
	Year  float64
	Years string
	Top   int
	Out   string
}

// newLimitsCmd is `teraplan limits`: what limits compute in year N, or the
// top limits of every year.
func newLimitsCmd(app *App) *cobra.Command {
	opts := &limitsOptions{}
	cmd := &cobra.Command{
		Use:   "limits (--year N | --years A-B)",
		Short: "What limits compute in a year: binding constraints ranked, with shadow prices and re-solves",
		Long: `limits maximises compute in --year and ranks every binding capacity of that
year and the years before it (a fab not started in 2027 limits 2031) by
elasticity: % of compute per % of capacity. For each it gives the shadow
price in natural units (GW per launch, per wafer, per EB…), the exact gain
from re-solving with that capacity +10% and -10%, and says when the re-solve
disagrees with the dual. Limits are grouped by module.

--years A-B prints the top limits of every year instead: the interview's
thesis is that power limits before orbit is reachable, chips and memory
after. Stranded accelerators (made, not installed) are listed per year.`,
		Example: `  teraplan limits --year 2030
  teraplan limits --years 2026-2040 --top 3
  teraplan limits --year 2029 --set memory.hbm_eb_per_year_existing=10 --format json
  teraplan limits --scenario regions-2026 --region us --year 2030`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runLimits(cmd, app, opts) },
	}
	addScenarioFlags(cmd, &opts.scenarioFlags, false)
	cmd.Flags().Float64Var(&opts.Year, "year", 0, "the `YEAR` to analyse")
	cmd.Flags().StringVar(&opts.Years, "years", "", "a timeline of years `A-B`, e.g. 2026-2040")
	cmd.Flags().IntVar(&opts.Top, "top", 0, "show the top `K` limits (default 12 for a year, 3 a year for a timeline)")
	noConfig(cmd.Flags(), "year")
	noConfig(cmd.Flags(), "years")
	addOutFlag(cmd, &opts.Out)
	addRegionFlag(cmd, &opts.scenarioFlags, "maximise this `REGION`'s compute while every other region keeps the compute it has in the min-cost plan, and rank every region's limits by what they are worth to it")
	return cmd
}

func runLimits(cmd *cobra.Command, app *App, opts *limitsOptions) error {
	if (opts.Year == 0) == (opts.Years == "") {
		return usageErrorf("give exactly one of --year N or --years A-B")
	}
	if opts.Top < 0 {
		return usageErrorf("--top must be >= 0")
	}
	if err := app.CheckOut(opts.Out); err != nil {
		return err
	}
	s, in, po, err := opts.prepare()
	if err != nil {
		return err
	}
	if opts.Year != 0 { // limits' own --year, not the shared max-compute one
		if err := checkYear(s, opts.Year, "--year"); err != nil {
			return err
		}
	}
	v := app.versions()
	lo := plans.LimitsOptions{MIP: po.MIP, Solver: po.Solver, Cold: po.Cold, Region: po.Region}
	if opts.Years != "" {
		from, to, err := parseYears(opts.Years)
		if err != nil {
			return err
		}
		top := opts.Top
		if top == 0 {
			top = 3
		}
		bar := app.Progress(yearsBetween(s, from, to), "limits")
		lo.Progress = func(done, _ int) { bar.Set(done) }
		tl, err := plans.BuildTimeline(cmd.Context(), in, from, to, top, top, lo, v)
		bar.Finish()
		if err != nil {
			return solveErr(err)
		}
		if len(tl.Years) == 0 {
			return usageErrorf("--years %s selects no period of the horizon %v-%v", opts.Years,
				in.Values.At("horizon.start_year", 0), in.Values.At("horizon.end_year", 0))
		}
		name := in.Name
		if po.Region != "" {
			name += ", " + po.Region + "'s compute (every other region keeping its min-cost plan's)"
		}
		return app.RenderTo(opts.Out, timelineView{tl, name, in.Values.At("horizon.step_years", 0)})
	}
	rep, err := plans.Limits(cmd.Context(), in, opts.Year, lo, v)
	if err != nil {
		return solveErr(err)
	}
	top := opts.Top
	if top == 0 {
		top = 12
	}
	return app.RenderTo(opts.Out, limitsView{rep, top, in.Values.At("horizon.step_years", 0)})
}

// yearsBetween counts the periods of s's horizon from..to: the years a
// timeline analyses, for its progress bar.
func yearsBetween(s *scenario.Scenario, from, to float64) int {
	n := 0
	for _, y := range s.Years() {
		if y >= from-1e-9 && y <= to+1e-9 {
			n++
		}
	}
	return n
}

// parseYears reads "2026-2040" (or a single year).
func parseYears(s string) (float64, float64, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	from, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	to, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || to < from || math.IsNaN(from) || math.IsInf(to, 0) || math.IsInf(from, 0) {
		return 0, 0, usageErrorf("--years %q: want A-B with A <= B, e.g. 2026-2040", s)
	}
	return from, to, nil
}

type limitsView struct {
	rep  *plans.LimitsReport
	top  int
	step float64 // the horizon's period length, for period labels
}

// period names the period starting in year y ("2026 Q4").
func (v limitsView) period(y float64) string { return plans.PeriodLabel(y, v.step) }

func (v limitsView) JSON() any { return v.rep }

func (v limitsView) CSV() [][]string {
	out := [][]string{{"year_analysed", "module", "family", "year", "elasticity", "shadow_price", "shadow_price_unit",
		"capacity", "capacity_unit", "gain_plus_10pct_gw", "gain_minus_10pct_gw", "dual_disagrees", "set_keys",
		"price_holds_down_pct", "price_holds_up_pct", "leaving_down", "leaving_up"}}
	for _, l := range v.rep.Limits {
		r := l.Range
		if r == nil {
			r = &plans.ShadowRange{}
		}
		out = append(out, []string{v.period(v.rep.Year), l.Module, l.Family, v.period(l.Year), fnum(l.Elasticity),
			fnum(l.ShadowPrice), l.ShadowUnit, fnum(l.Capacity), l.CapacityUnit, optFull(l.GainPlus10), optFull(l.GainMinus10),
			strconv.FormatBool(l.Disagrees), strings.Join(constraints.FamilyKeys(l.Family), " "),
			optFull(r.DownPct), optFull(r.UpPct), r.DownLeaving, r.UpLeaving})
	}
	return out
}

func (v limitsView) Table() Table { return Table{} }

// WriteText prints the limits grouped by module, modules in order of
// their strongest limit, then the sentences and stranded accelerators.
func (v limitsView) WriteText(w io.Writer) error {
	rep := v.rep
	if rep.Region != "" {
		fmt.Fprintf(w, "What limits %s's compute in %s, every other region keeping its min-cost plan's compute? scenario %s: %s GW at most\n",
			rep.Region, v.period(rep.Year), rep.Scenario, num(rep.ComputeGW))
	} else {
		fmt.Fprintf(w, "What limits compute in %s? scenario %s: %s GW at most\n", v.period(rep.Year), rep.Scenario, num(rep.ComputeGW))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	limits := rep.Limits
	if len(limits) > v.top {
		limits = limits[:v.top]
	}
	if len(limits) == 0 {
		fmt.Fprintln(w, "\nno capacity binds: nothing in the model limits compute that year")
	}
	order := []string{}
	byModule := map[string][]plans.Limit{}
	for _, l := range limits {
		if _, ok := byModule[l.Module]; !ok {
			order = append(order, l.Module)
		}
		byModule[l.Module] = append(byModule[l.Module], l)
	}
	rows := [][]string{{"module", "limit", "year", "elast.", "one more unit buys", "holds", "+10%", "-10%", ""},
		{"", "", "", "%/%", "", "%", "GW", "GW", ""}}
	for _, m := range order {
		for i, l := range byModule[m] {
			mod := ""
			if i == 0 {
				mod = m
			}
			flag := ""
			if l.Disagrees {
				flag = "*"
			}
			rows = append(rows, []string{mod, truncateText(l.Label, 27), v.period(l.Year), fmt.Sprintf("%.3f", l.Elasticity),
				plans.FormatPower(l.ShadowPrice) + "/" + strings.TrimPrefix(l.ShadowUnit, "GW per "),
				holds(l.Range), optNum(l.GainPlus10), optNum(l.GainMinus10), flag})
		}
	}
	fmt.Fprintln(w)
	writeGridAlign(w, rows, "ll")
	for _, l := range limits {
		if l.Disagrees {
			fmt.Fprint(w, wrapText("* the ±10% re-solve disagrees with the dual: a degenerate vertex, or the change crosses a breakpoint", 100, "", "  "))
			break
		}
	}
	fmt.Fprintln(w)
	for _, l := range limits[:min(len(limits), 5)] {
		fmt.Fprint(w, wrapText(l.Sentence, 100, "- ", "  "))
		if keys := setKeys(l.Family); keys != "" {
			fmt.Fprint(w, wrapText("move it with "+keys, 100, "  ", "  "))
		}
	}
	var stranded []string
	for _, s := range rep.Stranded {
		if s.StrandedM > 1e-6 {
			why := ""
			if s.PowerBinding {
				why = ", power binding"
			}
			stranded = append(stranded, fmt.Sprintf("%s %s M%s", v.period(s.Year), num(s.StrandedM), why))
		}
	}
	if len(stranded) > 0 {
		fmt.Fprint(w, "\n"+wrapText("Stranded accelerators (made, not installed): "+strings.Join(stranded, "; "), 100, "", "  "))
	}
	return nil
}

type timelineView struct {
	tl       *plans.Timeline
	scenario string
	step     float64 // the horizon's period length, for period labels
}

// period names the period starting in year y ("2026 Q4").
func (v timelineView) period(y float64) string { return plans.PeriodLabel(y, v.step) }

func (v timelineView) JSON() any { return v.tl }

func (v timelineView) CSV() [][]string {
	out := [][]string{{"year", "compute_gw", "rank", "module", "family", "limit_year", "elasticity", "gain_plus_10pct_gw", "set_keys"}}
	for _, y := range v.tl.Years {
		for i, l := range y.Top {
			out = append(out, []string{v.period(y.Year), fnum(y.ComputeGW), strconv.Itoa(i + 1), l.Module, l.Family,
				v.period(l.Year), fnum(l.Elasticity), optFull(l.GainPlus10), strings.Join(constraints.FamilyKeys(l.Family), " ")})
		}
	}
	return out
}

func (v timelineView) Table() Table { return Table{} }

func (v timelineView) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Top bottlenecks by year, scenario %s (max-compute in each year; elasticity %%/%%)\n", v.scenario)
	fmt.Fprintf(w, "Rows that bind together as one chain share a line.\n\n")
	rows := [][]string{{"year", "compute", "#", "bottleneck", "family", "of", "elast.", "+10%", ""},
		{"", "GW", "", "", "", "year", "%/%", "GW", ""}}
	disagree := false
	for _, y := range v.tl.Years {
		if len(y.Chains) == 0 {
			rows = append(rows, []string{v.period(y.Year), num(y.ComputeGW), "", "nothing binds"})
		}
		for i, c := range y.Chains {
			year, compute := "", ""
			if i == 0 {
				year, compute = v.period(y.Year), num(y.ComputeGW)
			}
			fam := c.Members[0]
			if len(c.Members) > 1 {
				fam += fmt.Sprintf(" +%d", len(c.Members)-1)
			}
			flag := ""
			if c.Disagrees {
				flag, disagree = "*", true
			}
			rows = append(rows, []string{year, compute, strconv.Itoa(i + 1), truncateText(c.Label, 28),
				truncateText(fam, 24), v.period(c.Year), fmt.Sprintf("%.3f", c.Elasticity), optNum(c.GainPlus10), flag})
		}
	}
	writeGridAlign(w, rows, "lrrllrrrl")
	if disagree {
		fmt.Fprint(w, wrapText("* the ±10% re-solve disagrees with the dual: a degenerate vertex, or the change crosses a breakpoint (a chain's members each re-solved alone)", 100, "", "  "))
	}
	counts := map[string]int{}
	for _, y := range v.tl.Years {
		if len(y.Top) > 0 {
			counts[y.Top[0].Module]++
		}
	}
	mods := make([]string, 0, len(counts))
	for m := range counts {
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool {
		if counts[mods[i]] != counts[mods[j]] {
			return counts[mods[i]] > counts[mods[j]]
		}
		return mods[i] < mods[j]
	})
	parts := make([]string, len(mods))
	for i, m := range mods {
		parts[i] = fmt.Sprintf("%s %d", m, counts[m])
	}
	fmt.Fprintf(w, "\nTop limit by module: %s\n", strings.Join(parts, ", "))
	// What moves each family that tops a year, in order of first appearance.
	var fams []string
	for _, y := range v.tl.Years {
		if len(y.Top) > 0 && !slices.Contains(fams, y.Top[0].Family) {
			fams = append(fams, y.Top[0].Family)
		}
	}
	if len(fams) > 0 {
		fmt.Fprintln(w, "\nTo move the top limits:")
		for _, f := range fams {
			if keys := setKeys(f); keys != "" {
				fmt.Fprint(w, wrapText(constraints.FamilyLabel(f)+" ("+f+"): "+keys, 100, "- ", "  "))
			}
		}
	}
	return nil
}

// setKeys names the --set keys that move a capacity family, "" if none.
func setKeys(family string) string {
	keys := constraints.FamilyKeys(family)
	if len(keys) == 0 {
		return ""
	}
	return "--set " + strings.Join(keys, ", ")
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if n < 2 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// holds writes the range of a shadow price as "-44…+3.1": how far, in %
// of the capacity, it can fall and rise with the price unchanged ("any"
// when unlimited, "" when unknown); whole percents from 10%, one decimal
// below.
func holds(r *plans.ShadowRange) string {
	if r == nil {
		return ""
	}
	end := func(sign string, p *float64) string {
		switch {
		case p == nil:
			return sign + "any"
		case *p >= 9.95:
			return sign + strconv.FormatFloat(*p, 'f', 0, 64)
		}
		return sign + strconv.FormatFloat(*p, 'f', 1, 64)
	}
	return end("-", r.DownPct) + "…" + end("+", r.UpPct)
}

// optFull is an optional number in full precision for CSV, "" when absent.
func optFull(p *float64) string {
	if p == nil {
		return ""
	}
	return fnum(*p)
}

// optNum is num for an optional number, "" when absent.
func optNum(p *float64) string {
	if p == nil {
		return ""
	}
	return num(*p)
}
