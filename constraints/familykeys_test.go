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
	for _, mode := range []Mode{MinCost, MaxCompute} {
		w, err := Build(v, Options{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		for fam := range w.Capacity {
			seen[fam] = true
			keys := FamilyKeys(fam)
			if len(keys) == 0 {
				t.Errorf("capacity family %s names no --set key: add it to familyKeys", fam)
			}
			for _, k := range keys {
				if _, ok := LookupParam(k); !ok {
					t.Errorf("%s: key %s is not in the registry", fam, k)
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
