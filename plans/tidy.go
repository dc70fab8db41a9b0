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
// "cost" (component in $B). year names the period for people ("2026",
// "2026 Q4": PeriodLabel); index is the family index, the period's start as
// a decimal year ("2026.75"). Records are sorted by kind, family and index
// order, so output is stable.
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
	return out
}

func (rep *Report) objectiveShort() string {
	if rep.Mode == constraints.MaxCompute.String() {
		return "GW"
	}
	return "$B"
}

func formatNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
