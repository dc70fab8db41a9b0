package scenario

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"teraplan/constraints"
)

// SetSource is the source recorded for a value given with --set.
const SetSource = "--set on the command line"

// setFile is the File of errors and positions from --set.
const setFile = "--set"

// Set applies command-line assignments "key=value[unit]":
//
//	launch.cost_usd_per_kg=200             a bare number is in the canonical unit
//	launch.payload_t=150t                  a number with a unit is converted
//	launch.cost_usd_per_kg=2026:1500,2030:100   a trajectory (a unit may follow any point)
//	launch.cost_usd_per_kg=x0.5            a factor: the trajectory halved, its shape kept
//	modules.lunar=true
//
// A bare number is taken in the registry's canonical unit, the one the key's
// name spells (cost_usd → $, payload_t → t), never in whatever unit the
// scenario file happened to use. The assignments apply together or not at
// all; the new value's confidence is "estimate" and a relative distribution
// is kept (an absolute one no longer fits the new value and is dropped).
func (s *Scenario) Set(assignments ...string) error {
	next := s.Clone()
	var errs errorList
	for _, a := range assignments {
		key, msg := next.set(a)
		if msg != "" {
			errs.add(Position{File: setFile}, key, fmt.Sprintf("in %q: %s", a, msg))
		}
	}
	if err := errs.err(); err != nil {
		return err
	}
	if start, end, step, ok := next.horizon(); ok {
		if _, err := periods(start, end, step); err != nil {
			key := "horizon.end_year"
			if end >= start {
				key = "horizon.step_years"
			}
			return &Error{File: setFile, Key: key, Msg: err.Error()}
		}
	}
	*s = *next
	return nil
}

// set applies one assignment and returns the key and what went wrong.
func (s *Scenario) set(a string) (key, msg string) {
	k, raw, ok := strings.Cut(a, "=")
	key = strings.TrimSpace(k)
	raw = strings.TrimSpace(raw)
	if !ok {
		return key, "want key=value"
	}
	if key == "" {
		return "", "missing key before ="
	}
	if raw == "" {
		return key, "missing value after ="
	}
	if name, isModule := strings.CutPrefix(key, "modules."); isModule {
		known := constraints.Modules()
		if !contains(known, name) {
			return key, "unknown module" + didYouMean(name, known) + " (modules: " + strings.Join(known, ", ") + ")"
		}
		on, err := strconv.ParseBool(raw)
		if err != nil {
			return key, fmt.Sprintf("%q is not true or false", raw)
		}
		s.Modules[name] = on
		return key, ""
	}
	reg, ok := LookupKey(key)
	if !ok {
		return key, unknownKey(key, registryKeys())
	}
	if _, region := constraints.SplitRegion(key); region != "" {
		if err := s.checkScope(key); err != "" {
			return key, err
		}
	}
	if factor, ok := cutFactor(raw); ok {
		return key, s.setFactor(key, factor)
	}
	t, unit, err := ParseTrajectory(raw)
	if err != nil {
		return key, err.Error()
	}
	if unit == "" {
		unit = reg.Unit
	}
	f, err := paramFactor(reg, unit)
	if err != nil {
		return key, err.Error()
	}
	t = t.Scaled(f)
	if m := checkRange(reg, t); m != "" {
		return key, m
	}
	if (reg.Unit == calendarUnit || reg.Module == "horizon") && len(t.Values) > 1 {
		return key, "must be a single value, not a trajectory"
	}
	p := &Param{Key: key, Value: t, Unit: unit, Written: raw, Source: SetSource, Confidence: "estimate",
		Pos: Position{File: setFile}}
	if old := s.Params[key]; old != nil && old.Dist != nil && old.Dist.Relative {
		d := *old.Dist
		p.Dist = &d
	}
	s.Params[key] = p
	return key, ""
}

// cutFactor recognises a factor, "x0.5" or "×0.5", and returns its number
// (a trajectory such as "x:100" is left to ParseTrajectory to refuse).
func cutFactor(raw string) (string, bool) {
	for _, p := range []string{"x", "X", "×"} {
		if rest, ok := strings.CutPrefix(raw, p); ok && !strings.Contains(rest, ":") {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// setFactor multiplies key's trajectory by the factor written in f,
// keeping its shape (as --vary's x0.5:x2:4 does), and records the change
// as a --set.
func (s *Scenario) setFactor(key, f string) string {
	x, err := strconv.ParseFloat(f, 64)
	if err != nil || !isFinite(x) {
		return fmt.Sprintf("factor %q is not a finite number (want e.g. x0.5)", f)
	}
	old := s.Params[key]
	if err := s.Scale(key, x); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return e.Msg
		}
		return err.Error()
	}
	p := s.Params[key]
	p.Source = fmt.Sprintf("%s: ×%s of %q", SetSource, formatFloat(x), old.Source)
	p.Confidence = "estimate"
	p.Pos = Position{File: setFile}
	return ""
}

// ParseTrajectory parses a command-line value: a number with an optional
// unit ("150t", "0.2 Mt", "5%/yr") or comma-separated year:value points
// ("2026:1500,2030:100 $/kg"). Every point may carry a unit; those given
// must agree, and it applies to all. Years must be strictly increasing. The
// values are returned as written, in the returned unit ("" if none).
func ParseTrajectory(s string) (constraints.Trajectory, string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 4096 {
		return constraints.Trajectory{}, "", errors.New("value longer than 4096 bytes")
	}
	if !strings.Contains(s, ":") {
		x, unit, err := parseQuantity(s)
		if err != nil {
			return constraints.Trajectory{}, "", err
		}
		return constraints.Constant(x), unit, nil
	}
	var t constraints.Trajectory
	unit := ""
	for _, pt := range strings.Split(s, ",") {
		ys, vs, ok := strings.Cut(strings.TrimSpace(pt), ":")
		if !ok {
			return constraints.Trajectory{}, "", fmt.Errorf("point %q is not year:value", strings.TrimSpace(pt))
		}
		y, err := strconv.ParseFloat(strings.TrimSpace(ys), 64)
		if err != nil || !isFinite(y) || y < minYear || y > maxYear {
			return constraints.Trajectory{}, "", fmt.Errorf("%q is not a year between %d and %d", strings.TrimSpace(ys), minYear, maxYear)
		}
		if n := len(t.Years); n > 0 && y <= t.Years[n-1] {
			return constraints.Trajectory{}, "", fmt.Errorf("year %s is not after %s; years must increase", formatFloat(y), formatFloat(t.Years[n-1]))
		}
		x, u, err := parseQuantity(vs)
		if err != nil {
			return constraints.Trajectory{}, "", fmt.Errorf("year %s: %v", formatFloat(y), err)
		}
		if u != "" {
			if unit != "" && u != unit {
				return constraints.Trajectory{}, "", fmt.Errorf("points use different units %q and %q", unit, u)
			}
			unit = u
		}
		t.Years = append(t.Years, y)
		t.Values = append(t.Values, x)
	}
	return t, unit, nil
}

func isFinite(x float64) bool { return x-x == 0 }

// parseQuantity splits "150t", "1.5e3 t" or "-2" into a finite number and
// the unit text after it (checked only for being parseable).
func parseQuantity(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	n := numberPrefix(s)
	if n == 0 {
		return 0, "", fmt.Errorf("%q does not start with a number", s)
	}
	x, err := strconv.ParseFloat(s[:n], 64)
	if err != nil || !isFinite(x) {
		return 0, "", fmt.Errorf("%q is not a finite number", s[:n])
	}
	unit := strings.TrimSpace(s[n:])
	if unit != "" {
		if _, err := ParseUnit(unit); err != nil {
			return 0, "", err
		}
	}
	return x, unit, nil
}

// numberPrefix returns the length of the decimal number at the start of s:
// sign, digits, fraction, and an exponent only if digits follow the e (so
// "2EB" is 2 exabytes).
func numberPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}
