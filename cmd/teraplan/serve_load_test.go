package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestServeUnderLoad holds 200 concurrent clients against the server on
// the loopback interface for 30 s (TERAPLAN_LOAD_SECONDS to change it):
// every answer is 200 or 503 (queue full, with Retry-After), and the heap
// does not grow once the cache is warm. It runs under CI=true or
// TERAPLAN_LOAD_TEST=1; elsewhere it is skipped, being half a minute of
// both cores.
func TestServeUnderLoad(t *testing.T) {
	if os.Getenv("CI") != "true" && os.Getenv("TERAPLAN_LOAD_TEST") != "1" {
		t.Skip("set TERAPLAN_LOAD_TEST=1 (CI runs it)")
	}
	seconds := 30
	if s := os.Getenv("TERAPLAN_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 600 {
			t.Fatalf("TERAPLAN_LOAD_SECONDS=%q: want 1-600", s)
		}
		seconds = n
	}
	goroutinesBefore := runtime.NumGoroutine()
	_, ts := newTestServer(t, serverConfig{Workers: 2, Queue: 32, CacheBytes: 16 << 20})
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256},
		Timeout:   2 * time.Minute,
	}
	defer client.CloseIdleConnections()

	const clients = 200
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	var ok, busy atomic.Int64
	var mu sync.Mutex
	var failures []string
	fail := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, s)
		}
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 2026))
			for time.Now().Before(deadline) {
				var path string
				switch r := rng.IntN(100); {
				case r < 85: // mostly plans, a few hundred distinct
					path = fmt.Sprintf("/api/plan?set=launch.payload_t%%3D%d", 50+rng.IntN(300))
				case r < 95:
					path = fmt.Sprintf("/api/limits?year=2030&set=space.attrition_per_year%%3D0.0%d", rng.IntN(10))
				case r < 98:
					path = "/api/timeline?years=2030-2031&top=2"
				default:
					path = "/api/claims"
				}
				resp, err := client.Get(ts.URL + path)
				if err != nil {
					fail(path + ": " + err.Error())
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case 200:
					ok.Add(1)
				case 503:
					busy.Add(1)
					if resp.Header.Get("Retry-After") == "" {
						fail(path + ": 503 without Retry-After")
					}
					time.Sleep(time.Duration(10+rng.IntN(40)) * time.Millisecond)
				default:
					fail(fmt.Sprintf("%s: HTTP %d", path, resp.StatusCode))
				}
			}
		}()
	}
	// The heap, after a collection, every few seconds once the cache has
	// had a third of the run to fill.
	var heaps []uint64
	for time.Now().Before(deadline) {
		time.Sleep(time.Duration(seconds) * time.Second / 10)
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heaps = append(heaps, m.HeapAlloc)
	}
	wg.Wait()
	t.Logf("%d clients, %d s: %d answered, %d busy (503); heap MB %v", clients, seconds, ok.Load(), busy.Load(), mb(heaps))
	if len(failures) > 0 {
		t.Errorf("errors other than 503: %q", failures)
	}
	if ok.Load() == 0 {
		t.Error("no request was answered")
	}
	if len(heaps) >= 6 {
		warm := max(heaps[2], heaps[3])
		if last := heaps[len(heaps)-1]; last > warm+warm/2+(16<<20) {
			t.Errorf("the heap grew from %d MB to %d MB under steady load", warm>>20, last>>20)
		}
	}
	ts.Close()
	client.CloseIdleConnections()
	time.Sleep(200 * time.Millisecond)
	if n := runtime.NumGoroutine(); n > goroutinesBefore+40 {
		t.Errorf("%d goroutines after the load, %d before", n, goroutinesBefore)
	}
}

func mb(b []uint64) []uint64 {
	out := make([]uint64, len(b))
	for i, x := range b {
		out[i] = x >> 20
	}
	return out
}
