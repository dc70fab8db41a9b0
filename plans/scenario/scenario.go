// Package scenario reads, checks, merges and edits teraplan scenarios: YAML parameter files with units, sources and trajectories.
package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"strconv"
	"strings"

	"teraplan/constraints"
)

// Default is the scenario used when none is named.
const Default = "seed-2026"

// Confidence levels a parameter may carry: from the interview, from a
// public report, or the modeller's estimate.
var confidences = []string{"seed", "public", "estimate"}

// Position is where a value was set: a file and line, "--set" for the
// command line, or "builtin:NAME" for an embedded scenario.
type Position struct {
	File string
	Line int
}

func (p Position) String() string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line)
	}
	return p.File
}

// Dist is a parameter's uncertainty for Monte Carlo runs. Kind is
// "uniform" (Low, High), "triangular" (Low, Mode, High) or "lognormal" (Mu,
// Sigma of the log). Relative distributions are multipliers on the value;
// absolute ones are in the parameter's canonical unit (converted on load).
type Dist struct {
	Kind                       string
	Low, Mode, High, Mu, Sigma float64
	Relative                   bool
	// Source says where the range comes from ("" if the file gives none).
	Source string
}

// Param is one parameter as a scenario sets it.
type Param struct {
	Key        string
	Value      constraints.Trajectory // canonical units
	Unit       string                 // the unit as written
	Written    string                 // the value as written, for `scenario show`
	Source     string
	Confidence string
	Dist       *Dist
	Pos        Position
	// distOnly marks an entry that gives only a dist: for a parameter the
	// scenario extends; merging puts the dist on the inherited parameter.
	distOnly bool
}

func (p *Param) clone() *Param {
	if p == nil {
		return nil
	}
	c := *p
	c.Value = cloneTrajectory(p.Value)
	if p.Dist != nil {
		d := *p.Dist
		c.Dist = &d
	}
	return &c
}

func cloneTrajectory(t constraints.Trajectory) constraints.Trajectory {
	return constraints.Trajectory{
		Years:  append([]float64(nil), t.Years...),
		Values: append([]float64(nil), t.Values...),
	}
}

// Scenario is a resolved scenario: its own parameters merged over those of
// the scenarios it extends.
type Scenario struct {
	Name, Description string
	Origin            string // file path, or "builtin:seed-2026"
	Extends           string
	Params            map[string]*Param
	Modules           map[string]bool
	// Regions are the regions the scenario declares (nil: the single
	// region, world); keys may then be set per region, "key@region".
	Regions []string
	// RegionsPos is where the regions were declared.
	RegionsPos Position
}

// Error is a problem at a place in a scenario. Several are returned joined
// with errors.Join, sorted by file and line.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Clone returns a deep copy.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Params = make(map[string]*Param, len(s.Params))
	for k, p := range s.Params {
		c.Params[k] = p.clone()
	}
	c.Modules = make(map[string]bool, len(s.Modules))
	for k, v := range s.Modules {
		c.Modules[k] = v
	}
	c.Regions = append([]string(nil), s.Regions...)
	return &c
}

// Derive returns a copy of s to edit with Set and Scale. It shares s's
// parameters, which Set and Scale replace rather than modify, so edits to
// the copy never reach s; it costs two map copies where Clone copies every
// parameter. Code that modifies a Param in place needs Clone.
func (s *Scenario) Derive() *Scenario {
	c := *s
	c.Params = maps.Clone(s.Params)
	c.Modules = maps.Clone(s.Modules)
	return &c
}

// enabled reports a module's effective switch: modules are on unless the
// scenario turns them off.
func (s *Scenario) enabled(name string) bool {
	on, ok := s.Modules[name]
	return !ok || on
}

// Values returns the parameters in canonical units and every module's
// effective switch, as fresh maps the caller may modify.
func (s *Scenario) Values() constraints.Values {
	v := constraints.Values{
		Params:  make(map[string]constraints.Trajectory, len(s.Params)),
		Modules: map[string]bool{},
	}
	for k, p := range s.Params {
		v.Params[k] = cloneTrajectory(p.Value)
	}
	for _, m := range constraints.Modules() {
		v.Modules[m] = s.enabled(m)
	}
	for m, on := range s.Modules { // names outside the registry cannot load, but keep them if set by hand
		v.Modules[m] = on
	}
	v.Regions = append([]string(nil), s.Regions...)
	return v
}

// Hash returns the hex SHA-256 of a canonical encoding of the resolved
// values and module switches, so that two scenarios that would give the same
// plan share a hash however their files were written. Sources, units as
// written and distributions do not enter it.
func (s *Scenario) Hash() string {
	h := sha256.New()
	fmt.Fprintf(h, "teraplan-scenario-v1\n")
	keys := sortedKeys(s.Params)
	for _, k := range keys {
		t := canonicalTrajectory(s.Params[k].Value)
		fmt.Fprintf(h, "p %s", k)
		for i := range t.Values {
			fmt.Fprintf(h, " %s:%s", formatFloat(t.Years[i]), formatFloat(t.Values[i]))
		}
		fmt.Fprintf(h, "\n")
	}
	mods := map[string]bool{}
	for _, m := range constraints.Modules() {
		mods[m] = s.enabled(m)
	}
	for m, on := range s.Modules {
		mods[m] = on
	}
	for _, m := range sortedKeys(mods) {
		fmt.Fprintf(h, "m %s %t\n", m, mods[m])
	}
	if v := (constraints.Values{Regions: s.Regions}); v.MultiRegion() {
		fmt.Fprintf(h, "r %s\n", strings.Join(s.Regions, " "))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// canonicalTrajectory collapses a trajectory whose values are all equal to
// a constant, which is the same function.
func canonicalTrajectory(t constraints.Trajectory) constraints.Trajectory {
	if len(t.Values) == 0 {
		return t
	}
	for _, v := range t.Values[1:] {
		if v != t.Values[0] {
			return t
		}
	}
	return constraints.Constant(t.Values[0])
}

func formatFloat(v float64) string {
	if v == 0 {
		v = 0 // -0 and 0 are the same value
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Years returns the periods of the horizon (constraints.NewHorizon): from
// horizon.start_year by step through the whole of end_year.
// Each is computed as start+i×step and rounded to 1e-9 so that quarterly
// steps give 2026.25, not 2026.2500000000004. It returns nil if the horizon
// is not set or not valid.
func (s *Scenario) Years() []float64 {
	start, end, step, ok := s.horizon()
	if !ok {
		return nil
	}
	h, err := constraints.NewHorizon(start, end, step)
	if err != nil {
		return nil
	}
	return h.Years
}

func (s *Scenario) horizon() (start, end, step float64, ok bool) {
	a, b, c := s.Params["horizon.start_year"], s.Params["horizon.end_year"], s.Params["horizon.step_years"]
	if a == nil || b == nil || c == nil || len(a.Value.Values) == 0 || len(b.Value.Values) == 0 || len(c.Value.Values) == 0 {
		return 0, 0, 0, false
	}
	return a.Value.Values[0], b.Value.Values[0], c.Value.Values[0], true
}

// periods returns how many periods a horizon has, or why it is not
// sensible; constraints.NewHorizon is the one definition of the periods. A
// scenario's step must also divide the years it covers (start through the
// whole end year) into whole periods, so the last one does not overhang.
func periods(start, end, step float64) (int, error) {
	h, err := constraints.NewHorizon(start, end, step)
	if err != nil {
		return 0, errors.New(strings.TrimPrefix(err.Error(), "constraints: "))
	}
	q := (end + 1 - start) / step
	if math.Abs(q-math.Round(q)) > 1e-6 {
		return 0, fmt.Errorf("step %s years does not divide %s–%s (%s years, the end year whole) into whole periods",
			formatFloat(step), formatFloat(start), formatFloat(end), formatFloat(end+1-start))
	}
	return h.N(), nil
}

// Difference is a parameter or module switch that two scenarios resolve
// differently. A nil side is absent. For a module the key is "modules.NAME"
// and each side is a Param whose value is 1 (on) or 0 (off).
type Difference struct {
	Key  string
	A, B *Param
}

// Diff returns, sorted by key, the parameters whose resolved values differ
// between a and b (as functions of time: a constant equals a trajectory
// that never changes), then compares module switches.
func Diff(a, b *Scenario) []Difference {
	var out []Difference
	keys := map[string]bool{}
	for k := range a.Params {
		keys[k] = true
	}
	for k := range b.Params {
		keys[k] = true
	}
	for _, k := range sortedKeys(keys) {
		pa, pb := a.Params[k], b.Params[k]
		if pa != nil && pb != nil && sameTrajectory(pa.Value, pb.Value) {
			continue
		}
		out = append(out, Difference{Key: k, A: pa.clone(), B: pb.clone()})
	}
	mods := map[string]bool{}
	for _, m := range constraints.Modules() {
		mods[m] = true
	}
	for m := range a.Modules {
		mods[m] = true
	}
	for m := range b.Modules {
		mods[m] = true
	}
	for _, m := range sortedKeys(mods) {
		ea, eb := a.enabled(m), b.enabled(m)
		if ea != eb {
			out = append(out, Difference{Key: "modules." + m, A: moduleParam(a, m), B: moduleParam(b, m)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func moduleParam(s *Scenario, m string) *Param {
	on := s.enabled(m)
	v := 0.0
	if on {
		v = 1
	}
	return &Param{Key: "modules." + m, Value: constraints.Constant(v), Written: strconv.FormatBool(on), Source: s.Origin}
}

// sameTrajectory compares two piecewise-linear functions that are flat
// beyond their ends: they are equal exactly when they agree at every
// breakpoint of either. Agreement is to a relative 1e-12, so "0.2 Mt" and
// "200000 t" are the same.
func sameTrajectory(a, b constraints.Trajectory) bool {
	if len(a.Values) == 0 || len(b.Values) == 0 {
		return len(a.Values) == len(b.Values)
	}
	check := func(y float64) bool {
		x, z := a.At(y), b.At(y)
		return x == z || math.Abs(x-z) <= 1e-12*math.Max(math.Abs(x), math.Abs(z))
	}
	pts := append(append([]float64(nil), a.Years...), b.Years...)
	if len(a.Values) == 1 || len(b.Values) == 1 {
		pts = append(pts, math.Inf(-1))
	}
	for _, y := range pts {
		if !check(y) {
			return false
		}
	}
	return true
}

// Scale multiplies a parameter's trajectory by factor, for sensitivity
// runs. Calendar years and the horizon cannot be scaled, and the result must
// stay within the registry's range.
func (s *Scenario) Scale(key string, factor float64) error {
	reg, ok := LookupKey(key)
	if !ok {
		return &Error{File: s.Origin, Key: key, Msg: "unknown parameter" + didYouMean(key, registryKeys())}
	}
	p := s.Params[key]
	if p == nil {
		return &Error{File: s.Origin, Key: key, Msg: "not set in this scenario"}
	}
	if reg.Unit == calendarUnit || reg.Module == "horizon" {
		return &Error{File: p.Pos.File, Line: p.Pos.Line, Key: key, Msg: "a calendar year or the horizon cannot be scaled"}
	}
	if math.IsNaN(factor) || math.IsInf(factor, 0) {
		return &Error{File: p.Pos.File, Line: p.Pos.Line, Key: key, Msg: fmt.Sprintf("scale factor %v is not finite", factor)}
	}
	scaled := p.Value.Scaled(factor)
	if err := checkRange(reg, scaled); err != "" {
		return &Error{File: p.Pos.File, Line: p.Pos.Line, Key: key, Msg: fmt.Sprintf("scaled ×%s: %s", formatFloat(factor), err)}
	}
	q := p.clone()
	q.Value = scaled
	q.Written = fmt.Sprintf("%s ×%s", p.Written, formatFloat(factor))
	q.Source = fmt.Sprintf("%s (scaled ×%s)", p.Source, formatFloat(factor))
	s.Params[key] = q
	return nil
}

// checkRange reports the first value outside the registry's [Min, Max],
// clamping values within a hair of a bound (unit conversion can give
// 1.0000000000000002 for 100%).
func checkRange(reg constraints.Param, t constraints.Trajectory) string {
	for i, v := range t.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprintf("value %v is not a finite number", v)
		}
		// Each bound tolerates rounding relative to itself only, so a
		// negative value is never let through by a large maximum.
		tolMin, tolMax := 1e-12*math.Abs(reg.Min), 1e-12*math.Abs(reg.Max)
		at := ""
		if len(t.Values) > 1 {
			at = " in " + formatFloat(t.Years[i])
		}
		switch {
		case v < reg.Min-tolMin:
			return fmt.Sprintf("value %s %s%s is below the minimum %s %s", formatFloat(v), reg.Unit, at, formatFloat(reg.Min), reg.Unit)
		case v > reg.Max+tolMax:
			return fmt.Sprintf("value %s %s%s is above the maximum %s %s", formatFloat(v), reg.Unit, at, formatFloat(reg.Max), reg.Unit)
		case v < reg.Min:
			t.Values[i] = reg.Min
		case v > reg.Max:
			t.Values[i] = reg.Max
		}
	}
	return ""
}

// LookupKey returns the registry entry for a key as a scenario may set
// it: a registry key, or one scoped to a region or pair of regions
// ("power.x@china", "trade.accelerators_m_per_year@us_china"), whose
// entry is its base key's (a regional parameter's for trade.* and
// region.share) under the scoped name. Whether the region is declared is
// checked once the scenario is resolved.
func LookupKey(key string) (constraints.Param, bool) {
	base, region := constraints.SplitRegion(key)
	if region == "" {
		if _, ok := constraints.LookupRegional(key); ok {
			return constraints.Param{}, false // set only per region or pair
		}
		return constraints.LookupParam(key)
	}
	if strings.ContainsRune(region, '@') {
		return constraints.Param{}, false
	}
	reg, ok := constraints.LookupParam(base)
	if !ok {
		reg, ok = constraints.LookupRegional(base)
	}
	if !ok || reg.Module == "horizon" {
		return constraints.Param{}, false
	}
	reg.Key = key
	return reg, true
}

// checkScope says what is wrong with the scope of a key set per region
// or pair ("" if nothing): a region the scenario declares, or for trade.*
// an ordered pair of them, from_to.
func (s *Scenario) checkScope(key string) string {
	base, scope := constraints.SplitRegion(key)
	if len(s.Regions) == 0 {
		return "set for region " + scope + ", but the scenario declares no regions (regions: [us, china, row])"
	}
	if strings.HasPrefix(base, "trade.") {
		from, to, ok := strings.Cut(scope, "_")
		if !ok || from == to || !contains(s.Regions, from) || !contains(s.Regions, to) {
			return fmt.Sprintf("%q is not a pair of the scenario's regions, from_to (regions: %s)", scope, strings.Join(s.Regions, ", "))
		}
		return ""
	}
	if !contains(s.Regions, scope) {
		return fmt.Sprintf("region %q is not one of the scenario's regions (%s)", scope, strings.Join(s.Regions, ", "))
	}
	return ""
}

// unknownKey says why key is not a parameter a scenario can set: a
// regional parameter without its region or pair, or an unknown key.
func unknownKey(key string, keys []string) string {
	base, _ := constraints.SplitRegion(key)
	if reg, ok := constraints.LookupRegional(base); ok && base == key {
		if strings.HasPrefix(reg.Key, "trade.") {
			return "set only for a pair of regions: " + key + "@from_to (e.g. " + key + "@us_china)"
		}
		return "set only for a region: " + key + "@region (e.g. " + key + "@china)"
	}
	return "unknown parameter" + didYouMean(base, keys)
}

func registryKeys() []string {
	ps := constraints.Params()
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Key
	}
	return out
}

// didYouMean returns " (did you mean "x"?)" for the candidate closest to s
// by edit distance, or "" if none is close. Close means within a third of
// the word's length, or the same last segment under another prefix.
// UnknownParameter is the message for a key that is not in the registry,
// with the nearest registered key when one is close: "unknown parameter
// (did you mean "launch.payload_t"?)".
func UnknownParameter(key string) string {
	return "unknown parameter" + didYouMean(key, registryKeys())
}

func didYouMean(s string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= len(s)/3+1 {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		for _, c := range candidates {
			if j := strings.LastIndexByte(c, '.'); j >= 0 && c[j:] == s[i:] {
				return fmt.Sprintf(" (did you mean %q?)", c)
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance over bytes, capped in cost by
// the caller's short strings (keys are under 64 bytes; longer input is cut).
func editDistance(a, b string) int {
	const limit = 128
	if len(a) > limit {
		a = a[:limit]
	}
	if len(b) > limit {
		b = b[:limit]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
