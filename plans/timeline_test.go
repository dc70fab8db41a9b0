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
// What the model (v2) says, and why:
//
//   - 2026 and 2027 (before space.first_year = 2028): power. Chips are
//     booked at 10 and 13 M/yr but new Earth generation has lead times
//     (grid 1 year, castings 1.5 years, solar permits 2 years): 18 GW of
//     generation in 2026 (the 10 GW grid pipeline and 8 GW of turbines).
//   - from 2028 on Earth generation still tops every year: orbit opens, but
//     Starship's flight rate ramps from 20 flights in 2028 at most ×2 a year
//     (launch.ramp), under the FAA's licences, so orbit cannot take over the
//     growth; Earth supply (grid, permits, turbines from the OEMs, castings,
//     gas) is the margin. The launch system joins the top three from 2035
//     (a year's flight-rate ramp binding with orbital mass, then the
//     licences from 2037), and the gas ceiling (power.fuel) from 2036.
//     (Each period's ramp is a limit of its own, +10% on that period's
//     flights; when the ramp was a rate row, +10% on it held the rate 10%
//     ahead from then on, and "the ramp in 2031" ranked third in 2034,
//     +1.98 GW.)
//   - chips and memory never top a year: the booked allocation and new fabs
//     outrun what can be powered or launched.
//
// So the first half of the thesis holds and the second does not; see
// claims 3 and 7. Each of these moves with the data (README).
func TestTimelineSeed(t *testing.T) {
	in := seedInput(t)
	tl, err := plans.BuildTimeline(context.Background(), in, 2026, 2040, 3, 0, plans.LimitsOptions{}, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Years) != 15 {
		t.Fatalf("timeline has %d years, want 2026–2040", len(tl.Years))
	}
	if first := in.Values.At("space.first_year", 0); first != 2028 {
		t.Fatalf("space.first_year = %v, the test reasons with 2028", first)
	}
	launchInTop3 := map[float64]bool{}
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
		t.Logf("%v: %.6g GW, top %s[%v] e=%.3g", ty.Year, ty.ComputeGW, ty.Top[0].Family, ty.Top[0].Year, ty.Top[0].Elasticity)
		if m := ty.TopModule(); m != "power" {
			t.Errorf("%v: top module %q (%s), want power", ty.Year, m, ty.Top[0].Family)
		}
		for _, l := range ty.Top {
			if m := l.Module; m == "chips" || m == "memory" {
				t.Errorf("%v: %s in the top three; chips and memory never limit under seed-2026", ty.Year, l.Family)
			}
			if l.Module == "launch" || l.Module == "space" {
				launchInTop3[ty.Year] = true
			}
		}
	}
	if y := tl.Years[0]; y.Top[0].Year != 2026 || y.Top[0].Family != "power.balance" {
		t.Errorf("2026 top %s[%v], want power.balance", y.Top[0].Family, y.Top[0].Year)
	}
	for y := 2035.0; y <= 2040; y++ {
		if !launchInTop3[y] {
			t.Errorf("%v: the launch system is not among the top three limits", y)
		}
	}
	for y := 2026.0; y < 2033; y++ {
		if y < 2031 && launchInTop3[y] {
			t.Errorf("%v: the launch system already in the top three", y)
		}
	}
}
