package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
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
//
// "default" stands for DefaultMetrics and "all" for every metric.
const (
	MetricTotalCost  = "total_cost_usd_b"
	MetricBottleneck = "bottleneck"
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
	out := []string{MetricTotalCost, MetricBottleneck}
	for k := range yearFields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// metricSet is the chosen metrics: scalars, per-year series, bottleneck.
type metricSet struct {
	totalCost, bottleneck bool
	series                []string // sorted
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
				_ = add(d)
			}
		case n == MetricTotalCost:
			m.totalCost = true
		case n == MetricBottleneck:
			m.bottleneck = true
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

// fill records res's metrics.
func (m metricSet) fill(rec *Record, res *plans.Result) {
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
	for _, m := range s.metrics.series {
		for _, y := range s.years {
			h = append(h, m+"["+plans.Label(y)+"]")
		}
	}
	if s.metrics.bottleneck {
		for _, y := range s.years {
			h = append(h, MetricBottleneck+"["+plans.Label(y)+"]")
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
