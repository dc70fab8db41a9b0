package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"teraplan/constraints"
)

// dimension indexes the base quantities a unit can be built from. Energy is
// its own base rather than power×time so that messages say "energy", and
// labour (worker-years) its own so that "worker-yr/yr" reads as a rate of
// labour rather than a head count.
type dimension int

const (
	dimPower dimension = iota
	dimEnergy
	dimMass
	dimMoney
	dimData
	dimTime
	dimCount
	dimLabour
	dimCompute
	numDims
)

var dimNames = [numDims]string{"power", "energy", "mass", "money", "data", "time", "count", "labour", "compute"}

// dims is a vector of exponents over the base quantities; units are
// compatible exactly when their dims are equal.
type dims [numDims]int8

// Unit is a parsed unit: the factor that takes a value in it to the base
// units (W, Wh, kg, $, bytes, years of 365 days, single items,
// worker-years) and its dimension.
type Unit struct {
	Text   string  // as written, trimmed
	Factor float64 // multiply a value in this unit by Factor to get base units
	dim    dims
}

// Dimension names what the unit measures, "power" or "money/mass";
// "dimensionless" for shares and multipliers.
func (u Unit) Dimension() string { return u.dim.String() }

func (d dims) String() string {
	var num, den []string
	for i, e := range d {
		name := dimNames[i]
		switch {
		case e == 1:
			num = append(num, name)
		case e > 1:
			num = append(num, fmt.Sprintf("%s^%d", name, e))
		case e == -1:
			den = append(den, name)
		case e < -1:
			den = append(den, fmt.Sprintf("%s^%d", name, -e))
		}
	}
	switch {
	case len(num) == 0 && len(den) == 0:
		return "dimensionless"
	case len(num) == 0:
		num = []string{"1"}
	}
	s := strings.Join(num, "·")
	for _, d := range den {
		s += "/" + d
	}
	return s
}

type atom struct {
	factor float64
	dim    dimension // meaningful only when !dimless
	dimles bool
}

// hoursPerYear matches the model's 8760-hour year (MODEL.md: launches ≤
// fleet × 8760 / turnaround), so "h" and "yr" convert the way the LP counts.
const hoursPerYear = 8760

// atoms are the unit words users write. Decimal prefixes throughout: data
// units are powers of 1000, as memory makers quote bit output.
// They are built on first use: loading a built-in scenario parses no unit.
var atoms = sync.OnceValue(func() map[string]atom {
	m := map[string]atom{}
	add := func(d dimension, f float64, names ...string) {
		for _, n := range names {
			m[n] = atom{factor: f, dim: d}
		}
	}
	add(dimPower, 1, "W")
	add(dimPower, 1e3, "kW")
	add(dimPower, 1e6, "MW")
	add(dimPower, 1e9, "GW")
	add(dimPower, 1e12, "TW")
	add(dimEnergy, 1, "Wh")
	add(dimEnergy, 1e3, "kWh")
	add(dimEnergy, 1e6, "MWh")
	add(dimEnergy, 1e9, "GWh")
	add(dimEnergy, 1e12, "TWh")
	add(dimMass, 1e-3, "g")
	add(dimMass, 1, "kg")
	add(dimMass, 1e3, "t", "tonne", "tonnes")
	add(dimMass, 1e6, "kt")
	add(dimMass, 1e9, "Mt")
	add(dimMass, 1e12, "Gt")
	add(dimMoney, 1, "$", "USD")
	add(dimMoney, 1e3, "$k")
	add(dimMoney, 1e6, "$M")
	add(dimMoney, 1e9, "$B")
	add(dimMoney, 1e12, "$T")
	add(dimData, 1e6, "MB")
	add(dimData, 1e9, "GB")
	add(dimData, 1e12, "TB")
	add(dimData, 1e15, "PB")
	add(dimData, 1e18, "EB")
	add(dimData, 1e21, "ZB")
	add(dimData, 1e9/8, "Gb") // gigabits: TrendForce quotes HBM in Gb
	add(dimData, 1e12/8, "Tb")
	add(dimTime, 1.0/hoursPerYear, "h", "hr", "hour", "hours")
	add(dimTime, 24.0/hoursPerYear, "d", "day", "days")
	add(dimTime, 1.0/12, "month", "months")
	add(dimTime, 1, "yr", "yrs", "year", "years", "y")
	add(dimCount, 1, "units", "unit", "accelerators", "accelerator", "chips", "chip",
		"wafers", "wafer", "ships", "ship", "launches", "launch", "pads", "pad",
		"robots", "robot", "lines", "line", "fabs", "fab", "plants", "plant",
		"scanners", "scanner", "factories", "factory")
	add(dimLabour, 1, "worker-yr", "worker-yrs", "worker-year", "worker-years")
	// Compute rates: "FLOP/s" is read as one word (see ParseUnit).
	add(dimCompute, 1, "FLOPS")
	add(dimCompute, 1e12, "TFLOPS")
	add(dimCompute, 1e15, "PFLOPS")
	add(dimCompute, 1e18, "EFLOPS")
	add(dimCompute, 1e21, "ZFLOPS")
	for _, n := range []string{"share", "1", "-", "—", "x", "×", "fraction", "ratio"} {
		m[n] = atom{factor: 1, dimles: true}
	}
	m["%"] = atom{factor: 0.01, dimles: true}
	return m
})

// multipliers are the bare count words: "M/yr" is a million per year. Next
// to another unit they only scale it ("k wafers", "M t").
var multipliers = map[string]float64{
	"k": 1e3, "thousand": 1e3,
	"M": 1e6, "million": 1e6,
	"B": 1e9, "billion": 1e9,
}

// maxUnitLen bounds the work a unit string can cause.
const maxUnitLen = 64

// ParseUnit parses a unit such as "t", "$/kg", "GW/yr", "M/yr" or
// "worker-yr/yr". A product is written with "·", "*" or a space, a quotient
// with "/" or " per " (everything after the first "/" divides). The letter
// M is a prefix inside a word ("Mt", "MW", "$M") and a million on its own.
func ParseUnit(s string) (Unit, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Unit{}, fmt.Errorf("empty unit")
	}
	if len(text) > maxUnitLen {
		return Unit{}, fmt.Errorf("unit %.20q… is longer than %d bytes", text, maxUnitLen)
	}
	u := Unit{Text: text, Factor: 1}
	// "PFLOP/s" is a rate of computation, one word, not PFLOP per second.
	words := strings.ReplaceAll(strings.ReplaceAll(text, "FLOP/s", "FLOPS"), " per ", "/")
	parts := strings.Split(words, "/")
	for i, part := range parts {
		f, d, err := parseProduct(part, text)
		if err != nil {
			return Unit{}, err
		}
		if i == 0 {
			u.Factor *= f
			for j := range d {
				u.dim[j] += d[j]
			}
		} else {
			u.Factor /= f
			for j := range d {
				u.dim[j] -= d[j]
			}
		}
	}
	if !(u.Factor > 0) || math.IsInf(u.Factor, 0) {
		return Unit{}, fmt.Errorf("unit %q is too large or too small to use", text)
	}
	return u, nil
}

func parseProduct(part, whole string) (float64, dims, error) {
	fields := strings.FieldsFunc(part, func(r rune) bool {
		return r == '·' || r == '*' || r == '⋅' || r == ' ' || r == '\t'
	})
	if len(fields) == 0 {
		return 0, dims{}, fmt.Errorf("unit %q has an empty term", whole)
	}
	factor := 1.0
	var d dims
	scaled := false // a unit word follows the multipliers
	for _, w := range fields {
		if _, ok := multipliers[w]; !ok {
			scaled = true
		}
	}
	for _, w := range fields {
		if m, ok := multipliers[w]; ok {
			factor *= m
			if !scaled {
				d[dimCount]++
				scaled = true // "M M" is still one count: a trillion
			}
			continue
		}
		a, ok := atoms()[w]
		if !ok {
			return 0, dims{}, unknownUnit(w, whole)
		}
		factor *= a.factor
		if !a.dimles {
			d[a.dim]++
		}
	}
	return factor, d, nil
}

func unknownUnit(word, whole string) error {
	var near []string
	for name := range atoms() {
		if strings.EqualFold(name, word) {
			near = append(near, name)
		}
	}
	if len(near) > 0 {
		sort.Strings(near)
		return fmt.Errorf("unknown unit %q in %q (did you mean %q?)", word, whole, near[0])
	}
	return fmt.Errorf("unknown unit %q in %q (known: %s)", word, whole, knownUnitsHint)
}

const knownUnitsHint = "W kW MW GW TW, Wh…TWh, kg t kt Mt Gt, $ $k $M $B $T, GB TB PB EB, h d month yr, " +
	"units k M B, worker-yr, share % x, and quotients like $/kg or GW/yr"

// Factor returns the number that multiplies a value written in unit from to
// express it in unit to, or an error if either does not parse or they
// measure different things.
func Factor(from, to string) (float64, error) {
	f, err := ParseUnit(from)
	if err != nil {
		return 0, err
	}
	t, err := ParseUnit(to)
	if err != nil {
		return 0, err
	}
	if f.dim != t.dim {
		return 0, fmt.Errorf("unit %q is %s, %q is %s", f.Text, f.Dimension(), t.Text, t.Dimension())
	}
	return f.Factor / t.Factor, nil
}

// Convert expresses v, written in unit from, in unit to.
func Convert(v float64, from, to string) (float64, error) {
	f, err := Factor(from, to)
	if err != nil {
		return 0, err
	}
	return v * f, nil
}

// calendarUnit is the canonical unit of parameters that hold a calendar year
// (2028), not a duration; such values are never converted.
const calendarUnit = "year"

// paramFactor returns the factor that takes a value of p written in unit to
// p's canonical unit, with a message that names the parameter.
func paramFactor(p constraints.Param, unit string) (float64, error) {
	text := strings.TrimSpace(unit)
	if p.Unit == calendarUnit {
		if text == calendarUnit {
			return 1, nil
		}
		u, err := ParseUnit(text)
		if err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("unit %q is %s, %s needs a calendar year (year)", text, u.Dimension(), p.Key)
	}
	u, err := ParseUnit(text)
	if err != nil {
		return 0, err
	}
	c, err := ParseUnit(p.Unit)
	if err != nil {
		return 0, fmt.Errorf("registry unit %q of %s: %v", p.Unit, p.Key, err)
	}
	if u.dim != c.dim {
		return 0, fmt.Errorf("unit %q is %s, %s needs %s (%s)", text, u.Dimension(), p.Key, c.Dimension(), p.Unit)
	}
	f := u.Factor / c.Factor
	if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
		return 0, fmt.Errorf("unit %q cannot be converted to %s", text, p.Unit)
	}
	return f, nil
}

// Units returns every unit word ParseUnit knows, sorted, for help text.
func Units() []string {
	out := make([]string, 0, len(atoms())+len(multipliers))
	for n := range atoms() {
		out = append(out, n)
	}
	for n := range multipliers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
