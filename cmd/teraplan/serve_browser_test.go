package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var serveScreenshot = flag.String("serve-screenshot", "", "TestServeInBrowser: also write a JPEG screenshot of the page at 1280x800 to `FILE`")

// browserLog records what a page does that a user should never see:
// console errors, uncaught exceptions, errors the browser logs itself (a
// CSP violation, a failed load) and every request that leaves the server.
type browserLog struct {
	mu      sync.Mutex
	origin  string
	errors  []string
	outside []string
	apiHits int
}

// listen records the console and the requests of the tab of ctx, from
// now on.
func (l *browserLog) listen(ctx context.Context) {
	console := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				l.mu.Lock()
				l.errors = append(l.errors, m.String()+" "+m.URL)
				l.mu.Unlock()
			}
		}
	}()
	go func() {
		for e, err := range requests {
			if err != nil {
				return
			}
			u := e.Request.URL
			l.mu.Lock()
			switch {
			case strings.HasPrefix(u, l.origin+"/"):
				if strings.Contains(u, "/api/") {
					l.apiHits++
				}
			case strings.HasPrefix(u, "data:"):
			default:
				l.outside = append(l.outside, u)
			}
			l.mu.Unlock()
		}
	}()
}

func (l *browserLog) take() (errs, outside []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	errs, outside = l.errors, l.outside
	l.errors, l.outside = nil, nil
	return errs, outside
}

// newBrowser starts headless chromium with every request that is not to
// this machine sent to p (which records it and answers nothing), and a
// tab that reports into a browserLog for origin.
func newBrowser(t testing.TB, p *proxy, origin string, width, height int) (context.Context, *browserLog) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true), chromedp.Flag("no-pings", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter"),
	}
	if p != nil {
		opts = append(opts, chromedp.ProxyServer("http://"+p.ln.Addr().String()))
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	l := &browserLog{origin: origin}
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}), call(ctx, cdplog.Enable, cdp.Empty{}), call(ctx, runtime.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	l.listen(ctx)
	return ctx, l
}

func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], params P) error {
	_, err := chromedp.Call(ctx, cmd, params)
	return err
}

// waitJS polls expr until it is true.
func waitJS(ctx context.Context, expr string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	return err
}

func evalString(ctx context.Context, t testing.TB, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return s
}

// openPage starts a test server and a desktop-sized headless chromium
// that reaches the outside only through a recording proxy, opens path on
// the server and waits until ready (JavaScript) holds. The context ends
// after three minutes or with the test.
func openPage(t *testing.T, path, ready string) (context.Context, *httptest.Server, *proxy, *browserLog) {
	t.Helper()
	needChromium(t)
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 16})
	p := newProxy(t)
	ctx, log := newBrowser(t, p, ts.URL, 1280, 800)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, ready, 90*time.Second); err != nil {
		t.Fatalf("the page never finished loading: %v", err)
	}
	return ctx, ts, p, log
}

// do runs JavaScript for its effect.
func do(expr string) chromedp.Action[chromedp.Void] { return chromedp.Evaluate[chromedp.Void](expr) }

// TestServeInBrowser drives the page in headless chromium, offline: it
// loads, draws every chart and the claims, a control moved with the
// keyboard and another typed into re-solve the plan and change the charts
// and a claim's verdict, the URL carries the state to a second tab, a
// value out of range is reported beside its control while the page keeps
// working — with no console error and no request leaving the machine.
func TestServeInBrowser(t *testing.T) {
	ctx, ts, p, log := openPage(t, "/?year=2030", `document.body.dataset.ready === "1" && document.querySelectorAll("#claims tbody tr").length >= 10`)
	// Every chart is drawn, baseline and current; heat maps and limits too.
	for _, id := range []string{"chart-compute", "chart-power", "chart-launch", "chart-fleet", "chart-levelized"} {
		n := evalString(ctx, t, fmt.Sprintf(`String(document.querySelectorAll("#%s svg path.cur").length) + "/" + document.querySelectorAll("#%s svg path.base").length`, id, id))
		if n == "0/0" || strings.HasPrefix(n, "0/") || strings.HasSuffix(n, "/0") {
			t.Errorf("%s: %s current/baseline lines", id, n)
		}
	}
	if n := evalString(ctx, t, `String(document.querySelectorAll("#heat-cur rect").length)`); n == "0" {
		t.Error("the current bottleneck heat map is empty")
	}
	if s := evalString(ctx, t, `document.getElementById("limits").textContent`); !strings.Contains(s, "In 2030 compute can reach") {
		t.Errorf("limits for 2030: %q", s)
	}
	// The claims panel shows what /api/claims says, verdict and reason.
	baseClaims := claimsText(t, ts.URL+"/api/claims")
	if err := waitJS(ctx, pageClaims+` === `+strconv.Quote(baseClaims), 30*time.Second); err != nil {
		t.Fatalf("the claims panel differs from /api/claims:\npage %s\napi  %s", evalString(ctx, t, pageClaims), baseClaims)
	}
	levelized := evalString(ctx, t, `document.querySelector("#chart-levelized path.cur.s-orbit").getAttribute("d")`)

	// Type a value: without orbital attrition orbit's levelized cost moves,
	// and so do the claims.
	draws := evalString(ctx, t, `document.body.dataset.draws`)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#module-space > summary`)),
		chromedp.SetValue(chromedp.CSS(`#ctl-space\.attrition_per_year input[type=number]`), "0"),
		do(`document.querySelector("#ctl-space\\.attrition_per_year input[type=number]").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.draws !== "`+draws+`"`, 30*time.Second); err != nil {
		t.Fatalf("the charts were not redrawn: %v", err)
	}
	if d := evalString(ctx, t, `document.querySelector("#chart-levelized path.cur.s-orbit").getAttribute("d")`); d == levelized {
		t.Error("the levelized chart did not change with space.attrition_per_year=0")
	}
	newClaims := claimsText(t, ts.URL+"/api/claims?"+sets("space.attrition_per_year=0"))
	if newClaims == baseClaims {
		t.Fatal("space.attrition_per_year=0 changes no claim's verdict or numbers; pick another control for this test")
	}
	if err := waitJS(ctx, pageClaims+` === `+strconv.Quote(newClaims), 60*time.Second); err != nil {
		t.Errorf("the claims panel did not follow:\npage %s\napi  %s", evalString(ctx, t, pageClaims), newClaims)
	}
	// A verdict that differs from the baseline's is marked.
	flipped := evalString(ctx, t, `[...document.querySelectorAll("#claims tbody tr")].filter(r => r.children[2].textContent !== r.children[3].textContent).map(r => r.className).join(",")`)
	if strings.Trim(strings.ReplaceAll(flipped, "flipped", ""), ",") != "" {
		t.Errorf("claims whose verdict changed are not all marked: %q", flipped)
	}

	// Keyboard: focus the launch payload slider and press End.
	draws = evalString(ctx, t, `document.body.dataset.draws`)
	launches := evalString(ctx, t, `document.querySelector("#chart-launch path.cur").getAttribute("d")`)
	if err := chromedp.Do(ctx,
		do(`document.querySelector("#module-launch").open = true`),
		chromedp.Focus(chromedp.CSS(`#ctl-launch\.payload_t input[type=range]`)),
		chromedp.KeyEvent(kb.End),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.draws !== "`+draws+`"`, 30*time.Second); err != nil {
		t.Fatalf("a keyboard move did not redraw: %v", err)
	}
	if d := evalString(ctx, t, `document.querySelector("#chart-launch path.cur").getAttribute("d")`); d == launches {
		t.Error("ten times the payload did not change the launches chart")
	}
	href := evalString(ctx, t, `location.href`)
	if !strings.Contains(href, "set=space.attrition_per_year%3D0") || !strings.Contains(href, "set=launch.payload_t%3D") || !strings.Contains(href, "year=2030") {
		t.Errorf("the URL does not carry the state: %s", href)
	}
	// The downloads carry the same settings.
	for _, id := range []string{"dl-yaml", "dl-json", "dl-csv"} {
		if h := evalString(ctx, t, `document.getElementById("`+id+`").href`); !strings.Contains(h, "set=space.attrition_per_year%3D0") {
			t.Errorf("%s links to %s", id, h)
		}
	}
	errs, outside := log.take()
	if len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if len(outside) > 0 || len(p.pageRequests()) > 0 {
		t.Errorf("requests left the page: %q %q", outside, p.pageRequests())
	}

	// The link reproduces the view in a fresh tab.
	tab, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.Navigate(href)); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(tab, `document.body.dataset.ready === "1"`, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if v := evalString(tab, t, `document.querySelector("#ctl-space\\.attrition_per_year input[type=number]").value + " " + document.getElementById("year").value`); v != "0 2030" {
		t.Errorf("the shared link shows %q, want attrition 0 in 2030", v)
	}
	q, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	if err := waitJS(tab, pageClaims+` === `+strconv.Quote(claimsText(t, ts.URL+"/api/claims?"+sets(q.Query()["set"]...))), 60*time.Second); err != nil {
		t.Errorf("the shared link's claims differ from the API's for its settings: %v", err)
	}
	cancelTab()

	// A value out of range: the error is shown beside its control, the
	// last charts stay (greyed), and fixing the value recovers.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#ctl-launch\.payload_t input[type=number]`), "1e12"),
		do(`document.querySelector("#ctl-launch\\.payload_t input[type=number]").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.querySelector("#ctl-launch\\.payload_t .err").textContent.includes("launch.payload_t")`, 30*time.Second); err != nil {
		t.Errorf("the error is not beside the control: %v", err)
	}
	if n := evalString(ctx, t, `String(document.querySelectorAll("#chart-compute path.cur").length) + (document.body.classList.contains("stale") ? " stale" : "")`); n != "3 stale" {
		t.Errorf("after a failed solve the charts show %q, want the last ones greyed (3 stale)", n)
	}
	draws = evalString(ctx, t, `document.body.dataset.draws`)
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#ctl-launch\.payload_t input[type=number]`), "120"),
		do(`document.querySelector("#ctl-launch\\.payload_t input[type=number]").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.draws !== "`+draws+`" && document.querySelector("#ctl-launch\\.payload_t .err").textContent === ""`, 30*time.Second); err != nil {
		t.Errorf("the page did not recover after a good value: %v", err)
	}
	// The only thing logged since is the browser's note of the one 400.
	errs, outside = log.take()
	for _, e := range errs {
		if !strings.Contains(e, "status of 400") {
			t.Errorf("console error: %s", e)
		}
	}
	if len(outside) > 0 || len(p.pageRequests()) > 0 {
		t.Errorf("requests left the page: %q %q", outside, p.pageRequests())
	}

	if *serveScreenshot != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?year=2030&set=space.attrition_per_year%3D0.04")); err != nil {
			t.Fatal(err)
		}
		if err := waitJS(ctx, `document.body.dataset.ready === "1"`, 90*time.Second); err != nil {
			t.Fatal(err)
		}
		q := int64(70)
		shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatJpeg, Quality: &q})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*serveScreenshot, shot.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pageClaims is the claims panel as "id verdict why" lines.
const pageClaims = `[...document.querySelectorAll("#claims tbody tr")].map(r => r.children[0].textContent + " " + r.children[3].textContent + " " + r.children[4].textContent).join("\n")`

// claimsText is /api/claims at u in the same form, straight from the API.
func claimsText(t *testing.T, u string) string {
	t.Helper()
	status, _, body := get(t, u)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", u, status, body)
	}
	var rep struct {
		Claims []struct {
			ID      int    `json:"id"`
			Verdict string `json:"verdict"`
			Why     string `json:"why"`
		} `json:"claims"`
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	lines := make([]string, len(rep.Claims))
	for i, c := range rep.Claims {
		lines[i] = fmt.Sprintf("%d %s %s", c.ID, c.Verdict, c.Why)
	}
	return strings.Join(lines, "\n")
}

// TestServeOnAPhone: at a phone's width the page has no horizontal
// scroll and the charts come after the controls, full width.
func TestServeOnAPhone(t *testing.T) {
	needChromium(t)
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 16})
	ctx, log := newBrowser(t, nil, ts.URL, 390, 844)
	tctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(3)),
		chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := waitJS(tctx, `document.body.dataset.ready === "1"`, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	m, err := chromedp.Run(tctx, chromedp.Evaluate[map[string]float64](`({scroll: document.documentElement.scrollWidth, inner: innerWidth,
		chart: document.querySelector("#chart-compute svg").getBoundingClientRect().width,
		controlsBottom: document.getElementById("controls").getBoundingClientRect().bottom,
		chartTop: document.getElementById("chart-compute").getBoundingClientRect().top})`))
	if err != nil {
		t.Fatal(err)
	}
	if m["scroll"] > m["inner"]+1 || m["chart"] < 300 || m["chartTop"] < m["controlsBottom"] {
		t.Errorf("phone layout: %v", m)
	}
	if errs, outside := log.take(); len(errs)+len(outside) > 0 {
		t.Errorf("console %q, outside requests %q", errs, outside)
	}
}

// BenchmarkServeSlider moves a slider 50 times in headless chromium,
// waiting each time for the charts to be redrawn, and reports the
// slider-to-chart latency the page measures (input event to the frame
// after the new SVG is in place). Target: p95 <= 150 ms.
func BenchmarkServeSlider(b *testing.B) { benchmarkServeSlider(b, false) }

// BenchmarkServeSliderCold is BenchmarkServeSlider under serve --cold.
func BenchmarkServeSliderCold(b *testing.B) { benchmarkServeSlider(b, true) }

func benchmarkServeSlider(b *testing.B, cold bool) {
	if _, err := os.Stat(chromiumPath); err != nil {
		b.Skip("no chromium")
	}
	_, ts := newTestServer(b, serverConfig{Queue: 32, Cold: cold})
	ctx, _ := newBrowser(b, nil, ts.URL, 1280, 800)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		b.Fatal(err)
	}
	if err := waitJS(ctx, `document.body.dataset.ready === "1"`, 90*time.Second); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for move := range 50 {
			// A fresh position each time (no cache hit): 1000 steps span ×0.1–×10.
			pos := 100 + (i*50+move)*13%800
			js := fmt.Sprintf(`(function(){const r=document.querySelector("#ctl-launch\\.payload_t input[type=range]");
				const n=teraplanPerf.latencies.length; r.value="%d"; r.dispatchEvent(new Event("input")); return n})()`, pos)
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
			if err != nil {
				b.Fatal(err)
			}
			if err := waitJS(ctx, fmt.Sprintf(`teraplanPerf.latencies.length > %d`, n), 30*time.Second); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`teraplanPerf.latencies.slice(1)`))
	if err != nil {
		b.Fatal(err)
	}
	reportPercentiles(b, all, "slider-to-chart")
}

// reportPercentiles reports the 50th and 95th percentiles of ms.
func reportPercentiles(b *testing.B, ms []float64, what string) {
	if len(ms) == 0 {
		b.Fatal("no samples")
	}
	sort.Float64s(ms)
	pct := func(p float64) float64 { return ms[int(math.Ceil(p*float64(len(ms))))-1] }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.Logf("%s over %d samples: p50 %.1f ms, p95 %.1f ms, max %.1f ms", what, len(ms), pct(0.5), pct(0.95), ms[len(ms)-1])
}
