package plans_test

import (
	"context"
	"math"
	"testing"

	"teraplan/plans"
	"teraplan/plans/scenario"
)

// testVersions are the versions stamped on reports in tests, so that the
// golden file does not change with the build.
var testVersions = plans.Versions{Teraplan: "test", HiGHS: "test"}

// seed loads seed-2026 with assignments applied through scenario.Set
// (bare numbers are in the key's canonical unit).
func seed(t testing.TB, assignments ...string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	if len(assignments) > 0 {
		if err := s.Set(assignments...); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// seedInput is plans.FromScenario(seed(t, assignments...)).
// v1 loads testdata/v1-limits.yaml: seed-2026 with the limits Model v2
// added lifted, for the hand derivations of the first model's mechanics.
func v1(t testing.TB, assignments ...string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load("testdata/v1-limits.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(assignments...); err != nil {
		t.Fatal(err)
	}
	return s
}

func seedInput(t testing.TB, assignments ...string) plans.Input {
	t.Helper()
	return plans.FromScenario(seed(t, assignments...))
}

func solve(t testing.TB, in plans.Input, opt plans.Options) *plans.Result {
	t.Helper()
	res, err := plans.Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func limits(t testing.TB, in plans.Input, year float64, opt plans.LimitsOptions) *plans.LimitsReport {
	t.Helper()
	rep, err := plans.Limits(context.Background(), in, year, opt, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// relNear reports whether got is within rel of want, relative to
// max(1, |want|).
func relNear(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}

// findLimit returns the limit of family in year, or nil.
func findLimit(rep *plans.LimitsReport, family string, year float64) *plans.Limit {
	for i := range rep.Limits {
		if l := &rep.Limits[i]; l.Family == family && l.Year == year {
			return l
		}
	}
	return nil
}
