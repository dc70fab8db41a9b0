package constraints

import (
	"fmt"
	"math"
	"sort"
)

// Param describes one canonical scenario parameter: its key, the unit its
// values are stored in after conversion, and the range a value must fall in.
type Param struct {
	Key    string  // canonical key, "launch.payload_t"
	Unit   string  // canonical unit the loader converts to, "t"
	Module string  // module that reads it, "launch"
	Doc    string  // one line for `scenario show`
	Min    float64 // smallest allowed value (in Unit)
	Max    float64 // largest allowed value (in Unit)
}

// Trajectory is a parameter's value over time: a constant when it has one
// point, otherwise linear interpolation between points and flat beyond the
// first and last. Years are strictly increasing.
type Trajectory struct {
	Years  []float64
	Values []float64
}

// Constant returns a trajectory with the same value in every year.
func Constant(v float64) Trajectory { return Trajectory{Years: []float64{0}, Values: []float64{v}} }

// At returns the value in year y.
func (t Trajectory) At(y float64) float64 {
	n := len(t.Values)
	switch {
	case n == 0:
		return math.NaN()
	case n == 1 || y <= t.Years[0]:
		return t.Values[0]
	case y >= t.Years[n-1]:
		return t.Values[n-1]
	}
	i := sort.SearchFloat64s(t.Years, y) // Years[i-1] < y <= Years[i]
	y0, y1 := t.Years[i-1], t.Years[i]
	v0, v1 := t.Values[i-1], t.Values[i]
	return v0 + (v1-v0)*(y-y0)/(y1-y0)
}

// Scaled returns a copy of t with every value multiplied by f.
func (t Trajectory) Scaled(f float64) Trajectory {
	out := Trajectory{Years: append([]float64(nil), t.Years...), Values: make([]float64, len(t.Values))}
	for i, v := range t.Values {
		out.Values[i] = v * f
	}
	return out
}

// Values holds every parameter of a resolved scenario in canonical units,
// plus the switches that turn modules on and off.
type Values struct {
	Params  map[string]Trajectory
	Modules map[string]bool // module name -> enabled; a missing module is enabled
	// Regions are the regions the scenario declares (nil: one, the
	// world). Params may then hold region-scoped keys, "key@region" and
	// "trade.key@from_to" (see ForRegion).
	Regions []string
}

// At returns parameter key in year y. Asking for a key that is not in the
// registry is a programming error and panics; a registered key missing from
// the values is too, because the loader guarantees completeness.
func (v Values) At(key string, y float64) float64 {
	t, ok := v.Params[key]
	if !ok {
		panic(fmt.Sprintf("constraints: parameter %q not set", key))
	}
	return t.At(y)
}

// Enabled reports whether module name is switched on.
func (v Values) Enabled(name string) bool {
	on, ok := v.Modules[name]
	return !ok || on
}

// LookupParam returns the registry entry for key.
func LookupParam(key string) (Param, bool) {
	p, ok := registryIndex[key]
	return p, ok
}

// Params returns the registry, sorted by key.
func Params() []Param { return append([]Param(nil), registry...) }

// Modules returns the names of the modules that a scenario can switch off.
func Modules() []string { return append([]string(nil), moduleNames...) }

var registryIndex = func() map[string]Param {
	sort.Slice(registry, func(i, j int) bool { return registry[i].Key < registry[j].Key })
	m := make(map[string]Param, len(registry))
	for _, p := range registry {
		if _, dup := m[p.Key]; dup {
			panic("constraints: duplicate parameter " + p.Key)
		}
		m[p.Key] = p
	}
	return m
}()
