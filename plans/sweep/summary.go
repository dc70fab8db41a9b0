package sweep

import (
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"teraplan/plans"
)

// SummarySchema is the JSON schema version of a sweep summary.
const SummarySchema = "teraplan.sweep-summary/v1"

// Summary is what a sweep says as a whole: the spread of its outcomes and
// which parameters move them.
type Summary struct {
	Schema string `json:"schema"`
	Sweep  string `json:"sweep"`
	Runs   int    `json:"runs"`
	OK     int    `json:"ok"`
	Failed int    `json:"failed"`
	// Year is the year whose compute is summarised.
	Year      string  `json:"year"`
	Objective *Spread `json:"objective"`
	// Base is a tornado's unchanged run.
	Base      *BaseRun `json:"base,omitempty"`
	ComputeGW *Spread  `json:"compute_gw"`
	// Sensitivity ranks the overrides of grid and Monte Carlo runs by the
	// magnitude of their Spearman rank correlation with the objective.
	Sensitivity []Sensitivity `json:"sensitivity"`
	// Tornado ranks a tornado's parameters by the magnitude of their swing.
	Tornado []Swing `json:"tornado,omitempty"`
	// Bottlenecks are the top binding families in Year, by share of runs.
	Bottlenecks []Share `json:"bottlenecks"`
}

// BaseRun is the outcome of a tornado's unchanged scenario.
type BaseRun struct {
	Objective float64  `json:"objective"`
	ComputeGW *float64 `json:"compute_gw"`
}

// Spread describes a sample.
type Spread struct {
	N    int     `json:"n"`
	Min  float64 `json:"min"`
	P5   float64 `json:"p5"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// Sensitivity is one override's rank correlation with the outcomes; nil
// where it is undefined (the override or the outcome never varies).
type Sensitivity struct {
	Override          string   `json:"override"`
	SpearmanObjective *float64 `json:"spearman_objective"`
	SpearmanCompute   *float64 `json:"spearman_compute"`
}

// Swing is one tornado bar: the outcomes with the parameter low and high.
// Swing is high minus low.
type Swing struct {
	Param         string   `json:"param"`
	ObjectiveLow  *float64 `json:"objective_low"`
	ObjectiveHigh *float64 `json:"objective_high"`
	Swing         *float64 `json:"objective_swing"`
	ComputeLow    *float64 `json:"compute_low"`
	ComputeHigh   *float64 `json:"compute_high"`
	ComputeSwing  *float64 `json:"compute_swing"`
}

// Share is how often a family is the top bottleneck.
type Share struct {
	Family string  `json:"family"`
	Share  float64 `json:"share"`
}

// Accumulator builds a Summary from records one at a time. It keeps a few
// floats per run, never the records.
type Accumulator struct {
	sweep        string
	year         string
	runs, failed int
	objective    []float64
	compute      []float64 // NaN where missing
	// overrides holds each override's values aligned with objective.
	overrides   map[string][]float64
	base        *outcome
	tornado     map[string]*[2]*outcome // param → low, high
	bottlenecks map[string]int
	bottleneckN int
	step        float64 // period length, from the first record's years (0 = unknown)
}

type outcome struct{ objective, compute float64 }

// NewAccumulator summarises compute in the year labelled year ("" = the
// last year the records report).
func NewAccumulator(year string) *Accumulator {
	return &Accumulator{year: year, overrides: map[string][]float64{},
		tornado: map[string]*[2]*outcome{}, bottlenecks: map[string]int{}}
}

// periodStep is the period length of the years a record reports: the
// smallest gap between them (0 with fewer than two).
func periodStep(r *Record) float64 {
	var years []float64
	for _, m := range r.ByYear {
		for k := range m {
			if y, err := strconv.ParseFloat(k, 64); err == nil {
				years = append(years, y)
			}
		}
	}
	for k := range r.Bottleneck {
		if y, err := strconv.ParseFloat(k, 64); err == nil {
			years = append(years, y)
		}
	}
	sort.Float64s(years)
	step := 0.0
	for i := 1; i < len(years); i++ {
		if d := years[i] - years[i-1]; d > 1e-9 && (step == 0 || d < step) {
			step = d
		}
	}
	return step
}

// Period names the summary's year for people ("2030", "2030 Q4"), from the
// period length of the records' years; the decimal year when unknown.
func (a *Accumulator) Period() string {
	y, err := strconv.ParseFloat(a.year, 64)
	if err != nil || a.step == 0 {
		return a.year
	}
	return plans.PeriodLabel(y, a.step)
}

// Add counts one record.
func (a *Accumulator) Add(r *Record) {
	a.runs++
	if a.sweep == "" {
		a.sweep = r.Sweep
	}
	if !r.OK() {
		a.failed++
		return
	}
	if a.step == 0 {
		a.step = periodStep(r)
	}
	if a.year == "" {
		for y := range r.ByYear["compute_gw"] {
			a.year = max(a.year, y)
		}
		for y := range r.Bottleneck {
			a.year = max(a.year, y)
		}
	}
	compute := math.NaN()
	if v, ok := r.ByYear["compute_gw"][a.year]; ok {
		compute = v
	}
	if f, ok := r.Bottleneck[a.year]; ok {
		a.bottleneckN++
		if f == "" {
			f = "(none)"
		}
		a.bottlenecks[f]++
	}
	o := &outcome{*r.Objective, compute}
	switch r.Side {
	case "base":
		a.base = o
		return
	case "low", "high":
		t := a.tornado[r.Param]
		if t == nil {
			t = &[2]*outcome{}
			a.tornado[r.Param] = t
		}
		t[map[string]int{"low": 0, "high": 1}[r.Side]] = o
		return
	}
	n := len(a.objective)
	a.objective = append(a.objective, o.objective)
	a.compute = append(a.compute, compute)
	for k, v := range r.Overrides {
		xs := a.overrides[k]
		for len(xs) < n {
			xs = append(xs, math.NaN())
		}
		a.overrides[k] = append(xs, v)
	}
}

// Summary returns the summary of the records added so far.
func (a *Accumulator) Summary() *Summary {
	s := &Summary{Schema: SummarySchema, Sweep: a.sweep, Runs: a.runs, OK: a.runs - a.failed, Failed: a.failed,
		Year: a.year, Sensitivity: []Sensitivity{}, Bottlenecks: []Share{}}
	obj, comp := a.outcomes()
	if a.base != nil {
		s.Base = &BaseRun{Objective: a.base.objective, ComputeGW: finitePtr(a.base.compute)}
	}
	s.Objective = describe(obj)
	s.ComputeGW = describe(comp)
	n := len(a.objective)
	for k, xs := range a.overrides {
		for len(xs) < n {
			xs = append(xs, math.NaN())
		}
		s.Sensitivity = append(s.Sensitivity, Sensitivity{Override: k,
			SpearmanObjective: spearman(xs, a.objective), SpearmanCompute: spearman(xs, a.compute)})
	}
	sort.Slice(s.Sensitivity, func(i, j int) bool {
		x, y := s.Sensitivity[i], s.Sensitivity[j]
		if ax, ay := absOr0(x.SpearmanObjective), absOr0(y.SpearmanObjective); ax != ay {
			return ax > ay
		}
		return x.Override < y.Override
	})
	for p, t := range a.tornado {
		sw := Swing{Param: p}
		if t[0] != nil {
			sw.ObjectiveLow, sw.ComputeLow = ptr(t[0].objective), finitePtr(t[0].compute)
		}
		if t[1] != nil {
			sw.ObjectiveHigh, sw.ComputeHigh = ptr(t[1].objective), finitePtr(t[1].compute)
		}
		if t[0] != nil && t[1] != nil {
			sw.Swing = ptr(round9(t[1].objective - t[0].objective))
			sw.ComputeSwing = finitePtr(round9(t[1].compute - t[0].compute))
		}
		s.Tornado = append(s.Tornado, sw)
	}
	sort.Slice(s.Tornado, func(i, j int) bool {
		x, y := s.Tornado[i], s.Tornado[j]
		if ax, ay := absOr0(x.Swing), absOr0(y.Swing); ax != ay {
			return ax > ay
		}
		if ax, ay := absOr0(x.ComputeSwing), absOr0(y.ComputeSwing); ax != ay {
			return ax > ay
		}
		return x.Param < y.Param
	})
	for f, c := range a.bottlenecks {
		s.Bottlenecks = append(s.Bottlenecks, Share{Family: f, Share: round9(float64(c) / float64(a.bottleneckN))})
	}
	sort.Slice(s.Bottlenecks, func(i, j int) bool {
		x, y := s.Bottlenecks[i], s.Bottlenecks[j]
		if x.Share != y.Share {
			return x.Share > y.Share
		}
		return x.Family < y.Family
	})
	return s
}

// outcomes returns the objective and compute of every run with a plan (a
// tornado's included), compute NaN where it was not recorded.
func (a *Accumulator) outcomes() (obj, comp []float64) {
	obj, comp = a.objective, a.compute
	if a.base == nil && len(a.tornado) == 0 {
		return obj, comp
	}
	obj, comp = append([]float64(nil), obj...), append([]float64(nil), comp...)
	all := []*outcome{a.base}
	for _, p := range sortedKeys(a.tornado) {
		all = append(all, a.tornado[p][0], a.tornado[p][1])
	}
	for _, o := range all {
		if o != nil {
			obj, comp = append(obj, o.objective), append(comp, o.compute)
		}
	}
	return obj, comp
}

// ComputeGW returns compute in the summary's year of every run with a plan
// that recorded it, e.g. for a distribution chart.
func (a *Accumulator) ComputeGW() []float64 {
	_, comp := a.outcomes()
	out := make([]float64, 0, len(comp))
	for _, x := range comp {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func absOr0(p *float64) float64 {
	if p == nil {
		return 0
	}
	return math.Abs(*p)
}

func finitePtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return ptr(x)
}

// describe returns the spread of xs, ignoring NaNs; nil if none is left.
func describe(xs []float64) *Spread {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return nil
	}
	sort.Float64s(v)
	q := func(p float64) float64 { return round9(plans.Quantile(v, p)) }
	return &Spread{N: len(v), Min: v[0], P5: q(0.05), P50: q(0.5), P95: q(0.95), Max: v[len(v)-1], Mean: round9(stat.Mean(v, nil))}
}

// spearman is the Spearman rank correlation of the pairs where neither is
// NaN: the Pearson correlation of their ranks, ties sharing their mean
// rank. It is nil when either side does not vary.
func spearman(x, y []float64) *float64 {
	var a, b []float64
	for i := range x {
		if i < len(y) && !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			a, b = append(a, x[i]), append(b, y[i])
		}
	}
	if len(a) < 2 {
		return nil
	}
	r := stat.Correlation(ranks(a), ranks(b), nil)
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return nil
	}
	return ptr(round9(r))
}

// ranks returns the 1-based ranks of xs, ties getting their mean rank.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return xs[idx[i]] < xs[idx[j]] })
	out := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
	return out
}
