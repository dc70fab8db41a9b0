package lp

import (
	"runtime"
	"sync"
)

// HiGHS keeps per-thread state (its task executor, and glibc a malloc arena
// per thread), so calling it from whichever OS thread the Go scheduler
// picks lets memory grow with every new thread a long sweep touches. Every
// solve therefore runs on one of a fixed set of goroutines locked to their
// OS threads, as many as GOMAXPROCS when first used; more concurrent solves
// queue, which costs nothing when they are CPU-bound anyway.
var solverThreads struct {
	once sync.Once
	jobs chan func()
}

// onSolverThread runs f on a solver thread, returning once a thread has
// taken it; f signals its own completion.
func onSolverThread(f func()) {
	solverThreads.once.Do(func() {
		n := max(runtime.GOMAXPROCS(0), 1)
		solverThreads.jobs = make(chan func())
		for range n {
			go func() {
				runtime.LockOSThread() // never unlocked: the thread stays the solver's
				for job := range solverThreads.jobs {
					job()
				}
			}()
		}
	})
	solverThreads.jobs <- f
}
