package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"teraplan/constraints"
	"teraplan/plans/scenario"
)

// serveSource is the source recorded for a value set on the page.
const serveSource = "set in teraplan serve"

// overridesYAML writes a scenario file that extends the served scenario
// name (a built-in, or a file given with --scenario, extended by its
// absolute path) with the overrides in sets: each parameter with its
// value as written, its unit, serveSource and confidence estimate; module
// switches under modules. A later set of the same key wins, as with --set.
// Loading it gives the same values as applying sets with --set.
func overridesYAML(name string, base *scenario.Scenario, sets []string) ([]byte, error) {
	extends := name
	if !strings.HasPrefix(base.Origin, "builtin:") {
		abs, err := filepath.Abs(base.Origin)
		if err != nil {
			return nil, err
		}
		extends = abs
	}
	type override struct {
		traj constraints.Trajectory
		unit string
	}
	params := map[string]override{}
	modules := map[string]bool{}
	for _, a := range sets {
		k, raw, _ := strings.Cut(a, "=")
		key, raw := strings.TrimSpace(k), strings.TrimSpace(raw)
		if m, ok := strings.CutPrefix(key, "modules."); ok {
			on, err := strconv.ParseBool(raw)
			if err != nil {
				return nil, usageErrorf("set=%s: %q is not true or false", a, raw)
			}
			modules[m] = on
			continue
		}
		// A key may be scoped to a region or pair (key@region), whose
		// unit is its registry key's.
		bare, _ := constraints.SplitRegion(key)
		reg, ok := constraints.LookupParam(bare)
		if !ok {
			reg, ok = constraints.LookupRegional(bare)
		}
		if !ok {
			return nil, usageErrorf("set=%s: unknown parameter %q", a, key)
		}
		t, unit, err := scenario.ParseTrajectory(raw)
		if err != nil {
			return nil, usageErrorf("set=%s: %v", a, err)
		}
		if unit == "" {
			unit = reg.Unit
		}
		params[key] = override{t, unit}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by teraplan serve: %s with %d override(s).\n", name, len(params)+len(modules))
	fmt.Fprintf(&b, "# Use it with: teraplan plan --scenario FILE\n")
	fmt.Fprintf(&b, "name: %s\n", yamlString(base.Name+"-custom"))
	fmt.Fprintf(&b, "description: %s\n", yamlString(base.Name+" with the values set in teraplan serve"))
	fmt.Fprintf(&b, "extends: %s\n", yamlString(extends))
	if len(modules) > 0 {
		b.WriteString("modules:\n")
		for _, m := range sortedStringKeys(modules) {
			fmt.Fprintf(&b, "  %s: %t\n", yamlString(m), modules[m])
		}
	}
	if len(params) > 0 {
		b.WriteString("params:\n")
		for _, k := range sortedStringKeys(params) {
			o := params[k]
			fmt.Fprintf(&b, "  %s:\n", k)
			if len(o.traj.Values) == 1 {
				fmt.Fprintf(&b, "    value: %s\n", formatFloat(o.traj.Values[0]))
			} else {
				pts := make([]string, len(o.traj.Values))
				for i := range o.traj.Values {
					pts[i] = formatFloat(o.traj.Years[i]) + ": " + formatFloat(o.traj.Values[i])
				}
				fmt.Fprintf(&b, "    value: {%s}\n", strings.Join(pts, ", "))
			}
			fmt.Fprintf(&b, "    unit: %s\n", yamlString(o.unit))
			fmt.Fprintf(&b, "    source: %s\n", yamlString(serveSource))
			b.WriteString("    confidence: estimate\n")
		}
	}
	return []byte(b.String()), nil
}

// yamlString quotes s for YAML: a double-quoted scalar with Go escapes,
// which YAML's double-quoted style shares for everything strconv emits.
func yamlString(s string) string { return strconv.Quote(s) }

func sortedStringKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
