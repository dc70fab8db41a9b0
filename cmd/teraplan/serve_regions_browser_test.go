package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestServeRegionsInBrowser drives the page on regions-2026 in headless
// chromium, offline: the region picker and the compute-by-region chart
// appear, picking a region by keyboard puts it in the URL and makes the
// charts, the limits and the timeline that region's (as the API answers
// region=), a slider then sets the region's own key@region, and going
// back to the world total edits the world values again — with no console
// error and no request leaving the machine. A scenario without regions
// shows neither picker nor regional chart.
func TestServeRegionsInBrowser(t *testing.T) {
	ctx, ts, p, log := openPage(t, "/?scenario=regions-2026&year=2030", `document.body.dataset.ready === "1"`)
	if s := evalString(ctx, t, `(document.getElementById("region-pick").hidden ? "hidden " : "") + [...document.querySelectorAll("#region option")].map(o => o.textContent).join(",")`); s != "world (total),us,china,row" {
		t.Errorf("region picker: %q", s)
	}
	// The regions side by side: one line each, and in 2030 each region's
	// compute and top bottleneck as the plan has them.
	var world struct {
		Years   []float64 `json:"years"`
		Regions []struct {
			Region  string `json:"region"`
			Summary []struct {
				Compute float64 `json:"compute_gw"`
			} `json:"summary"`
			Bottlenecks []string `json:"bottlenecks"`
		} `json:"regions"`
	}
	_, _, body := get(t, ts.URL+"/api/plan?scenario=regions-2026")
	if err := json.Unmarshal([]byte(body), &world); err != nil {
		t.Fatal(err)
	}
	y2030 := slices.Index(world.Years, 2030)
	var want []string
	for _, r := range world.Regions {
		top := r.Bottlenecks[y2030]
		if top == "" {
			top = "none binds"
		}
		want = append(want, r.Region+" "+jsFmt(r.Summary[y2030].Compute)+" "+top)
	}
	if s := evalString(ctx, t, `(document.getElementById("chart-regions").hidden ? "hidden " : "") + document.querySelectorAll("#chart-regions path.cur").length`); s != "3" {
		t.Errorf("compute-by-region chart: %q, want 3 lines", s)
	}
	rows := `[...document.querySelectorAll("#regions-table tbody tr")].map(r => r.children[0].textContent + " " + r.children[1].textContent + " " + r.children[4].textContent).join("\n")`
	if s := evalString(ctx, t, rows); s != strings.Join(want, "\n") {
		t.Errorf("regions table:\n%s\nwant\n%s", s, strings.Join(want, "\n"))
	}
	earth := evalString(ctx, t, `document.querySelector("#chart-compute path.cur.s-earth").getAttribute("d")`)
	if s := evalString(ctx, t, `document.getElementById("limits").textContent`); !strings.Contains(s, "In 2030 compute can reach") {
		t.Errorf("world limits: %q", s)
	}

	// Pick china with the keyboard: two steps down the picker.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#region`)), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.regionReady === "china"`, 90*time.Second); err != nil {
		t.Fatalf("picking china by keyboard: %v (picker at %q)", err, evalString(ctx, t, `document.getElementById("region").value`))
	}
	if h := evalString(ctx, t, `location.href`); !strings.Contains(h, "region=china") || !strings.Contains(h, "scenario=regions-2026") {
		t.Errorf("the URL does not carry the region: %s", h)
	}
	if d := evalString(ctx, t, `document.querySelector("#chart-compute path.cur.s-earth").getAttribute("d")`); d == earth {
		t.Error("the compute chart did not change for china")
	}
	china := world.Regions[1]
	if china.Region != "china" {
		t.Fatalf("regions %+v", world.Regions)
	}
	last := china.Summary[len(china.Summary)-1].Compute
	if s := evalString(ctx, t, `document.getElementById("summary").textContent`); !strings.HasPrefix(s, "china") || !strings.Contains(s, ": "+jsFmt(last)+" GW of AI compute") {
		t.Errorf("summary for china: %q, want china's %s GW", s, jsFmt(last))
	}
	if s := evalString(ctx, t, `document.querySelector("#regions-table tr.picked").dataset.region`); s != "china" {
		t.Errorf("picked row: %q", s)
	}
	var lim struct {
		Compute float64 `json:"compute_gw"`
	}
	_, _, body = get(t, ts.URL+"/api/limits?scenario=regions-2026&region=china&year=2030")
	if err := json.Unmarshal([]byte(body), &lim); err != nil {
		t.Fatal(err)
	}
	if s := evalString(ctx, t, `document.getElementById("limits").textContent`); !strings.Contains(s, "In 2030 china's compute can reach "+jsFmt(lim.Compute)+" GW") {
		t.Errorf("limits for china: %q, want %s GW", s, jsFmt(lim.Compute))
	}
	// The timeline is china's: the heat map's rows are /api/timeline's
	// limits for region=china.
	var tl struct {
		Years []struct {
			Top []struct {
				Label string `json:"label"`
			} `json:"top"`
		} `json:"years"`
	}
	_, _, body = get(t, ts.URL+"/api/timeline?scenario=regions-2026&region=china")
	if err := json.Unmarshal([]byte(body), &tl); err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, y := range tl.Years {
		for _, l := range y.Top {
			lb := []rune(l.Label)
			if len(lb) > 30 {
				lb = append(lb[:29], '…')
			}
			labels[string(lb)] = true
		}
	}
	var wantLabels []string
	for l := range labels {
		wantLabels = append(wantLabels, l)
	}
	slices.Sort(wantLabels)
	heat := `[...document.querySelectorAll("#heat-cur svg text[text-anchor=end]")].map(e => e.textContent).sort().join("\n")`
	if err := waitJS(ctx, heat+` === `+strconv.Quote(strings.Join(wantLabels, "\n")), 30*time.Second); err != nil {
		t.Errorf("heat map rows:\n%s\nwant\n%s", evalString(ctx, t, heat), strings.Join(wantLabels, "\n"))
	}

	// A slider now sets china's own value: grid.pipeline_gw@china, starting
	// from the 10 GW the scenario sets for china (at china's own prices it
	// builds no grid beyond its pipeline, so the pipeline moves its line).
	ctl := `document.querySelector("#ctl-grid\\.pipeline_gw")`
	if s := evalString(ctx, t, ctl+`.dataset.key + " " + `+ctl+`.querySelector("input[type=number]").value`); s != "grid.pipeline_gw@china 10" {
		t.Errorf("grid control for china: %q", s)
	}
	draws := evalString(ctx, t, `document.body.dataset.draws`)
	grid := evalString(ctx, t, `document.querySelector("#chart-power path.cur.s-grid").getAttribute("d")`)
	if err := chromedp.Do(ctx,
		do(ctl+`.closest("details").open = true`),
		chromedp.SetValue(chromedp.CSS(`#ctl-grid\.pipeline_gw input[type=number]`), "5"),
		do(ctl+`.querySelector("input[type=number]").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.draws !== "`+draws+`"`, 30*time.Second); err != nil {
		t.Fatalf("the charts were not redrawn: %v", err)
	}
	if h := evalString(ctx, t, `location.href`); !strings.Contains(h, "set=grid.pipeline_gw%40china%3D5") || !strings.Contains(h, "region=china") {
		t.Errorf("the URL does not carry china's value: %s", h)
	}
	if d := evalString(ctx, t, `document.querySelector("#chart-power path.cur.s-grid").getAttribute("d")`); d == grid {
		t.Error("china's grid line did not change with grid.pipeline_gw@china=5")
	}

	// Back to the world total (Home): the controls edit world values again,
	// china's value stays set.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#region`)), chromedp.KeyEvent(kb.Home)); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.regionReady === "world"`, 90*time.Second); err != nil {
		t.Fatalf("back to the world: %v", err)
	}
	if s := evalString(ctx, t, ctl+`.dataset.key + " " + `+ctl+`.querySelector("input[type=number]").value + " " + location.search.includes("region=")`); s != "grid.pipeline_gw 10 false" {
		t.Errorf("world grid control: %q", s)
	}
	if h := evalString(ctx, t, `location.href`); !strings.Contains(h, "set=grid.pipeline_gw%40china%3D5") {
		t.Errorf("china's value was dropped: %s", h)
	}
	errs, outside := log.take()
	if len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if len(outside) > 0 || len(p.pageRequests()) > 0 {
		t.Errorf("requests left the page: %q %q", outside, p.pageRequests())
	}

	// Without regions: no picker, no regional chart.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.ready === "1"`, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if s := evalString(ctx, t, `String(document.getElementById("region-pick").hidden) + " " + document.getElementById("chart-regions").hidden + " " + document.getElementById("region-hint").hidden`); s != "true true true" {
		t.Errorf("seed-2026 shows regional parts: %q", s)
	}
	if errs, outside := log.take(); len(errs)+len(outside) > 0 {
		t.Errorf("console %q, outside requests %q", errs, outside)
	}
}

// jsFmt is the page's fmt for 1 <= |x| < 1e4: three significant digits,
// or whole numbers from 100.
func jsFmt(x float64) string {
	if x >= 100 {
		return fmt.Sprintf("%.0f", x)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
