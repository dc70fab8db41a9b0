package scenario

import (
	"strings"
	"testing"
)

// A negative value is refused however large the parameter's maximum: the
// tolerance for rounding is relative to each bound, not to the widest one.
// (fabs.cost_usd may reach $1e13; -3 $ used to pass as "rounding".)
func TestNegativeRefusedWhateverTheMaximum(t *testing.T) {
	s, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"fabs.cost_usd=-3", "launch.pad_cost_usd=-0.001", "grid.new_gw_per_year=-1e-9"} {
		err := s.Clone().Set(a)
		if err == nil || !strings.Contains(err.Error(), "below the minimum") {
			t.Errorf("Set(%q) = %v, want below the minimum", a, err)
		}
	}
	yaml := "extends: seed-2026\nparams:\n  fabs.cost_usd:\n    value: -3\n    unit: $\n    source: test\n    confidence: estimate\n"
	_, err = LoadBytes("neg.yaml", []byte(yaml))
	if err == nil || !strings.Contains(err.Error(), "neg.yaml:4: fabs.cost_usd") || !strings.Contains(err.Error(), "below the minimum") {
		t.Errorf("LoadBytes = %v, want neg.yaml:4: fabs.cost_usd … below the minimum", err)
	}
	if err := s.Clone().Set("fabs.cost_usd=0"); err != nil {
		t.Errorf("the minimum itself is refused: %v", err)
	}
}
