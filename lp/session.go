package lp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
	"unsafe"
)

// Session re-solves models warm: it keeps the last model it solved loaded
// in a HiGHS instance, and the last optimal basis, so that the next solve
// starts from that basis instead of from scratch. Callers ask for a
// solve; the Session decides what it can reuse:
//
//   - A model of the same shape (numbers of rows and columns, objective
//     sense) as the loaded one: the differences — column bounds, row
//     bounds, costs, the objective constant and matrix coefficients
//     (changed, new or removed nonzeros, found by merging the two models'
//     rows) — are applied to the loaded instance, which keeps its basis.
//     When more coefficients differ than a fifth of the number of rows (at
//     least 16), the model is loaded afresh and given the saved basis.
//   - A model of another shape: it is loaded afresh and given the saved
//     basis mapped by name, column family[label] to column family[label]
//     and row to row; what has no counterpart starts nonbasic at a bound
//     (a column) or basic (a row). HiGHS completes or repairs such a
//     basis, so a model truncated or extended by a period reuses most of
//     its predecessor's basis.
//   - A model with integer variables (unless Options.Relax) is solved
//     cold, as by Model.Solve, and leaves the session as it was.
//
// A start from a basis prices the dual simplex by Devex (or as Near says:
// by Dantzig's rule) when few entries
// of the model changed since that basis was optimal, and by steepest edge
// when more than an eighth of the rows' worth did (or as Far says: by
// Dantzig's rule, or cold with presolve): the exact
// steepest-edge weights cost a solve with the basis per row, more than
// the few iterations a near start usually takes, but Devex can stall for
// thousands of expensive iterations (a Monte Carlo sample of the default
// scenario: seconds, where a cold solve takes 30 ms). A near start that
// runs past its budget of iterations (devexBudget) starts again from the
// same basis priced by steepest edge. Both choices depend only on the
// models, never on timing (SessionStats.Far counts them).
//
// Where a model has several optimal solutions (or several optimal dual
// solutions, at a degenerate vertex), which one a solve reports depends on
// its starting basis, and so, for a Session, on what it solved before.
// Anchor fixes the starting basis, for callers whose results must not
// depend on the order of solves.
//
// Every solution passes the same residual check as Model.Solve; a warm
// solution that fails it is solved again cold before an error is
// returned, so a warm start never changes what is accepted, only how fast.
//
// Ownership and lifetime: a Session belongs to one goroutine at a time
// (it is not safe for concurrent use; give each worker its own) and owns
// its HiGHS instance, which Close frees; a Session that is no longer used
// and not closed holds that memory until the process ends (Highs objects
// have no finalizer). After any error (infeasible, unbounded, time or
// iteration limit, residual, solver failure) or a cancelled context the
// instance is dropped and the next solve loads its model afresh, from the
// last optimal basis when there is one. When ctx is cancelled during a
// solve that runs on a solver thread (Options.Inline unset), Solve returns
// at once, the abandoned instance (and the saved basis) go with the
// running solve, which frees them when HiGHS finishes, and the next solve
// is cold. The zero Session is ready to use.
type Session struct {
	st    *sessionState // nil until the first solve, and after an abandoned one
	stats SessionStats
	// Far is how a solve that starts far from its optimum begins
	// (FarStart); the zero value prices it by steepest edge.
	Far FarStart
	// Near is how a solve that starts near its optimum is priced
	// (NearStart); the zero value prices it by Devex.
	Near NearStart
}

// NearStart is how a Session prices a solve whose saved basis is near the
// new optimum (few entries of the model changed). Devex, the default,
// costs least per iteration where the weights matter; on a grid sweep of
// the default scenario Dantzig's rule took a fifth less time. Either
// way a near start that runs past its budget of iterations (devexBudget)
// starts again priced by steepest edge. A caller that solves many such
// models (a sweep) can try both on a few and keep the one that takes
// fewer iterations.
type NearStart int

const (
	// NearDevex prices a near start by Devex.
	NearDevex NearStart = iota
	// NearDantzig prices a near start by Dantzig's rule.
	NearDantzig
)

var nearStartNames = [...]string{"Devex", "Dantzig"}

func (n NearStart) String() string {
	if n >= 0 && int(n) < len(nearStartNames) {
		return nearStartNames[n]
	}
	return fmt.Sprintf("NearStart(%d)", int(n))
}

// FarStart is how a Session begins a solve whose saved basis is far from
// the new optimum (more changed entries than an eighth of the rows). No
// one way is fastest on every model: on a Monte Carlo sample of the
// default scenario Dantzig's rule takes half of steepest edge's
// iterations (median 93 against 184) and skips its start-up cost, on the
// public scenario split into three regions it takes three times as many
// (1,277 against 373), and on the seed three-region scenario both take
// more than a cold solve with presolve (about 6,000–10,000 against
// 3,900). A caller that solves many such models (a sweep) can try each
// on a few of them and keep the one that takes fewest iterations: the
// choice then depends only on the models, never on timing.
type FarStart int

const (
	// FarSteepest starts from the saved basis priced by steepest edge.
	FarSteepest FarStart = iota
	// FarDantzig starts from the saved basis priced by Dantzig's rule.
	FarDantzig
	// FarCold ignores the saved basis: HiGHS presolves and solves from
	// scratch, as Model.Solve does.
	FarCold
)

var farStartNames = [...]string{"steepest edge", "Dantzig", "cold"}

func (f FarStart) String() string {
	if f >= 0 && int(f) < len(farStartNames) {
		return farStartNames[f]
	}
	return fmt.Sprintf("FarStart(%d)", int(f))
}

// sessionState is what a Session keeps between solves; a solve abandoned
// on a solver thread takes it along and frees it.
type sessionState struct {
	h      unsafe.Pointer // the Highs object, nil when none is loaded
	loaded snapshot       // the model h holds, when h ≠ nil
	far    FarStart       // the Session's Far, for this solve
	near   NearStart      // the Session's Near, for this solve

	basis     savedBasis // the last optimal basis, valid when basis.ok
	anchored  bool       // basis is fixed: every solve loads afresh from it
	ref       *snapshot  // the anchor's model, when anchored (shared by clones, read only)
	scratch   []int32    // column positions while merging rows, −1 unused
	changes   []coeff
	set       []int32
	lo, hi    []float64
	start, ix []int32 // the CSR arrays as HighsInt
}

// SessionStats count how a Session's solves started.
type SessionStats struct {
	Solves   int // every call to Solve that reached HiGHS
	Warm     int // solved in the loaded instance after applying changes
	Reloaded int // loaded afresh and given the saved basis
	Cold     int // loaded afresh without a basis, or solved as a MIP
	// Far counts the warm and reloaded solves priced by steepest edge
	// rather than Devex: those that started far from the new optimum
	// (more entries of the model changed than an eighth of its rows,
	// counted from the model the basis was optimal for), and near starts
	// that ran past their Devex budget and started again.
	Far int
}

// Stats returns the counts of the Session's solves so far.
func (s *Session) Stats() SessionStats { return s.stats }

// Close frees the HiGHS instance and the saved basis. The Session may be
// used again afterwards; its next solve is cold.
func (s *Session) Close() {
	if s.st != nil {
		s.st.close()
	}
}

func (s *sessionState) close() {
	s.drop()
	s.basis = savedBasis{}
}

// drop frees the loaded instance, keeping the saved basis.
func (s *sessionState) drop() {
	if s.h != nil {
		highsDestroy(s.h)
		s.h = nil
	}
	s.loaded = snapshot{}
}

// snapshot is a copy of what a Highs object was loaded with, to find the
// differences to the next model.
type snapshot struct {
	colLo, colHi, cost []float64
	rowLo, rowHi       []float64
	rowStart, rowCol   []int
	rowVal             []float64
	sense              Sense
	offset             float64
}

func (sn *snapshot) take(m *Model) {
	sn.colLo = append(sn.colLo[:0], m.colLo...)
	sn.colHi = append(sn.colHi[:0], m.colHi...)
	sn.cost = append(sn.cost[:0], m.cost...)
	sn.rowLo = append(sn.rowLo[:0], m.rowLo...)
	sn.rowHi = append(sn.rowHi[:0], m.rowHi...)
	sn.rowStart = append(sn.rowStart[:0], m.rowStart...)
	sn.rowCol = append(sn.rowCol[:0], m.rowCol...)
	sn.rowVal = append(sn.rowVal[:0], m.rowVal...)
	sn.sense, sn.offset = m.sense, m.offset
}

// family is a family's name, labels and first position, kept to map a
// basis to a model of another shape by name.
type family struct {
	name  string
	idx   Index
	first int
}

// savedBasis is an optimal basis and the families it was indexed by.
type savedBasis struct {
	ok         bool
	col, row   []int32
	vars, cons []family
}

func (b *savedBasis) save(h unsafe.Pointer, m *Model) error {
	b.ok = false
	b.col = slices.Grow(b.col[:0], m.NumCols())[:m.NumCols()]
	b.row = slices.Grow(b.row[:0], m.NumRows())[:m.NumRows()]
	if err := highsGetBasis(h, b.col, b.row); err != nil {
		return err
	}
	b.vars, b.cons = b.vars[:0], b.cons[:0]
	for _, f := range m.vars {
		b.vars = append(b.vars, family{f.name, f.idx, f.first})
	}
	for _, c := range m.cons {
		b.cons = append(b.cons, family{c.name, c.idx, c.first})
	}
	b.ok = true
	return nil
}

// sameFamilies reports whether m has exactly the families the basis was
// saved for, so that positions correspond.
func (b *savedBasis) sameFamilies(m *Model) bool {
	if len(b.vars) != len(m.vars) || len(b.cons) != len(m.cons) || len(b.col) != m.NumCols() || len(b.row) != m.NumRows() {
		return false
	}
	for i, f := range m.vars {
		if g := b.vars[i]; g.name != f.name || g.first != f.first || !slices.Equal(g.idx, f.idx) {
			return false
		}
	}
	for i, c := range m.cons {
		if g := b.cons[i]; g.name != c.name || g.first != c.first || !slices.Equal(g.idx, c.idx) {
			return false
		}
	}
	return true
}

// mapTo returns the basis for m: the saved one when m has the same
// families (complete: it was optimal for m's rows and columns), else
// mapped by family name and label.
func (b *savedBasis) mapTo(m *Model) (col, row []int32, complete bool) {
	if b.sameFamilies(m) {
		return b.col, b.row, true
	}
	col = make([]int32, m.NumCols())
	for j := range col {
		col[j] = restingStatus(m.colLo[j], m.colHi[j])
	}
	row = make([]int32, m.NumRows())
	for i := range row {
		row[i] = basisBasic
	}
	mapFamilies := func(old []family, names []string, first []int, idxs []Index, from, to []int32) {
		byName := make(map[string]family, len(old))
		for _, f := range old {
			byName[f.name] = f
		}
		for k, name := range names {
			f, ok := byName[name]
			if !ok {
				continue
			}
			pos := make(map[string]int, len(f.idx))
			for i, l := range f.idx {
				pos[l] = f.first + i
			}
			for i, l := range idxs[k] {
				if p, ok := pos[l]; ok {
					to[first[k]+i] = from[p]
				}
			}
		}
	}
	names, first, idxs := make([]string, len(m.vars)), make([]int, len(m.vars)), make([]Index, len(m.vars))
	for k, f := range m.vars {
		names[k], first[k], idxs[k] = f.name, f.first, f.idx
	}
	mapFamilies(b.vars, names, first, idxs, b.col, col)
	names, first, idxs = make([]string, len(m.cons)), make([]int, len(m.cons)), make([]Index, len(m.cons))
	for k, c := range m.cons {
		names[k], first[k], idxs[k] = c.name, c.first, c.idx
	}
	mapFamilies(b.cons, names, first, idxs, b.row, row)
	// A nonbasic status must name a finite bound of the new model.
	for j, st := range col {
		if st != basisBasic {
			col[j] = nonbasicAt(st, m.colLo[j], m.colHi[j])
		}
	}
	for i, st := range row {
		if st != basisBasic {
			row[i] = nonbasicAt(st, m.rowLo[i], m.rowHi[i])
		}
	}
	return col, row, false
}

// restingStatus is the nonbasic status of a variable with no counterpart:
// at its lower bound when finite, else its upper, else zero (free).
func restingStatus(lo, hi float64) int32 {
	switch {
	case !math.IsInf(lo, -1):
		return basisLower
	case !math.IsInf(hi, 1):
		return basisUpper
	}
	return basisZero
}

// nonbasicAt keeps st when its bound is finite, else rests at another.
func nonbasicAt(st int32, lo, hi float64) int32 {
	switch {
	case st == basisLower && !math.IsInf(lo, -1), st == basisUpper && !math.IsInf(hi, 1):
		return st
	}
	return restingStatus(lo, hi)
}

// startKind is how a session solve began.
type startKind int

const (
	startCold startKind = iota
	startReloaded
	startWarm
)

func (d *SessionStats) add(e SessionStats) {
	d.Solves += e.Solves
	d.Warm += e.Warm
	d.Reloaded += e.Reloaded
	d.Cold += e.Cold
	d.Far += e.Far
}

// Solve solves m, warm when the Session can (see Session). Its options,
// errors and solution are those of Model.Solve; Solution.Warm tells
// whether the solve started from an earlier basis.
func (s *Session) Solve(ctx context.Context, m *Model, opt Options) (*Solution, error) {
	if err := prepare(ctx, &opt); err != nil {
		return nil, err
	}
	if m.NumCols() == 0 {
		return m.solveEmpty()
	}
	if m.numInt > 0 && !opt.Relax {
		s.stats.Solves++
		s.stats.Cold++
		return m.Solve(ctx, opt)
	}
	if s.st == nil {
		s.st = &sessionState{}
	}
	st := s.st
	st.far, st.near = s.Far, s.Near
	if opt.Inline {
		lockScheduler(opt.Threads)
		sol, n, err := st.solve(m, opt)
		schedMu.RUnlock()
		s.stats.add(n)
		if err == nil && ctx.Err() != nil {
			st.drop()
			return nil, ctx.Err()
		}
		return sol, err
	}
	type result struct {
		sol *Solution
		n   SessionStats
		err error
	}
	var (
		mu        sync.Mutex
		abandoned bool
	)
	done := make(chan result, 1)
	go onSolverThread(func() {
		lockScheduler(opt.Threads)
		defer schedMu.RUnlock()
		sol, n, err := st.solve(m, opt)
		mu.Lock()
		defer mu.Unlock()
		if abandoned {
			// Solve has returned: the state is this job's alone.
			st.close()
			return
		}
		done <- result{sol, n, err}
	})
	select {
	case r := <-done:
		s.stats.add(r.n)
		if r.err == nil || errors.Is(r.err, ErrTimeLimit) {
			if ctxErr := ctx.Err(); ctxErr != nil && r.sol == nil {
				return nil, ctxErr
			}
		}
		return r.sol, r.err
	case <-ctx.Done():
		mu.Lock()
		select {
		case r := <-done:
			// Finished meanwhile: the result is discarded, the basis kept.
			s.stats.add(r.n)
			st.drop()
		default:
			// The running job owns the state now and frees it.
			abandoned = true
			s.st = nil
		}
		mu.Unlock()
		return nil, ctx.Err()
	}
}

// solve runs one solve on the calling thread; on error the instance is
// dropped.
func (s *sessionState) solve(m *Model, opt Options) (*Solution, SessionStats, error) {
	var n SessionStats
	sol, err := s.attempt(m, opt, true, &n)
	started := n.Warm + n.Reloaded // the attempt used the kept basis
	if err != nil && started > 0 && (errors.Is(err, ErrResidual) || errors.Is(err, ErrSolver) ||
		errors.Is(err, ErrInfeasible) || errors.Is(err, ErrUnbounded) || errors.Is(err, ErrInfeasibleOrUnbounded) ||
		errors.Is(err, ErrIterationLimit)) {
		// Never let a warm start change what is accepted, nor make HiGHS
		// fail where a cold solve does not: try cold.
		s.drop()
		sol, err = s.attempt(m, opt, false, &n)
	}
	if errors.Is(err, ErrResidual) {
		sol = nil
	}
	if err != nil {
		s.drop()
	}
	return sol, n, err
}

// attempt loads or updates the instance, runs HiGHS and reads the
// solution back. With warm unset it loads m afresh without a basis. The
// solution is returned with ErrResidual, for solve to decide.
func (s *sessionState) attempt(m *Model, opt Options, warm bool, n *SessionStats) (*Solution, error) {
	t0 := time.Now()
	how := startCold
	if s.anchored {
		s.drop() // a new instance: nothing of the previous solve carries over
	}
	// far: the start is far from m's optimum, measured by how many entries
	// of the model changed since the basis was optimal.
	far := false
	if warm && s.h != nil && s.sameShape(m) {
		ok, changed, err := s.apply(m)
		if err != nil {
			return nil, err
		}
		if ok {
			how = startWarm
			far = changed > farChanges(m)
		} else {
			far = true // too many coefficients changed to apply them
		}
	}
	if warm && s.anchored && s.ref != nil {
		far = s.distance(s.ref, m, farChanges(m)) > farChanges(m)
	}
	if far && s.far == FarCold {
		// Solve as from scratch: a new instance, so that HiGHS presolves.
		warm, far = false, false
		if how == startWarm {
			s.drop()
			how = startCold
		}
	}
	if how != startWarm {
		if err := s.load(m); err != nil {
			return nil, err
		}
		if warm && s.basis.ok {
			col, row, complete := s.basis.mapTo(m)
			if err := highsSetBasis(s.h, col, row, complete); err == nil {
				how = startReloaded
			}
		}
	}
	if !s.anchored {
		s.loaded.take(m)
	}
	price := priceChoose
	switch {
	case how == startCold:
	case far:
		price = priceSteepest
		if s.far == FarDantzig {
			price = priceDantzig
		}
		n.Far++
	default:
		price = priceDevex
		if s.near == NearDantzig {
			price = priceDantzig
		}
	}
	budget := 0
	if how != startCold && !far && s.basis.ok {
		budget = devexBudget(m)
	}
	method := methodSimplex // a start from a basis
	if how == startCold {
		method = m.coldMethod(false)
	}
	if err := highsSetOptions(s.h, opt, method, price, budget); err != nil {
		return nil, err
	}
	n.Solves++
	switch how {
	case startWarm:
		n.Warm++
	case startReloaded:
		n.Reloaded++
	default:
		n.Cold++
	}
	t1 := time.Now()
	if highsRunMethod(s.h, method) < 0 {
		return nil, fmt.Errorf("%w: Highs_run returned an error", ErrSolver)
	}
	spent := 0
	if budget > 0 && highsModelStatus(s.h) == hmsIterationLimit {
		// The near start stalled: start again from the same basis,
		// priced by steepest edge.
		spent = intInfo(s.h, "simplex_iteration_count")
		col, row, complete := s.basis.mapTo(m)
		if err := highsSetBasis(s.h, col, row, complete); err != nil {
			return nil, err
		}
		price = priceSteepest
		n.Far++
		if err := highsSetOptions(s.h, opt, methodSimplex, price, 0); err != nil {
			return nil, err
		}
		if highsRunH(s.h) < 0 {
			return nil, fmt.Errorf("%w: Highs_run returned an error", ErrSolver)
		}
	}
	t2 := time.Now()
	st := readHighs(s.h, false)
	st.iterations += spent
	sol := &Solution{Status: statusOf(st.modelStatus), Objective: st.objective, model: m.id,
		Warm: how != startCold, Iterations: st.iterations, IPMIterations: st.ipm}
	sol.Times.Pass, sol.Times.Run = t1.Sub(t0), t2.Sub(t1)
	serr, err := outcome(sol.Status, st)
	if err != nil {
		return nil, err
	}
	if sol.Status == Optimal {
		if opt.Ranging {
			r, err := rangeRows(s.h)
			if err != nil {
				return nil, err
			}
			st.ranging = r
		}
		if !s.anchored {
			if err := s.basis.save(s.h, m); err != nil {
				return nil, err
			}
		}
	}
	t3 := time.Now()
	m.readBack(sol, st)
	if err := m.checkResidual(sol, opt.ResidualTolerance); err != nil {
		return sol, err
	}
	sol.Times.ReadBack = time.Since(t3)
	return sol, serr
}

// sameShape reports whether m can be reached from the loaded model by
// changing bounds, costs and coefficients.
func (s *sessionState) sameShape(m *Model) bool {
	l := &s.loaded
	return len(l.colLo) == m.NumCols() && len(l.rowLo) == m.NumRows() && l.sense == m.sense
}

// load loads m afresh into the instance (creating it if needed).
func (s *sessionState) load(m *Model) error {
	if s.h == nil {
		s.h = highsCreate()
	}
	s.start = s.start[:0]
	for _, p := range m.rowStart[:m.NumRows()] {
		s.start = append(s.start, int32(p))
	}
	s.ix = s.ix[:0]
	for _, c := range m.rowCol {
		s.ix = append(s.ix, int32(c))
	}
	if err := highsPassLP(s.h, m, s.start, s.ix); err != nil {
		s.drop()
		return err
	}
	return nil
}

// apply changes the loaded model into m. It returns false, having changed
// nothing, when so many coefficients differ that loading m afresh is
// cheaper.
func (s *sessionState) apply(m *Model) (bool, int, error) {
	l := &s.loaded
	// Coefficients first, to give up before changing anything.
	changes, ok := s.coeffChanges(l, m, max(16, m.NumRows()/5))
	if !ok {
		return false, 0, nil
	}
	h := s.h
	for _, c := range changes {
		if err := highsChangeCoeff(h, c.row, c.col, c.v); err != nil {
			return false, 0, err
		}
	}
	n := len(changes)
	// Bounds and costs, by set.
	diff := func(count int, differs func(int) bool, a, b []float64, call func([]int32, []float64, []float64) error) error {
		s.set, s.lo, s.hi = s.set[:0], s.lo[:0], s.hi[:0]
		for j := range count {
			if differs(j) {
				s.set = append(s.set, int32(j))
				s.lo = append(s.lo, a[j])
				if b != nil {
					s.hi = append(s.hi, b[j])
				}
			}
		}
		n += len(s.set)
		if len(s.set) == 0 {
			return nil
		}
		return call(s.set, s.lo, s.hi)
	}
	err := diff(m.NumCols(), func(j int) bool { return m.colLo[j] != l.colLo[j] || m.colHi[j] != l.colHi[j] }, m.colLo, m.colHi,
		func(set []int32, lo, hi []float64) error { return highsChangeColBounds(h, set, lo, hi) })
	if err == nil {
		err = diff(m.NumRows(), func(i int) bool { return m.rowLo[i] != l.rowLo[i] || m.rowHi[i] != l.rowHi[i] }, m.rowLo, m.rowHi,
			func(set []int32, lo, hi []float64) error { return highsChangeRowBounds(h, set, lo, hi) })
	}
	if err == nil {
		err = diff(m.NumCols(), func(j int) bool { return m.cost[j] != l.cost[j] }, m.cost, nil,
			func(set []int32, cost, _ []float64) error { return highsChangeCosts(h, set, cost) })
	}
	if err == nil && m.offset != l.offset {
		err = highsChangeOffset(h, m.offset)
	}
	return err == nil, n, err
}

// coeff is one matrix coefficient to set.
type coeff struct {
	row, col int
	v        float64
}

// coeffChanges lists the coefficients that turn l's matrix into m's (m
// has l's numbers of rows and columns): changed, new, and removed (set to
// zero). It gives up, returning false, once there are more than limit.
func (s *sessionState) coeffChanges(l *snapshot, m *Model, limit int) ([]coeff, bool) {
	changes := s.changes[:0]
	defer func() { s.changes = changes[:0] }()
	if len(s.scratch) < m.NumCols() {
		s.scratch = make([]int32, m.NumCols())
		for j := range s.scratch {
			s.scratch[j] = -1
		}
	}
	for i := range m.NumRows() {
		oa, ob := l.rowStart[i], l.rowStart[i+1]
		na, nb := m.rowStart[i], m.rowStart[i+1]
		if ob-oa == nb-na && slices.Equal(l.rowCol[oa:ob], m.rowCol[na:nb]) {
			if slices.Equal(l.rowVal[oa:ob], m.rowVal[na:nb]) {
				continue
			}
			for k := range nb - na {
				if v := m.rowVal[na+k]; v != l.rowVal[oa+k] {
					changes = append(changes, coeff{i, m.rowCol[na+k], v})
				}
			}
		} else {
			// Merge: mark the old row's columns, walk the new row, then
			// remove what the new row lacks.
			for p := oa; p < ob; p++ {
				s.scratch[l.rowCol[p]] = int32(p)
			}
			for p := na; p < nb; p++ {
				c, v := m.rowCol[p], m.rowVal[p]
				if q := s.scratch[c]; q >= 0 {
					if l.rowVal[q] != v {
						changes = append(changes, coeff{i, c, v})
					}
					s.scratch[c] = -2 // seen
				} else if q == -1 {
					changes = append(changes, coeff{i, c, v})
				}
			}
			for p := oa; p < ob; p++ {
				c := l.rowCol[p]
				if s.scratch[c] >= 0 {
					changes = append(changes, coeff{i, c, 0})
				}
				s.scratch[c] = -1
			}
		}
		if len(changes) > limit {
			return nil, false
		}
	}
	return changes, true
}

// distance counts the entries in which m differs from the model l (of the
// same shape): column bounds, row sides, costs and coefficients, counting
// no further than limit+1.
func (s *sessionState) distance(l *snapshot, m *Model, limit int) int {
	if len(l.colLo) != m.NumCols() || len(l.rowLo) != m.NumRows() || l.sense != m.sense {
		return limit + 1
	}
	n := 0
	for j := range m.NumCols() {
		if m.colLo[j] != l.colLo[j] || m.colHi[j] != l.colHi[j] {
			n++
		}
		if m.cost[j] != l.cost[j] {
			n++
		}
	}
	for i := range m.NumRows() {
		if m.rowLo[i] != l.rowLo[i] || m.rowHi[i] != l.rowHi[i] {
			n++
		}
	}
	if n > limit {
		return n
	}
	changes, ok := s.coeffChanges(l, m, limit-n)
	if !ok {
		return limit + 1
	}
	return n + len(changes)
}

// farChanges is the number of changed entries beyond which a warm start
// counts as far from the new optimum: an eighth of the rows.
func farChanges(m *Model) int { return max(16, m.NumRows()/8) }

// devexBudget is how many iterations a near start priced by Devex may
// take before it counts as stalled and starts again from the same basis
// priced by steepest edge: about a cold solve's count on the default
// scenario, an eighth of the rows on larger models. On the quarterly
// 2026–2075 model (8,245 rows) ±10% of a single capacity took 400–900
// iterations by Devex or stalled past 5,000 (seconds each), where
// steepest edge took 500–600; with this budget the re-solves cost what
// steepest edge alone costs, and on the default scenario nothing changes.
func devexBudget(m *Model) int { return max(devexFloor, m.NumRows()/8) }

// devexFloor is devexBudget's least value (a variable for tests).
var devexFloor = 1000

// prepare checks opt and shortens its time limit to ctx's deadline.
func prepare(ctx context.Context, opt *Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if opt.TimeLimit < 0 || opt.Threads < 0 || opt.MIPGap < 0 || opt.PrimalTolerance < 0 || opt.DualTolerance < 0 {
		return fmt.Errorf("lp: negative option in %+v", *opt)
	}
	if dl, ok := ctx.Deadline(); ok {
		left := time.Until(dl)
		if left <= 0 {
			return context.DeadlineExceeded
		}
		if opt.TimeLimit == 0 || left < opt.TimeLimit {
			opt.TimeLimit = left
		}
	}
	return nil
}

// Anchor fixes the basis every later solve starts from: the saved basis
// of the last optimal solve. Each solve then loads its model afresh into
// a new HiGHS instance and starts from that basis, so that its result
// depends only on its model and the anchor, never on what the Session
// solved before: results are reproducible whatever the order of solves
// or the worker that made them (a sweep that is sharded, resumed or run
// by several workers; re-solves shared out to workers). Where a model has
// several optima, which one a solve reports depends on its starting
// basis. Anchoring costs a load and a factorisation per solve; it reports
// false, changing nothing, when there is no optimal basis yet.
func (s *Session) Anchor() bool {
	if s.st == nil || !s.st.basis.ok {
		return false
	}
	st := s.st
	st.anchored = true
	if st.h != nil && len(st.loaded.colLo) == len(st.basis.col) && len(st.loaded.rowLo) == len(st.basis.row) {
		ref := st.loaded // drop replaces st.loaded; its arrays are ref's alone
		st.ref = &ref
	}
	st.drop()
	return true
}

// Clone returns a new Session holding a copy of s's last optimal basis (or
// its anchor) and no HiGHS instance: its first solve loads its model
// afresh and starts from that basis. It hands one solve's basis to
// several workers.
func (s *Session) Clone() *Session {
	c := &Session{Far: s.Far, Near: s.Near}
	if s.st != nil && s.st.basis.ok {
		b := s.st.basis
		c.st = &sessionState{anchored: s.st.anchored, ref: s.st.ref, basis: savedBasis{ok: true,
			col: slices.Clone(b.col), row: slices.Clone(b.row),
			vars: slices.Clone(b.vars), cons: slices.Clone(b.cons)}}
	}
	return c
}
