package main

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Limits on what one API request may ask for. They bound the work a
// request can cause before any solve: a query string is parsed only when
// it is short enough, and a scenario takes only so many overrides.
const (
	maxQueryBytes = 16 << 10 // the whole query string
	maxSets       = 64       // set= parameters
	maxSetBytes   = 4096     // one set= value (ParseTrajectory's own limit)
)

// apiKind is what an API request computes; each mirrors a CLI command.
type apiKind string

const (
	kindPlan     apiKind = "plan"     // teraplan plan
	kindLimits   apiKind = "limits"   // teraplan limits --year N
	kindTimeline apiKind = "timeline" // teraplan limits --years A-B --top K
	kindClaims   apiKind = "claims"   // teraplan claims
)

// apiQuery is an API request decoded: the CLI flags it stands for. Two
// requests with the same apiQuery get the same document, so its key is
// what the cache and the in-flight table go by.
type apiQuery struct {
	Kind     apiKind
	Scenario string   // "" = the server's default scenario
	Sets     []string // in order, exactly as --set
	Mode     string   // plan: min-cost or max-compute
	Year     float64  // plan: --year (max-compute); limits: --year
	Years    string   // timeline: --years A-B ("" = the whole horizon)
	Top      int      // timeline: --top K (0 = the CLI's default)
	Region   string   // plan, limits, timeline: --region R ("" = every region)
	MIP      bool
	Format   Format // json (default) or csv
}

// allowedParams are the query parameters each kind takes; anything else
// is refused, so a typo never silently means the default.
var allowedParams = map[apiKind][]string{
	kindPlan:     {"scenario", "set", "mode", "year", "mip", "format", "region"},
	kindLimits:   {"scenario", "set", "year", "mip", "format", "region"},
	kindTimeline: {"scenario", "set", "years", "top", "mip", "format", "region"},
	kindClaims:   {"scenario", "set", "mip", "format"},
}

// decodeQuery turns a raw query string into an apiQuery for kind. Errors
// are usage errors naming the parameter, as a bad flag would be.
func decodeQuery(kind apiKind, rawQuery string) (apiQuery, error) {
	allowed, ok := allowedParams[kind]
	if !ok {
		return apiQuery{}, usageErrorf("unknown API %q", kind)
	}
	if len(rawQuery) > maxQueryBytes {
		return apiQuery{}, usageErrorf("query string of %d bytes is longer than %d", len(rawQuery), maxQueryBytes)
	}
	vals, err := url.ParseQuery(rawQuery)
	if err != nil {
		return apiQuery{}, usageErrorf("malformed query string: %v", err)
	}
	names := make([]string, 0, len(vals))
	for name := range vals {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !containsString(allowed, name) {
			return apiQuery{}, usageErrorf("unknown parameter %q for /api/%s (takes %s)", name, kind, strings.Join(allowed, ", "))
		}
		if name != "set" && len(vals[name]) > 1 {
			return apiQuery{}, usageErrorf("parameter %q given %d times", name, len(vals[name]))
		}
	}
	q := apiQuery{Kind: kind, Scenario: vals.Get("scenario"), Mode: "min-cost", Format: FormatJSON}
	sets := vals["set"]
	if len(sets) > maxSets {
		return apiQuery{}, usageErrorf("%d set= parameters; at most %d", len(sets), maxSets)
	}
	for _, s := range sets {
		if len(s) > maxSetBytes {
			return apiQuery{}, usageErrorf("set=%.40s…: value longer than %d bytes", s, maxSetBytes)
		}
		if !strings.Contains(s, "=") {
			return apiQuery{}, usageErrorf("set=%q: want key=value[unit], as --set", s)
		}
	}
	q.Sets = append([]string(nil), sets...)
	if f := vals.Get("format"); f != "" {
		if q.Format, err = parseFormat(f); err != nil || q.Format == FormatTable {
			return apiQuery{}, usageErrorf("format=%q: must be json or csv", f)
		}
	}
	if m := vals.Get("mode"); m != "" {
		q.Mode = m
	}
	if s := vals.Get("mip"); s != "" {
		if q.MIP, err = strconv.ParseBool(s); err != nil {
			return apiQuery{}, usageErrorf("mip=%q: want true or false", s)
		}
	}
	if s := vals.Get("year"); s != "" {
		if q.Year, err = strconv.ParseFloat(s, 64); err != nil || math.IsNaN(q.Year) || math.IsInf(q.Year, 0) || q.Year == 0 {
			return apiQuery{}, usageErrorf("year=%q: want a year of the horizon, e.g. 2030", s)
		}
	}
	if kind == kindLimits && q.Year == 0 {
		return apiQuery{}, usageErrorf("/api/limits needs year=N, as limits --year N")
	}
	if s := vals.Get("years"); s != "" {
		if _, _, err := parseYears(s); err != nil {
			return apiQuery{}, usageErrorf("years=%q: want A-B with A <= B, e.g. 2026-2040", s)
		}
		q.Years = s
	}
	if s := vals.Get("top"); s != "" {
		if q.Top, err = strconv.Atoi(s); err != nil || q.Top < 0 || q.Top > 1000 {
			return apiQuery{}, usageErrorf("top=%q: want a whole number 0-1000", s)
		}
	}
	// Whether the scenario declares the region is checked against the
	// scenario, with the CLI's message (checkRegion).
	q.Region = vals.Get("region")
	return q, nil
}

// key identifies the document q asks for: equal keys, equal documents.
// The sets keep their order, as later ones override earlier ones.
func (q apiQuery) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%g|%s|%d|%t|%s|%s", q.Kind, q.Scenario, q.Mode, q.Year, q.Years, q.Top, q.MIP, q.Format, q.Region)
	for _, s := range q.Sets {
		b.WriteString("|set=")
		b.WriteString(s)
	}
	return b.String()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
