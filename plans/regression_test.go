// Regression tests for bugs found while writing the plans tests.
package plans_test

import (
	"context"
	"testing"

	"teraplan/plans"
)

// TestClaim2FalseWhenPowerAbundant: claim 2 says chips pile up *because they
// cannot be powered*. With castings at 1 TW/yr the 2026 turbines could
// power all 10 M booked accelerators (30 GW ≤ the 150 GW gas ceiling;
// TestLimitsWafersBind shows max-compute installs them all), so the verdict
// must be false. It used to stay true when judged on the min-cost plan,
// which installs only what the 15 GW target needs and strands the rest by
// choice, with a power.balance dual that is the marginal cost of
// generation, not a sign of scarcity; claims now judge it on max-compute.
func TestClaim2FalseWhenPowerAbundant(t *testing.T) {
	rep, err := plans.Claims(context.Background(), plans.FromScenario(castingsAbundant(t)), plans.Options{}, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Claims[1]
	if c.ID != 2 || c.Verdict != plans.False {
		t.Errorf("claim %d: verdict %s with power abundant (%s; %v), want false", c.ID, c.Verdict, c.Why, c.Numbers)
	}
}

// TestPowerBindingIgnoresTieBreak: LimitsReport.Stranded[].PowerBinding
// used to test |dual of power.balance| > 1e-9, but the max-compute
// objective charges 10⁻⁶ per $B, so the row's dual is 10⁻⁶ × (turbine
// capex + a year's fuel) ≈ 9.5e-7 GW/GW whenever generation is built, even
// with power abundant and nothing stranded. It now asks whether the row is
// among the year's limits.
func TestPowerBindingIgnoresTieBreak(t *testing.T) {
	rep := limits(t, plans.FromScenario(castingsAbundant(t)), 2026, plans.LimitsOptions{Resolve: -1})
	if st := rep.Stranded[0]; st.PowerBinding {
		t.Errorf("2026: %+v: power reported binding though castings are abundant and no power limit is ranked", st)
	}
}

// TestBudgetRelaxScalesTheBudgetAlone: the budget's capacity side used to
// be budget + take-or-pay commitments, and Limits treated the whole of it
// as the capacity: the elasticity used $480B for a $30B budget, "+10%"
// added $48B, and "−10%" fell below the $450B of commitments, so the
// re-solve was infeasible and Limits failed. The commitments sit on the
// spending side (constraints/capital.go): a $480B budget leaves $30B.
func TestBudgetRelaxScalesTheBudgetAlone(t *testing.T) {
	in := plans.FromScenario(v1(t, "budget.usd_per_year=480e9", "finance.debt_max_usd=0"))
	rep, err := plans.Limits(context.Background(), in, 2026, plans.LimitsOptions{Resolve: 1}, testVersions)
	if err != nil {
		t.Fatalf("Limits with a $480B budget: %v", err)
	}
	perGW := 10 + 3/1.4*(1.94+0.025+0.2628)
	newIT := 30 / perGW
	l := rep.Limits[0]
	if !relNear(l.Capacity, 30, 1e-9) || !relNear(l.Elasticity, newIT/(11+newIT), 1e-4) {
		t.Errorf("budget capacity %v, elasticity %v; want $30B and %.6g", l.Capacity, l.Elasticity, newIT/(11+newIT))
	}
	checkGain(t, &l, 0.1*newIT, -0.1*newIT)
}
