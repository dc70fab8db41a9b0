package scenario

import (
	"strings"
	"testing"
)

// TestSetFactor: key=x0.5 multiplies the whole trajectory, keeping its
// shape and a relative dist, and is checked against the allowed range.
func TestSetFactor(t *testing.T) {
	base, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	before := base.Params["launch.cost_usd_per_kg"].Value
	s := base.Clone()
	if err := s.Set("launch.cost_usd_per_kg=x0.5", "launch.payload_t=×1.5"); err != nil {
		t.Fatal(err)
	}
	after := s.Params["launch.cost_usd_per_kg"]
	if len(after.Value.Values) != len(before.Values) || len(before.Values) < 2 {
		t.Fatalf("trajectory %v became %v", before, after.Value)
	}
	for i, v := range before.Values {
		if after.Value.Years[i] != before.Years[i] || after.Value.Values[i] != v/2 {
			t.Errorf("point %d: %v:%v, want %v:%v", i, after.Value.Years[i], after.Value.Values[i], before.Years[i], v/2)
		}
	}
	if after.Pos.File != "--set" || after.Confidence != "estimate" || !strings.HasPrefix(after.Source, SetSource+": ×0.5 of ") {
		t.Errorf("recorded as %+v", after)
	}
	if (base.Params["launch.cost_usd_per_kg"].Dist != nil) != (after.Dist != nil) {
		t.Errorf("dist lost: %v", after.Dist)
	}
	if got := s.Values().At("launch.payload_t", 2030); got != 150 {
		t.Errorf("payload ×1.5 of 100 t = %v", got)
	}
	for _, bad := range []struct{ set, want string }{
		{"launch.payload_t=x0", "launch.payload_t"},
		{"launch.payload_t=xabc", `factor "abc" is not a finite number`},
		{"horizon.end_year=x2", "cannot be scaled"},
	} {
		err := base.Clone().Set(bad.set)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want %q", bad.set, err, bad.want)
		}
	}
}
