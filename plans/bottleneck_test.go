package plans_test

import (
	"context"
	"reflect"
	"testing"

	"teraplan/plans"
)

// Rows of one year whose elasticities agree within 0.1% are one chain;
// the same elasticity in another year, or 0.2% apart, is not.
func TestChainsGrouping(t *testing.T) {
	g := 5.0
	limits := []plans.Limit{
		{Family: "space.power", Label: "orbital power", Year: 2030, Elasticity: 0.6153467},
		{Family: "launch.mass", Label: "payload", Year: 2030, Elasticity: 0.6153446, Disagrees: true, GainPlus10: &g},
		{Family: "launch.turnaround", Label: "flights", Year: 2030, Elasticity: 0.6153244},
		{Family: "launch.pads", Label: "pads", Year: 2030, Elasticity: 0.6153467 * 0.998},
		{Family: "chips.wafers", Label: "wafers", Year: 2029, Elasticity: 0.6153467},
	}
	got := plans.Chains(limits)
	if len(got) != 3 {
		t.Fatalf("%d chains, want 3: %+v", len(got), got)
	}
	want := plans.Chain{Year: 2030, Elasticity: 0.6153467, Members: []string{"launch.mass", "launch.turnaround", "space.power"},
		Label: "flights = orbital power = payload", GainPlus10: &g, Disagrees: true}
	// Equal elasticities sort the earlier year first.
	if !reflect.DeepEqual(got[1], want) {
		t.Errorf("chain 2 %+v, want %+v", got[1], want)
	}
	if got[0].Year != 2029 || got[2].Members[0] != "launch.pads" {
		t.Errorf("chains 1 and 3: %+v, %+v", got[0], got[2])
	}
}

// In 2030 the orbital chain (satellite power for the accelerators, mass
// launched, the fleet's flights) binds as one under the first model's
// limits: limits reports it once, with its three rows, at their common
// elasticity.
func TestChainsSeed2030(t *testing.T) {
	rep, err := plans.Limits(context.Background(), plans.FromScenario(v1(t)), 2030, plans.LimitsOptions{Resolve: -1}, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Chains) == 0 {
		t.Fatal("no chains")
	}
	c := rep.Chains[0]
	if want := []string{"launch.mass", "launch.turnaround", "space.power"}; c.Year != 2030 || !reflect.DeepEqual(c.Members, want) {
		t.Fatalf("top chain %+v, want %v in 2030", c, want)
	}
	for _, m := range c.Members {
		l := findLimit(rep, m, 2030)
		if l == nil || !relNear(l.Elasticity, c.Elasticity, 1e-3) {
			t.Errorf("%s: %+v, chain elasticity %v", m, l, c.Elasticity)
		}
	}
	n := 0
	for _, ch := range rep.Chains {
		n += len(ch.Members)
	}
	if n != len(rep.Limits) {
		t.Errorf("chains hold %d rows, limits %d", n, len(rep.Limits))
	}
}
