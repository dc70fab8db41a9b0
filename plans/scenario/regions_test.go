package scenario

import (
	"strings"
	"testing"
)

// TestRegionsLoad: a scenario's regions and its keys scoped to a region or
// a pair load, and each mistake is an error naming the file, line and key.
func TestRegionsLoad(t *testing.T) {
	const share = "  region.share@us: {value: 0.6, unit: share, source: s, confidence: estimate}\n" +
		"  region.share@china: {value: 0.4, unit: share, source: s, confidence: estimate}\n"
	good := "extends: seed-2026\nregions: [us, china]\nparams:\n" + share +
		"  grid.new_gw_per_year@china: {value: 50, unit: GW/yr, source: s, confidence: estimate}\n" +
		"  trade.hbm_eb_per_year@us_china: {value: 0, unit: PB/yr, source: s, confidence: public}\n"
	s, err := LoadBytes("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	v := s.Values()
	if !v.MultiRegion() || v.Params["grid.new_gw_per_year@china"].At(2030) != 50 || v.Params["trade.hbm_eb_per_year@us_china"].At(2030) != 0 {
		t.Fatalf("regions %v, grid@china %v", v.Regions, v.Params["grid.new_gw_per_year@china"])
	}
	base, err := Load("seed-2026")
	if err != nil {
		t.Fatal(err)
	}
	if s.Hash() == base.Hash() {
		t.Error("declaring regions left the hash unchanged")
	}
	// ForRegion: an extensive key not set for the region is its share of
	// the world's; one set for it is its own; an intensive key the world's.
	us, china := v.ForRegion("us"), v.ForRegion("china")
	if got, want := us.At("grid.new_gw_per_year", 2030), 0.6*v.At("grid.new_gw_per_year", 2030); got != want {
		t.Errorf("us grid %v, want its share %v", got, want)
	}
	if china.At("grid.new_gw_per_year", 2030) != 50 || china.At("launch.payload_t", 2030) != v.At("launch.payload_t", 2030) {
		t.Errorf("china grid %v, payload %v", china.At("grid.new_gw_per_year", 2030), china.At("launch.payload_t", 2030))
	}
	for name, c := range map[string]struct{ yaml, want string }{
		"not a list":       {"extends: seed-2026\nregions: us\n", "bad.yaml:2: regions: must be a list"},
		"bad name":         {"extends: seed-2026\nregions: [US, china]\n", `bad.yaml:2: regions: region name "US"`},
		"twice":            {"extends: seed-2026\nregions: [us, us]\n", "bad.yaml:2: regions: region us is listed twice"},
		"world among":      {"extends: seed-2026\nregions: [world, us]\n", "world is the single-region model"},
		"no share":         {"extends: seed-2026\nregions: [us, china]\nparams:\n  region.share@us: {value: 1, unit: share, source: s, confidence: estimate}\n", "region.share@china is not set"},
		"shares not one":   {"extends: seed-2026\nregions: [us, china]\nparams:\n" + strings.ReplaceAll(share, "0.4", "0.5"), "add up to 1.1, not 1"},
		"undeclared":       {"extends: seed-2026\nregions: [us, china]\nparams:\n" + share + "  grid.new_gw_per_year@row: {value: 5, unit: GW/yr, source: s, confidence: estimate}\n", `bad.yaml:6: grid.new_gw_per_year@row: region "row" is not one of the scenario's regions (us, china)`},
		"no regions":       {"extends: seed-2026\nparams:\n  grid.new_gw_per_year@us: {value: 5, unit: GW/yr, source: s, confidence: estimate}\n", "bad.yaml:3: grid.new_gw_per_year@us: set for region us, but the scenario declares no regions"},
		"bad pair":         {"extends: seed-2026\nregions: [us, china]\nparams:\n" + share + "  trade.hbm_eb_per_year@us: {value: 0, unit: EB/yr, source: s, confidence: public}\n", `"us" is not a pair of the scenario's regions`},
		"share unscoped":   {"extends: seed-2026\nparams:\n  region.share: {value: 1, unit: share, source: s, confidence: estimate}\n", "set only for a region: region.share@region"},
		"share over time":  {"extends: seed-2026\nregions: [us, china]\nparams:\n" + strings.Replace(share, "0.6,", "{2026: 0.6, 2030: 0.5},", 1), "region.share@us must be a single value"},
		"unit checked":     {"extends: seed-2026\nregions: [us, china]\nparams:\n" + share + "  grid.new_gw_per_year@us: {value: 5, unit: t, source: s, confidence: estimate}\n", "bad.yaml:6: grid.new_gw_per_year@us"},
		"horizon regional": {"extends: seed-2026\nregions: [us, china]\nparams:\n" + share + "  horizon.end_year@us: {value: 2030, unit: year, source: s, confidence: estimate}\n", "unknown parameter"},
	} {
		_, err := LoadBytes("bad.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
