package plans

import (
	"strconv"
	"strings"

	"teraplan/constraints"
)

// TidyHeader is the header of the long, tidy CSV form of a plan.
var TidyHeader = []string{"year", "kind", "family", "index", "value", "unit"}

// Tidy returns the plan in long, tidy form for spreadsheets and
// dataframes: one record per number, header first. kind is "summary" (the
// plan table's columns, family named as in JSON's summary: compute_gw,
// launches, compute_eflops…), in a plan with regions "region_summary"
// (the same columns of each region, compute_gw@china) and "trade"
// (accelerators_m@us_china, hbm_eb@row_china), "levelized" (earth.per_kw_it,
// earth.per_pflops_year, orbit.total, earth.<component> …, in $ per
// kW-year or per PFLOP/s-year), "cost" (each component, and total and
// total_discounted, in $B), "variable" or "shadow_price" (objective units
// per unit of the row), and "learning" (each learned technology's unit
// cost, when learning ran). year names the period for people ("2026",
// "2026 Q4": PeriodLabel); index is the family index, the period's start as
// a decimal year ("2026.75"). Records come in that order of kinds, then by
// family and index, so output is stable.
func (rep *Report) Tidy() [][]string {
	out := [][]string{TidyHeader}
	step := StepOf(rep.Years, 1)
	period := func(idx string) string {
		y, err := strconv.ParseFloat(idx, 64)
		if err != nil {
			return idx
		}
		return PeriodLabel(y, step)
	}
	for _, ys := range rep.Summary {
		y := formatNum(ys.Year)
		for _, c := range summaryColumns(ys) {
			out = append(out, []string{period(y), "summary", c.name, y, formatNum(c.value), summaryUnit(c.name)})
		}
	}
	// A plan with regions: each region's summary, its columns scoped as
	// families are (compute_gw@china), and the trade between them.
	for _, rr := range rep.Regions {
		for _, ys := range rr.Summary {
			y := formatNum(ys.Year)
			for _, c := range summaryColumns(ys) {
				out = append(out, []string{period(y), "region_summary", constraints.RegionKey(c.name, rr.Region), y, formatNum(c.value), summaryUnit(c.name)})
			}
		}
	}
	for _, tr := range rep.Trade {
		y := formatNum(tr.Year)
		pair := constraints.Pair(tr.From, tr.To)
		out = append(out, []string{period(y), "trade", constraints.RegionKey("accelerators_m", pair), y, formatNum(tr.AcceleratorsM), "M"},
			[]string{period(y), "trade", constraints.RegionKey("hbm_eb", pair), y, formatNum(tr.HBMEB), "EB"})
	}
	for _, yl := range rep.Levelized {
		y := formatNum(yl.Year)
		for _, site := range []struct {
			name string
			lc   constraints.Levelized
		}{{"earth", yl.Earth}, {"orbit", yl.Orbit}} {
			out = append(out,
				[]string{period(y), "levelized", site.name + ".per_kw_it", y, formatNum(site.lc.PerKWIT), "$/kW-yr IT"},
				[]string{period(y), "levelized", site.name + ".per_pflops_year", y, formatNum(site.lc.PerPFLOPS), "$/PFLOP/s-yr"},
				[]string{period(y), "levelized", site.name + ".total", y, formatNum(site.lc.Total), "$/kW-yr"})
			for _, k := range sortedKeys(site.lc.Components) {
				out = append(out, []string{period(y), "levelized", site.name + "." + k, y, formatNum(site.lc.Components[k]), "$/kW-yr"})
			}
		}
	}
	for _, yc := range rep.Costs {
		y := formatNum(yc.Year)
		out = append(out, []string{period(y), "cost", "total", y, formatNum(yc.Total), "$B"},
			[]string{period(y), "cost", "total_discounted", y, formatNum(yc.Discounted), "$B"})
	}
	add := func(kind string, fams map[string]map[string]float64, unit func(string) string) {
		for _, fam := range sortedKeys(fams) {
			u := unit(fam)
			for _, idx := range sortedKeys(fams[fam]) {
				out = append(out, []string{period(idx), kind, fam, idx, formatNum(fams[fam][idx]), u})
			}
		}
	}
	add("variable", rep.Variables, func(f string) string { return constraints.FamilyUnit(f).LP })
	add("shadow_price", rep.ShadowPrices, func(f string) string {
		return rep.objectiveShort() + " per " + constraints.FamilyUnit(f).LP
	})
	for _, yc := range rep.Costs {
		y := formatNum(yc.Year)
		for _, k := range sortedKeys(yc.Components) {
			out = append(out, []string{PeriodLabel(yc.Year, step), "cost", k, y, formatNum(yc.Components[k]), "$B"})
		}
	}
	// The learned unit costs, when learning ran.
	if rep.Learning != nil {
		for _, lt := range rep.Learning.Technologies {
			for i, c := range lt.UnitCost {
				if i < len(rep.Years) {
					y := formatNum(rep.Years[i])
					out = append(out, []string{PeriodLabel(rep.Years[i], step), "learning", lt.Name + ".unit_cost", y, formatNum(c), lt.Unit})
				}
			}
		}
	}
	return out
}

// summaryUnit is the unit of a summary column, spelt by its name's
// suffix as everywhere in teraplan; a bare name (launches, ships, pads,
// fabs_online) counts things.
func summaryUnit(name string) string {
	for _, u := range []struct{ suffix, unit string }{
		{"_usd_b", "$B"}, {"_eflops", "EFLOP/s"}, {"_gw", "GW"}, {"_mt", "Mt"}, {"_eb", "EB"}, {"_m", "M"},
	} {
		if strings.HasSuffix(name, u.suffix) {
			return u.unit
		}
	}
	return "count"
}

func (rep *Report) objectiveShort() string {
	if rep.Mode == constraints.MaxCompute.String() {
		if rep.Metric == constraints.MetricFLOPS.String() {
			return "EFLOP/s"
		}
		return "GW"
	}
	return "$B"
}

func formatNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
