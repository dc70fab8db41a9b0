package sweep

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkMonteCarlo: a 100-sample Monte Carlo of seed-2026 (default
// metrics, records discarded) with 1 and 2 workers; runs/s is the number
// to compare (BENCH_NOTES.md).
func BenchmarkMonteCarlo(b *testing.B) {
	base := loadSeed(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 100, Seed: 2026})
			if err != nil {
				b.Fatal(err)
			}
			runs := 0
			faults0 := minorFaults()
			start := time.Now()
			for b.Loop() {
				st, err := sw.Execute(context.Background(), ExecOptions{Workers: workers}, func(*Record) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
				runs += st.Emitted
			}
			b.ReportMetric(float64(runs)/time.Since(start).Seconds(), "runs/s")
			b.ReportMetric(float64(minorFaults()-faults0)/float64(runs), "pagefaults/run")
		})
	}
}

// BenchmarkPeakMemory: the peak heap in use and memory obtained from the
// OS while a Monte Carlo of 100 and of 10,000 runs streams its records
// through the summary accumulator (as the CLI does), sampled every 10 ms.
// Run with -benchtime=1x: the 10,000-run case takes minutes.
func BenchmarkPeakMemory(b *testing.B) {
	base := loadSeed(b)
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("runs=%d", n), func(b *testing.B) {
			sw, err := New(base, Spec{Kind: MonteCarlo, Samples: n, Seed: 2026})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				runtime.GC()
				var peakHeap, peakSys uint64
				done := make(chan struct{})
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					var m runtime.MemStats
					tick := time.NewTicker(10 * time.Millisecond)
					defer tick.Stop()
					for {
						runtime.ReadMemStats(&m)
						peakHeap, peakSys = max(peakHeap, m.HeapInuse), max(peakSys, m.Sys)
						select {
						case <-done:
							return
						case <-tick.C:
						}
					}
				}()
				acc := NewAccumulator("")
				codec := NewCodec(sw, JSONL)
				_, err := sw.Execute(context.Background(), ExecOptions{Workers: 2}, func(r *Record) error {
					acc.Add(r)
					_, err := codec.Encode(r)
					return err
				})
				close(done)
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				_ = acc.Summary()
				b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(peakSys)/(1<<20), "peak-sys-MB")
			}
		})
	}
}

// minorFaults is the process's count of minor page faults so far: memory
// touched for the first time, or again after it was given back to the
// kernel, which a steady sweep should not need.
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Minflt
}
