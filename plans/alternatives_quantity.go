package plans

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"teraplan/constraints"
	"teraplan/lp"
)

// quantityDef is one quantity `alternatives` can explore: a linear
// expression over the world's families per period, or, for a ratio, a
// numerator and a denominator. A stock is read in the period labelled by
// its year and needs a year; a flow is summed over the periods of its
// calendar year, or over the whole horizon when no year is given.
type quantityDef struct {
	name, label, unit string
	flow              bool
	module            string // a module that must be on ("" none)
	// expr is the quantity in period t, in unit (a ratio's numerator).
	expr func(w *constraints.World, t int) lp.Expr
	// den, for a ratio, is the denominator; the quantity is 100·expr/den %.
	den func(w *constraints.World, t int) lp.Expr
}

var quantityDefs = []quantityDef{
	{name: "compute_gw", label: "compute, Earth + orbit", unit: "GW",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.TotalGW(t) }},
	{name: "earth_gw", label: "compute on Earth", unit: "GW",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.EarthGW.X(t) }},
	{name: "orbit_gw", label: "compute in orbit", unit: "GW", module: "space",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.OrbitGW.X(t) }},
	{name: "orbit_share", label: "orbit's share of compute", unit: "%", module: "space",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.OrbitGW.X(t) },
		den:  func(w *constraints.World, t int) lp.Expr { return w.Compute.TotalGW(t) }},
	{name: "launches", label: "Starship launches", unit: "launches", flow: true, module: "launch",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Launch.Launches.X(t).Scale(1e3) })
		}},
	{name: "mass_to_orbit_mt", label: "mass launched to orbit", unit: "Mt", flow: true, module: "space",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Shared.Mass[t] }},
	{name: "fabs_started", label: "fabs started", unit: "fabs", flow: true, module: "chips",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Chips.FabStarts.X(t) })
		}},
	{name: "accelerators_made_m", label: "accelerators made", unit: "M", flow: true,
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.Made.X(t) }},
	{name: "stranded_m", label: "accelerators stranded", unit: "M",
		expr: func(w *constraints.World, t int) lp.Expr { return w.Compute.Stranded.X(t) }},
	{name: "grid_gw", label: "grid power for AI", unit: "GW", module: "power",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Power.GridOnline.X(t) })
		}},
	{name: "turbines_gw", label: "turbine power for AI", unit: "GW", module: "power",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Power.TurbinesOnline.X(t) })
		}},
	{name: "solar_firm_gw", label: "firm ground solar for AI", unit: "GW", module: "power",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Power.SolarOnline.X(t) })
		}},
	{name: "ships", label: "Starship fleet", unit: "ships", module: "launch",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Launch.Fleet.X(t) })
		}},
	{name: "robots_stock_m", label: "Optimus robots in service", unit: "M", module: "robots",
		expr: func(w *constraints.World, t int) lp.Expr {
			return everyRegion(w, func(w *constraints.World) lp.Expr { return w.Robots.Stock.X(t) })
		}},
	{name: "cost_usd_b", label: "spending, undiscounted, without penalties", unit: "$B", flow: true,
		expr: func(w *constraints.World, t int) lp.Expr { return w.Cost.Total.X(t) }},
}

// everyRegion sums f over the regions of w (w itself without regions):
// quantities of the modules a model with regions builds per region.
func everyRegion(w *constraints.World, f func(*constraints.World) lp.Expr) lp.Expr {
	var parts []lp.Expr
	for _, rw := range w.Scope() {
		parts = append(parts, f(rw))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return lp.Sum(parts...)
}

// QuantityNames lists the quantities `alternatives` can explore, sorted.
func QuantityNames() []string {
	out := make([]string, len(quantityDefs))
	for i, d := range quantityDefs {
		out[i] = d.name
	}
	sort.Strings(out)
	return out
}

// QuantityHelp describes every explorable quantity, one line each, for
// the command's help: "orbit_share:YEAR  orbit's share of compute (%)".
func QuantityHelp() string {
	defs := append([]quantityDef(nil), quantityDefs...)
	sort.Slice(defs, func(i, j int) bool { return defs[i].name < defs[j].name })
	var b strings.Builder
	for _, d := range defs {
		spec := d.name + ":YEAR"
		if d.flow {
			spec = d.name + "[:YEAR]"
		}
		what := d.label
		switch {
		case d.den != nil:
			what += ", orbit ÷ (Earth + orbit)"
		case d.flow:
			what += " in the calendar year, or over the whole horizon"
		}
		fmt.Fprintf(&b, "  %-24s %s (%s)\n", spec, what, d.unit)
	}
	return b.String()
}

// DefaultExplore are the quantities explored when none are chosen. A
// default year past the last period solved (max-compute --year 2030) is
// moved to that period.
var DefaultExplore = []string{"orbit_share:2035", "earth_gw:2030", "launches:2032", "fabs_started"}

// QuantityError is a bad --explore entry.
type QuantityError struct {
	Spec, Msg string
}

func (e *QuantityError) Error() string { return fmt.Sprintf("--explore %q: %s", e.Spec, e.Msg) }

// quantity is a parsed --explore entry bound to a built world's periods.
type quantity struct {
	spec    string
	def     *quantityDef
	year    float64
	hasYear bool
	periods []int // the periods summed (one for a stock)
}

// parseQuantity reads "name" or "name:YEAR" against the horizon h.
func parseQuantity(spec string, h constraints.Horizon, v constraints.Values) (quantity, error) {
	name, yearText, hasYear := strings.Cut(strings.TrimSpace(spec), ":")
	name = strings.TrimSpace(name)
	q := quantity{spec: strings.TrimSpace(spec), hasYear: hasYear}
	for i := range quantityDefs {
		if quantityDefs[i].name == name {
			q.def = &quantityDefs[i]
		}
	}
	if q.def == nil {
		return q, &QuantityError{spec, "unknown quantity (quantities: " + strings.Join(QuantityNames(), ", ") + ")"}
	}
	if m := q.def.module; m != "" && !v.Enabled(m) {
		return q, &QuantityError{spec, "needs the " + m + " module, which the scenario switches off"}
	}
	if !hasYear {
		if !q.def.flow {
			return q, &QuantityError{spec, "give a year, e.g. " + name + ":2030"}
		}
		for t := range h.Years {
			q.periods = append(q.periods, t)
		}
		return q, nil
	}
	y, err := strconv.ParseFloat(strings.TrimSpace(yearText), 64)
	if err != nil || math.IsNaN(y) || math.IsInf(y, 0) {
		return q, &QuantityError{spec, "the year is not a number"}
	}
	q.year = y
	last := h.Years[len(h.Years)-1]
	if q.def.flow {
		if y != math.Trunc(y) {
			return q, &QuantityError{spec, "a flow is summed over a calendar year: give a whole year"}
		}
		for t, py := range h.Years {
			if py >= y-1e-9 && py < y+1-1e-9 {
				q.periods = append(q.periods, t)
			}
		}
		if len(q.periods) == 0 {
			return q, &QuantityError{spec, fmt.Sprintf("no period of the horizon %s–%s lies in %s", Label(h.Years[0]), Label(last), Label(y))}
		}
		return q, nil
	}
	t, err := h.Period(y)
	if err != nil {
		return q, &QuantityError{spec, fmt.Sprintf("%s is not a period of the horizon %s–%s (step %v)", Label(y), Label(h.Years[0]), Label(last), h.Step)}
	}
	q.periods = []int{t}
	return q, nil
}

// ratio reports whether the quantity is a ratio (linear-fractional).
func (q quantity) ratio() bool { return q.def.den != nil }

// exprs returns the quantity's expression (a ratio's numerator) and, for
// a ratio, its denominator, in world w.
func (q quantity) exprs(w *constraints.World) (num, den lp.Expr) {
	var ns, ds []lp.Expr
	for _, t := range q.periods {
		ns = append(ns, q.def.expr(w, t))
		if q.def.den != nil {
			ds = append(ds, q.def.den(w, t))
		}
	}
	return lp.Sum(ns...), lp.Sum(ds...)
}

// value evaluates the quantity in a solution of world w, in its unit.
func (q quantity) value(w *constraints.World, sol *lp.Solution) (float64, error) {
	num, den := q.exprs(w)
	n := sol.Eval(num)
	if !q.ratio() {
		return n, nil
	}
	d := sol.Eval(den)
	if d <= 1e-9 {
		return 0, fmt.Errorf("plans: %s is undefined: no compute in %s", q.spec, Label(q.year))
	}
	return 100 * n / d, nil
}

// describe is the quantity's label with its year: "compute on Earth, 2030".
func (q quantity) describe() string {
	if !q.hasYear {
		if q.def.flow {
			return q.def.label + ", whole horizon"
		}
		return q.def.label
	}
	return q.def.label + ", " + Label(q.year)
}
