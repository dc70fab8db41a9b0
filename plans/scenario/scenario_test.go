package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"teraplan/constraints"
)

func mustLoad(t *testing.T, name string) *Scenario {
	t.Helper()
	s, err := Load(name)
	if err != nil {
		t.Fatalf("Load(%q): %v", name, err)
	}
	return s
}

func TestBuiltins(t *testing.T) {
	if got, want := Builtins(), []string{"public-2026", "regions-2026", "seed-2026", "seed-regions-2026"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Builtins() = %v, want %v", got, want)
	}
	if !contains(Builtins(), Default) {
		t.Fatalf("Default %q is not a builtin", Default)
	}
	for _, name := range Builtins() {
		s := mustLoad(t, name)
		if s.Name != name || s.Origin != "builtin:"+name {
			t.Errorf("%s: Name %q Origin %q", name, s.Name, s.Origin)
		}
		for _, reg := range constraints.Params() {
			p := s.Params[reg.Key]
			switch {
			case p == nil:
				t.Errorf("%s: %s not set", name, reg.Key)
			case strings.TrimSpace(p.Source) == "":
				t.Errorf("%s: %s has no source", name, reg.Key)
			case !contains(confidences, p.Confidence):
				t.Errorf("%s: %s confidence %q", name, reg.Key, p.Confidence)
			case p.Unit == "" || p.Written == "" || p.Pos.Line == 0 || p.Pos.File == "":
				t.Errorf("%s: %s missing unit, written value or position: %+v", name, reg.Key, p)
			}
		}
		if got := s.Years(); len(got) != 15 || got[0] != 2026 || got[14] != 2040 {
			t.Errorf("%s: Years() = %v", name, got)
		}
		if s.Modules["lunar"] {
			t.Errorf("%s: the lunar module should be off by default", name)
		}
	}
}

// TestSeedFigures spot-checks MODEL.md's table after unit conversion.
func TestSeedFigures(t *testing.T) {
	v := mustLoad(t, Default).Values()
	tests := []struct {
		key  string
		year float64
		want float64
	}{
		{"accelerator.it_kw", 2030, 1.4},
		{"accelerator.hbm_gb", 2026, 288},
		{"accelerator.hbm_gb", 2030, 384},
		{"chips.accelerators_per_year_existing", 2027, 13},
		{"chips.accelerators_per_year_existing", 2035, 16},
		{"fabs.wafers_per_year", 2030, 600000},
		{"fabs.cost_usd", 2030, 20e9},
		{"launch.cost_usd_per_kg", 2029, 150},
		{"launch.ships_per_year", 2028, 30},
		{"launch.ship_loss_rate", 2030, 0.02},
		{"cost.discount_rate", 2030, 0.08},
		{"solar.cell_line_cost_usd", 2030, 5e8},
		{"robots.line_m_per_year", 2030, 0.1},
		{"robots.version_ceiling", 2028, 1},
		{"robots.version_ceiling", 2029, 10},
		{"target.compute_gw", 2033, 450 + (1000-450)/3.0},
		{"lunar.mass_driver_mt_per_year", 2034, 0},
		{"memory.hbm_eb_per_year_existing", 2026, 3.75},
	}
	for _, tt := range tests {
		if got := v.At(tt.key, tt.year); !near(got, tt.want) {
			t.Errorf("%s in %v = %v, want %v", tt.key, tt.year, got, tt.want)
		}
	}
	if v.Enabled("lunar") || !v.Enabled("launch") {
		t.Errorf("modules: %v", v.Modules)
	}
}

func TestPublicDiffersFromSeed(t *testing.T) {
	seed, pub := mustLoad(t, "seed-2026"), mustLoad(t, "public-2026")
	got := map[string]bool{}
	for _, d := range Diff(seed, pub) {
		got[d.Key] = true
		if d.A == nil || d.B == nil {
			t.Errorf("%s: one side absent", d.Key)
		} else if d.B.Confidence == "seed" {
			t.Errorf("%s: public-2026 overrides it with a seed figure", d.Key)
		}
	}
	for _, k := range []string{"launch.cost_usd_per_kg", "space.specific_power_kw_per_t", "solar.ground_capacity_factor",
		"solar.cell_usd_per_w_ground", "compute.initial_earth_gw", "launch.payload_t", "memory.hbm_eb_per_year_existing"} {
		if !got[k] {
			t.Errorf("public-2026 does not differ from seed-2026 in %s", k)
		}
	}
	for _, k := range []string{"accelerator.it_kw", "horizon.start_year", "fabs.cost_usd"} {
		if got[k] {
			t.Errorf("public-2026 unexpectedly differs in %s", k)
		}
	}
	pv := pub.Values()
	for _, tt := range []struct {
		key  string
		want float64
	}{
		{"space.specific_power_kw_per_t", 49}, {"solar.ground_capacity_factor", 0.24}, {"space.capacity_factor", 0.95},
		{"robots.capacity_initial", 0.015}, {"launch.payload_t", 150},
	} {
		if got := pv.At(tt.key, 2030); !near(got, tt.want) {
			t.Errorf("public-2026 %s = %v, want %v", tt.key, got, tt.want)
		}
	}
	if got := pv.At("memory.hbm_eb_per_year_existing", 2026); !near(got, 3.75) {
		t.Errorf("30 billion Gb = %v EB, want 3.75", got)
	}
	if got := pv.At("launch.cost_usd_per_kg", 2026); got != 3600 {
		t.Errorf("public launch cost 2026 = %v", got)
	}
	if len(Diff(seed, seed.Clone())) != 0 {
		t.Errorf("a scenario differs from its clone")
	}
}

func TestDiffModulesAndAbsent(t *testing.T) {
	a := mustLoad(t, Default)
	b := a.Clone()
	b.Modules["lunar"] = true
	delete(b.Params, "budget.usd_per_year")
	d := Diff(a, b)
	if len(d) != 2 || d[0].Key != "budget.usd_per_year" || d[0].B != nil || d[0].A == nil ||
		d[1].Key != "modules.lunar" || d[1].A.Written != "false" || d[1].B.Written != "true" {
		t.Fatalf("Diff = %+v", d)
	}
}

func TestSameTrajectory(t *testing.T) {
	c := constraints.Constant
	tests := []struct {
		a, b constraints.Trajectory
		want bool
	}{
		{c(5), c(5), true},
		{c(5), constraints.Trajectory{Years: []float64{2030}, Values: []float64{5}}, true},
		{c(5), constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{5, 5}}, true},
		{c(5), constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{5, 6}}, false},
		{constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{1, 5}},
			constraints.Trajectory{Years: []float64{2026, 2028, 2030}, Values: []float64{1, 3, 5}}, true},
		{constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{1, 5}},
			constraints.Trajectory{Years: []float64{2026, 2028, 2030}, Values: []float64{1, 3.5, 5}}, false},
		{c(200000), c(0.2 * 1e6), true},
	}
	for i, tt := range tests {
		if got := sameTrajectory(tt.a, tt.b); got != tt.want {
			t.Errorf("%d: sameTrajectory = %v, want %v", i, got, tt.want)
		}
		if got := sameTrajectory(tt.b, tt.a); got != tt.want {
			t.Errorf("%d: sameTrajectory reversed = %v, want %v", i, got, tt.want)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		assign string
		key    string
		year   float64
		want   float64
	}{
		{"launch.cost_usd_per_kg=200", "launch.cost_usd_per_kg", 2040, 200},
		{"launch.payload_t=150t", "launch.payload_t", 2030, 150},
		{"launch.payload_t = 0.2 kt", "launch.payload_t", 2030, 200},
		{"launch.payload_t=150000kg", "launch.payload_t", 2030, 150},
		{"launch.cost_usd_per_kg=2026:1500,2030:100", "launch.cost_usd_per_kg", 2028, 800},
		{"launch.cost_usd_per_kg=2026:1.5$/g,2030:0.1", "launch.cost_usd_per_kg", 2026, 1500},
		{"cost.discount_rate=5%/yr", "cost.discount_rate", 2030, 0.05},
		{"fabs.cost_usd=25$B", "fabs.cost_usd", 2030, 25e9},
		{"fabs.cost_usd=2.5e10", "fabs.cost_usd", 2030, 25e9},
		{"memory.hbm_eb_per_year_existing=500PB/yr", "memory.hbm_eb_per_year_existing", 2030, 0.5},
		{"space.first_year=2030", "space.first_year", 2026, 2030},
		{"space.first_year=2031year", "space.first_year", 2026, 2031},
		{"horizon.step_years=0.25", "horizon.step_years", 2026, 0.25},
		{"horizon.step_years=3 months", "horizon.step_years", 2026, 0.25},
	}
	base := mustLoad(t, Default)
	for _, tt := range tests {
		s := base.Clone()
		if err := s.Set(tt.assign); err != nil {
			t.Errorf("Set(%q): %v", tt.assign, err)
			continue
		}
		p := s.Params[tt.key]
		if got := p.Value.At(tt.year); !near(got, tt.want) {
			t.Errorf("Set(%q): %s in %v = %v, want %v", tt.assign, tt.key, tt.year, got, tt.want)
		}
		if p.Source != SetSource || p.Pos.File != "--set" || p.Confidence != "estimate" {
			t.Errorf("Set(%q): param %+v", tt.assign, p)
		}
		if base.Hash() == s.Hash() {
			t.Errorf("Set(%q) kept the hash", tt.assign)
		}
	}
	s := base.Clone()
	if err := s.Set("modules.lunar=true", "horizon.step_years=0.25"); err != nil {
		t.Fatal(err)
	}
	if !s.Values().Enabled("lunar") {
		t.Errorf("modules.lunar=true did not switch lunar on")
	}
	y := s.Years()
	// 2026 through the whole of 2040 by quarters: 15 × 4 = 60 periods.
	if len(y) != 60 || y[1] != 2026.25 || y[55] != 2039.75 || y[59] != 2040.75 {
		t.Errorf("quarterly Years() = %v", y)
	}
	if base.Params["launch.cost_usd_per_kg"].Dist == nil {
		t.Fatal("seed launch cost has no dist")
	}
	s = base.Clone()
	_ = s.Set("launch.cost_usd_per_kg=100")
	if s.Params["launch.cost_usd_per_kg"].Dist == nil {
		t.Errorf("--set dropped a relative dist")
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct{ assign, want string }{
		{"launch.payload_tt=150", `--set: launch.payload_tt: in "launch.payload_tt=150": unknown parameter (did you mean "launch.payload_t"?)`},
		{"launch.payload_t=150GW", `unit "GW" is power, launch.payload_t needs mass (t)`},
		{"launch.payload_t", "want key=value"},
		{"=5", "missing key"},
		{"launch.payload_t=", "missing value"},
		{"launch.payload_t=abc", "does not start with a number"},
		{"launch.payload_t=-5", "below the minimum 0.1 t"},
		{"launch.payload_t=NaN", "does not start with a number"},
		{"launch.payload_t=1e999", "not a finite number"},
		{"launch.cost_usd_per_kg=2030:100,2026:1500", "year 2026 is not after 2030"},
		{"launch.cost_usd_per_kg=2026:100t,2030:5$/kg", "different units"},
		{"launch.cost_usd_per_kg=2026-100", "unknown unit"},
		{"launch.cost_usd_per_kg=x:100", `"x" is not a year`},
		{"space.first_year=2030:2029,2031:2030", "must be a single value"},
		{"space.first_year=3yr", "needs a calendar year"},
		{"modules.lunr=true", `unknown module (did you mean "lunar"?)`},
		{"modules.lunar=maybe", "not true or false"},
		{"horizon.end_year=2020", "end year 2020 is before start year 2026"},
		{"horizon.step_years=4", "does not divide"},
	}
	base := mustLoad(t, Default)
	for _, tt := range tests {
		s := base.Clone()
		err := s.Set("launch.payload_t=120", tt.assign)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%q) = %v, want an error containing %q", tt.assign, err, tt.want)
		}
		var e *Error
		if !errors.As(err, &e) || e.File != "--set" {
			t.Errorf("Set(%q): error %v is not a *Error from --set", tt.assign, err)
		}
		if s.Hash() != base.Hash() {
			t.Errorf("Set(%q) failed but changed the scenario", tt.assign)
		}
	}
}

func TestHash(t *testing.T) {
	a, b := mustLoad(t, Default), mustLoad(t, Default)
	if a.Hash() != b.Hash() || len(a.Hash()) != 64 {
		t.Fatalf("hash not stable: %s %s", a.Hash(), b.Hash())
	}
	// A small scenario's hash is pinned so that an accidental change of
	// the encoding (which would orphan every cached plan) is noticed.
	small := &Scenario{Params: map[string]*Param{
		"launch.payload_t":       {Value: constraints.Constant(100)},
		"launch.cost_usd_per_kg": {Value: constraints.Trajectory{Years: []float64{2026, 2030}, Values: []float64{1500, 100}}},
	}, Modules: map[string]bool{"lunar": false}}
	const smallHash = "52a35d31a2e435c5d4e3e6407ec4074961e27f1b5c614ea8421a09280b15a844" // sha256 of the encoding, checked by hand
	if got := small.Hash(); got != smallHash {
		t.Errorf("small scenario hash = %s, want %s", got, smallHash)
	}
	c := a.Clone()
	if err := c.Set("launch.payload_t=100000kg"); err != nil {
		t.Fatal(err)
	}
	if c.Hash() != a.Hash() {
		t.Errorf("the same value in other units changed the hash")
	}
	if err := c.Set("launch.payload_t=101"); err != nil {
		t.Fatal(err)
	}
	if c.Hash() == a.Hash() {
		t.Errorf("a changed value kept the hash")
	}
	d := a.Clone()
	d.Modules["lunar"] = true
	if d.Hash() == a.Hash() {
		t.Errorf("a module switch kept the hash")
	}
	if mustLoad(t, "public-2026").Hash() == a.Hash() {
		t.Errorf("public-2026 has the seed hash")
	}
}

func TestScale(t *testing.T) {
	s := mustLoad(t, Default)
	before := s.Params["launch.cost_usd_per_kg"].Value.At(2030)
	if err := s.Scale("launch.cost_usd_per_kg", 2); err != nil {
		t.Fatal(err)
	}
	if got := s.Params["launch.cost_usd_per_kg"].Value.At(2030); got != 2*before {
		t.Errorf("scaled = %v, want %v", got, 2*before)
	}
	for _, tt := range []struct {
		key    string
		factor float64
		want   string
	}{
		{"launch.payload", 2, `unknown parameter (did you mean "launch.payload_t"?)`},
		{"space.first_year", 1.1, "cannot be scaled"},
		{"horizon.step_years", 2, "cannot be scaled"},
		{"solar.ground_capacity_factor", 5, "above the maximum 1 share"},
		{"launch.payload_t", -1, "below the minimum"},
	} {
		err := s.Scale(tt.key, tt.factor)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Scale(%s, %v) = %v, want %q", tt.key, tt.factor, err, tt.want)
		}
	}
}

func TestCloneAndValuesAreCopies(t *testing.T) {
	s := mustLoad(t, Default)
	c := s.Clone()
	c.Params["launch.payload_t"].Value.Values[0] = 1
	c.Modules["lunar"] = true
	v := s.Values()
	v.Params["launch.payload_t"].Values[0] = 2
	if s.Params["launch.payload_t"].Value.Values[0] != 100 || s.Modules["lunar"] {
		t.Errorf("Clone or Values aliased the scenario")
	}
	for _, m := range constraints.Modules() {
		if _, ok := v.Modules[m]; !ok {
			t.Errorf("Values().Modules lacks %s", m)
		}
	}
}

func TestExtendsFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("base.yaml", "extends: public-2026\nmodules: {lunar: true}\n")
	top := write("top.yaml", `name: mine
extends: base.yaml
params:
  launch.payload_t: {value: 0.2, unit: kt, source: "test", confidence: estimate}
`)
	s, err := Load(top)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "mine" || s.Extends != "base.yaml" || !s.Modules["lunar"] {
		t.Errorf("scenario %q extends %q modules %v", s.Name, s.Extends, s.Modules)
	}
	p := s.Params["launch.payload_t"]
	if p.Value.At(2030) != 200 || p.Unit != "kt" || p.Written != "0.2" || p.Pos != (Position{File: top, Line: 4}) {
		t.Errorf("payload %+v", p)
	}
	if got := s.Params["space.specific_power_kw_per_t"].Value.At(2030); got != 49 {
		t.Errorf("inherited public value = %v", got)
	}
	if _, err := Load(filepath.Join(dir, "absent.yaml")); err == nil {
		t.Errorf("absent file loaded")
	}
	if _, err := Load("no-such-builtin"); err == nil || !strings.Contains(err.Error(), "seed-2026") {
		t.Errorf("unknown name: %v", err)
	}
}

// TestMissingKey removes one key from a complete file and expects the
// error to name it and the file.
func TestMissingKey(t *testing.T) {
	data, err := os.ReadFile("builtin/" + Default + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "  budget.usd_per_year:")
	if i < 0 {
		t.Fatal("seed-2026 has no budget.usd_per_year")
	}
	j := strings.Index(text[i+1:], "\n  finance.borrowing_rate:")
	if j < 0 {
		t.Fatal("seed-2026 has no finance.borrowing_rate after budget.usd_per_year")
	}
	_, err = LoadBytes("cut.yaml", []byte(text[:i]+text[i+1+j+1:]))
	if err == nil || !strings.Contains(err.Error(), "cut.yaml:") || !strings.Contains(err.Error(), "budget.usd_per_year: not set") {
		t.Fatalf("err = %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	big := append([]byte("name: big\n# "), make([]byte, MaxFileSize)...)
	for i := 12; i < len(big); i++ {
		big[i] = 'x'
	}
	_, err := LoadBytes("big.yaml", big)
	if err == nil || !strings.Contains(err.Error(), "big.yaml:1: file is larger than") {
		t.Fatalf("err = %v", err)
	}
	p := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(p, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Load big: %v", err)
	}
}

// TestDeriveLeavesBase: Set and Scale on a derived scenario change it and
// not the scenario it came from.
func TestDeriveLeavesBase(t *testing.T) {
	base, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	hash := base.Hash()
	payload := base.Params["launch.payload_t"].Value.At(2030)
	d := base.Derive()
	if err := d.Set("launch.payload_t=200t", "modules.lunar=true", "horizon.end_year=2045"); err != nil {
		t.Fatal(err)
	}
	if err := d.Scale("launch.cost_usd_per_kg", 2); err != nil {
		t.Fatal(err)
	}
	if base.Hash() != hash {
		t.Fatal("editing a derived scenario changed its base")
	}
	if d.Hash() == hash || d.Params["launch.payload_t"].Value.At(2030) != 200 || !d.Modules["lunar"] {
		t.Errorf("derived scenario not edited: payload %v, lunar %v", d.Params["launch.payload_t"].Value.At(2030), d.Modules["lunar"])
	}
	if got := base.Params["launch.payload_t"].Value.At(2030); got != payload {
		t.Errorf("base payload %v, want %v", got, payload)
	}
	if got, want := d.Params["launch.cost_usd_per_kg"].Value.At(2030), 2*base.Params["launch.cost_usd_per_kg"].Value.At(2030); got != want {
		t.Errorf("scaled cost %v, want %v", got, want)
	}
}

// A dist: alone adds a distribution to an inherited parameter: the value,
// unit, source and confidence stay the base's, an absolute range without a
// unit is in the unit the base wrote (cost.discount_rate in %/yr, so 5–10
// is 0.05–0.10), and one with a unit is in that unit.
func TestDistOnlyInherits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ranges.yaml")
	data := `name: ranges
extends: seed-2026
params:
  space.attrition_per_year:
    dist: {kind: triangular, low: 0, mode: 1, high: 1.5, source: "a range"}
  cost.discount_rate:
    dist: {kind: uniform, low: 5, high: 10, scale: absolute, source: "5 to 10 %/yr"}
  launch.payload_t:
    unit: kt
    dist: {kind: uniform, low: 0.05, high: 0.2, scale: absolute, source: "50 to 200 t"}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]Dist{
		"space.attrition_per_year": {Kind: "triangular", Low: 0, Mode: 1, High: 1.5, Relative: true, Source: "a range"},
		"cost.discount_rate":       {Kind: "uniform", Low: 0.05, High: 0.1, Source: "5 to 10 %/yr"},
		"launch.payload_t":         {Kind: "uniform", Low: 50, High: 200, Source: "50 to 200 t"},
	} {
		p, b := s.Params[key], base.Params[key]
		if p.Dist == nil {
			t.Fatalf("%s: no dist", key)
		}
		got := *p.Dist
		if math.Abs(got.Low-want.Low) > 1e-12 || math.Abs(got.High-want.High) > 1e-12 {
			t.Errorf("%s: dist %+v, want %+v", key, got, want)
		}
		got.Low, got.High = want.Low, want.High
		if got != want {
			t.Errorf("%s: dist %+v, want %+v", key, got, want)
		}
		if !reflect.DeepEqual(p.Value, b.Value) || p.Unit != b.Unit || p.Source != b.Source || p.Confidence != b.Confidence {
			t.Errorf("%s: %+v, want the inherited %+v", key, p, b)
		}
	}
	if s.Hash() != base.Hash() {
		t.Error("adding distributions changed the scenario's hash")
	}
}

// Both built-in scenarios describe at least ten uncertain parameters with
// a dist:, each relative range keeps the parameter inside its allowed
// range at both ends, and every range added for the claims' odds names
// its source.
func TestBuiltinsDeclareSourcedDists(t *testing.T) {
	for _, name := range Builtins() {
		s, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, k := range sortedKeys(s.Params) {
			d := s.Params[k].Dist
			if d == nil {
				continue
			}
			n++
			if d.Source == "" && k != "launch.cost_usd_per_kg" {
				t.Errorf("%s: %s: a dist without a source", name, k)
			}
			if !d.Relative {
				continue
			}
			for _, f := range []float64{d.Low, d.High} {
				if err := s.Clone().Scale(k, f); err != nil {
					t.Errorf("%s: %s ×%v: %v", name, k, f, err)
				}
			}
		}
		if n < 10 {
			t.Errorf("%s: %d parameters with a dist:, want at least 10", name, n)
		}
	}
}
