package scenario

import (
	"math"
	"strings"
	"testing"

	"teraplan/constraints"
)

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func TestConvert(t *testing.T) {
	tests := []struct {
		v        float64
		from, to string
		want     float64
	}{
		{150, "t", "t", 150},
		{0.2, "Mt", "t", 200000},
		{200, "$M", "$", 2e8},
		{1.4, "kW", "kW", 1.4},
		{1400, "W", "kW", 1.4},
		{2500, "MW", "GW", 2.5},
		{1, "TW", "GW", 1000},
		{500, "PB", "EB", 0.5},
		{30, "B Gb", "EB", 3.75}, // TrendForce: 30 billion gigabits of HBM
		{5, "%/yr", "1/yr", 0.05},
		{5, "%", "share", 0.05},
		{3, "x", "share", 3},
		{3, "×", "1", 3},
		{2, "-", "fraction", 2},
		{600, "k/yr", "wafers/yr", 600000},
		{16, "M/yr", "units/yr", 16e6},
		{16, "M accelerators/yr", "M/yr", 16},
		{1, "B", "units", 1e9},
		{0.5, "$/W", "$/kW", 500},
		{0.08, "$/kWh", "$/MWh", 80},
		{20, "$B", "$", 20e9},
		{1, "$T", "$B", 1000},
		{3, "$k", "USD", 3000},
		{100, "kW/t", "kW/t", 100},
		{0.1, "MW/t", "kW/t", 100},
		{100, "W/kg", "kW/t", 100},
		{10, "GW/yr", "MW/yr", 10000},
		{460, "Mt/yr", "t/yr", 460e6},
		{1, "EB/yr", "PB/yr", 1000},
		{30, "h", "yr", 30.0 / 8760},
		{365, "d", "yr", 1},
		{18, "month", "years", 1.5},
		{2, "y", "yr", 2},
		{1, "$B/yr", "$/yr", 1e9},
		{1, "worker-years/yr", "worker-yr/yr", 1},
		{2000, "worker-yr", "worker-year", 2000},
		{100, "$/kg", "$ per t", 100000},
		{1, "$·yr", "$*yr", 1},
		{1, "GWh", "MWh", 1000},
		{2, "M t", "Mt", 2},
	}
	for _, tt := range tests {
		got, err := Convert(tt.v, tt.from, tt.to)
		if err != nil {
			t.Errorf("Convert(%v, %q, %q): %v", tt.v, tt.from, tt.to, err)
			continue
		}
		if !near(got, tt.want) {
			t.Errorf("Convert(%v, %q, %q) = %v, want %v", tt.v, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestConvertErrors(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"GW", "t", `unit "GW" is power, "t" is mass`},
		{"$/kg", "$/kW", `unit "$/kg" is money/mass, "$/kW" is money/power`},
		{"M/yr", "1/yr", `unit "M/yr" is count/time, "1/yr" is 1/time`},
		{"furlongs", "t", `unknown unit "furlongs"`},
		{"gw", "GW", `unknown unit "gw" in "gw" (did you mean "GW"?)`},
		{"", "t", "empty unit"},
		{"/yr", "1/yr", "empty term"},
		{"t//yr", "t/yr", "empty term"},
		{strings.Repeat("t*", 40), "t", "longer than"},
	}
	for _, tt := range tests {
		_, err := Convert(1, tt.from, tt.to)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Convert(1, %q, %q) = %v, want an error containing %q", tt.from, tt.to, err, tt.want)
		}
	}
}

// TestParamFactor checks the messages that name a parameter, and that a
// calendar year accepts only "year".
func TestParamFactor(t *testing.T) {
	payload, _ := constraints.LookupParam("launch.payload_t")
	first, _ := constraints.LookupParam("space.first_year")
	step, _ := constraints.LookupParam("horizon.step_years")
	tests := []struct {
		p    constraints.Param
		unit string
		want float64
		err  string
	}{
		{payload, "t", 1, ""},
		{payload, "kg", 0.001, ""},
		{payload, "GW", 0, `unit "GW" is power, launch.payload_t needs mass (t)`},
		{first, "year", 1, ""},
		{first, "yr", 0, `unit "yr" is time, space.first_year needs a calendar year (year)`},
		{first, "t", 0, `unit "t" is mass, space.first_year needs a calendar year (year)`},
		{step, "year", 1, ""},
		{step, "month", 1.0 / 12, ""},
	}
	for _, tt := range tests {
		got, err := paramFactor(tt.p, tt.unit)
		switch {
		case tt.err != "":
			if err == nil || err.Error() != tt.err {
				t.Errorf("paramFactor(%s, %q) error = %v, want %q", tt.p.Key, tt.unit, err, tt.err)
			}
		case err != nil:
			t.Errorf("paramFactor(%s, %q): %v", tt.p.Key, tt.unit, err)
		case !near(got, tt.want):
			t.Errorf("paramFactor(%s, %q) = %v, want %v", tt.p.Key, tt.unit, got, tt.want)
		}
	}
}

// TestRegistryUnitsParse guards the registry: every canonical unit must be
// one the loader understands, or no scenario could set that key.
func TestRegistryUnitsParse(t *testing.T) {
	for _, p := range constraints.Params() {
		if p.Unit == calendarUnit {
			continue
		}
		u, err := ParseUnit(p.Unit)
		if err != nil {
			t.Errorf("%s: canonical unit %q: %v", p.Key, p.Unit, err)
			continue
		}
		if f, err := paramFactor(p, p.Unit); err != nil || f != 1 {
			t.Errorf("%s: factor from its own unit %q = %v, %v; want 1", p.Key, p.Unit, f, err)
		}
		_ = u
	}
}

func TestUnitDimension(t *testing.T) {
	tests := map[string]string{
		"GW":           "power",
		"$/kg":         "money/mass",
		"%":            "dimensionless",
		"1/yr":         "1/time",
		"worker-yr/yr": "labour/time",
		"kW/t":         "power/mass",
		"M":            "count",
		"M/yr":         "count/time",
		"$·yr":         "money·time",
		"t*t":          "mass^2",
	}
	for in, want := range tests {
		u, err := ParseUnit(in)
		if err != nil {
			t.Errorf("ParseUnit(%q): %v", in, err)
			continue
		}
		if got := u.Dimension(); got != want {
			t.Errorf("ParseUnit(%q).Dimension() = %q, want %q", in, got, want)
		}
	}
}
