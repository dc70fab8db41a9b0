package main

import (
	"errors"
	"strings"
	"testing"
)

// FuzzDecodeQuery: no query string makes the decoder panic; what it
// accepts respects the limits, and what it refuses is a usage error (HTTP
// 400), never anything else.
func FuzzDecodeQuery(f *testing.F) {
	for _, s := range []string{
		"", "set=launch.payload_t=150t", "set=launch.payload_t%3D150t&set=modules.lunar%3Dtrue",
		"scenario=public-2026&mode=max-compute&year=2030&mip=true&format=csv", "year=2030", "years=2026-2040&top=3",
		"set=launch.cost_usd_per_kg=2026:1500,2030:100", "%zz", "year=NaN", "top=-1", "set=x", "format=table",
		"year=1e309", "years=2040-2026", "set=" + strings.Repeat("a", 5000),
		"scenario=regions-2026&region=china&set=grid.new_gw_per_year@china=60", "region=us&region=china",
		"region=us&set=trade.accelerators_m_per_year%40us_china%3D0&years=2026-2030", "region=%7C&set=x=1",
	} {
		for k := range 4 {
			f.Add(uint8(k), s)
		}
	}
	kinds := []apiKind{kindPlan, kindLimits, kindTimeline, kindClaims}
	f.Fuzz(func(t *testing.T, k uint8, raw string) {
		kind := kinds[int(k)%len(kinds)]
		q, err := decodeQuery(kind, raw)
		if err != nil {
			var usage *UsageError
			if !errors.As(err, &usage) {
				t.Fatalf("%q: a refusal that is not a usage error: %v", raw, err)
			}
			return
		}
		if q.Kind != kind || len(q.Sets) > maxSets || (q.Format != FormatJSON && q.Format != FormatCSV) {
			t.Fatalf("%q: accepted %+v", raw, q)
		}
		for _, s := range q.Sets {
			if len(s) > maxSetBytes || !strings.Contains(s, "=") {
				t.Fatalf("%q: accepted set %q", raw, s)
			}
		}
		if q.Region != "" && kind == kindClaims {
			t.Fatalf("%q: claims took a region", raw)
		}
		if kind == kindLimits && q.Year == 0 {
			t.Fatalf("%q: limits without a year", raw)
		}
		again, err := decodeQuery(kind, raw)
		if err != nil || again.key() != q.key() {
			t.Fatalf("%q: decoding is not deterministic", raw)
		}
	})
}
