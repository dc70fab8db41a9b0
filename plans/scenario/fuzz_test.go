package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("builtin/*.yaml")
	broken, _ := filepath.Glob("testdata/broken/*.yaml")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, p := range broken {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("extends: seed-2026\nparams:\n  launch.payload_t: {value: {2026: 1, 2030: 2}, unit: kt, source: s, confidence: public, dist: {kind: lognormal, mu: 0, sigma: 0.3, scale: absolute}}\n"))
	f.Add([]byte("extends: seed-2026\nmodules: {lunar: true}\nparams:\n  horizon.step_years: {value: 0.25, unit: yr, source: s, confidence: estimate}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := LoadBytes("fuzz.yaml", data)
		if err != nil {
			for _, e := range leaves(err) {
				var se *Error
				if !errors.As(e, &se) {
					t.Fatalf("not a *Error: %v", e)
				}
			}
			return
		}
		if len(s.Years()) == 0 {
			t.Fatalf("a loaded scenario has no periods")
		}
		for k, p := range s.Params {
			for _, v := range p.Value.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s has a non-finite value", k)
				}
			}
		}
		if s.Hash() != s.Clone().Hash() {
			t.Fatalf("clone changed the hash")
		}
		_ = Diff(s, s)
		_ = s.Values()
	})
}

func FuzzParseUnit(f *testing.F) {
	for _, u := range []string{"t", "$/kg", "GW/yr", "M/yr", "worker-yr/yr", "%/yr", "B Gb/yr", "$ per t", "×", "kW·h", "t*t/yr/yr", "", "/", "gw", "$M", "M", "k wafers/yr"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUnit(s)
		if err != nil {
			return
		}
		if !(u.Factor > 0) || math.IsInf(u.Factor, 0) {
			t.Fatalf("ParseUnit(%q) factor %v", s, u.Factor)
		}
		if f, err := Factor(s, s); err != nil || f != 1 {
			t.Fatalf("Factor(%q, itself) = %v, %v", s, f, err)
		}
		_ = u.Dimension()
	})
}

func FuzzSet(f *testing.F) {
	for _, a := range []string{"launch.cost_usd_per_kg=200", "launch.payload_t=150t", "launch.cost_usd_per_kg=2026:1500,2030:100",
		"modules.lunar=true", "horizon.step_years=0.25", "horizon.end_year=2020", "x=", "=", "space.first_year=2030year", "cost.discount_rate=5%/yr"} {
		f.Add(a)
	}
	base, err := Load(Default)
	if err != nil {
		f.Fatal(err)
	}
	hash := base.Hash()
	f.Fuzz(func(t *testing.T, a string) {
		s := base.Clone()
		if err := s.Set(a); err != nil {
			if s.Hash() != hash {
				t.Fatalf("failed Set(%q) changed the scenario", a)
			}
			return
		}
		if len(s.Years()) == 0 {
			t.Fatalf("Set(%q) left no periods", a)
		}
		_ = s.Hash()
	})
}

func FuzzTrajectory(f *testing.F) {
	for _, v := range []string{"200", "150t", "0.2 Mt", "2026:1500,2030:100", "2026:1.5$/g,2030:0.1", "2030:1,2026:2", "1e999", "2026:", ":5", ",", "-0", "2026.25:1,2026.5:2 GW"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, unit, err := ParseTrajectory(s)
		if err != nil {
			return
		}
		if len(tr.Years) != len(tr.Values) || len(tr.Values) == 0 {
			t.Fatalf("ParseTrajectory(%q) = %+v", s, tr)
		}
		for i := range tr.Values {
			if math.IsNaN(tr.Values[i]) || math.IsInf(tr.Values[i], 0) {
				t.Fatalf("ParseTrajectory(%q): value %v", s, tr.Values[i])
			}
			if i > 0 && !(tr.Years[i] > tr.Years[i-1]) {
				t.Fatalf("ParseTrajectory(%q): years %v not increasing", s, tr.Years)
			}
		}
		if unit != "" {
			if _, err := ParseUnit(unit); err != nil {
				t.Fatalf("ParseTrajectory(%q) returned bad unit %q", s, unit)
			}
		}
		for _, y := range []float64{1900, 2026, 2031.5, 3000} {
			if v := tr.At(y); math.IsNaN(v) {
				t.Fatalf("At(%v) is NaN for %q", y, s)
			}
		}
	})
}
