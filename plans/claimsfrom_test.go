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
	// Orbit tops out at 1 TW/yr, so the propellant-free solve runs too.
	if n := ClaimsSolves(15); want.Solves != n {
		t.Errorf("Claims solved %d plans, ClaimsSolves says %d", want.Solves, n)
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

// The scarcity rent claim 1 adds to Earth's cost in 2028 is the dual of
// power.balance[2028]; checked here against an independent route, the
// change in the min-cost objective when that row's capacity is re-solved
// 0.01% larger and smaller, converted the same way: $B per GW → $ per kW,
// the present value ÷ d(2028) = 1.08⁻², and per kW of generation → per kW
// of IT × 3/1.4. The row sits at a kink (one more GW saves less than one
// fewer costs), so the dual is one of the two one-sided rates; it is about
// the issue's $1.5k per kW of generation.
func TestEarthRentByResolve(t *testing.T) {
	s, err := scenario.Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	ctx, in := context.Background(), FromScenario(s)
	res, err := Solve(ctx, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const t2028 = 2
	capacity := res.Eval(res.World.Capacity["power.balance"][t2028])
	rate := func(eps float64) float64 { // $ per kW-yr of IT in 2028's dollars
		more, err := Solve(ctx, in, Options{Relax: map[constraints.RelaxKey]float64{{Family: "power.balance", Year: 2028}: 1 + eps}})
		if err != nil {
			t.Fatal(err)
		}
		perGW := (res.Solution.Objective - more.Solution.Objective) / (eps * capacity) // $B saved per GW
		return perGW * 1e3 / math.Pow(1.08, -2) * 3 / 1.4
	}
	up, down := rate(1e-4), rate(-1e-4)
	if up <= 0 || down < up {
		t.Fatalf("one more GW saves %v, one fewer costs %v $/kW-yr: power should bind, with a convex cost", up, down)
	}
	earth, _ := res.MarginalCosts(Versions{})
	avg := res.Brief(Versions{}).Levelized[t2028].Earth.PerKWIT
	got := earth[t2028] - avg
	if math.Abs(got-up) > 1e-4*up && math.Abs(got-down) > 1e-4*down {
		t.Errorf("Earth's rent in 2028 %.6g $/kW-yr of IT; by re-solve %.6g (more) or %.6g (less)", got, up, down)
	}
	if perGen := got * 1.4 / 3; perGen < 1000 || perGen > 2000 {
		t.Errorf("Earth's rent in 2028 %.6g $ per kW of generation, want about 1.5k", perGen)
	}
}
