package plans_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// planJSON is the full JSON report of res without the two fields a
// learning switch may change by design: the scenario hash (rates are
// parameters) and the learning block itself (which formulation ran).
func planJSON(t *testing.T, res *plans.Result) []byte {
	t.Helper()
	rep := res.Report(testVersions)
	rep.ScenarioHash, rep.Learning = "", nil
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var zeroRates = []string{"learning.launch_rate=0", "learning.solar_rate=0", "learning.accelerator_rate=0", "learning.robot_rate=0"}

// TestLearningOffReproducesPlans: on every built-in scenario, learning
// off and learning on with every rate zero give the plan of today's model,
// byte for byte.
func TestLearningOffReproducesPlans(t *testing.T) {
	for _, name := range scenario.Builtins() {
		t.Run(name, func(t *testing.T) {
			load := func(sets ...string) plans.Input {
				s, err := scenario.Load(name)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Set(sets...); err != nil {
					t.Fatal(err)
				}
				return plans.FromScenario(s)
			}
			base := solve(t, load(), plans.Options{})
			if base.Learning != nil {
				t.Fatalf("%s: learning ran (%s) though the scenario switches it off", name, base.Learning.Mode)
			}
			want := planJSON(t, base)
			off := solve(t, load("modules.learning=true"), plans.Options{Learning: plans.LearningOff})
			zero := solve(t, load(zeroRates...), plans.Options{Learning: plans.LearningIterated})
			if zero.Learning == nil || zero.Learning.Mode != "iterated" || len(zero.Learning.Technologies) != 0 {
				t.Errorf("rates zero: learning report %+v, want iterated with no technology", zero.Learning)
			}
			for what, got := range map[string][]byte{"--learning off": planJSON(t, off), "every rate zero": planJSON(t, zero)} {
				if !bytes.Equal(got, want) {
					t.Errorf("%s: the plan differs from the plan without learning at %s", what, firstDifference(got, want))
				}
			}
		})
	}
}

// learningInput is seed-2026 to 2030 with learning on.
func learningInput(t *testing.T, sets ...string) plans.Input {
	return seedInput(t, append([]string{"horizon.end_year=2030", "modules.learning=true"}, sets...)...)
}

// TestLearningExactNeverWorse: the iterated plan is a feasible point of
// the exact MIP priced on the same curves, so the MIP's cost is never
// higher; the report says which ran and the gap.
func TestLearningExactNeverWorse(t *testing.T) {
	in := learningInput(t)
	it := solve(t, in, plans.Options{Learning: plans.LearningIterated})
	ex := solve(t, in, plans.Options{Learning: plans.LearningExact})
	if it.Learning.Mode != "iterated" || !it.Learning.Converged || ex.Learning.Mode != "exact" {
		t.Fatalf("learning reports: iterated %+v, exact %+v", it.Learning, ex.Learning)
	}
	if len(it.Learning.Technologies) != 4 {
		t.Errorf("iterated learned %d technologies, want launch, solar, accelerator and robot", len(it.Learning.Technologies))
	}
	tol := 1e-4 * math.Abs(it.Solution.Objective) // the MIP's relative gap
	if ex.Solution.Objective > it.Solution.Objective+tol {
		t.Errorf("exact objective %.6f is worse than iterated %.6f", ex.Solution.Objective, it.Solution.Objective)
	}
	want := (it.Solution.Objective - ex.Solution.Objective) / math.Abs(it.Solution.Objective)
	if g := ex.Learning.Gap; !relNear(g, want, 1e-6) && math.Abs(g-want) > 1e-9 {
		t.Errorf("gap %v, want (iterated − exact)/|iterated| = %v", g, want)
	}
	if !relNear(ex.Learning.IteratedObjective, it.Solution.Objective, 1e-8) {
		t.Errorf("exact reports the iterated objective %v, want %v", ex.Learning.IteratedObjective, it.Solution.Objective)
	}
	// Learning lowers what the plan pays: launch costs fall with the
	// payload flown, and the unit costs never rise.
	for _, lt := range it.Learning.Technologies {
		for i := 1; i < len(lt.UnitCost); i++ {
			if lt.UnitCost[i] > lt.UnitCost[i-1]*(1+1e-9) {
				t.Errorf("%s: unit cost rises from %v to %v", lt.Name, lt.UnitCost[i-1], lt.UnitCost[i])
			}
		}
	}
	if off := solve(t, seedInput(t, "horizon.end_year=2030"), plans.Options{}); it.Solution.Objective >= off.Solution.Objective {
		t.Errorf("learning did not lower the cost: %v with, %v without", it.Solution.Objective, off.Solution.Objective)
	}
}

// TestLearningFlatAgrees: where the curve is flat (launch at its floor
// from the first flight on, the other rates zero) the two formulations
// price every unit the same and give the same plan.
func TestLearningFlatAgrees(t *testing.T) {
	in := learningInput(t, "learning.solar_rate=0", "learning.accelerator_rate=0", "learning.robot_rate=0",
		"learning.launch_floor_usd_per_kg=1499.999")
	it := solve(t, in, plans.Options{Learning: plans.LearningIterated})
	ex := solve(t, in, plans.Options{Learning: plans.LearningExact})
	if !relNear(ex.Solution.Objective, it.Solution.Objective, 1e-6) {
		t.Errorf("flat curve: exact %v, iterated %v", ex.Solution.Objective, it.Solution.Objective)
	}
	if it.Learning.Iterations > 2 {
		t.Errorf("flat curve took %d iterated solves, want at most 2", it.Learning.Iterations)
	}
	// At the floor a launch costs what the start year's price says
	// (1,500 $/kg less a thousandth), not the trajectory's fall to 100.
	for i, c := range it.Learning.Technologies[0].UnitCost {
		if math.Abs(c-1499.999) > 1e-3 && it.Learning.Technologies[0].Cumulative[i] > 1.2e-3 {
			t.Errorf("launch unit cost %v in period %d, want the floor 1499.999", c, i)
		}
	}
}

// TestLevelizedUsesCohortCost: with learning the levelized cost prices
// each year's accelerators at what that cohort cost on its curve.
func TestLevelizedUsesCohortCost(t *testing.T) {
	in := learningInput(t, "learning.solar_rate=0", "learning.launch_rate=0", "learning.robot_rate=0")
	res := solve(t, in, plans.Options{Learning: plans.LearningIterated})
	rep := res.Brief(testVersions)
	acc := res.Learning.Technologies[0]
	if acc.Name != "accelerator" {
		t.Fatalf("technology %q, want accelerator", acc.Name)
	}
	off := solve(t, seedInput(t, "horizon.end_year=2030"), plans.Options{}).Brief(testVersions)
	for i, y := range rep.Years {
		// The chips component is linear in the accelerator's price: the
		// plan without learning's, scaled from the trajectory's price to
		// the cohort's.
		want := off.Levelized[i].Earth.Components["chips"] * acc.UnitCost[i] / in.Values.At("accelerator.cost_usd", y)
		if got := rep.Levelized[i].Earth.Components["chips"]; !relNear(got, want, 1e-6) {
			t.Errorf("%v: levelized chips %v $/kW-yr, want the cohort's %v", y, got, want)
		}
	}
}

// TestEfficiencyFLOPS: the same GW plan, with accelerators twice as
// efficient from 2028, costs the same and delivers each 2028-built kW at
// half the cost per PFLOP/s-year; a cohort's FLOP/s is its GW × its
// vintage's FLOP/s per kW.
func TestEfficiencyFLOPS(t *testing.T) {
	flat := solve(t, seedInput(t, "horizon.end_year=2030", "accelerator.flops=2.5e15"), plans.Options{}).Brief(testVersions)
	steep := solve(t, seedInput(t, "horizon.end_year=2030", "accelerator.flops=2027:2.5e15,2028:5e15"), plans.Options{}).Brief(testVersions)
	if flat.Objective != steep.Objective {
		t.Errorf("FLOP/s changed the GW plan's cost: %v → %v", flat.Objective, steep.Objective)
	}
	for i, y := range flat.Years {
		f, s := flat.Levelized[i], steep.Levelized[i]
		ratio := 1.0
		if y >= 2028 {
			ratio = 0.5
		}
		if !relNear(s.Earth.PerPFLOPS, f.Earth.PerPFLOPS*ratio, 1e-8) || !relNear(s.Orbit.PerPFLOPS, f.Orbit.PerPFLOPS*ratio, 1e-8) {
			t.Errorf("%v: $/PFLOP/s-yr earth %v orbit %v, want %v × (%v, %v)", y, s.Earth.PerPFLOPS, s.Orbit.PerPFLOPS, ratio, f.Earth.PerPFLOPS, f.Orbit.PerPFLOPS)
		}
		// 2.5 PFLOP/s at 1.4 kW: 1,785.7 EFLOP/s per GW.
		// 2.5 PFLOP/s at 1.4 kW: GW / 1.4 kW = M accelerators, × 2.5
		// PFLOP/s × 10³ = EFLOP/s.
		fs := flat.Summary[i]
		if want := fs.ComputeGW / 1.4 * 2.5 * 1e3; !relNear(fs.ComputeEFLOPS, want, 1e-6) {
			t.Errorf("%v: flat efficiency %v EFLOP/s, want %v", y, fs.ComputeEFLOPS, want)
		}
		// EFLOP/s × 10¹⁸ / 989·10¹² per H100 / 10⁶ = EFLOP/s / 989.
		if want := fs.ComputeEFLOPS / 989; !relNear(fs.ComputeH100eM, want, 1e-8) {
			t.Errorf("%v: %v M H100e, want %v", y, fs.ComputeH100eM, want)
		}
	}
}

// TestMetricFLOPS: max-compute by FLOP/s maximises the final year's
// FLOP/s (the objective is it plus tie-breaks of 10⁻³) and reaches at
// least the FLOP/s of the GW-maximising plan.
func TestMetricFLOPS(t *testing.T) {
	in := seedInput(t, "horizon.end_year=2030")
	opt := plans.Options{Mode: constraints.MaxCompute, Year: 2030}
	gw := solve(t, in, opt).Brief(testVersions)
	opt.Metric = constraints.MetricFLOPS
	fl := solve(t, in, opt).Brief(testVersions)
	last := len(fl.Summary) - 1
	if fl.Metric != "flops" || !relNear(fl.Objective, fl.Summary[last].ComputeEFLOPS, 2e-3) {
		t.Errorf("metric %q, objective %v, want ≈ 2030 EFLOP/s %v", fl.Metric, fl.Objective, fl.Summary[last].ComputeEFLOPS)
	}
	if fl.Summary[last].ComputeEFLOPS < gw.Summary[last].ComputeEFLOPS*(1-1e-6) {
		t.Errorf("maximising FLOP/s gave %v EFLOP/s, less than maximising GW's %v", fl.Summary[last].ComputeEFLOPS, gw.Summary[last].ComputeEFLOPS)
	}
}
