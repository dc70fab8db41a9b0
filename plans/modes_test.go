package plans_test

import (
	"math"
	"testing"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
)

// TestMissedTargetIsOptimal: a target no plan can reach (1 PW every year)
// is a priced shortfall, never an infeasible model. In 2026 the plan does
// all it can — 11 GW plus 8 GW of turbines' worth of accelerators (see
// TestLimits2026TurbinesAndBalance), since the shortfall penalty
// ($100,000/kW-yr) dwarfs any build cost — and falls short by the rest.
func TestMissedTargetIsOptimal(t *testing.T) {
	res := solve(t, plans.FromScenario(v1(t, "target.compute_gw=1000000")), plans.Options{})
	if res.Solution.Status != lp.Optimal {
		t.Fatalf("status %v, want Optimal", res.Solution.Status)
	}
	rep := res.Report(testVersions)
	for _, s := range rep.Summary {
		if s.ShortfallGW <= 0 || !relNear(s.ComputeGW+s.ShortfallGW, 1e6, 1e-9) {
			t.Errorf("%v: compute %v + shortfall %v, want 1e6 GW with a shortfall", s.Year, s.ComputeGW, s.ShortfallGW)
		}
	}
	if got, want := rep.Summary[0].ShortfallGW, 1e6-(11+8*1.4/3); !relNear(got, want, 1e-9) {
		t.Errorf("2026 shortfall %.12g, want 1e6 − 14.7333 = %.12g", got, want)
	}
	if rep.Costs[0].Components[constraints.CostPenalty] <= 0 {
		t.Errorf("no shortfall penalty in 2026: %v", rep.Costs[0].Components)
	}
}

// TestBudgetBinds: max-compute for 2026 alone under a $480B budget (the
// first model's limits otherwise, testdata/v1-limits.yaml; no borrowing).
// The take-or-pay accelerators (10 M × $45,000 = $450B) are paid whatever
// the plan does, which leaves $30B. Each GW of IT installed on Earth costs
// a facility ($10B) and 3/1.4 GW of gas plant (all-in $1.94B/GW, fixed O&M
// $0.025B/GW-yr, fuel on energy at a 0.75 load factor: 0.75 × 8,760 h ×
// $40/MWh = $0.2628B/GW): $14.774B. So $30B buys 2.0306 GW, below the
// 3.7333 GW the 8 GW of turbines could power: the budget is the top limit,
// with elasticity 1 × 2.0306/13.0306 and ±10% re-solves of its $30B gain
// exactly ±0.20306 GW.
func TestBudgetBinds(t *testing.T) {
	s := v1(t, "budget.usd_per_year=480e9", "finance.debt_max_usd=0")
	wantParam(t, s, "earth.facility_usd_per_kw", 2026, 10000)
	wantParam(t, s, "turbines.cost_usd_per_kw", 2026, 1940)
	wantParam(t, s, "turbines.fixed_om_usd_per_kw_year", 2026, 25)
	wantParam(t, s, "turbines.fuel_usd_per_mwh", 2026, 40)
	wantParam(t, s, "earth.load_factor", 2026, 0.75)
	wantParam(t, s, "chips.take_or_pay_share", 2026, 1)
	in := plans.FromScenario(s)
	perGW := 10 + 3/1.4*(1.94+0.025+0.75*8760*1e3*40/1e9) // $B per GW of IT: GWh × 1e3 MWh × $/MWh
	newIT := 30 / perGW
	compute := 11 + newIT
	res := solve(t, in, plans.Options{Mode: constraints.MaxCompute, Year: 2026})
	if res.Solution.Status != lp.Optimal {
		t.Fatalf("status %v", res.Solution.Status)
	}
	rep := res.Report(testVersions)
	if got := rep.Summary[0].ComputeGW; !relNear(got, compute, 1e-6) {
		t.Errorf("compute %.9g GW, by hand 11 + 30/%.6g = %.9g", got, perGW, compute)
	}
	if got := rep.Costs[0].Total; !relNear(got, 480, 1e-6) {
		t.Errorf("spent $%vB, want the whole $480B budget", got)
	}
	if p := rep.ShadowPrices["capital.budget"]["2026"]; !relNear(p, 1/perGW, 1e-4) {
		t.Errorf("budget shadow price %v GW per $B, by hand 1/%.6g = %.6g", p, perGW, 1/perGW)
	}
	lr := limits(t, in, 2026, plans.LimitsOptions{Resolve: 1})
	l := lr.Limits[0]
	if l.Family != "capital.budget" || l.Year != 2026 || !relNear(l.ShadowPrice, 1/perGW, 1e-4) || l.ShadowUnit != "GW per $B" {
		t.Errorf("top limit %s[%v] at %v %s, want capital.budget[2026] at %.6g GW per $B", l.Family, l.Year, l.ShadowPrice, l.ShadowUnit, 1/perGW)
	}
	if !relNear(l.Capacity, 30, 1e-9) || !relNear(l.Elasticity, newIT/compute, 1e-4) {
		t.Errorf("budget capacity %v, elasticity %v; want the $30B left after commitments and %.6g", l.Capacity, l.Elasticity, newIT/compute)
	}
	checkGain(t, &l, 0.1*newIT, -0.1*newIT)
	// +10% of the $30B ($483B in all) buys 0.20306 GW more, still below the turbines.
	plus := solve(t, plans.FromScenario(v1(t, "budget.usd_per_year=483e9", "finance.debt_max_usd=0")),
		plans.Options{Mode: constraints.MaxCompute, Year: 2026})
	if got := plus.Report(testVersions).Summary[0].ComputeGW; !relNear(got-compute, 0.1*newIT, 1e-6) {
		t.Errorf("+10%% budget gains %.9g GW, want 0.1 × %.6g", got-compute, newIT)
	}
}

// TestHorizonExtensionKeepsTheStart: salvage value makes the end of the
// horizon a valuation, not a cliff. Extending seed-2026 from 2040 to 2050
// changes its first ten years by less than 2% in compute (GW-years) and in
// spending. (Under seed-2026 the shortfall penalty already anchors these
// years: without the salvage credit they move 1.85 GW-years instead of
// 1.41; TestSalvageValue checks the credit itself by hand.)
func TestHorizonExtensionKeepsTheStart(t *testing.T) {
	short := solve(t, seedInput(t), plans.Options{}).Report(testVersions)
	long := solve(t, seedInput(t, "horizon.end_year=2050"), plans.Options{}).Report(testVersions)
	var c1, c2, s1, s2, dc, ds float64
	for i := 0; i < 10; i++ {
		a, b := short.Summary[i], long.Summary[i]
		if a.Year != b.Year {
			t.Fatalf("period %d: %v vs %v", i, a.Year, b.Year)
		}
		c1, c2 = c1+a.ComputeGW, c2+b.ComputeGW
		s1, s2 = s1+a.CostB, s2+b.CostB
		dc += math.Abs(a.ComputeGW - b.ComputeGW)
		ds += math.Abs(a.CostB - b.CostB)
	}
	if dc > 0.02*c1 {
		t.Errorf("2026–2035 compute moves %.4g GW-years of %.6g (%.2f%%) when the horizon ends in 2050", dc, c1, 100*dc/c1)
	}
	if ds > 0.02*s1 {
		t.Errorf("2026–2035 spending moves $%.4gB of $%.6gB (%.2f%%) when the horizon ends in 2050", ds, s1, 100*ds/s1)
	}
	t.Logf("compute %.6g vs %.6g GW-years (|Δ| %.3g); spending $%.6gB vs $%.6gB (|Δ| %.3g)", c1, c2, dc, s1, s2, ds)
}
