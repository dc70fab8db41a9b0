package plans_test

import (
	"math"
	"os"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// TestRegionalLevelizedCost: seed-2026 in two equal halves where only gas
// turbines can be built (no new grid, no solar permits), and west pays
// twice the world's electricity and fuel and twice its launch price. Each
// region's levelized cost comes from its own values, so in every period
// west's Earth cost per kW-year of generation is east's plus exactly one
// more year of fuel, 8.76 MWh/kW-yr × earth.load_factor ×
// turbines.fuel_usd_per_mwh (a constant opex levelizes to itself), and
// every other component is the same; its orbit cost is east's plus one
// more launch price per kW, 10³/space.specific_power_kw_per_t ×
// launch.cost_usd_per_kg, spread over the kW-years a kW delivers. East sets nothing of its own, so its costs are
// the world row's.
func TestRegionalLevelizedCost(t *testing.T) {
	dir := t.TempDir()
	yaml := "name: halves\nextends: seed-2026\nregions: [east, west]\nparams:\n" +
		"  region.share@east: {value: 0.5, unit: share, source: test, confidence: estimate}\n" +
		"  region.share@west: {value: 0.5, unit: share, source: test, confidence: estimate}\n"
	if err := os.WriteFile(dir+"/halves.yaml", []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load(dir + "/halves.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("grid.new_gw_per_year=0", "solar.permits_gw_per_year=0",
		"grid.usd_per_mwh=80", "grid.usd_per_mwh@west=160",
		"turbines.fuel_usd_per_mwh=2026:30,2040:50", "turbines.fuel_usd_per_mwh@west=2026:60,2040:100",
		"launch.cost_usd_per_kg=2026:1500,2035:100", "launch.cost_usd_per_kg@west=2026:3000,2035:200"); err != nil {
		t.Fatal(err)
	}
	v := s.Values()
	rep := solve(t, plans.FromScenario(s), plans.Options{}).Report(testVersions)
	lc := map[string][]plans.YearLevelized{}
	for _, rr := range rep.Regions {
		lc[rr.Region] = rr.Levelized
	}
	east, west := lc["east"], lc["west"]
	if len(east) != len(rep.Years) || len(west) != len(rep.Years) {
		t.Fatalf("levelized by region: east %d, west %d periods, want %d", len(east), len(west), len(rep.Years))
	}
	near := func(got, want, scale float64) bool { return math.Abs(got-want) <= 1e-7*math.Max(1, math.Abs(scale)) }
	for i, y := range rep.Years {
		e, w := east[i], west[i]
		fuel := 8.76 * v.At("earth.load_factor", y) * v.At("turbines.fuel_usd_per_mwh", y)
		if got := w.Earth.Total - e.Earth.Total; !near(got, fuel, w.Earth.Total) {
			t.Errorf("%g: west's Earth cost exceeds east's by %.9g $/kW-yr, want the fuel %.9g", y, got, fuel)
		}
		itPerGen := v.At("earth.generation_kw_per_accelerator", y) / v.At("accelerator.it_kw", y)
		if got := w.Earth.PerKWIT - e.Earth.PerKWIT; !near(got, fuel*itPerGen, w.Earth.PerKWIT) {
			t.Errorf("%g: per kW of IT west exceeds east by %.9g, want %.9g", y, got, fuel*itPerGen)
		}
		for k, c := range e.Earth.Components {
			if k != constraints.CostFuel && !near(w.Earth.Components[k], c, c) {
				t.Errorf("%g: Earth %s: west %.9g, east %.9g; only energy should differ", y, k, w.Earth.Components[k], c)
			}
		}
		// Capital per kW over the discounted kW-years a kW delivers in
		// space.lifetime_years, shrinking by space.attrition_per_year.
		life, a, r := v.At("space.lifetime_years", y), v.At("space.attrition_per_year", y), v.At("cost.discount_rate", y)
		delivered := 0.0
		for k := 0.0; k < life; k++ {
			delivered += math.Min(1, life-k) * math.Pow(1+r, -k) * math.Pow(1-a, k)
		}
		launch := 1e3 / v.At("space.specific_power_kw_per_t", y) * v.At("launch.cost_usd_per_kg", y) / delivered
		if got := w.Orbit.Total - e.Orbit.Total; !near(got, launch, w.Orbit.Total) {
			t.Errorf("%g: west's orbit cost exceeds east's by %.9g $/kW-yr, want the launch price %.9g", y, got, launch)
		}
		world := rep.Levelized[i]
		if !near(e.Earth.Total, world.Earth.Total, e.Earth.Total) || !near(e.Orbit.Total, world.Orbit.Total, e.Orbit.Total) {
			t.Errorf("%g: east (nothing of its own) %.9g/%.9g, world row %.9g/%.9g", y,
				e.Earth.Total, e.Orbit.Total, world.Earth.Total, world.Orbit.Total)
		}
	}
}
