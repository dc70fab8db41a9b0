package constraints

import (
	"math"
	"testing"
)

// A 20% learning rate makes b = −log₂ 0.8, so 2^(1−b) = 2·0.8 = 1.6 and
// 4^(1−b) = 1.6² = 2.56: from c₀ = 100 at V₀ = 1,
// TC(2) = 100·(1.6 − 1)/(1 − b) and TC(4) = 100·(2.56 − 1)/(1 − b).
var (
	wrightB = -math.Log2(0.8)
	tc2     = 100 * 0.6 / (1 - wrightB)  // 88.4861…
	tc4     = 100 * 1.56 / (1 - wrightB) // 230.064…
)

func TestCurveWrightIntegral(t *testing.T) {
	v := with(loose(), "robots.cost_usd", 100.0, "learning.robot_rate", 0.2, "learning.robot_cumulative_initial", 1.0,
		"learning.doublings", 2.0, "learning.segments", 2.0)
	c := NewCurve(v, Technologies[3])
	expect(t, "breakpoints", c.Breaks, []float64{1, 2, 4})
	expect(t, "cumulative cost at the breakpoints", c.Cum, []float64{0, tc2, tc4})
	for _, x := range []struct{ vol, unit float64 }{{1, 100}, {2, 80}, {4, 64}} {
		if got := c.Unit(x.vol); !near(got, x.unit) {
			t.Errorf("Unit(%v) = %v, want %v", x.vol, got, x.unit)
		}
	}
	// Between breakpoints the curve is the chord; past the last it goes on
	// at the last segment's slope.
	if got, want := c.Cost(3), (tc2+tc4)/2; !near(got, want) {
		t.Errorf("Cost(3) = %v, want the chord %v", got, want)
	}
	if got, want := c.Cost(6), tc4+2*(tc4-tc2)/2; !near(got, want) {
		t.Errorf("Cost(6) = %v, want %v", got, want)
	}

	// A floor of 64 is reached after exactly two doublings; beyond it
	// every unit costs 64.
	f := NewCurve(with(v, "learning.robot_floor_usd", 64.0, "learning.doublings", 3.0, "learning.segments", 3.0), Technologies[3])
	expect(t, "breakpoints with a floor", f.Breaks, []float64{1, 2, 4, 8})
	if got, want := f.Exact(8), tc4+64*4; !near(got, want) {
		t.Errorf("Exact(8) with floor = %v, want %v", got, want)
	}
	if got := f.Average(4, 8); !near(got, 64) {
		t.Errorf("Average(4, 8) beyond the floor = %v, want 64", got)
	}
	if NewCurve(with(v, "learning.robot_rate", 0.0), Technologies[3]).Learns() {
		t.Error("a zero rate learns")
	}
}

// learningRobots is a one-module scenario: 1 M robots a year forced by
// capacity (a target far above it), at $100 each from 1 M made before,
// learning 20% a doubling, 2026–2028: cumulative volume 2, 3, 4.
func learningRobots() Values {
	return with(robotsBase(), "robots.capacity_initial", 1.0, "robots.cost_usd", 100.0,
		"horizon.end_year", 2028.0, "learning.robot_rate", 0.2, "learning.robot_cumulative_initial", 1.0,
		"learning.doublings", 2.0, "learning.segments", 2.0)
}

func TestLearningCumulativeCost(t *testing.T) {
	// Period costs in $B: M robots × $ / 10³. The exact form charges TC
	// at the breakpoints 2 and 4 and the chord at 3.
	want := []float64{tc2 / 1e3, (tc4 - tc2) / 2 / 1e3, (tc4 - tc2) / 2 / 1e3}
	w, sol := solveOK(t, learningRobots(), Options{Learning: LearningExact})
	expectVals(t, sol, w.Robots.Produced, 1, 1, 1)
	expect(t, "robot costs, exact", evalAll(sol, w.Shared.Cost[CostRobots]), want)
	if got := sol.Eval(w.Learning.Cumulative["robot"][2]); !near(got, tc4) {
		t.Errorf("TC after 2028 = %v, want the Wright integral %v", got, tc4)
	}

	// The iterated LP's step, priced at the curve's averages of the same
	// volumes, charges the same.
	c := NewCurve(learningRobots(), Technologies[3])
	unit := LearnedUnitCosts(c, []float64{1, 1, 1})
	expect(t, "unit costs", unit, []float64{tc2, (tc4 - tc2) / 2, (tc4 - tc2) / 2})
	w, sol = solveOK(t, learningRobots(), Options{Learning: LearningFixed, LearningCosts: map[string][]float64{"robot": unit}})
	expect(t, "robot costs, fixed", evalAll(sol, w.Shared.Cost[CostRobots]), want)

	// Off, the trajectory's $100 stands.
	w, sol = solveOK(t, learningRobots(), Options{})
	expect(t, "robot costs, off", evalAll(sol, w.Shared.Cost[CostRobots]), []float64{0.1, 0.1, 0.1})
}

func TestCohortFLOPS(t *testing.T) {
	// A cohort keeps the FLOP/s of its year of manufacture for its whole
	// life and retires with it: 1 M accelerators on Earth in 2026 at
	// 1 PFLOP/s and 1 M in 2027 at 2 PFLOP/s (10³ EFLOP/s per M per
	// PFLOP/s), a 2-year life; 1 M in orbit in 2026 at 1 PFLOP/s losing
	// 10% a year, a 3-year life.
	v := with(loose(), "accelerator.flops", traj(2026, 1e15, 2027, 2e15, 2030, 5e15),
		"accelerator.lifetime_years", 2.0, "space.lifetime_years", 3.0, "space.attrition_per_year", 0.1,
		"target.compute_gw", 0.0)
	w, err := Build(v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix(t, w, w.Compute.InstallEarth, 1, 1, 0, 0, 0)
	fix(t, w, w.Compute.InstallOrbit, 1, 0, 0, 0, 0)
	sol := solveModel(t, w)
	expect(t, "earth EFLOP/s", evalAll(sol, w.Compute.EarthEFLOPS), []float64{1000, 3000, 2000, 0, 0})
	expect(t, "orbit EFLOP/s", evalAll(sol, w.Compute.OrbitEFLOPS), []float64{1000, 900, 810, 0, 0})
}

func TestTargetFLOPS(t *testing.T) {
	// 5 EFLOP/s wanted from 2028 and no GW target: at 1 PFLOP/s per
	// accelerator in 2026–27 and 2 from 2028, 2,500 accelerators made in
	// 2028 (0.0025 M × 2 PFLOP/s × 10³ = 5 EFLOP/s) at 1 kW: 2.5 MW.
	v := with(loose(), "space", false, "target.compute_gw", 0.0,
		"accelerator.flops", traj(2027, 1e15, 2028, 2e15),
		"target.compute_flops", traj(2027, 0, 2028, 5e18))
	w, sol := solveOK(t, v, Options{})
	expect(t, "earth EFLOP/s", evalAll(sol, w.Compute.EarthEFLOPS), []float64{0, 0, 5, 5, 5})
	expect(t, "earth GW", sol.Values(w.Compute.EarthGW), []float64{0, 0, 0.0025, 0.0025, 0.0025})
	if got := w.Compute.TargetFLOPS.Len(); got != 3 {
		t.Errorf("compute.target_flops has %d rows, want 3 (2028–2030)", got)
	}
	binds(t, w, sol, w.Compute.TargetFLOPS, 0)
}

func TestLevelizedPerPFLOPS(t *testing.T) {
	// Efficiency doubles from 2026 to 2030 at the same power per
	// accelerator: the same kW-year costs the same, a PFLOP/s-year half.
	// At 1 kW and 1 PFLOP/s per accelerator, $ per PFLOP/s-year equals $
	// per kW-year of IT.
	v := with(loose(), "accelerator.flops", traj(2026, 1e15, 2030, 2e15))
	for _, lv := range []func(y float64) Levelized{
		func(y float64) Levelized { return LevelizedEarth(v, y, EarthMix{Turbines: 1}) },
		func(y float64) Levelized { return LevelizedOrbit(v, y) },
	} {
		a, b := lv(2026), lv(2030)
		if !near(a.PerKWIT, b.PerKWIT) {
			t.Fatalf("per kW-year moved with efficiency: %v → %v", a.PerKWIT, b.PerKWIT)
		}
		if !near(a.PerPFLOPS, a.PerKWIT) || !near(b.PerPFLOPS, a.PerKWIT/2) {
			t.Errorf("per PFLOP/s-year %v, %v; want %v, %v", a.PerPFLOPS, b.PerPFLOPS, a.PerKWIT, a.PerKWIT/2)
		}
	}
}
