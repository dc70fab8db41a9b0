package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"teraplan/plans"
)

// Metric names a run can record besides its objective (always recorded):
//
//	total_cost_usd_b   the plan's undiscounted spending over the horizon, $B (no penalties)
//	bottleneck         per year, the capacity family whose row matters most (plans.Result.TopBottlenecks)
//	compute_gw, shortfall_gw, earth_gw, orbit_gw, launches, cost_usd_b, …
//	                   per year, any column of the plan's summary (plans.YearSummary's JSON names)
//	levelized          per year, the levelized cost by site, $ per kW-year of IT
//	                   (levelized_earth_usd_per_kw_yr_it, levelized_orbit_usd_per_kw_yr_it)
//	crossover_year     the first year orbit costs less per kW-year of IT than Earth, on
//	                   marginal cost with scarcity rents and on average cost (absent: never)
//	claims             each claim's verdict (plans.AuditClaims): the run solves the claims
//	                   audit, ClaimsSolves plans, and its plan is the audit's min-cost plan
//
// "default" stands for DefaultMetrics and "all" for every metric but claims,
// which costs a claims audit a run and is asked for by name.
const (
	MetricTotalCost  = "total_cost_usd_b"
	MetricBottleneck = "bottleneck"
	MetricLevelized  = "levelized"
	MetricCrossover  = "crossover_year"
	MetricClaims     = "claims"
)

// Per-year series the levelized metric records.
const (
	SeriesLevelizedEarth = "levelized_earth_usd_per_kw_yr_it"
	SeriesLevelizedOrbit = "levelized_orbit_usd_per_kw_yr_it"
)

// CSV columns of the crossover metric; a claim's verdict is column claim[ID].
const (
	columnCrossover        = "crossover_year"
	columnCrossoverAverage = "crossover_year_average"
	columnClaim            = "claim"
)

// DefaultMetrics are recorded when none are chosen.
var DefaultMetrics = []string{MetricTotalCost, "compute_gw", "shortfall_gw", MetricBottleneck}

// yearFields maps each plans.YearSummary JSON name (but "year") to its field.
var yearFields = func() map[string]int {
	m := map[string]int{}
	t := reflect.TypeOf(plans.YearSummary{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "year" && t.Field(i).Type.Kind() == reflect.Float64 {
			m[name] = i
		}
	}
	return m
}()

// AllMetrics returns every metric name, sorted.
func AllMetrics() []string {
	out := []string{MetricTotalCost, MetricBottleneck, MetricLevelized, MetricCrossover, MetricClaims}
	for k := range yearFields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// metricSet is the chosen metrics: scalars, per-year series, bottleneck.
type metricSet struct {
	totalCost, bottleneck        bool
	levelized, crossover, claims bool
	series                       []string // sorted
}

func (m metricSet) names() []string {
	var out []string
	if m.totalCost {
		out = append(out, MetricTotalCost)
	}
	out = append(out, m.series...)
	if m.bottleneck {
		out = append(out, MetricBottleneck)
	}
	if m.levelized {
		out = append(out, MetricLevelized)
	}
	if m.crossover {
		out = append(out, MetricCrossover)
	}
	if m.claims {
		out = append(out, MetricClaims)
	}
	return out
}

// yearSeries are the per-year series a run records, in CSV column order.
func (m metricSet) yearSeries() []string {
	out := append([]string(nil), m.series...)
	if m.levelized {
		out = append(out, SeriesLevelizedEarth, SeriesLevelizedOrbit)
	}
	return out
}

func parseMetrics(names []string) (metricSet, error) {
	if names == nil {
		names = DefaultMetrics
	}
	var m metricSet
	seen := map[string]bool{}
	var add func(string) error
	add = func(n string) error {
		n = strings.TrimSpace(n)
		switch {
		case n == "" || n == "objective":
		case n == "default":
			for _, d := range DefaultMetrics {
				_ = add(d)
			}
		case n == "all":
			for _, d := range AllMetrics() {
				if d != MetricClaims {
					_ = add(d)
				}
			}
		case n == MetricTotalCost:
			m.totalCost = true
		case n == MetricBottleneck:
			m.bottleneck = true
		case n == MetricLevelized:
			m.levelized = true
		case n == MetricCrossover:
			m.crossover = true
		case n == MetricClaims:
			m.claims = true
		default:
			if _, ok := yearFields[n]; !ok {
				return &SpecError{Flag: "--metrics", Key: n, Msg: "unknown metric (metrics: objective, default, all, " + strings.Join(AllMetrics(), ", ") + ")"}
			}
			if !seen[n] {
				seen[n] = true
				m.series = append(m.series, n)
			}
		}
		return nil
	}
	for _, n := range names {
		if err := add(n); err != nil {
			return metricSet{}, err
		}
	}
	sort.Strings(m.series)
	return m, nil
}

// Record is one finished run, as one line of a sweep file. Field order is
// the order on the line; maps come out with sorted keys.
type Record struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
	Sweep string `json:"sweep"`
	Total int    `json:"total"`
	// Param and Side name a tornado run ("base" for the unchanged one).
	Param string `json:"param,omitempty"`
	Side  string `json:"side,omitempty"`
	// Overrides are the values applied, by parameter key (the new constant
	// in the canonical unit) or "scale:key" (the factor).
	Overrides map[string]float64 `json:"overrides"`
	// Status is the solver's ("Optimal", "TimeLimit"), or "no_plan" or
	// "error" with Error saying why.
	Status    string   `json:"status"`
	Error     string   `json:"error,omitempty"`
	Objective *float64 `json:"objective,omitempty"`
	TotalCost *float64 `json:"total_cost_usd_b,omitempty"`
	// ByYear holds per-year metrics: metric → year label → value.
	ByYear map[string]map[string]float64 `json:"by_year,omitempty"`
	// Bottleneck is the top binding capacity family by year label ("" none).
	Bottleneck map[string]string `json:"bottleneck,omitempty"`
	// Crossover is the first year orbit costs less per kW-year of IT than
	// Earth: "marginal" (with scarcity rents) and "average"; a missing key
	// means never.
	Crossover map[string]float64 `json:"crossover_year,omitempty"`
	// Claims is each claim's verdict by its id ("1".."10").
	Claims map[string]string `json:"claims,omitempty"`
}

// OK reports whether the run has a plan.
func (r *Record) OK() bool { return r.Objective != nil }

// round9 keeps 9 significant digits and clears solver noise and -0, so the
// same run gives the same bytes.
func round9(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if math.Abs(x) < 1e-9 {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 9, 64), 64)
	return v
}

func ptr(x float64) *float64 { return &x }

// fill records res's metrics (and claims, the run's claims audit, if any).
func (m metricSet) fill(rec *Record, res *plans.Result, claims *plans.ClaimsReport) {
	sol := res.Solution
	rec.Status = sol.Status.String()
	rec.Objective = ptr(round9(sol.Objective))
	years := res.World.H.Years
	if len(m.series) > 0 || m.totalCost {
		rows := res.YearSummaries()
		if m.totalCost {
			total := 0.0
			for _, r := range rows {
				total += r.CostB
			}
			rec.TotalCost = ptr(round9(total))
		}
		if len(m.series) > 0 {
			rec.ByYear = make(map[string]map[string]float64, len(m.series))
			for _, name := range m.series {
				series := make(map[string]float64, len(rows))
				for t, r := range rows {
					series[plans.Label(years[t])] = round9(reflect.ValueOf(r).Field(yearFields[name]).Float())
				}
				rec.ByYear[name] = series
			}
		}
	}
	if m.levelized {
		if rec.ByYear == nil {
			rec.ByYear = map[string]map[string]float64{}
		}
		earth, orbit := map[string]float64{}, map[string]float64{}
		for _, l := range res.Brief(plans.Versions{}).Levelized {
			earth[plans.Label(l.Year)], orbit[plans.Label(l.Year)] = round9(l.Earth.PerKWIT), round9(l.Orbit.PerKWIT)
		}
		rec.ByYear[SeriesLevelizedEarth], rec.ByYear[SeriesLevelizedOrbit] = earth, orbit
	}
	if m.crossover {
		avg, marg := res.Crossovers(plans.Versions{})
		rec.Crossover = map[string]float64{}
		if !math.IsNaN(marg) {
			rec.Crossover["marginal"] = marg
		}
		if !math.IsNaN(avg) {
			rec.Crossover["average"] = avg
		}
	}
	if m.claims && claims != nil {
		rec.Claims = make(map[string]string, len(claims.Claims))
		for _, c := range claims.Claims {
			rec.Claims[strconv.Itoa(c.ID)] = c.Verdict
		}
	}
	if m.bottleneck {
		top := res.TopBottlenecks()
		rec.Bottleneck = make(map[string]string, len(years))
		for t, y := range years {
			f := ""
			if t < len(top) {
				f = top[t]
			}
			rec.Bottleneck[plans.Label(y)] = f
		}
	}
}

// Format is how a sweep file is written.
type Format int

const (
	JSONL Format = iota // one JSON object per line
	CSV                 // a header line, then one row per run
)

func (f Format) String() string {
	if f == CSV {
		return "csv"
	}
	return "jsonl"
}

// FormatFor picks the format of a sweep file from its name: .csv is CSV,
// anything else JSON Lines.
func FormatFor(path string) Format {
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		return CSV
	}
	return JSONL
}

// Codec encodes and decodes records of one sweep as lines. The CSV header
// is fixed by the sweep: overrides, metrics and years.
type Codec struct {
	Format Format
	header []string
}

// NewCodec returns the codec for s's records in format f.
func NewCodec(s *Sweep, f Format) *Codec {
	c := &Codec{Format: f}
	if f == CSV {
		c.header = csvHeader(s)
	}
	return c
}

// fixedColumns start every CSV header.
var fixedColumns = []string{"id", "index", "sweep", "total", "param", "side", "status", "error", "objective"}

func csvHeader(s *Sweep) []string {
	h := append([]string(nil), fixedColumns...)
	for _, k := range s.overrideKeys {
		h = append(h, "override:"+k)
	}
	if s.metrics.totalCost {
		h = append(h, MetricTotalCost)
	}
	for _, m := range s.metrics.yearSeries() {
		for _, y := range s.years {
			h = append(h, m+"["+plans.Label(y)+"]")
		}
	}
	if s.metrics.bottleneck {
		for _, y := range s.years {
			h = append(h, MetricBottleneck+"["+plans.Label(y)+"]")
		}
	}
	if s.metrics.crossover {
		h = append(h, columnCrossover, columnCrossoverAverage)
	}
	if s.metrics.claims {
		for id := 1; id <= plans.ClaimCount; id++ {
			if s.spec.Claims == nil || slices.Contains(s.spec.Claims, id) {
				h = append(h, columnClaim+"["+strconv.Itoa(id)+"]")
			}
		}
	}
	return h
}

// Header is the CSV header line (nil for JSON Lines).
func (c *Codec) Header() []byte {
	if c.Format != CSV {
		return nil
	}
	return csvLine(c.header)
}

func csvLine(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(cells) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// Encode returns rec as one line, newline included. Error messages are
// folded onto one line so that a line is always a record.
func (c *Codec) Encode(rec *Record) ([]byte, error) {
	rec.Error = strings.Join(strings.Fields(rec.Error), " ")
	if c.Format == JSONL {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rec); err != nil { // Encode appends the newline
			return nil, err
		}
		return b.Bytes(), nil
	}
	row := make([]string, len(c.header))
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	for i, col := range c.header {
		switch col {
		case "id":
			row[i] = rec.ID
		case "index":
			row[i] = strconv.Itoa(rec.Index)
		case "sweep":
			row[i] = rec.Sweep
		case "total":
			row[i] = strconv.Itoa(rec.Total)
		case "param":
			row[i] = rec.Param
		case "side":
			row[i] = rec.Side
		case "status":
			row[i] = rec.Status
		case "error":
			row[i] = rec.Error
		case "objective":
			row[i] = num(rec.Objective)
		case MetricTotalCost:
			row[i] = num(rec.TotalCost)
		case columnCrossover, columnCrossoverAverage:
			key := map[string]string{columnCrossover: "marginal", columnCrossoverAverage: "average"}[col]
			if v, ok := rec.Crossover[key]; ok {
				row[i] = num(&v)
			}
		default:
			if k, ok := strings.CutPrefix(col, "override:"); ok {
				if v, ok := rec.Overrides[k]; ok {
					row[i] = num(&v)
				}
				continue
			}
			metric, year, _ := strings.Cut(strings.TrimSuffix(col, "]"), "[")
			if metric == MetricBottleneck {
				row[i] = rec.Bottleneck[year]
			} else if metric == columnClaim {
				row[i] = rec.Claims[year]
			} else if v, ok := rec.ByYear[metric][year]; ok {
				row[i] = num(&v)
			}
		}
	}
	return csvLine(row), nil
}

// Decode parses one line (without or with its newline) into a record.
// header is the file's CSV header (ignored for JSON Lines).
func Decode(f Format, header []string, line []byte) (*Record, error) {
	line = bytes.TrimRight(line, "\r\n")
	if f == JSONL {
		var rec Record
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			return nil, fmt.Errorf("not a run record: %v", err)
		}
		if dec.More() {
			return nil, errors.New("not a run record: more than one JSON value on the line")
		}
		return &rec, rec.check()
	}
	r := csv.NewReader(bytes.NewReader(line))
	r.FieldsPerRecord = len(header)
	cells, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("not a run record: %v", err)
	}
	rec := &Record{Overrides: map[string]float64{}}
	parseNum := func(col, s string) (*float64, error) {
		if s == "" {
			return nil, nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("column %s: %q is not a number", col, s)
		}
		return &x, nil
	}
	for i, col := range header {
		s := cells[i]
		var err error
		switch col {
		case "id":
			rec.ID = s
		case "index":
			rec.Index, err = strconv.Atoi(s)
		case "sweep":
			rec.Sweep = s
		case "total":
			rec.Total, err = strconv.Atoi(s)
		case "param":
			rec.Param = s
		case "side":
			rec.Side = s
		case "status":
			rec.Status = s
		case "error":
			rec.Error = s
		case "objective":
			rec.Objective, err = parseNum(col, s)
		case MetricTotalCost:
			rec.TotalCost, err = parseNum(col, s)
		case columnCrossover, columnCrossoverAverage:
			var p *float64
			if p, err = parseNum(col, s); p != nil {
				if rec.Crossover == nil {
					rec.Crossover = map[string]float64{}
				}
				rec.Crossover[map[string]string{columnCrossover: "marginal", columnCrossoverAverage: "average"}[col]] = *p
			}
		default:
			if k, ok := strings.CutPrefix(col, "override:"); ok {
				var p *float64
				if p, err = parseNum(col, s); p != nil {
					rec.Overrides[k] = *p
				}
				break
			}
			metric, year, ok := strings.Cut(strings.TrimSuffix(col, "]"), "[")
			if !ok {
				return nil, fmt.Errorf("unknown column %q", col)
			}
			if metric == columnClaim {
				if s != "" {
					if rec.Claims == nil {
						rec.Claims = map[string]string{}
					}
					rec.Claims[year] = s
				}
				break
			}
			if metric == MetricBottleneck {
				if rec.Bottleneck == nil {
					rec.Bottleneck = map[string]string{}
				}
				rec.Bottleneck[year] = s
				break
			}
			var p *float64
			if p, err = parseNum(col, s); p != nil {
				if rec.ByYear == nil {
					rec.ByYear = map[string]map[string]float64{}
				}
				if rec.ByYear[metric] == nil {
					rec.ByYear[metric] = map[string]float64{}
				}
				rec.ByYear[metric][year] = *p
			}
		}
		if err != nil {
			return nil, fmt.Errorf("not a run record: column %s: %v", col, err)
		}
	}
	return rec, rec.check()
}

// check rejects records no sweep writes.
func (r *Record) check() error {
	switch {
	case r.ID == "":
		return errors.New("not a run record: no id")
	case r.Sweep == "":
		return errors.New("not a run record: no sweep")
	case r.Total < 1 || r.Total > maxRuns:
		return fmt.Errorf("not a run record: total %d out of range", r.Total)
	case r.Index < 0 || r.Index >= r.Total:
		return fmt.Errorf("not a run record: index %d outside [0, %d)", r.Index, r.Total)
	case r.Status == "":
		return errors.New("not a run record: no status")
	}
	return nil
}

// parseHeader reads a CSV header line.
func parseHeader(line []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimRight(line, "\r\n")))
	cells, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("bad CSV header: %v", err)
	}
	if len(cells) < len(fixedColumns) || !equalStrings(cells[:len(fixedColumns)], fixedColumns) {
		return nil, errors.New("not a sweep CSV: the header does not start with " + strings.Join(fixedColumns, ","))
	}
	return cells, nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
