// Package sweep runs many plans that differ in a few parameters — grids, tornados and Monte Carlo samples — and streams one record per run.
package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// Kind is what a sweep varies.
type Kind string

const (
	Grid       Kind = "grid"       // every combination of --vary values
	Tornado    Kind = "tornado"    // one parameter at a time, low and high
	MonteCarlo Kind = "montecarlo" // samples from the scenario's distributions
)

// maxRuns bounds a sweep's size; beyond it run ids and memory stop being sane.
const maxRuns = 100_000_000

// ScalePrefix marks an override that multiplied a parameter's trajectory
// rather than replacing it: "scale:launch.cost_usd_per_kg" → 1.2.
const ScalePrefix = "scale:"

// SpecError is a sweep specification the user got wrong: the flag, the
// parameter key it names (if any) and what is wrong.
type SpecError struct {
	Flag, Key, Msg string
}

func (e *SpecError) Error() string {
	s := e.Flag
	if e.Key != "" {
		s += " " + e.Key
	}
	return s + ": " + e.Msg
}

// Vary is one --vary key=from:to:steps: steps evenly spaced values from
// from to to, both included. With Scale ("x0.5:x2:4") the values multiply
// the parameter's trajectory, keeping its shape; otherwise each replaces
// the trajectory with a constant, in Unit ("" = the canonical unit), as
// --set does.
type Vary struct {
	Key      string
	From, To float64
	Unit     string
	Steps    int
	Scale    bool
}

// ParseVary parses key=from:to:steps. From and to are numbers with an
// optional unit ("100t:300t:3"), or factors prefixed with x
// ("x0.5:x2:4").
func ParseVary(s string) (Vary, error) {
	bad := func(key, format string, args ...any) (Vary, error) {
		return Vary{}, &SpecError{Flag: "--vary", Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if len(s) > 1024 {
		return bad("", "longer than 1024 bytes")
	}
	k, spec, ok := strings.Cut(s, "=")
	key := strings.TrimSpace(k)
	if !ok {
		return bad(key, "%q: want key=from:to:steps", s)
	}
	if key == "" {
		return bad("", "%q: missing key before =", s)
	}
	if _, ok := scenario.LookupKey(key); !ok {
		return bad(key, "%s", scenario.UnknownParameter(key))
	}
	if strings.HasPrefix(key, "horizon.") {
		return bad(key, "the horizon cannot be varied: every run must have the same years")
	}
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		return bad(key, "%q: want from:to:steps, e.g. 100:2000:5 or x0.5:x2:4", spec)
	}
	v := Vary{Key: key}
	stepsText := strings.TrimSpace(parts[2])
	n, err := strconv.Atoi(stepsText)
	if err != nil || n < 2 {
		return bad(key, "steps %q is not a whole number ≥ 2", stepsText)
	}
	if n > maxRuns {
		return bad(key, "steps %d is more than %d", n, maxRuns)
	}
	v.Steps = n
	from, to := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	fx, fs := cutScale(from)
	tx, ts := cutScale(to)
	if fs != ts {
		return bad(key, "%q: from and to must both be factors (x0.5:x2) or both values", spec)
	}
	v.Scale = fs
	var fu, tu string
	if v.Scale {
		v.From, err = parseFactor(fx)
		if err == nil {
			v.To, err = parseFactor(tx)
		}
	} else {
		v.From, fu, err = parseValue(fx)
		if err == nil {
			v.To, tu, err = parseValue(tx)
		}
	}
	if err != nil {
		return bad(key, "%v", err)
	}
	switch {
	case fu != "" && tu != "" && fu != tu:
		return bad(key, "from and to use different units %q and %q", fu, tu)
	case fu != "":
		v.Unit = fu
	default:
		v.Unit = tu
	}
	if v.From == v.To {
		return bad(key, "from and to are the same value; nothing varies")
	}
	return v, nil
}

func cutScale(s string) (string, bool) {
	if r, ok := strings.CutPrefix(s, "x"); ok {
		return strings.TrimSpace(r), true
	}
	if r, ok := strings.CutPrefix(s, "×"); ok {
		return strings.TrimSpace(r), true
	}
	return s, false
}

func parseFactor(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return 0, fmt.Errorf("factor %q is not a finite number ≥ 0", s)
	}
	return x, nil
}

// parseValue reads a number with an optional unit through the scenario's
// own parser, so units mean what they mean in --set.
func parseValue(s string) (float64, string, error) {
	if strings.ContainsAny(s, ",") || s == "" {
		return 0, "", fmt.Errorf("%q is not a number with an optional unit", s)
	}
	t, unit, err := scenario.ParseTrajectory(s)
	if err != nil {
		return 0, "", err
	}
	if len(t.Values) != 1 {
		return 0, "", fmt.Errorf("%q is not a single value", s)
	}
	return t.Values[0], unit, nil
}

// at returns the j-th of the Steps values.
func (v Vary) at(j int) float64 {
	if j == v.Steps-1 {
		return v.To
	}
	return v.From + (v.To-v.From)*float64(j)/float64(v.Steps-1)
}

// Spec is what a sweep runs: one of a grid (Vary), a tornado or a Monte
// Carlo, over plans solved with Plan, recording Metrics.
type Spec struct {
	Kind Kind
	Vary []Vary
	// Tornado: Params (nil = every parameter that can be scaled) at
	// ×(1 − Pct/100) and ×(1 + Pct/100).
	Params []string
	Pct    float64
	// MonteCarlo: Samples draws; sample i uses the PCG stream (Seed, i).
	Samples int
	Seed    uint64
	// Metrics recorded for each run (nil = DefaultMetrics).
	Metrics []string
	// Claims are the claims the claims metric judges (nil: all); fewer
	// claims can need fewer plans a run (plans.AuditClaims).
	Claims []int
	// Plan is how each run is solved (mode, year, MIP, solver).
	Plan plans.Options
}

// Sweep is a Spec checked against its base scenario: how many runs it has,
// and what each one overrides.
type Sweep struct {
	spec    Spec
	base    *scenario.Scenario
	id      string
	total   int
	years   []float64
	metrics metricSet
	// params are the tornado's parameters; skipped says why others were left out.
	params  []string
	skipped []string
	dists   []distParam
	// overrideKeys are every override name a run may record, sorted.
	overrideKeys []string
}

type distParam struct {
	key  string
	dist scenario.Dist
}

// New checks spec against base and returns the sweep. Every error is a
// *SpecError naming the flag and key at fault.
func New(base *scenario.Scenario, spec Spec) (*Sweep, error) {
	s := &Sweep{spec: spec, base: base.Clone()}
	var err error
	if s.metrics, err = parseMetrics(spec.Metrics); err != nil {
		return nil, err
	}
	if s.metrics.claims && (spec.Plan.Mode != constraints.MinCost || len(spec.Plan.Relax) > 0) {
		return nil, &SpecError{Flag: "--metrics", Key: MetricClaims, Msg: "the claims audit solves its own plans (min-cost, the limits timeline, …): leave --mode at min-cost"}
	}
	if spec.Claims != nil && !s.metrics.claims {
		return nil, &SpecError{Flag: "--claims", Msg: "choosing claims needs the claims metric"}
	}
	for _, id := range spec.Claims {
		if id < 1 || id > plans.ClaimCount {
			return nil, &SpecError{Flag: "--claims", Msg: fmt.Sprintf("no claim %d (claims are 1-%d)", id, plans.ClaimCount)}
		}
	}
	w, err := constraints.Build(base.Values(), constraints.Options{Mode: spec.Plan.Mode, Year: spec.Plan.Year, MIP: spec.Plan.MIP})
	if err != nil {
		return nil, &SpecError{Flag: "--scenario", Msg: err.Error()}
	}
	s.years = append([]float64(nil), w.H.Years...)
	switch spec.Kind {
	case Grid:
		err = s.checkGrid()
	case Tornado:
		err = s.checkTornado()
	case MonteCarlo:
		err = s.checkMonteCarlo()
	default:
		return nil, &SpecError{Flag: "sweep", Msg: fmt.Sprintf("unknown kind %q", spec.Kind)}
	}
	if err != nil {
		return nil, err
	}
	s.id = s.hash()
	return s, nil
}

func (s *Sweep) checkGrid() error {
	if len(s.spec.Vary) == 0 {
		return &SpecError{Flag: "--vary", Msg: "a grid needs at least one --vary key=from:to:steps"}
	}
	seen := map[string]bool{}
	total := 1
	for _, v := range s.spec.Vary {
		if seen[v.Key] {
			return &SpecError{Flag: "--vary", Key: v.Key, Msg: "given twice"}
		}
		seen[v.Key] = true
		if s.base.Params[v.Key] == nil {
			return &SpecError{Flag: "--vary", Key: v.Key, Msg: "not set in scenario " + s.base.Name}
		}
		if total > maxRuns/v.Steps {
			return &SpecError{Flag: "--vary", Key: v.Key, Msg: fmt.Sprintf("the grid has more than %d runs", maxRuns)}
		}
		total *= v.Steps
		// Values are linear between the ends, so checking the ends checks all.
		for _, x := range []float64{v.From, v.To} {
			o := override{key: v.Key, value: x, unit: v.Unit, scale: v.Scale}
			if _, err := o.apply(s.base.Clone()); err != nil {
				return &SpecError{Flag: "--vary", Key: v.Key, Msg: err.Error()}
			}
		}
		s.overrideKeys = append(s.overrideKeys, overrideName(v.Key, v.Scale))
	}
	sort.Strings(s.overrideKeys)
	s.total = total
	return nil
}

func (s *Sweep) checkTornado() error {
	pct := s.spec.Pct
	if !(pct > 0 && pct < 100) {
		return &SpecError{Flag: "--pct", Msg: fmt.Sprintf("%v is not between 0 and 100", pct)}
	}
	lo, hi := 1-pct/100, 1+pct/100
	explicit := s.spec.Params != nil
	keys := s.spec.Params
	if !explicit {
		for k := range s.base.Params {
			keys = append(keys, k)
		}
	}
	keys = append([]string(nil), keys...)
	sort.Strings(keys)
	for i, k := range keys {
		if i > 0 && keys[i-1] == k {
			return &SpecError{Flag: "--params", Key: k, Msg: "given twice"}
		}
		why := ""
		if _, ok := scenario.LookupKey(k); !ok {
			if explicit {
				return &SpecError{Flag: "--params", Key: k, Msg: scenario.UnknownParameter(k)}
			}
			why = "not in the registry"
		} else if p := s.base.Params[k]; p == nil {
			why = "not set in scenario " + s.base.Name
		} else if allZero(p.Value.Values) {
			why = "zero: scaling it changes nothing"
		} else {
			for _, f := range []float64{lo, hi} {
				if err := s.base.Clone().Scale(k, f); err != nil {
					why = err.Error()
					break
				}
			}
		}
		if why != "" {
			if explicit {
				return &SpecError{Flag: "--params", Key: k, Msg: why}
			}
			s.skipped = append(s.skipped, k+": "+why)
			continue
		}
		s.params = append(s.params, k)
		s.overrideKeys = append(s.overrideKeys, ScalePrefix+k)
	}
	if len(s.params) == 0 {
		return &SpecError{Flag: "--tornado", Msg: "no parameter can be scaled"}
	}
	sort.Strings(s.overrideKeys)
	s.total = 1 + 2*len(s.params)
	return nil
}

func allZero(xs []float64) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

func (s *Sweep) checkMonteCarlo() error {
	if s.spec.Samples < 1 || s.spec.Samples > maxRuns {
		return &SpecError{Flag: "--samples", Msg: fmt.Sprintf("%d is not between 1 and %d", s.spec.Samples, maxRuns)}
	}
	keys := make([]string, 0)
	for k, p := range s.base.Params {
		if p.Dist != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		d := *s.base.Params[k].Dist
		s.dists = append(s.dists, distParam{key: k, dist: d})
		s.overrideKeys = append(s.overrideKeys, overrideName(k, d.Relative))
	}
	if len(s.dists) == 0 {
		return &SpecError{Flag: "--samples", Msg: fmt.Sprintf("scenario %s declares no dist: on any parameter (add e.g. `dist: {kind: triangular, low: 0.5, mode: 1, high: 2}`)", s.base.Name)}
	}
	sort.Strings(s.overrideKeys)
	s.total = s.spec.Samples
	return nil
}

// hash identifies the sweep: the base scenario's values, how plans are
// solved, what varies and what is recorded. Shards and resumed runs check
// it so that files from different sweeps never mix. A Monte Carlo's hash
// leaves out the number of samples: sample i is the same run in a sweep of
// any size, so a larger one extends a smaller one (see Extensible).
func (s *Sweep) hash() string {
	h := sha256.New()
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	fmt.Fprintf(h, "teraplan-sweep-v1\nscenario %s\nmode %s year %s mip %t\nkind %s\n",
		s.base.Hash(), s.spec.Plan.Mode, f(s.years[len(s.years)-1]), s.spec.Plan.MIP, s.spec.Kind)
	for _, v := range s.spec.Vary {
		fmt.Fprintf(h, "vary %s %s %s %q %d %t\n", v.Key, f(v.From), f(v.To), v.Unit, v.Steps, v.Scale)
	}
	if s.spec.Kind == Tornado {
		fmt.Fprintf(h, "tornado %s %s\n", f(s.spec.Pct), strings.Join(s.params, " "))
	}
	if s.spec.Kind == MonteCarlo {
		fmt.Fprintf(h, "seed %d\n", s.spec.Seed)
		for _, d := range s.dists {
			fmt.Fprintf(h, "dist %s %+v\n", d.key, d.dist)
		}
	}
	fmt.Fprintf(h, "metrics %s\n", strings.Join(s.metrics.names(), " "))
	if s.spec.Claims != nil {
		fmt.Fprintf(h, "claims %v\n", s.spec.Claims)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ID is the sweep's identity, recorded in every run.
func (s *Sweep) ID() string { return s.id }

// Kind is what the sweep varies.
func (s *Sweep) Kind() Kind { return s.spec.Kind }

// Total is the number of runs in the whole sweep (all shards).
func (s *Sweep) Total() int { return s.total }

// Years are the periods every run reports.
func (s *Sweep) Years() []float64 { return append([]float64(nil), s.years...) }

// Skipped lists the parameters a tornado over every parameter left out,
// each with the reason.
func (s *Sweep) Skipped() []string { return append([]string(nil), s.skipped...) }

// OverrideKeys are the names of every override the sweep's runs record.
func (s *Sweep) OverrideKeys() []string { return append([]string(nil), s.overrideKeys...) }

// Metrics are the names of the recorded metrics, in record order.
func (s *Sweep) Metrics() []string { return s.metrics.names() }

// Run is one plan of a sweep: its id and what it changes. It depends only
// on the sweep and its index, so every shard and every resume agrees.
type Run struct {
	Index int
	ID    string
	// Param and Side ("low", "high", or "base") name a tornado run.
	Param, Side string
	overrides   []override
}

type override struct {
	key   string
	value float64
	unit  string // absolute values: the unit as written, "" = canonical
	scale bool
}

func overrideName(key string, scale bool) string {
	if scale {
		return ScalePrefix + key
	}
	return key
}

// apply changes sc and returns the override's name and value as applied:
// a factor, or the new constant in the canonical unit.
func (o override) apply(sc *scenario.Scenario) (float64, error) {
	if o.scale {
		return o.value, sc.Scale(o.key, o.value)
	}
	if math.IsNaN(o.value) || math.IsInf(o.value, 0) {
		return 0, fmt.Errorf("value %v is not finite", o.value)
	}
	a := o.key + "=" + strconv.FormatFloat(o.value, 'g', -1, 64) + o.unit
	if err := sc.Set(a); err != nil {
		return 0, err
	}
	return sc.Params[o.key].Value.Values[0], nil
}

// Run returns run i (0 ≤ i < Total).
func (s *Sweep) Run(i int) Run {
	if i < 0 || i >= s.total {
		panic(fmt.Sprintf("sweep: run %d out of range [0, %d)", i, s.total))
	}
	r := Run{Index: i, ID: RunID(s.spec.Kind, i, s.total)}
	switch s.spec.Kind {
	case Grid:
		// Row-major in flag order: the last --vary changes fastest.
		rest := i
		r.overrides = make([]override, len(s.spec.Vary))
		for k := len(s.spec.Vary) - 1; k >= 0; k-- {
			v := s.spec.Vary[k]
			j := rest % v.Steps
			rest /= v.Steps
			r.overrides[k] = override{key: v.Key, value: v.at(j), unit: v.Unit, scale: v.Scale}
		}
	case Tornado:
		if i == 0 {
			r.Side = "base"
			break
		}
		p := s.params[(i-1)/2]
		r.Param, r.Side = p, "low"
		f := 1 - s.spec.Pct/100
		if (i-1)%2 == 1 {
			r.Side, f = "high", 1+s.spec.Pct/100
		}
		r.overrides = []override{{key: p, value: f, scale: true}}
	case MonteCarlo:
		src := rand.NewPCG(s.spec.Seed, uint64(i))
		for _, d := range s.dists {
			r.overrides = append(r.overrides, override{key: d.key, value: draw(d.dist, src), scale: d.dist.Relative})
		}
	}
	return r
}

// draw samples d with src; degenerate distributions give their one value.
func draw(d scenario.Dist, src rand.Source) float64 {
	switch d.Kind {
	case "uniform":
		if d.Low >= d.High {
			return d.Low
		}
		return distuv.Uniform{Min: d.Low, Max: d.High, Src: src}.Rand()
	case "triangular":
		if d.Low >= d.High {
			return d.Mode
		}
		return distuv.NewTriangle(d.Low, d.High, d.Mode, src).Rand()
	case "lognormal":
		if d.Sigma == 0 {
			return math.Exp(d.Mu)
		}
		return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma, Src: src}.Rand()
	}
	panic("sweep: unknown distribution " + d.Kind) // New only accepts loaded scenarios
}

// RunID is the id of run i of a sweep of kind with total runs: a kind
// prefix and the index zero-padded to the width of the largest, so ids
// sort as indices do. A Monte Carlo's ids do not depend on its size, so
// that extending it (--samples 60, then 100 with --resume) keeps the ids
// already written: six digits, which sort as indices do up to a million
// samples (merge sorts by index beyond).
func RunID(kind Kind, i, total int) string {
	prefix := map[Kind]string{Grid: "g", Tornado: "t", MonteCarlo: "mc"}[kind]
	width := len(strconv.Itoa(max(total-1, 0)))
	if kind == MonteCarlo {
		width = mcIDWidth
	}
	return fmt.Sprintf("%s-%0*d", prefix, width, i)
}

// mcIDWidth is the digits of a Monte Carlo run id: mc-000042.
const mcIDWidth = 6

// Extensible reports whether a file of this sweep's runs may hold runs
// written for a different number of runs: a Monte Carlo's sample i is the
// same draw however many samples there are, and its id says nothing of the
// count, so 60 samples extend to 100.
func (s *Sweep) Extensible() bool { return s.spec.Kind == MonteCarlo }

// Apply makes the run's scenario from base and returns its overrides as
// applied, by name (a "scale:" prefix marks a factor).
func (r Run) Apply(base *scenario.Scenario) (*scenario.Scenario, map[string]float64, error) {
	sc := base.Derive()
	out := make(map[string]float64, len(r.overrides))
	var errs []error
	for _, o := range r.overrides {
		v, err := o.apply(sc)
		if err != nil {
			v = o.value // what was asked for, in the unit given
			errs = append(errs, err)
		}
		out[overrideName(o.key, o.scale)] = round9(v)
	}
	return sc, out, errors.Join(errs...)
}
