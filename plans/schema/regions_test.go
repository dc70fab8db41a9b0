package schema_test

import (
	"context"
	"encoding/json"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
	"teraplan/plans/schema"
)

// TestRegionalOutputsValidate: a plan of regions-2026 asked for one
// region (regions, trade, region; families scoped family@region) and the
// limits of one region validate against their schemas.
func TestRegionalOutputsValidate(t *testing.T) {
	s, err := scenario.Load("regions-2026")
	if err != nil {
		t.Fatal(err)
	}
	in := plans.FromScenario(s)
	ctx := context.Background()
	res, err := plans.Solve(ctx, in, plans.Options{Mode: constraints.MaxCompute, Year: 2028, Region: "china"})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report(versions)
	if len(rep.Regions) != 3 || rep.Region != "china" || len(rep.Trade) == 0 {
		t.Fatalf("regions %d, region %q, trade %d: want three regions, china's rows, some trade", len(rep.Regions), rep.Region, len(rep.Trade))
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate("plan", b); err != nil {
		t.Error(err)
	}
	lim, err := plans.Limits(ctx, in, 2028, plans.LimitsOptions{Resolve: 2, Region: "china"}, versions)
	if err != nil {
		t.Fatal(err)
	}
	if lim.Region != "china" || len(lim.Limits) == 0 || lim.Limits[0].Region == "" {
		t.Fatalf("limits: region %q, %d limits: want china's, each naming its region", lim.Region, len(lim.Limits))
	}
	if b, err = json.Marshal(lim); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate("limits", b); err != nil {
		t.Error(err)
	}
}
