package plans_test

import (
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
)

// TestCompareHorizonsAndModes: plans over different horizons are compared
// over the years both have, and the notes say so and flag objectives of
// different modes; a plan compared with itself differs nowhere.
func TestCompareHorizonsAndModes(t *testing.T) {
	long := solve(t, seedInput(t), plans.Options{}).Brief(testVersions)
	short := solve(t, seedInput(t, "horizon.end_year=2035"), plans.Options{Mode: constraints.MaxCompute}).Brief(testVersions)
	c, err := plans.Compare(long, short, [2]string{"long", "short"}, []string{"compute_gw", "lc_orbit_per_kw_it"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Years) != 10 || c.Years[0] != 2026 || c.Years[9] != 2035 || len(c.Rows) != 20 {
		t.Fatalf("years %v, %d rows", c.Years, len(c.Rows))
	}
	notes := strings.Join(c.Notes, "\n")
	if !strings.Contains(notes, "only in A: 2036, 2037, 2038, 2039, 2040; only in B: none") ||
		!strings.Contains(notes, "A is a min-cost plan and B a max-compute plan") {
		t.Errorf("notes:\n%s", notes)
	}
	for _, r := range c.Rows {
		i := int(r.Year - 2026)
		want := [2]float64{long.Summary[i].ComputeGW, short.Summary[i].ComputeGW}
		if r.Metric == "lc_orbit_per_kw_it" {
			want = [2]float64{long.Levelized[i].Orbit.PerKWIT, short.Levelized[i].Orbit.PerKWIT}
		}
		if r.A != want[0] || r.B != want[1] || r.Diff != r.B-r.A {
			t.Errorf("%s %v: %+v, want %v", r.Metric, r.Year, r, want)
		}
	}
	self, err := plans.Compare(long, long, [2]string{"a", "a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range self.Rows {
		if r.Differs() {
			t.Errorf("a plan differs from itself: %+v", r)
		}
	}
	if _, err := plans.Compare(long, long, [2]string{"a", "a"}, []string{"nope"}); err == nil {
		t.Error("unknown metric accepted")
	}
}
