package plans

import "teraplan/constraints"

// PeriodLabel names the period that starts in year y, on a horizon of
// step-year periods, for people: "2026", "2026 Q4", "2026 H2", "2026-10"
// (constraints.PeriodLabel). Tables, sentences, charts, the HTML report and
// CSV year columns use it; JSON keeps numeric years and family indexes keep
// Label.
func PeriodLabel(y, step float64) string { return constraints.PeriodLabel(y, step) }

// StepOf is the period length of a run of consecutive period years, or
// fallback when there are fewer than two.
func StepOf(years []float64, fallback float64) float64 {
	if len(years) < 2 {
		return fallback
	}
	return years[1] - years[0]
}
