package main

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// errBusy is returned when the solve queue is full: the client should try
// again shortly (HTTP 503 with Retry-After).
var errBusy = errors.New("serve: the solve queue is full; try again in a moment")

// solveJob is one document to compute. run is called on a worker with
// that worker's solver state; the result goes to done.
type solveJob struct {
	ctx  context.Context // the request's: a job whose client has left is skipped
	run  func(w *solveWorker) ([]byte, error)
	done chan jobResult
	// queued is when the job was admitted; one that waited longer than the
	// pool's maxWait is answered errBusy instead of being run.
	queued time.Time
	// analysis jobs (limits, timeline, claims: many solves each) never
	// take the last worker, which stays free for plans, so a slider
	// answers while the heat map is still being recomputed.
	analysis bool
}

type jobResult struct {
	body []byte
	err  error
}

// solveWorker is one worker goroutine. Every solve of the server runs on
// a worker, one job at a time. A plan's warm start needs no state here: it
// starts from its anchor (anchors), the same on every worker.
type solveWorker struct {
	id int
}

// solvePool runs jobs on a fixed number of workers behind bounded
// queues, one for plans and one for analysis jobs, so a burst of one kind
// cannot lock the other out. Admission is a semaphore of workers+queue
// slots per kind taken without waiting, so a burst beyond it is refused at
// once (errBusy) instead of piling up goroutines and memory; and a job
// that waited in the queue longer than maxWait is refused too, so no
// request waits longer than maxWait plus its own solve.
type solvePool struct {
	maxWait       time.Duration
	planSlots     chan struct{}
	analysisSlots chan struct{}
	interactive   chan *solveJob
	analysis      chan *solveJob
	stop          chan struct{}
	wg            sync.WaitGroup
}

// newSolvePool starts workers (at least 2: one is kept for plans) with
// room for queue waiting jobs of each kind, none waiting longer than
// maxWait (0 = no limit).
func newSolvePool(workers, queue int, maxWait time.Duration) *solvePool {
	workers = max(workers, 2)
	queue = max(queue, 0)
	p := &solvePool{
		maxWait:       maxWait,
		planSlots:     make(chan struct{}, workers+queue),
		analysisSlots: make(chan struct{}, workers+queue),
		interactive:   make(chan *solveJob, workers+queue),
		analysis:      make(chan *solveJob, workers+queue),
		stop:          make(chan struct{}),
	}
	for i := range workers {
		w := &solveWorker{id: i}
		general := i < workers-1
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.work(w, general)
		}()
	}
	return p
}

func (p *solvePool) work(w *solveWorker, general bool) {
	for {
		// Plans first, whatever else waits.
		select {
		case j := <-p.interactive:
			p.exec(w, j)
			continue
		default:
		}
		if general {
			select {
			case j := <-p.interactive:
				p.exec(w, j)
			case j := <-p.analysis:
				p.exec(w, j)
			case <-p.stop:
				return
			}
		} else {
			select {
			case j := <-p.interactive:
				p.exec(w, j)
			case <-p.stop:
				return
			}
		}
	}
}

func (p *solvePool) exec(w *solveWorker, j *solveJob) {
	defer func() { <-p.slotsFor(j) }()
	if err := j.ctx.Err(); err != nil {
		j.done <- jobResult{err: err}
		return
	}
	if p.maxWait > 0 && time.Since(j.queued) > p.maxWait {
		j.done <- jobResult{err: errBusy}
		return
	}
	body, err := j.run(w)
	j.done <- jobResult{body, err}
}

// submit queues j, or returns errBusy when every slot is taken.
func (p *solvePool) submit(j *solveJob) error {
	select {
	case p.slotsFor(j) <- struct{}{}:
	default:
		return errBusy
	}
	j.done = make(chan jobResult, 1)
	j.queued = time.Now()
	if j.analysis {
		p.analysis <- j
	} else {
		p.interactive <- j
	}
	return nil
}

func (p *solvePool) slotsFor(j *solveJob) chan struct{} {
	if j.analysis {
		return p.analysisSlots
	}
	return p.planSlots
}

// close stops the workers once the jobs they are running finish.
func (p *solvePool) close() {
	close(p.stop)
	p.wg.Wait()
}

// docCache keeps recently computed documents, least recently used out
// first, within a byte budget; and it joins identical requests in flight,
// so a hundred clients asking for the same plan cause one solve.
type docCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // front = most recent; values are *cacheEntry
	entries  map[string]*list.Element
	inflight map[string]*flight
}

type cacheEntry struct {
	key  string
	body []byte
}

type flight struct {
	done chan struct{}
	body []byte
	err  error
}

func newDocCache(maxBytes int) *docCache {
	return &docCache{maxBytes: maxBytes, order: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*flight{}}
}

// get returns the document for key, computing it with compute unless it
// is cached or already being computed, in which case it waits for that.
// Errors are not cached: a request that failed for being busy or timed out
// can succeed later.
func (c *docCache) get(ctx context.Context, key string, compute func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	for {
		if e, ok := c.entries[key]; ok {
			c.order.MoveToFront(e)
			body := e.Value.(*cacheEntry).body
			c.mu.Unlock()
			return body, nil
		}
		f, ok := c.inflight[key]
		if !ok {
			break
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// The leader's client may have left before its job started; then
		// this one, still here, asks again.
		if !errors.Is(f.err, context.Canceled) || ctx.Err() != nil {
			return f.body, f.err
		}
		c.mu.Lock()
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()

	f.body, f.err = compute()

	c.mu.Lock()
	delete(c.inflight, key)
	if f.err == nil {
		c.add(key, f.body)
	}
	c.mu.Unlock()
	close(f.done)
	return f.body, f.err
}

// add stores body under key and evicts the least recently used entries
// beyond the budget. A document larger than the whole budget is not kept.
func (c *docCache) add(key string, body []byte) {
	if len(body) > c.maxBytes {
		return
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key, body})
	c.bytes += len(body)
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.entries, e.key)
		c.bytes -= len(e.body)
	}
}

// len is the number of cached documents and their size in bytes.
func (c *docCache) len() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}
