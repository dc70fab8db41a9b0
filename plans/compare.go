package plans

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// CompareSchema is the JSON schema version of a comparison of two plans.
const CompareSchema = "teraplan.compare/v1"

// Comparison is two plans side by side: for every year both have, each
// metric of the plan table in A and in B and their difference.
type Comparison struct {
	Schema string       `json:"schema"`
	A      ComparedPlan `json:"a"`
	B      ComparedPlan `json:"b"`
	// Years are the periods both plans have.
	Years []float64    `json:"years"`
	Rows  []CompareRow `json:"rows"`
	Notes []string     `json:"notes"`
}

// ComparedPlan says which plan a side is.
type ComparedPlan struct {
	// Name is what the side was given as: a scenario with its overrides,
	// or a plan JSON file.
	Name          string  `json:"name"`
	Scenario      string  `json:"scenario"`
	ScenarioHash  string  `json:"scenario_hash"`
	Mode          string  `json:"mode"`
	Year          float64 `json:"year,omitempty"`
	Status        string  `json:"status"`
	Objective     float64 `json:"objective"`
	ObjectiveUnit string  `json:"objective_unit"`
}

// CompareRow is one metric in one year: A's value, B's, and B − A.
type CompareRow struct {
	Metric string  `json:"metric"`
	Unit   string  `json:"unit"`
	Year   float64 `json:"year"`
	A      float64 `json:"a"`
	B      float64 `json:"b"`
	Diff   float64 `json:"diff"`
}

// Differs reports whether the row's two values differ beyond solver noise
// (a relative 1e-9, or 1e-9 absolute near zero).
func (r CompareRow) Differs() bool {
	return math.Abs(r.Diff) > 1e-9*math.Max(1, math.Max(math.Abs(r.A), math.Abs(r.B)))
}

// CompareMetrics are the metrics Compare knows, in the order it reports
// them: the plan table's columns as JSON's summary names them, then the
// levelized cost per kW-year of AI IT power on Earth and in orbit.
func CompareMetrics() []string {
	var out []string
	for _, c := range summaryColumns(YearSummary{}) {
		out = append(out, c.name)
	}
	return append(out, "lc_earth_per_kw_it", "lc_orbit_per_kw_it")
}

// Compare puts plans a and b side by side for metrics (nil: all of
// CompareMetrics), over the years both have; names say what each side was
// given as. Rows come by metric, then year.
func Compare(a, b *Report, names [2]string, metrics []string) (*Comparison, error) {
	known := CompareMetrics()
	if metrics == nil {
		metrics = known
	}
	for _, m := range metrics {
		if !contains(known, m) {
			return nil, fmt.Errorf("plans: unknown metric %q (metrics: %s)", m, strings.Join(known, ", "))
		}
	}
	c := &Comparison{Schema: CompareSchema, A: compared(a, names[0]), B: compared(b, names[1]),
		Years: []float64{}, Rows: []CompareRow{}, Notes: []string{}}
	sa, sb := metricSeries(a), metricSeries(b)
	var onlyA, onlyB []string
	for _, y := range a.Years {
		if indexOfYear(b.Years, y) >= 0 {
			c.Years = append(c.Years, y)
		} else {
			onlyA = append(onlyA, Label(y))
		}
	}
	for _, y := range b.Years {
		if indexOfYear(a.Years, y) < 0 {
			onlyB = append(onlyB, Label(y))
		}
	}
	if len(onlyA) > 0 || len(onlyB) > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("the horizons differ: compared over the %d periods both have (only in A: %s; only in B: %s)",
			len(c.Years), orNone(onlyA), orNone(onlyB)))
	}
	if a.Mode != b.Mode {
		c.Notes = append(c.Notes, fmt.Sprintf("A is a %s plan and B a %s plan: their objectives measure different things", a.Mode, b.Mode))
	}
	for _, m := range metrics {
		for _, y := range c.Years {
			va, vb := sa[m].at(a, y), sb[m].at(b, y)
			c.Rows = append(c.Rows, CompareRow{Metric: m, Unit: sa[m].unit, Year: y, A: va, B: vb, Diff: vb - va})
		}
	}
	return c, nil
}

func compared(r *Report, name string) ComparedPlan {
	return ComparedPlan{Name: name, Scenario: r.Scenario, ScenarioHash: r.ScenarioHash, Mode: r.Mode, Year: r.Year,
		Status: r.Status, Objective: r.Objective, ObjectiveUnit: r.ObjectiveUnit}
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func indexOfYear(years []float64, y float64) int {
	for i, x := range years {
		if math.Abs(x-y) < 1e-9 {
			return i
		}
	}
	return -1
}

// series is one metric of a plan: its unit and a value per summary row.
type series struct {
	unit   string
	values []float64
}

func (s series) at(r *Report, y float64) float64 {
	for i, row := range r.Summary {
		if math.Abs(row.Year-y) < 1e-9 && i < len(s.values) {
			return s.values[i]
		}
	}
	return math.NaN()
}

// metricSeries reads every metric of CompareMetrics from a report.
func metricSeries(r *Report) map[string]series {
	out := map[string]series{}
	for i, ys := range r.Summary {
		for _, c := range summaryColumns(ys) {
			s := out[c.name]
			s.unit = summaryUnit(c.name)
			s.values = append(s.values, c.value)
			out[c.name] = s
		}
		earth, orbit := math.NaN(), math.NaN()
		if i < len(r.Levelized) {
			earth, orbit = r.Levelized[i].Earth.PerKWIT, r.Levelized[i].Orbit.PerKWIT
		}
		for name, v := range map[string]float64{"lc_earth_per_kw_it": earth, "lc_orbit_per_kw_it": orbit} {
			s := out[name]
			s.unit = "$/kW-yr IT"
			s.values = append(s.values, v)
			out[name] = s
		}
	}
	return out
}

// column is one number of a summary row, named as in JSON.
type column struct {
	name  string
	value float64
}

// summaryColumns lists a summary row's numbers but the year, in field
// order, by their JSON names.
func summaryColumns(ys YearSummary) []column {
	t := reflect.TypeOf(ys)
	v := reflect.ValueOf(ys)
	var out []column
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || name == "year" || t.Field(i).Type.Kind() != reflect.Float64 {
			continue
		}
		out = append(out, column{name, v.Field(i).Float()})
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
