package main

import (
	"context"
	"errors"
	"sync"

	"teraplan/plans"
)

// anchors hands out warm starts for plans. A min-cost plan request is
// solved from the optimal basis of its base scenario's own min-cost plan
// (same scenario and options, no overrides), as a sweep solves each run
// from its base: a slider move changes a few numbers of the model, so the
// base's basis is a few pivots from the new optimum, and the answer
// depends only on the request — never on which worker solves it or what it
// solved before. A request that scales one parameter far from its base
// value starts instead from the plan of the base with that parameter at
// the nearest rung of a ladder of factors (anchorRung), one anchor per
// rung. Where a model has several optimal plans, which one a solve
// reports depends on its starting basis; anchoring makes that choice the
// same for every identical request, so the cache and a fresh solve agree.
//
// Each anchor is solved once, cold, by the first request that needs it;
// others needing the same anchor wait for it. An anchor whose base has no
// plan is remembered as none, and its requests are solved cold.
type anchors struct {
	mu sync.Mutex
	m  map[string]*anchor
}

type anchor struct {
	mu   sync.Mutex
	done bool          // solved (or found to have no plan)
	sv   *plans.Solver // anchored at the base's basis; nil: solve cold
}

// solver returns a Solver that starts from the anchor named key, solving
// the anchor first with base when needed. The caller owns (and closes)
// the Solver. A nil Solver with a nil error means: solve cold. An error
// is returned only when ctx ends while the anchor is being solved.
func (a *anchors) solver(ctx context.Context, key string, base func(context.Context, *plans.Solver) error) (*plans.Solver, error) {
	a.mu.Lock()
	if a.m == nil {
		a.m = map[string]*anchor{}
	}
	an, ok := a.m[key]
	if !ok {
		an = &anchor{}
		a.m[key] = an
	}
	a.mu.Unlock()

	an.mu.Lock()
	defer an.mu.Unlock()
	if !an.done {
		sv := &plans.Solver{}
		err := base(ctx, sv)
		switch {
		case err != nil && (ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
			// Cut short: the next request tries again.
			sv.Close()
			return nil, err
		case err == nil && sv.Anchor():
			an.sv = sv
		default:
			sv.Close()
		}
		an.done = true
	}
	if an.sv == nil {
		return nil, nil
	}
	// An anchored Solver keeps no HiGHS instance between solves; its
	// clones share nothing with it but a copy of the basis.
	return an.sv.Clone(), nil
}

// close frees the anchors' Solvers.
func (a *anchors) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, an := range a.m {
		an.mu.Lock()
		if an.sv != nil {
			an.sv.Close()
		}
		an.mu.Unlock()
	}
}
