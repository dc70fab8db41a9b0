// Package htmlreport writes a plan as one self-contained HTML page: summary, charts, bottleneck timeline, claims audit and the scenario with its sources.
//
// The page makes no network request: CSS is inline, charts are SVG in
// data: URIs, there are no fonts, scripts or links from elsewhere. A small
// inline script checks, once the page has loaded, that every chart image
// decoded and has ink, and records the result in data attributes (the
// browser test reads them). Everything from the scenario or the plan is
// escaped by html/template.
package htmlreport

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/chart"
	"teraplan/plans/scenario"
	"teraplan/plans/sweep"
)

//go:embed report.html.tmpl
var pageTemplate string

// page is parsed on first use rather than at start-up: every teraplan
// command links this package, and only `report` needs the template.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"num": num,
		"inc": func(i int) int { return i + 1 },
		"bottleneck": func(top []string, i int) string { // a region's top bottleneck in period i
			if i < len(top) {
				return top[i]
			}
			return ""
		},
		"period": plans.PeriodLabel, // period YEAR STEP: "2026", "2026 Q4"
		"prob": func(p *float64) string {
			if p == nil {
				return "n/a"
			}
			return fmt.Sprintf("%.3f", *p)
		},
		"drivers": func(ds []sweep.Driver) string {
			var out []string
			for _, d := range ds[:min(3, len(ds))] {
				out = append(out, fmt.Sprintf("%s %+.2f", strings.TrimPrefix(d.Param, sweep.ScalePrefix), d.Rho))
			}
			if len(out) == 0 {
				return "the verdict never changes"
			}
			return strings.Join(out, ", ")
		},
	}).Parse(pageTemplate))
})

// Input is what a report shows. Plan and Scenario are required; a nil
// Timeline or Claims leaves its section out.
type Input struct {
	Plan     *plans.Report
	Timeline *plans.Timeline
	Claims   *plans.ClaimsReport
	// Odds, when set, adds how likely each claim is across sampled futures
	// (teraplan report --samples N).
	Odds     *sweep.ClaimsOdds
	Scenario *scenario.Scenario
	// Alternatives, when set, adds the near-optimal ranges section.
	Alternatives *plans.AlternativesReport
}

// Chart is one chart of the page: its kind (compute, power, …), a caption
// and the SVG as a data: URI.
type Chart struct {
	Kind, Caption string
	Src           template.URL
}

// ChartKinds are the charts a report draws, in page order.
var ChartKinds = []string{"compute", "flops", "power", "accelerators", "launch", "levelized", "regions", "bottlenecks"}

type param struct {
	Key, Value, Unit, Confidence, Source string
}

type view struct {
	Input
	Step   float64 // the horizon's period length, for period labels
	Charts []Chart
	// OddsChart is the claims' probability chart, when Odds is set.
	OddsChart *Chart
	Params    []param
	Modules   []string
	Off       []string
	// AlternativesSection is the rendered near-optimal ranges, if any.
	AlternativesSection template.HTML
}

// Write renders the report to w.
func Write(w io.Writer, in Input) error {
	if in.Plan == nil || in.Scenario == nil {
		return errors.New("htmlreport: a report needs a plan and its scenario")
	}
	v := view{Input: in, Step: plans.StepOf(in.Plan.Years, in.Scenario.Values().At("horizon.step_years", 0))}
	captions := map[string]string{
		"compute":      "AI compute online by site (GW of IT power), stacked: Earth, then orbit; dashed, the target.",
		"flops":        "AI compute online by site in ZFLOP/s (dense BF16, each cohort at its year of manufacture's FLOP/s), stacked: Earth, then orbit.",
		"power":        "Earth generation for AI by source (GW), stacked.",
		"accelerators": "Accelerators made, installed on Earth and in orbit, stranded and unmade (millions).",
		"launch":       "Starship launches per year (bars); the fleet and launch pads (lines).",
		"levelized":    "Levelized cost of capacity built each year, $ per kW-year of AI IT power, Earth vs orbit.",
		"bottlenecks":  "Bottleneck timeline: elasticity of compute (% per % of capacity) of each year's top limits.",
		"regions":      "AI compute online by region (GW of IT power), stacked in the scenario's order of regions.",
	}
	for _, kind := range ChartKinds {
		if (kind == "bottlenecks" && in.Timeline == nil) || (kind == "regions" && len(in.Plan.Regions) == 0) {
			continue
		}
		var buf bytes.Buffer
		o := chart.Output{Format: chart.SVG}
		var err error
		switch kind {
		case "compute":
			err = chart.Compute(&buf, o, in.Plan)
		case "flops":
			err = chart.ComputeFLOPS(&buf, o, in.Plan)
		case "power":
			err = chart.Power(&buf, o, in.Plan)
		case "accelerators":
			err = chart.Accelerators(&buf, o, in.Plan)
		case "launch":
			err = chart.Launch(&buf, o, in.Plan)
		case "levelized":
			err = chart.Levelized(&buf, o, in.Plan)
		case "regions":
			err = chart.Regions(&buf, o, in.Plan)
		case "bottlenecks":
			err = chart.Bottlenecks(&buf, o, in.Timeline, in.Plan.Scenario)
		}
		if err != nil {
			return fmt.Errorf("htmlreport: %s chart: %w", kind, err)
		}
		v.Charts = append(v.Charts, Chart{Kind: kind, Caption: captions[kind],
			Src: template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))})
	}
	if in.Odds != nil {
		var bars []chart.Odds
		for _, c := range in.Odds.Claims {
			if c.Probability != nil {
				bars = append(bars, chart.Odds{Name: fmt.Sprintf("claim %d", c.ID), Probability: *c.Probability, Low: *c.Low, High: *c.High})
			}
		}
		if len(bars) > 0 {
			var buf bytes.Buffer
			if err := chart.ClaimsOdds(&buf, chart.Output{Format: chart.SVG}, bars, "How likely each claim is"); err != nil {
				return fmt.Errorf("htmlreport: claims odds chart: %w", err)
			}
			v.OddsChart = &Chart{Kind: "claims-odds", Caption: fmt.Sprintf("Share of %d sampled futures in which each claim holds, with its 95%% Wilson interval.", in.Odds.Runs-in.Odds.Failed),
				Src: template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))}
		}
	}
	var err error
	if v.AlternativesSection, err = alternativesSection(in.Alternatives); err != nil {
		return err
	}
	keys := make([]string, 0, len(in.Scenario.Params))
	for k := range in.Scenario.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := in.Scenario.Params[k]
		v.Params = append(v.Params, param{Key: k, Value: value(p), Unit: p.Unit, Confidence: p.Confidence, Source: p.Source})
	}
	for _, m := range constraints.Modules() {
		if on, ok := in.Scenario.Modules[m]; ok && !on {
			v.Off = append(v.Off, m)
		} else {
			v.Modules = append(v.Modules, m)
		}
	}
	return page().Execute(w, v)
}

// value is a parameter's value as written, on one line, or its canonical
// trajectory when it was set in code.
func value(p *scenario.Param) string {
	if w := strings.Join(strings.Fields(p.Written), " "); w != "" {
		return w
	}
	t := p.Value
	parts := make([]string, len(t.Values))
	for i := range t.Values {
		if len(t.Years) == len(t.Values) && len(t.Values) > 1 {
			parts[i] = constraints.Label(t.Years[i]) + ":" + strconv.FormatFloat(t.Values[i], 'g', -1, 64)
		} else {
			parts[i] = strconv.FormatFloat(t.Values[i], 'g', -1, 64)
		}
	}
	return strings.Join(parts, " ")
}

// num formats a number for the report's tables, as the terminal does.
func num(x float64) string { return plans.FormatNumber(x) }
