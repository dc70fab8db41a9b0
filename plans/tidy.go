package plans

import (
	"strconv"

	"teraplan/constraints"
)

// TidyHeader is the header of the long, tidy CSV form of a plan.
var TidyHeader = []string{"year", "kind", "family", "index", "value", "unit"}

// Tidy returns the plan in long, tidy form for spreadsheets and
// dataframes: one record per family entry, header first. kind is
// "variable", "shadow_price" (objective units per unit of the row) or
// "cost" (component in $B). Records are sorted by kind, family and index
// order, so output is stable.
func (rep *Report) Tidy() [][]string {
	out := [][]string{TidyHeader}
	add := func(kind string, fams map[string]map[string]float64, unit func(string) string) {
		for _, fam := range sortedKeys(fams) {
			u := unit(fam)
			for _, idx := range sortedKeys(fams[fam]) {
				out = append(out, []string{idx, kind, fam, idx, formatNum(fams[fam][idx]), u})
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
			out = append(out, []string{y, "cost", k, y, formatNum(yc.Components[k]), "$B"})
		}
	}
	// Compute in each unit, levelized cost per kW-year and per
	// PFLOP/s-year, and the learned unit costs.
	for i, s := range rep.Summary {
		y := formatNum(s.Year)
		for _, c := range []struct {
			family, unit string
			value        float64
		}{
			{"compute_gw", "GW", s.ComputeGW}, {"compute_eflops", "EFLOP/s", s.ComputeEFLOPS},
			{"compute_h100e_m", "M H100-equivalents", s.ComputeH100eM},
		} {
			out = append(out, []string{y, "compute", c.family, y, formatNum(c.value), c.unit})
		}
		if i < len(rep.Levelized) {
			lv := rep.Levelized[i]
			for _, c := range []struct {
				family, unit string
				value        float64
			}{
				{"earth.per_kw_it", "$/kW-yr", lv.Earth.PerKWIT}, {"earth.per_pflops_year", "$/PFLOP/s-yr", lv.Earth.PerPFLOPS},
				{"orbit.per_kw_it", "$/kW-yr", lv.Orbit.PerKWIT}, {"orbit.per_pflops_year", "$/PFLOP/s-yr", lv.Orbit.PerPFLOPS},
			} {
				out = append(out, []string{y, "levelized", c.family, y, formatNum(c.value), c.unit})
			}
		}
		if rep.Learning != nil {
			for _, lt := range rep.Learning.Technologies {
				if i < len(lt.UnitCost) {
					out = append(out, []string{y, "learning", lt.Name + ".unit_cost", y, formatNum(lt.UnitCost[i]), lt.Unit})
				}
			}
		}
	}
	return out
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
