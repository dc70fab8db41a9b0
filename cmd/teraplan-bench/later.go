package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// ---- 7. Regions, claims odds and the live API ---------------------------

// regions times the three-region scenario (regions-2026): the plan process
// against the highs CLI on its own exported MPS file in interleaved
// rounds, and the limits of one year and the 15-year timeline (issue 14).
func (e *env) regions(r *Results) error {
	mps := filepath.Join(e.tmp, "regions.mps")
	if _, err := run([]string{e.teraplan, "export", "--scenario", "regions-2026", "--as", "mps", "--out", mps}); err != nil {
		return err
	}
	tools := []tool{
		{"plan", "teraplan plan --scenario regions-2026", []string{e.teraplan, "plan", "--quiet", "--scenario", "regions-2026"}},
		{"year", "teraplan limits --scenario regions-2026 --year 2030", []string{e.teraplan, "limits", "--quiet", "--scenario", "regions-2026", "--year", "2030"}},
	}
	if e.highs != "" {
		tools = append(tools, tool{"highs", "highs --model_file regions.mps", []string{e.highs, "--model_file", mps}})
	}
	rounds := e.reps(11, 5)
	e.logf("regions: %d interleaved rounds", rounds)
	s, err := interleave(tools, rounds, e.tmp, e.logf)
	if err != nil {
		return err
	}
	if e.highs != "" {
		r.metric(Metric{Name: "regions.plan_vs_highs", Desc: "three-region `plan --scenario regions-2026` process ÷ `highs` CLI on its exported MPS",
			Value: pairedRatio(s["plan"].Wall, s["highs"].Wall), Unit: "×", Better: "lower", Tol: 0.35,
			Target: &Target{Op: "<=", Limit: 1.5, Source: "issue 14"}})
	}
	r.metric(Metric{Name: "regions.limits_year_s", Desc: "three-region `limits --year 2030` process, re-solves included",
		Value: median(s["year"].Wall), Unit: "s", Better: "lower", Target: &Target{Op: "<", Limit: 1, Source: "issue 14"}})
	timeline := []string{e.teraplan, "limits", "--quiet", "--scenario", "regions-2026", "--years", "2026-2040"}
	var walls []float64
	for range e.reps(3, 1) {
		p, err := run(timeline)
		if err != nil {
			return err
		}
		walls = append(walls, p.Wall.Seconds())
	}
	r.metric(Metric{Name: "regions.timeline_s", Desc: "three-region `limits --years 2026-2040` process",
		Value: median(walls), Unit: "s", Better: "lower", Target: &Target{Op: "<", Limit: 10, Source: "issue 14"}})
	return nil
}

// claimsOdds times `teraplan claims --samples 1000` on the default
// scenario with the default workers (issue 16). A quick run audits 200
// samples and states the time per 1,000 from them: the samples are
// independent and the base scenario's own solves are a few tenths of a
// second.
func (e *env) claimsOdds(r *Results) error {
	n := e.reps(1000, 200)
	out := filepath.Join(e.tmp, "odds.json")
	e.logf("claims: %d samples", n)
	p, err := run([]string{e.teraplan, "claims", "--quiet", "--samples", fmt.Sprint(n), "--seed", "1", "--out", out})
	if err != nil {
		return err
	}
	os.Remove(out)
	desc := "`claims --samples 1000` on the default scenario, two workers"
	if n != 1000 {
		desc += fmt.Sprintf(" (from %d samples)", n)
	}
	r.metric(Metric{Name: "claims.samples_1000_s", Desc: desc, Value: p.Wall.Seconds() * 1000 / float64(n), Unit: "s",
		Better: "lower", Target: &Target{Op: "<", Limit: 60, Source: "issue 16"}})
	return nil
}

// serveAPI starts `teraplan serve` and times GET /api/plan with one set,
// every request a new value (no cache hit), one at a time: the latency a
// slider move waits for before its chart can change (issue 17).
func (e *env) serveAPI(r *Results) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(e.teraplan, "serve", "--quiet", "--addr", addr)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	client := &http.Client{Timeout: 30 * time.Second}
	get := func(q string) (time.Duration, error) {
		t0 := time.Now()
		resp, err := client.Get("http://" + addr + "/api/plan" + q)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET /api/plan%s: HTTP %d", q, resp.StatusCode)
		}
		return time.Since(t0), err
	}
	// The server is up when the base plan answers; that first answer
	// also solves the basis every later request starts from.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := get(""); err == nil {
			break
		} else if time.Now().After(deadline) {
			return fmt.Errorf("teraplan serve on %s did not answer: %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	n := e.reps(300, 100)
	e.logf("serve: %d requests", n)
	lat := make([]float64, 0, n)
	for i := range n {
		d, err := get(fmt.Sprintf("?set=launch.payload_t%%3D%d", 60+i))
		if err != nil {
			return err
		}
		lat = append(lat, d.Seconds())
	}
	sort.Float64s(lat)
	r.metric(Metric{Name: "serve.api_plan_p50_ms", Desc: "`GET /api/plan` with one `set` (no cache hit), median", Value: 1e3 * median(lat), Unit: "ms", Better: "lower"})
	r.metric(Metric{Name: "serve.api_plan_p95_ms", Desc: "`GET /api/plan` with one `set` (no cache hit), 95th percentile",
		Value: 1e3 * lat[(95*len(lat)+99)/100-1], Unit: "ms", Better: "lower", Target: &Target{Op: "<=", Limit: 30, Source: "issue 17"}})
	return nil
}
