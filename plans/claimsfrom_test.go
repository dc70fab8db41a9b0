package plans

import (
	"context"
	"math"
	"reflect"
	"testing"

	"teraplan/plans/scenario"
)

// ClaimsFrom, fed the plan and a top-3 timeline a report has solved
// anyway, reaches exactly the verdicts and numbers Claims does on its own.
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
	res, err := Solve(ctx, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl, err := BuildTimeline(ctx, in, math.Inf(-1), math.Inf(1), 3, 0, LimitsOptions{}, v)
	if err != nil {
		t.Fatal(err)
	}
	if got := ClaimsFrom(in, res.Report(v), tl, v); !reflect.DeepEqual(got, want) {
		t.Errorf("ClaimsFrom differs from Claims:\n got %+v\nwant %+v", got.Claims, want.Claims)
	}
}
