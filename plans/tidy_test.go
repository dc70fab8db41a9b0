package plans_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
)

// TestTidyCSV: the long form of the default plan, written as CSV and read
// back, holds every variable, shadow price and cost entry of the report
// exactly once, with the same numbers.
func TestTidyCSV(t *testing.T) {
	rep := solve(t, seedInput(t), plans.Options{}).Report(testVersions)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rep.Tidy()); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"year", "kind", "family", "index", "value", "unit"}
	if len(records) == 0 || len(records[0]) != len(want) {
		t.Fatalf("header %v, want %v", records[:min(1, len(records))], want)
	}
	for i, h := range want {
		if records[0][i] != h {
			t.Fatalf("header %v, want %v", records[0], want)
		}
	}
	type key struct{ kind, family, index string }
	seen := map[key]float64{}
	for n, r := range records[1:] {
		if len(r) != 6 {
			t.Fatalf("record %d has %d fields: %v", n+2, len(r), r)
		}
		k := key{r[1], r[2], r[3]}
		if _, dup := seen[k]; dup {
			t.Errorf("record %d repeats %v", n+2, k)
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Errorf("record %d: value %q: %v", n+2, r[4], err)
		}
		seen[k] = v
		if r[0] != r[3] {
			t.Errorf("record %d: year %q differs from index %q (yearly periods)", n+2, r[0], r[3])
		}
		if r[5] == "" {
			t.Errorf("record %d: no unit: %v", n+2, r)
		}
	}
	count := 0
	check := func(kind string, fams map[string]map[string]float64) {
		for fam, m := range fams {
			for idx, v := range m {
				count++
				got, ok := seen[key{kind, fam, idx}]
				if !ok {
					t.Errorf("%s %s[%s] is missing from the CSV", kind, fam, idx)
				} else if got != v {
					t.Errorf("%s %s[%s] = %v in the CSV, %v in the report", kind, fam, idx, got, v)
				}
			}
		}
	}
	check("variable", rep.Variables)
	check("shadow_price", rep.ShadowPrices)
	costs := map[string]map[string]float64{}
	for _, yc := range rep.Costs {
		y := strconv.FormatFloat(yc.Year, 'f', -1, 64)
		for c, v := range yc.Components {
			if costs[c] == nil {
				costs[c] = map[string]float64{}
			}
			costs[c][y] = v
		}
	}
	for _, yc := range rep.Costs {
		y := strconv.FormatFloat(yc.Year, 'f', -1, 64)
		for fam, v := range map[string]float64{"total": yc.Total, "total_discounted": yc.Discounted} {
			if costs[fam] == nil {
				costs[fam] = map[string]float64{}
			}
			costs[fam][y] = v
		}
	}
	check("cost", costs)
	// The summary rows are the plan table's columns, as JSON names them.
	summary := map[string]map[string]float64{}
	levelized := map[string]map[string]float64{}
	put := func(m map[string]map[string]float64, fam, y string, v float64) {
		if m[fam] == nil {
			m[fam] = map[string]float64{}
		}
		m[fam][y] = v
	}
	for i, ys := range rep.Summary {
		raw, _ := json.Marshal(ys)
		var cols map[string]float64
		json.Unmarshal(raw, &cols)
		y := strconv.FormatFloat(ys.Year, 'f', -1, 64)
		for name, v := range cols {
			if name != "year" {
				put(summary, name, y, v)
			}
		}
		lv := rep.Levelized[i]
		for site, lc := range map[string]constraints.Levelized{"earth": lv.Earth, "orbit": lv.Orbit} {
			put(levelized, site+".per_kw_it", y, lc.PerKWIT)
			put(levelized, site+".per_pflops_year", y, lc.PerPFLOPS)
			put(levelized, site+".total", y, lc.Total)
			for c, v := range lc.Components {
				put(levelized, site+"."+c, y, v)
			}
		}
	}
	if len(summary) < 20 || len(levelized) < 6 {
		t.Fatalf("%d summary columns, %d levelized families", len(summary), len(levelized))
	}
	check("summary", summary)
	check("levelized", levelized)
	if count != len(records)-1 {
		t.Errorf("CSV has %d records, the report %d entries", len(records)-1, count)
	}
	// Spot checks of units: variables in LP units, shadow prices of a
	// min-cost plan in $B per LP unit.
	for _, r := range records[1:] {
		switch {
		case r[1] == "variable" && r[2] == "compute.earth_gw" && r[5] != "GW",
			r[1] == "shadow_price" && r[2] == "power.balance" && r[5] != "$B per GW",
			r[1] == "cost" && r[5] != "$B",
			r[1] == "summary" && r[2] == "compute_gw" && r[5] != "GW",
			r[1] == "summary" && r[2] == "cost_usd_b" && r[5] != "$B",
			r[1] == "summary" && r[2] == "launches" && r[5] != "count",
			r[1] == "summary" && r[2] == "mass_to_orbit_mt" && r[5] != "Mt",
			r[1] == "levelized" && r[2] == "orbit.per_kw_it" && r[5] != "$/kW-yr IT":
			t.Errorf("unit of %v", r)
		}
	}
}
