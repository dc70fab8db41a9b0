package constraints

import (
	"slices"
	"testing"
)

// TestFamilyKeys: every capacity family of a world with every module on
// names at least one --set key, each key is in the registry, and no entry
// of the table names a family that is not a capacity.
func TestFamilyKeys(t *testing.T) {
	v := loose()
	v.Modules = map[string]bool{"lunar": true}
	v.Params["budget.usd_per_year"] = Constant(1e15)
	seen := map[string]bool{}
	// Two regions with limited trade build the trade capacities, and
	// every other family scoped to a region.
	two := twoRegions(v, "trade.accelerators_m_per_year@a_b", "trade.hbm_eb_per_year@b_a")
	for _, vals := range []Values{v, two} {
		for _, mode := range []Mode{MinCost, MaxCompute} {
			w, err := Build(vals, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			for fam := range w.StartLimits {
				if _, ok := w.Capacity[fam]; !ok {
					t.Errorf("StartLimits names %s, which is not a capacity family of the model", fam)
				}
			}
			if len(vals.Regions) > 0 && !w.StartLimits["chips.fab_growth@a"] {
				t.Error("a regional start-rate limit (chips.fab_growth@a) is not marked as one")
			}
			for fam := range w.Capacity {
				base, scope := SplitRegion(fam)
				seen[base] = true
				keys := FamilyKeys(fam)
				if len(keys) == 0 {
					t.Errorf("capacity family %s names no --set key: add it to familyKeys", fam)
				}
				for _, k := range keys {
					kb, ks := SplitRegion(k)
					_, reg := LookupParam(kb)
					_, regional := LookupRegional(kb)
					if !reg && !regional || ks != scope {
						t.Errorf("%s: key %s is not in the registry, or not scoped as the family", fam, k)
					}
				}
			}
		}
	}
	for fam := range familyKeys {
		if !seen[fam] {
			t.Errorf("familyKeys names %s, which no world builds as a capacity", fam)
		}
	}
	if FamilyKeys("compute.earth_gw") != nil {
		t.Error("a variable family has keys")
	}
	// A copy: callers cannot change the table.
	k := FamilyKeys("launch.mass")
	k[0] = "x"
	if FamilyKeys("launch.mass")[0] != "launch.payload_t" || !slices.Contains(FamilyKeys("launch.mass"), "space.specific_power_kw_per_t") {
		t.Error("FamilyKeys shares its table")
	}
}

// twoRegions returns v split into regions a and b, half each, with each
// of limits (a scoped trade key) set to 1 a year.
func twoRegions(v Values, limits ...string) Values {
	out := Values{Params: map[string]Trajectory{}, Modules: v.Modules, Regions: []string{"a", "b"}}
	for k, t := range v.Params {
		out.Params[k] = t
	}
	out.Params[RegionKey(RegionShareKey, "a")] = Constant(0.5)
	out.Params[RegionKey(RegionShareKey, "b")] = Constant(0.5)
	for _, k := range limits {
		out.Params[k] = Constant(1)
	}
	return out
}

// TestOneNamedRegion: a scenario with a single region that is not world
// (regions: [us], its share 1) builds, with no trade, the single-region
// model's objective under its families scoped @us.
func TestOneNamedRegion(t *testing.T) {
	v := loose()
	one := Values{Params: map[string]Trajectory{}, Modules: v.Modules, Regions: []string{"us"}}
	for k, tr := range v.Params {
		one.Params[k] = tr
	}
	one.Params[RegionKey(RegionShareKey, "us")] = Constant(1)
	w, err := Build(one, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Regions) != 1 || len(w.Trade.Accelerators) != 0 || w.RegionWorld("us") == nil {
		t.Fatalf("regions %d, trade pairs %d", len(w.Regions), len(w.Trade.Accelerators))
	}
	found := false
	for _, c := range w.Model.ConFamilies() {
		found = found || c.Name() == "compute.inventory@us"
	}
	if !found {
		t.Error("no compute.inventory@us")
	}
	got := solveModel(t, w).Objective
	if _, want := solve(t, v, Options{}); !near(got, want.Objective) {
		t.Errorf("one region us: objective %v, the world's %v", got, want.Objective)
	}
}
