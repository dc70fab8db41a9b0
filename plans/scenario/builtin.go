package scenario

import (
	"sort"
	"strings"

	"teraplan/constraints"
)

// The built-in scenarios are written as YAML in builtin/*.yaml and compiled
// into Go data (builtin_gen.go): loading one is a copy rather than a YAML
// parse, which was a fifth of `teraplan plan`'s own time. Each file is
// compiled as the ordinary parser reads it; TestBuiltinCompiled fails when
// builtin_gen.go and builtin/*.yaml disagree or a compiled load differs from
// loading the YAML, and `go test ./plans/scenario -run TestBuiltinCompiled
// -update` regenerates it.

// compiled is one built-in scenario file: its resolved name and
// description, and the module switches and parameters it sets itself (sorted
// by key); what it extends is merged in when it is loaded, as for any file.
type compiled struct {
	ID                         string // the name it is loaded by: its file name
	Name, Description, Extends string
	Modules                    []compiledModule
	Params                     []Param
	// Regions and RegionsPos are the file's own regions, nil if it
	// declares none.
	Regions    []string
	RegionsPos Position
}

type compiledModule struct {
	Name string
	On   bool
}

// Builtins returns the names of the built-in scenarios, sorted.
func Builtins() []string {
	out := make([]string, len(builtins))
	for i, c := range builtins {
		out[i] = c.ID
	}
	return out
}

// isBuiltin returns the built-in scenario that name (with or without
// "builtin:") names.
func isBuiltin(name string) (*compiled, bool) {
	name = strings.TrimPrefix(name, builtinPrefix)
	i, ok := sort.Find(len(builtins), func(i int) int { return strings.Compare(name, builtins[i].ID) })
	if !ok {
		return nil, false
	}
	return builtins[i], true
}

// builtin returns a fresh copy of a built-in scenario, which the caller may
// modify.
func builtin(c *compiled) *Scenario {
	s := &Scenario{Name: c.Name, Description: c.Description, Origin: builtinPrefix + c.ID, Extends: c.Extends}
	if base, ok := isBuiltin(c.Extends); ok {
		b := builtin(base)
		s.Params, s.Modules, s.Regions, s.RegionsPos = b.Params, b.Modules, b.Regions, b.RegionsPos
	} else {
		s.Params = make(map[string]*Param, len(c.Params))
		s.Modules = make(map[string]bool, len(c.Modules))
	}
	for _, m := range c.Modules {
		s.Modules[m.Name] = m.On
	}
	if c.Regions != nil {
		s.Regions, s.RegionsPos = append([]string(nil), c.Regions...), c.RegionsPos
		if len(s.Regions) == 1 && s.Regions[0] == constraints.WorldRegion {
			s.Regions = nil
		}
	}
	// One allocation for the parameters and one for all their numbers;
	// each trajectory gets a capped window, so an append cannot spill into
	// the next.
	n := 0
	for i := range c.Params {
		n += 2 * len(c.Params[i].Value.Values)
	}
	nums := make([]float64, 0, n)
	ps := make([]Param, len(c.Params))
	copy(ps, c.Params)
	for i := range ps {
		p := &ps[i]
		p.Value = constraints.Trajectory{Years: window(&nums, p.Value.Years), Values: window(&nums, p.Value.Values)}
		if p.Dist != nil {
			d := *p.Dist
			p.Dist = &d
		}
		if p.distOnly {
			// The generator loaded this file, so the base sets the key.
			if merged, err := inheritDist(s.Params[p.Key], p, c.Extends); err == nil {
				s.Params[p.Key] = merged
			}
			continue
		}
		s.Params[p.Key] = p
	}
	return s
}

// window appends xs to *buf and returns the appended part with its
// capacity capped at its length (nil for nil).
func window(buf *[]float64, xs []float64) []float64 {
	if xs == nil {
		return nil
	}
	i := len(*buf)
	*buf = append(*buf, xs...)
	return (*buf)[i:len(*buf):len(*buf)]
}
