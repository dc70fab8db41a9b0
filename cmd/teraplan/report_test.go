package main

import (
	"bufio"
	"bytes"
	"context"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const chromiumPath = "/usr/bin/chromium"

// needChromium skips without Debian's chromium, except under CI=true,
// where it must be there (.ci/run installs it).
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: apt-get install chromium", chromiumPath)
		}
		t.Skipf("%s not installed", chromiumPath)
	}
}

func writeReport(t *testing.T) string {
	t.Helper()
	app, _, errOut := testApp(t, nil)
	path := filepath.Join(t.TempDir(), "report.html")
	if code := runCmd(app, []string{"report", "--html", path}); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	return path
}

var (
	refAttr  = regexp.MustCompile(`(?i)\s(src|href|srcset|action|formaction|poster|background|data|xlink:href|ping)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	cssURL   = regexp.MustCompile(`(?i)url\(|@import`)
	fetchTag = regexp.MustCompile(`(?i)<(link|iframe|object|embed|base|audio|video|source|track|frame)\b`)
	absURL   = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
)

// offlineProblems lists whatever in page could make a browser fetch:
// attributes that load something and are not data: URIs or in-page
// anchors, CSS url() and @import, tags that load resources, and script
// that names a network API. URLs inside ordinary text (a parameter's
// source) are fine: text is not fetched.
func offlineProblems(page string) []string {
	var out []string
	for _, m := range refAttr.FindAllStringSubmatch(page, -1) {
		v := strings.Trim(m[2], `"'`)
		if !strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "#") {
			out = append(out, m[1]+"="+v)
		}
	}
	if m := cssURL.FindString(page); m != "" {
		out = append(out, "CSS "+m)
	}
	if m := fetchTag.FindString(page); m != "" {
		out = append(out, "tag "+m)
	}
	for _, api := range []string{"fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import("} {
		if strings.Contains(page, api) {
			out = append(out, "script uses "+api)
		}
	}
	if !strings.Contains(page, `content="default-src 'none'; img-src data:;`) {
		out = append(out, "no Content-Security-Policy forbidding fetches")
	}
	return out
}

func TestReportIsOffline(t *testing.T) {
	b, err := os.ReadFile(writeReport(t))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if p := offlineProblems(page); len(p) > 0 {
		t.Errorf("the report can fetch: %q", p)
	}
	// The check can fail: each of these is caught.
	for _, bad := range []string{
		`<img src="https://example.com/x.png">`,
		`<link rel="stylesheet" href="https://fonts.googleapis.com/css">`,
		`<style>body{background:url(http://example.com/a.png)}</style>`,
		`<script>fetch("/x")</script>`,
	} {
		if len(offlineProblems(strings.Replace(page, "</body>", bad+"</body>", 1))) == 0 {
			t.Errorf("offline check misses %s", bad)
		}
	}
	// Every absolute URL left is in the text of a table cell (a source).
	for _, m := range absURL.FindAllStringIndex(page, -1) {
		before := page[:m[0]]
		if strings.LastIndex(before, "<") > strings.LastIndex(before, ">") {
			t.Errorf("URL inside a tag: %q", page[max(0, m[0]-40):m[1]])
		}
	}
	for _, want := range []string{"Plan summary", "Bottleneck timeline", "Claims audit", `id="params-table"`,
		"launch.cost_usd_per_kg", "$/kg", "estimate"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// proxy is a stand-in HTTP proxy that records the first line of every
// request made through it and answers nothing: every fetch a browser
// attempts shows up here.
type proxy struct {
	ln   net.Listener
	mu   sync.Mutex
	reqs []string
}

func newProxy(t *testing.T) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetReadDeadline(time.Now().Add(5 * time.Second))
				line, _ := bufio.NewReader(c).ReadString('\n')
				p.mu.Lock()
				p.reqs = append(p.reqs, strings.TrimSpace(line))
				p.mu.Unlock()
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return p
}

// pageRequests are the requests not made by chromium's own background
// services, which the flags below do not all silence in Debian's build
// (component updates, sign-in): their exact hosts are allowed, nothing else.
func (p *proxy) pageRequests() []string {
	own := []string{"update.googleapis.com", "accounts.google.com", "clients2.google.com", "clientservices.googleapis.com",
		"optimizationguide-pa.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com"}
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
next:
	for _, r := range p.reqs {
		f := strings.Fields(r)
		if len(f) < 2 {
			continue
		}
		host := strings.TrimPrefix(strings.TrimPrefix(f[1], "http://"), "https://")
		host, _, _ = strings.Cut(host, "/")
		host, _, _ = strings.Cut(host, ":")
		for _, o := range own {
			if host == o {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}

// chromium runs headless chromium on file with every request sent to the
// proxy, and returns stdout and stderr.
func chromium(t *testing.T, p *proxy, file string, extra ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
		"--disable-domain-reliability", "--no-pings", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
		"--proxy-server=http://" + p.ln.Addr().String(), "--proxy-bypass-list=<-loopback>"}, extra...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// consoleLines are the page's console messages (uncaught errors included)
// as chromium logs them with --enable-logging=stderr.
func consoleLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Uncaught") {
			out = append(out, l)
		}
	}
	return out
}

var (
	bodyCharts = regexp.MustCompile(`<body[^>]*\sdata-charts="(\d+)/(\d+)"`)
	bodyBlank  = regexp.MustCompile(`<body[^>]*\sdata-blank="([^"]*)"`)
)

// TestReportInBrowser loads the report in headless chromium: no console
// errors, no request leaves the page, and every chart image decodes and
// has ink (the page's own script draws each chart onto a canvas and counts
// non-white pixels); then a screenshot of the charts is decoded and checked
// for colour.
func TestReportInBrowser(t *testing.T) {
	needChromium(t)
	path := writeReport(t)
	p := newProxy(t)
	dom, stderr := chromium(t, p, path, "--dump-dom")
	if c := consoleLines(stderr); len(c) > 0 {
		t.Errorf("console messages: %q", c)
	}
	m := bodyCharts.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the page's check did not run (no data-charts on body); DOM starts %q", dom[:min(300, len(dom))])
	}
	if m[1] != m[2] || m[2] != "8" { // seven plan charts and the near-optimal ranges
		bl := bodyBlank.FindStringSubmatch(dom)
		t.Errorf("charts drawn %s of %s (want 8 of 8); blank or broken: %q", m[1], m[2], bl)
	}
	if strings.Contains(dom, "data-errors=") {
		t.Error("the page recorded script errors")
	}
	if r := p.pageRequests(); len(r) > 0 {
		t.Errorf("the page made network requests: %q", r)
	}

	// A screenshot of the top of the page, where the charts begin.
	shot := filepath.Join(t.TempDir(), "shot.png")
	chromium(t, p, path, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	coloured := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if max(r, g, bl)-min(r, g, bl) > 40 {
				coloured++
			}
		}
	}
	// Text and tables are black and grey; the charts are the colour.
	if coloured < 50000 {
		t.Errorf("screenshot has %d coloured pixels: the charts are not drawn", coloured)
	}
	t.Logf("screenshot %v: %d coloured pixels", b.Size(), coloured)
}

// TestBrowserChecksCanFail is the control: a page with a console error, an
// uncaught exception, a blank chart and a remote image must trip every
// check above.
func TestBrowserChecksCanFail(t *testing.T) {
	needChromium(t)
	page := `<!DOCTYPE html><html><body>
<img class="chart" data-chart="blank" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMDAiIGhlaWdodD0iMTAwIj48L3N2Zz4=">
<img src="http://example.invalid/remote.png">
<script>console.error("deliberate"); notDefined();</script>
<script>addEventListener("load",function(){var n=0;document.querySelectorAll("img.chart").forEach(function(i){
var c=document.createElement("canvas");c.width=i.naturalWidth;c.height=i.naturalHeight;var x=c.getContext("2d");x.drawImage(i,0,0);
var d=x.getImageData(0,0,c.width,c.height).data;for(var k=0;k<d.length;k+=4){if(d[k+3]>128&&(d[k]<240||d[k+1]<240||d[k+2]<240))n++}});
document.body.dataset.charts=(n>2000?1:0)+"/1"});</script></body></html>`
	path := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	p := newProxy(t)
	dom, stderr := chromium(t, p, path, "--dump-dom")
	if c := consoleLines(stderr); len(c) < 2 {
		t.Errorf("console errors not seen: %q", c)
	}
	if m := bodyCharts.FindStringSubmatch(dom); m == nil || m[1] != "0" {
		t.Errorf("blank chart not caught: %v", m)
	}
	found := false
	for _, r := range p.pageRequests() {
		found = found || strings.Contains(r, "example.invalid")
	}
	if !found {
		t.Errorf("remote image request not seen by the proxy: %q", p.pageRequests())
	}
}
