package plans_test

import (
	"context"
	"testing"

	"teraplan/plans"
)

// TestTimelineSeed checks the interview's thesis ("before orbit power
// limits; after, chips and memory") against the default scenario's limits
// timeline: max-compute for each year 2026–2040, limits ranked by the dual.
//
// What the model says, and why:
//
//   - 2026 and 2027 (before space.first_year = 2028): power. Chips are
//     booked at 10 and 13 M/yr but new Earth generation has lead times
//     (grid 1 year, castings 2 periods, solar permits 2 years), so only
//     8 GW (2026) and 30.7 GW (2027) of generation power new accelerators
//     (TestLimits2026TurbinesAndBalance, TestLimits2027Balance).
//   - 2028: chips. Orbit opens, so power is no longer the only outlet, and no
//     fab started in 2026 can produce before 2029 (3-year build): the
//     existing wafer allocation binds.
//   - from 2028 on the top limit is never power: Earth generation is one
//     outlet among two, and orbit grows far faster.
//   - from 2030 on it is the launch system (space.power, launch.mass and
//     launch.turnaround bind in a chain: Starship flights), and by 2040 the
//     propellant ceiling from Earth, the interview's 1 TW/yr
//     (TestLimits2040PropellantCeiling) — not chips or memory. Labour tops
//     2029 (fabs, lines and plants started in 2026 compete for workers).
//
// So the first half of the thesis holds and the second does not: after
// orbit opens, chips or memory top only 2028; see claims 3 and 7.
func TestTimelineSeed(t *testing.T) {
	in := seedInput(t)
	tl, err := plans.BuildTimeline(context.Background(), in, 2026, 2040, 3, 0, plans.LimitsOptions{}, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Years) != 15 {
		t.Fatalf("timeline has %d years, want 2026–2040", len(tl.Years))
	}
	first := in.Values.At("space.first_year", 0)
	if first != 2028 {
		t.Fatalf("space.first_year = %v, the test reasons with 2028", first)
	}
	chipsOrMemoryAfter := 0
	for _, ty := range tl.Years {
		if len(ty.Top) == 0 || len(ty.Top) > 3 {
			t.Errorf("%v: %d top limits, want 1..3", ty.Year, len(ty.Top))
			continue
		}
		for i := 1; i < len(ty.Top); i++ {
			if ty.Top[i].Elasticity > ty.Top[i-1].Elasticity {
				t.Errorf("%v: top limits not ranked by elasticity: %+v", ty.Year, ty.Top)
			}
		}
		m := ty.TopModule()
		t.Logf("%v: %.6g GW, top %s[%v] e=%.3g", ty.Year, ty.ComputeGW, ty.Top[0].Family, ty.Top[0].Year, ty.Top[0].Elasticity)
		switch {
		case ty.Year < first:
			if m != "power" {
				t.Errorf("%v (before orbit): top module %q, want power", ty.Year, m)
			}
		default:
			if m == "power" {
				t.Errorf("%v (orbit open): top module is power", ty.Year)
			}
			if m == "chips" || m == "memory" {
				chipsOrMemoryAfter++
			}
		}
		if ty.Year >= 2030 && m != "launch" && m != "space" {
			t.Errorf("%v: top module %q (%s), want the launch system (launch or space)", ty.Year, m, ty.Top[0].Family)
		}
	}
	if y := tl.Years[0]; y.Top[0].Year != 2026 || !(y.Top[0].Family == "power.balance" || y.Top[0].Family == "power.turbines") {
		t.Errorf("2026 top %s[%v], want power.balance or power.turbines", y.Top[0].Family, y.Top[0].Year)
	}
	if y := tl.Years[2]; y.TopModule() != "chips" || y.Top[0].Family != "chips.wafers" {
		t.Errorf("2028 top %s, want chips.wafers (no new fab before 2029)", y.Top[0].Family)
	}
	if chipsOrMemoryAfter != 1 {
		t.Errorf("chips or memory top %d years from 2028, the model gives 1 (2028)", chipsOrMemoryAfter)
	}
	if y := tl.Years[len(tl.Years)-1]; y.Top[0].Family != "launch.propellant_ceiling" {
		t.Errorf("2040 top %s, want launch.propellant_ceiling", y.Top[0].Family)
	}
}
