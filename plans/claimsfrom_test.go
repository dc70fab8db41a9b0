package plans

import (
	"context"
	"math"
	"reflect"
	"testing"

	"teraplan/constraints"
	"teraplan/plans/scenario"
)

// ClaimsFrom, fed the plan and a top-3 timeline a report has solved
// anyway, reaches exactly the verdicts and numbers Claims does on its own:
// claim 7 reads every limit's elasticity, not only the three kept.
func TestClaimsFromMatchesClaims(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	ctx, in, v := context.Background(), FromScenario(s), Versions{}
	want, err := Claims(ctx, in, Options{}, v)
	if err != nil {
		t.Fatal(err)
	}
	// The min-cost plan, 15 timeline years, orbit pushed, no robot target,
	// and orbit pushed with propellant too only if it topped out near 1 TW/yr.
	n := 1 + 15 + 1 + 1
	if _, ok := want.Claims[5].Numbers["orbital_gw_per_year_propellant_free"]; ok {
		n++
	}
	if want.Solves != n || n > ClaimsSolves(15) {
		t.Errorf("Claims solved %d plans, want %d (at most %d)", want.Solves, n, ClaimsSolves(15))
	}
	res, err := Solve(ctx, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl, err := BuildTimeline(ctx, in, math.Inf(-1), math.Inf(1), 3, 0, LimitsOptions{}, v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ClaimsFrom(ctx, in, res, tl, Options{}, v)
	if err != nil {
		t.Fatal(err)
	}
	got.Solves = want.Solves
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ClaimsFrom differs from Claims:\n got %+v\nwant %+v", got.Claims, want.Claims)
	}
}

// The scarcity rent claim 1 adds to Earth's cost is the dual of
// power.balance; checked here, in the first year it binds under the first
// model's limits (testdata/v1-limits.yaml), against an independent route:
// the change in the min-cost objective when that row's capacity is
// re-solved 0.01% larger and smaller, converted the same way — $B per GW →
// $ per kW, the present value ÷ d(t) = 1.08^−(t − 2026), and per kW of
// generation → per kW of IT × 3/1.4. A row at a kink (one more GW saves
// less than one fewer costs) has either one-sided rate as its dual.
func TestEarthRentByResolve(t *testing.T) {
	s, err := scenario.Load("testdata/v1-limits.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx, in := context.Background(), FromScenario(s)
	res, err := Solve(ctx, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bal := familyDuals(res, "power.balance")
	tb := -1
	for i, y := range bal {
		if math.Abs(y) > 1e-6 {
			tb = i
			break
		}
	}
	if tb < 0 {
		t.Fatal("power.balance never binds")
	}
	year := res.World.H.Years[tb]
	capacity := res.Eval(res.World.Capacity["power.balance"][tb])
	rate := func(eps float64) float64 { // $ per kW-yr of IT in the year's dollars
		more, err := Solve(ctx, in, Options{Relax: map[constraints.RelaxKey]float64{{Family: "power.balance", Year: year}: 1 + eps}})
		if err != nil {
			t.Fatal(err)
		}
		perGW := (res.Solution.Objective - more.Solution.Objective) / (eps * capacity) // $B saved per GW
		return perGW * 1e3 / math.Pow(1.08, -(year-2026)) * 3 / 1.4
	}
	up, down := rate(1e-4), rate(-1e-4)
	if up <= 0 || down < up*(1-1e-6) {
		t.Fatalf("%v: one more GW saves %v, one fewer costs %v $/kW-yr: power should bind, with a convex cost", year, up, down)
	}
	earth, _ := res.MarginalCosts(Versions{})
	avg := res.Brief(Versions{}).Levelized[tb].Earth.PerKWIT
	got := earth[tb] - avg
	if math.Abs(got-up) > 1e-4*up && math.Abs(got-down) > 1e-4*down {
		t.Errorf("Earth's rent in %v %.6g $/kW-yr of IT; by re-solve %.6g (more) or %.6g (less)", year, got, up, down)
	}
}

// Judging only some claims gives the same verdicts and numbers for those
// as the whole audit, from fewer plans: claims 1, 4 and 10 need no
// timeline and no plan with orbit pushed.
func TestAuditOnlySomeClaims(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	ctx, in, v := context.Background(), FromScenario(s), Versions{}
	all, err := Claims(ctx, in, Options{}, v)
	if err != nil {
		t.Fatal(err)
	}
	some, _, err := AuditClaims(ctx, in, Options{}, v, []int{10, 1, 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(some.Claims) != 3 || some.Solves != 2 { // min-cost, and the plan without a robot target
		t.Fatalf("%d claims from %d plans, want 3 from 2", len(some.Claims), some.Solves)
	}
	for _, c := range some.Claims {
		if !reflect.DeepEqual(c, all.Claims[c.ID-1]) {
			t.Errorf("claim %d alone %+v, in the whole audit %+v", c.ID, c, all.Claims[c.ID-1])
		}
	}
	if _, _, err := AuditClaims(ctx, in, Options{}, v, []int{11}); err == nil {
		t.Error("claim 11 judged")
	}
}
