package lp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"github.com/lanl/highs"
)

// Options control a solve. Zero values mean HiGHS's defaults.
type Options struct {
	TimeLimit       time.Duration // 0 = none; a context deadline also limits it
	Threads         int           // 0 = HiGHS default; see Solve
	MIPGap          float64       // relative MIP gap (mip_rel_gap); 0 = default
	PrimalTolerance float64       // primal_feasibility_tolerance; 0 = default
	DualTolerance   float64       // dual_feasibility_tolerance; 0 = default
	Relax           bool          // solve integer variables as continuous
	// NoMIPRestart keeps HiGHS from restarting a MIP's search after root
	// reductions (mip_allow_restart off): faster where the restarts buy
	// nothing, as on learning curves' segment binaries.
	NoMIPRestart bool
	// ResidualTolerance is the scaled violation (see Residual) above which
	// a solution is refused with ErrResidual; 0 = DefaultResidualTolerance.
	ResidualTolerance float64
	// Inline solves on the calling goroutine: no hand-off to a solver
	// thread, so many short solves in parallel do not wait on the
	// scheduler, but a cancelled ctx is noticed only before and after the
	// solve. Callers that solve in a loop should runtime.LockOSThread, so
	// that HiGHS's per-thread state stays on a fixed set of threads.
	Inline bool
	// Ranging asks for the ranges of the constraints' bounds over which
	// their shadow prices hold (Model.Ranges); for a MIP, those of the LP
	// with the integers fixed.
	Ranging bool
}

// Status is the outcome of a solve.
type Status int

// The statuses of a solve.
const (
	Unknown Status = iota
	Optimal
	Infeasible
	Unbounded
	InfeasibleOrUnbounded
	TimeLimit
	IterationLimit
	Interrupted
)

var statusNames = [...]string{"Unknown", "Optimal", "Infeasible", "Unbounded", "InfeasibleOrUnbounded", "TimeLimit", "IterationLimit", "Interrupted"}

func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Sentinel errors of Solve.
var (
	ErrInfeasible            = errors.New("lp: problem is infeasible")
	ErrUnbounded             = errors.New("lp: problem is unbounded")
	ErrInfeasibleOrUnbounded = errors.New("lp: problem is infeasible or unbounded")
	ErrTimeLimit             = errors.New("lp: time limit reached")
	ErrIterationLimit        = errors.New("lp: iteration limit reached")
	ErrSolver                = errors.New("lp: solver failed")
)

// SolveTimes splits the wall time of a Solve.
type SolveTimes struct {
	Pass     time.Duration // copying the model into HiGHS and setting options
	Run      time.Duration // HiGHS itself (for a MIP: the MIP plus the fixed LP)
	ReadBack time.Duration // copying and normalising the solution
}

// Solution is the result of a solve. Values, reduced costs, shadow prices
// and activities are read back by family; see ShadowPrices and ReducedCosts
// for the sign conventions.
type Solution struct {
	Status    Status
	Objective float64 // including the constant of the objective
	MIP       bool    // integers were enforced
	MIPGap    float64 // relative gap |primal−dual bound|/|primal bound| of a MIP, 0 for an LP
	// DualsConditional is set for a MIP: duals and reduced costs come from
	// the LP with every integer variable fixed at its solution value.
	DualsConditional bool
	HasDuals         bool
	Times            SolveTimes
	// Residual is the solution's worst violation of the model, recomputed
	// from the model's rows; Solve refuses solutions beyond tolerance.
	Residual Residual

	// Warm is set when the solve started from an earlier basis (Session).
	Warm bool
	// Iterations counts simplex iterations (0 for a MIP or a trivial model),
	// crossover's cleanup included; IPMIterations counts the interior
	// point solver's (an LP of IPMRows rows or more solved from scratch).
	Iterations, IPMIterations int

	model  uint32
	x, d   []float64 // column values, reduced costs
	act, y []float64 // row activities, shadow prices (normalised)
	rng    *rowRanging
}

// schedMu guards HiGHS's process-wide thread pool: every run holds a read
// lock; resizing the pool for a different Options.Threads takes the write
// lock. schedThreads is the size the pool was last reset to (0: untouched).
var (
	schedMu      sync.RWMutex
	schedThreads int
)

func lockScheduler(threads int) {
	for {
		schedMu.RLock()
		if threads == 0 || threads == schedThreads {
			return
		}
		schedMu.RUnlock()
		schedMu.Lock()
		if schedThreads != threads {
			resetScheduler()
			schedThreads = threads
		}
		schedMu.Unlock()
	}
}

// Solve solves the model with HiGHS.
//
// A model with integer variables is solved as a MIP unless opt.Relax is
// set; its duals then come from a second, LP solve with every integer
// variable fixed at its (rounded) solution value, and DualsConditional is
// set.
//
// Errors: ErrInfeasible, ErrUnbounded, ErrInfeasibleOrUnbounded;
// ErrTimeLimit or ErrIterationLimit, returned together with the best
// solution found when there is one; ctx.Err() when ctx is done. A context
// deadline shortens the time limit. When ctx is cancelled mid-solve, Solve
// returns at once while HiGHS, which cannot be interrupted, finishes in the
// background and its result is discarded.
//
// Solves run on a fixed set of OS threads (see onSolverThread).
//
// HiGHS's thread pool is process-wide: a solve with Threads ≠ 0 different
// from the previous explicit value waits for running solves to finish and
// resizes the pool; a solve with Threads = 0 uses the pool as it is.
// Solving distinct Models in parallel is safe.
func (m *Model) Solve(ctx context.Context, opt Options) (*Solution, error) {
	if err := prepare(ctx, &opt); err != nil {
		return nil, err
	}
	if m.NumCols() == 0 {
		return m.solveEmpty()
	}
	type result struct {
		s   *Solution
		err error
	}
	if opt.Inline {
		lockScheduler(opt.Threads)
		s, err := m.solve(opt)
		schedMu.RUnlock()
		if err == nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return s, err
	}
	done := make(chan result, 1)
	// Queue the solve from a goroutine, so a cancelled ctx returns at once
	// even while every solver thread is busy.
	go onSolverThread(func() {
		lockScheduler(opt.Threads)
		defer schedMu.RUnlock()
		s, err := m.solve(opt)
		done <- result{s, err}
	})
	select {
	case r := <-done:
		if r.err == nil || errors.Is(r.err, ErrTimeLimit) {
			// HiGHS stopped by a time limit derived from the deadline.
			if ctxErr := ctx.Err(); ctxErr != nil && r.s == nil {
				return nil, ctxErr
			}
		}
		return r.s, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// solveEmpty handles a model without columns, which lanl/highs cannot pass.
func (m *Model) solveEmpty() (*Solution, error) {
	for i := range m.rowLo {
		if m.rowLo[i] > 0 || m.rowHi[i] < 0 {
			return nil, ErrInfeasible
		}
	}
	n := m.NumRows()
	return &Solution{Status: Optimal, Objective: m.offset, HasDuals: true, model: m.id,
		act: make([]float64, n), y: make([]float64, n)}, nil
}

// solve runs HiGHS on m (and, for a MIP, on the fixed LP).
func (m *Model) solve(opt Options) (*Solution, error) {
	isMIP := m.numInt > 0 && !opt.Relax
	t0 := time.Now()
	method := m.coldMethod(isMIP)
	raw, err := m.toRaw(opt, nil, method)
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	st, err := run(raw, method, opt.Ranging)
	t2 := time.Now()
	if err != nil {
		return nil, err
	}
	s := &Solution{Status: statusOf(st.modelStatus), Objective: st.objective, MIP: isMIP, model: m.id,
		Iterations: st.iterations, IPMIterations: st.ipm}
	s.Times.Pass, s.Times.Run = t1.Sub(t0), t2.Sub(t1)
	serr, err := outcome(s.Status, st)
	if err != nil {
		return nil, err
	}
	if isMIP {
		s.MIPGap = st.mipGap
		s.DualsConditional = true
		x := st.col
		fixed := make([]float64, len(x))
		for j := range x {
			fixed[j] = math.Round(x[j])
		}
		t3 := time.Now()
		fixedMethod := m.coldMethod(false)
		lpRaw, err := m.toRaw(opt, fixed, fixedMethod)
		if err != nil {
			return nil, err
		}
		t4 := time.Now()
		fst, err := run(lpRaw, fixedMethod, opt.Ranging)
		s.Times.Pass += t4.Sub(t3)
		s.Times.Run += time.Since(t4)
		if err == nil && fst.modelStatus == hmsOptimal && fst.haveSolution {
			// Keep the MIP's values but the fixed LP's duals.
			st.colDual, st.rowDual, st.dualStatus, st.ranging = fst.colDual, fst.rowDual, fst.dualStatus, fst.ranging
			for j := range x {
				if m.integer[j] {
					x[j] = fixed[j]
				} else {
					x[j] = fst.col[j]
				}
			}
			st.row = fst.row
		} else {
			st.dualStatus = -1
		}
	}
	t5 := time.Now()
	m.readBack(s, st)
	if err := m.checkResidual(s, opt.ResidualTolerance); err != nil {
		return nil, err
	}
	s.Times.ReadBack = time.Since(t5)
	return s, serr
}

// solveMethod is how HiGHS solves an LP from scratch.
type solveMethod int

const (
	// methodSimplex: HiGHS's default for an LP, the dual simplex after
	// presolve.
	methodSimplex solveMethod = iota
	// methodIPM: HiGHS's interior point solver (IPX) after presolve, then
	// its crossover to an optimal basis, which warm starts and ranging
	// use as they use the simplex's.
	methodIPM
	// methodMIP: HiGHS's branch and bound.
	methodMIP
)

// option is HiGHS's solver option for the method.
func (s solveMethod) option() string {
	switch s {
	case methodIPM:
		return "ipm"
	case methodSimplex:
		return "simplex"
	}
	return "choose"
}

// IPMRows is the number of rows from which an LP solved from scratch goes
// to HiGHS's interior point solver rather than its dual simplex. Long
// horizons chain every period to the one before (stocks, fleets,
// savings), which leaves the simplex's basis inverse dense along each
// chain, so its iterations grow in number and in cost with the horizon,
// while the interior point's stay few (63 on 2026–2075 by quarters, and
// 12 crossover iterations to a basis). Measured on seed-2026 and
// its variants (HiGHS 1.10, one core, the highs CLI on exported models):
// the simplex is faster up to 2026–2040 quarterly (4,560 rows: 0.22 s
// against 0.25 s) and the interior point from 2026–2050 quarterly (7,600
// rows: 0.69 s against 0.94 s); 2026–2075 quarterly, 15,200 rows, 1.6 s
// against 2.6 s; the same in three regions, 48,000 rows, 13 s against
// 36 s; monthly, 45,600 rows, 16 s against 138 s (DEVELOPERS.md, "Long
// horizons").
const IPMRows = 6000

// coldMethod is how m is solved from scratch: a MIP by branch and bound,
// an LP of IPMRows rows or more by the interior point solver, a smaller
// one by the dual simplex.
func (m *Model) coldMethod(isMIP bool) solveMethod {
	switch {
	case isMIP:
		return methodMIP
	case m.NumRows() >= IPMRows:
		return methodIPM
	}
	return methodSimplex
}

// outcome turns a run's status into lp's errors: a fatal one (no usable
// solution: infeasible, unbounded, a solver failure, or a limit reached
// before any solution), or, with a solution to return, ErrTimeLimit or
// ErrIterationLimit beside it (nil when optimal).
func outcome(status Status, st rawState) (serr, fatal error) {
	switch status {
	case Optimal:
	case Infeasible:
		return nil, ErrInfeasible
	case Unbounded:
		return nil, ErrUnbounded
	case InfeasibleOrUnbounded:
		return nil, ErrInfeasibleOrUnbounded
	case TimeLimit:
		serr = ErrTimeLimit
	case IterationLimit:
		serr = ErrIterationLimit
	default:
		return nil, fmt.Errorf("%w: HiGHS model status %d", ErrSolver, st.modelStatus)
	}
	if !st.haveSolution {
		if serr != nil {
			return nil, serr
		}
		return nil, fmt.Errorf("%w: optimal status without a primal solution", ErrSolver)
	}
	return serr, nil
}

func statusOf(hms int) Status {
	switch hms {
	case hmsOptimal:
		return Optimal
	case hmsInfeasible:
		return Infeasible
	case hmsUnbounded:
		return Unbounded
	case hmsUnboundedOrInfeasible:
		return InfeasibleOrUnbounded
	case hmsTimeLimit:
		return TimeLimit
	case hmsIterationLimit:
		return IterationLimit
	case hmsInterrupt:
		return Interrupted
	}
	return Unknown
}

// run runs HiGHS on raw, reads the result back and frees raw's Highs
// object. A warning status (time or iteration limit) still has an
// incumbent to read.
func run(raw *highs.RawModel, method solveMethod, ranging bool) (rawState, error) {
	isMIP := method == methodMIP
	defer release(raw)
	status, err := highsRun(raw, method)
	if err == nil && status < 0 {
		err = errors.New("Highs_run returned an error")
	}
	if err != nil {
		return rawState{}, fmt.Errorf("%w: %v", ErrSolver, err)
	}
	st, err := readState(raw, isMIP)
	if err == nil && ranging && !isMIP && st.modelStatus == hmsOptimal {
		st.ranging, err = rangeRows(handle(raw))
		runtime.KeepAlive(raw)
	}
	return st, err
}

// rangeRows reads the row-bound ranging of h's optimal LP solution.
func rangeRows(h unsafe.Pointer) (*rowRanging, error) {
	r, err := highsRowRanging(h)
	if err == nil {
		return r, nil
	}
	// After presolve HiGHS may hold no simplex instance of the original
	// LP, which ranging needs; a second run starts from the optimal basis
	// without presolve and builds one in no iterations.
	if highsRunH(h) < 0 {
		return nil, err
	}
	return highsRowRanging(h)
}

// toRaw copies m into a new HiGHS model, to be solved by method (a MIP,
// with its integrality, by methodMIP). With fixed ≠ nil every integer
// column j is fixed at fixed[j] and the model is an LP.
func (m *Model) toRaw(opt Options, fixed []float64, method solveMethod) (*highs.RawModel, error) {
	isMIP := method == methodMIP
	keepMallocMemory()
	raw := highs.NewRawModel()
	fail := func(what string, err error) (*highs.RawModel, error) {
		return nil, fmt.Errorf("%w: %s: %v", ErrSolver, what, err)
	}
	// HiGHS warns, and goes on, when it drops coefficients below its
	// small_matrix_value; the residual check after the solve still measures
	// the solution against every coefficient of m.
	warning := func(err error) bool {
		var cs highs.CallStatus
		return errors.As(err, &cs) && cs.IsWarning()
	}
	if err := raw.SetBoolOption("output_flag", false); err != nil {
		return fail("output_flag", err)
	}
	if err := raw.SetStringOption("solver", method.option()); err != nil {
		return fail("solver", err)
	}
	lo, hi := m.colLo, m.colHi
	if fixed != nil {
		lo = append([]float64(nil), m.colLo...)
		hi = append([]float64(nil), m.colHi...)
		for j, isInt := range m.integer {
			if isInt {
				lo[j], hi[j] = fixed[j], fixed[j]
			}
		}
	}
	if err := raw.AddColumnBounds(lo, hi); err != nil && !warning(err) {
		return fail("columns", err)
	}
	if err := raw.SetColumnCosts(m.cost); err != nil && !warning(err) { // full vector: lanl/highs defaults missing costs to 1
		return fail("costs", err)
	}
	rowLo, rowHi, start, col, val := m.rowLo, m.rowHi, m.rowStart[:len(m.rowLo)], m.rowCol, m.rowVal
	if len(val) == 0 {
		// lanl/highs cannot pass rows without nonzeros, nor a model
		// without rows: append a free row 1·x₀, which changes nothing.
		rowLo = append(append([]float64(nil), rowLo...), math.Inf(-1))
		rowHi = append(append([]float64(nil), rowHi...), math.Inf(1))
		start = make([]int, len(rowLo))
		col, val = []int{0}, []float64{1}
	}
	if err := raw.AddCompSparseRows(rowLo, start, col, val, rowHi); err != nil && !warning(err) {
		return fail("rows", err)
	}
	if isMIP {
		ts := make([]highs.VariableType, len(m.integer))
		for j, isInt := range m.integer {
			if isInt {
				ts[j] = highs.IntegerType
			}
		}
		if err := raw.SetIntegrality(ts); err != nil {
			return fail("integrality", err)
		}
	}
	if err := raw.SetMaximization(m.sense == Maximize); err != nil {
		return fail("sense", err)
	}
	if err := raw.SetOffset(m.offset); err != nil {
		return fail("offset", err)
	}
	set := func(name string, v float64) error {
		if v == 0 {
			return nil
		}
		return raw.SetFloat64Option(name, v)
	}
	if opt.TimeLimit > 0 {
		if err := raw.SetFloat64Option("time_limit", math.Max(opt.TimeLimit.Seconds(), 1e-3)); err != nil {
			return fail("time_limit", err)
		}
	}
	if opt.Threads > 0 {
		if err := raw.SetIntOption("threads", opt.Threads); err != nil {
			return fail("threads", err)
		}
	}
	if opt.NoMIPRestart && isMIP {
		if err := raw.SetBoolOption("mip_allow_restart", false); err != nil {
			return fail("mip_allow_restart", err)
		}
	}
	for _, o := range []struct {
		name string
		v    float64
	}{{"mip_rel_gap", opt.MIPGap}, {"primal_feasibility_tolerance", opt.PrimalTolerance}, {"dual_feasibility_tolerance", opt.DualTolerance}} {
		if err := set(o.name, o.v); err != nil {
			return fail(o.name, err)
		}
	}
	return raw, nil
}

// readBack stores the solution in s, normalising the dual signs.
func (m *Model) readBack(s *Solution, st rawState) {
	nc, nr := m.NumCols(), m.NumRows()
	s.x = st.col[:nc:nc]
	s.act = st.row[:nr:nr]
	if st.dualStatus != hssFeasible || len(st.colDual) < nc || len(st.rowDual) < nr {
		return
	}
	s.HasDuals = true
	s.d = st.colDual[:nc:nc]
	s.y = st.rowDual[:nr:nr]
	s.rng = st.ranging
	for i, yi := range s.y {
		s.y[i] = shadowPrice(yi, m.rowLo[i], m.rowHi[i], s.act[i])
	}
	for j, dj := range s.d {
		if dj == 0 {
			s.d[j] = 0 // no −0
		}
	}
}

// shadowPrice converts HiGHS's row dual, which is ∂objective/∂(active row
// bound) whatever the sense, into lp's convention: the change in objective
// per unit of relaxation. An upper (≤) side relaxes upwards, so its shadow
// price is the raw dual; a lower (≥) side relaxes downwards, so it is the
// negated raw dual. An equality row relaxes by raising its right-hand side.
// For a ranged row the side whose bound the activity is nearer is the active
// one.
func shadowPrice(raw, lo, hi, act float64) float64 {
	lower := false
	switch {
	case lo == hi:
	case math.IsInf(hi, 1) && math.IsInf(lo, -1):
	case math.IsInf(hi, 1):
		lower = true
	case math.IsInf(lo, -1):
	default:
		lower = math.Abs(act-lo) < math.Abs(act-hi)
	}
	if lower {
		raw = -raw
	}
	if raw == 0 {
		return 0 // no −0
	}
	return raw
}

func (s *Solution) check(model uint32, what string) {
	if s == nil {
		panic("lp: " + what + " of a nil Solution")
	}
	if model != s.model {
		panic("lp: " + what + ": family or Var from another model")
	}
}

// Value returns the value of v.
func (s *Solution) Value(v Var) float64 {
	s.check(v.model, "Value")
	return s.x[v.col]
}

// Values returns the values of the family's variables, in a fresh slice.
func (s *Solution) Values(f *VarFamily) []float64 {
	s.check(f.m.id, "Values")
	return append([]float64(nil), s.x[f.first:f.first+len(f.idx)]...)
}

// ReducedCosts returns the reduced costs of the family's variables, in a
// fresh slice, or nil when the solution has no duals. The reduced cost of
// x_j is ∂objective/∂x_j when x_j moves off the bound it sits at (together
// with that bound), the other non-basic variables held at their bounds:
// cⱼ − aⱼᵀy in HiGHS's terms, whatever the sense. It is 0 for a basic
// variable; at a lower bound it is ≥ 0 in a minimisation and ≤ 0 in a
// maximisation when the solution is optimal (the objective can only get
// worse by raising the variable).
func (s *Solution) ReducedCosts(f *VarFamily) []float64 {
	s.check(f.m.id, "ReducedCosts")
	if !s.HasDuals {
		return nil
	}
	return append([]float64(nil), s.d[f.first:f.first+len(f.idx)]...)
}

// ShadowPrices returns the shadow prices of the family's constraints, in a
// fresh slice, or nil when the solution has no duals. The shadow price of a
// constraint is the change in objective per unit of relaxation, whatever the
// objective sense: a ≤ row is relaxed by raising its bound, a ≥ row by
// lowering it, an = row by raising its right-hand side; a ranged row on
// the side whose bound is active. So binding inequality constraints have
// shadow prices ≥ 0 in a maximisation and ≤ 0 in a minimisation,
// non-binding ones 0, and equality rows either sign.
func (s *Solution) ShadowPrices(c *ConFamily) []float64 {
	s.check(c.m.id, "ShadowPrices")
	if !s.HasDuals {
		return nil
	}
	return append([]float64(nil), s.y[c.first:c.first+len(c.idx)]...)
}

// Activities returns Σ aᵢ·xᵢ of each of the family's constraints: the
// terms of lhs − rhs without the constant moved into the bounds.
func (s *Solution) Activities(c *ConFamily) []float64 {
	s.check(c.m.id, "Activities")
	return append([]float64(nil), s.act[c.first:c.first+len(c.idx)]...)
}

// Eval returns the value of e at the solution.
func (s *Solution) Eval(e Expr) float64 {
	v := e.k
	for _, t := range e.terms {
		s.check(t.v.model, "Eval")
		v += t.c * s.x[t.v.col]
	}
	return v
}

// Binding reports whether constraint i of c is at one of its finite bounds,
// within 1e-6·(1+|bound|).
func (m *Model) Binding(s *Solution, c *ConFamily, i int) bool {
	s.check(c.m.id, "Binding")
	if c.m != m || i < 0 || i >= len(c.idx) {
		panic(fmt.Sprintf("lp: Binding(%s, %d): not a constraint of this model", c.name, i))
	}
	r := c.first + i
	a := s.act[r]
	near := func(b float64) bool { return !math.IsInf(b, 0) && math.Abs(a-b) <= 1e-6*(1+math.Abs(b)) }
	return near(m.rowLo[r]) || near(m.rowHi[r])
}
