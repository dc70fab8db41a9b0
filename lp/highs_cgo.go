package lp

// The few HiGHS C calls lanl/highs does not expose. The prototypes are
// declared here rather than by including interfaces/highs_c_api.h, which
// defines (not just declares) its kHighs* constants and would clash at link
// time with the copy lanl/highs compiles.

/*
#cgo pkg-config: highs
#include <stdlib.h>
#include <malloc.h>
#include "util/HighsInt.h"

const char* Highs_version(void);
HighsInt Highs_versionMajor(void);
HighsInt Highs_versionMinor(void);
HighsInt Highs_versionPatch(void);
HighsInt Highs_getModelStatus(const void* highs);
HighsInt Highs_getSolution(const void* highs, double* col_value, double* col_dual, double* row_value, double* row_dual);
HighsInt Highs_getIntInfoValue(const void* highs, const char* info, HighsInt* value);
HighsInt Highs_getDoubleInfoValue(const void* highs, const char* info, double* value);
HighsInt Highs_getNumCol(const void* highs);
HighsInt Highs_getNumRow(const void* highs);
void Highs_resetGlobalScheduler(HighsInt blocking);
HighsInt Highs_run(void* highs);
void Highs_destroy(void* highs);

void* Highs_create(void);
HighsInt teraplan_set_trusted_basis(void* highs, const HighsInt* col_status, const HighsInt* row_status);
HighsInt Highs_passLp(void* highs, const HighsInt num_col, const HighsInt num_row, const HighsInt num_nz,
	const HighsInt a_format, const HighsInt sense, const double offset, const double* col_cost,
	const double* col_lower, const double* col_upper, const double* row_lower, const double* row_upper,
	const HighsInt* a_start, const HighsInt* a_index, const double* a_value);
HighsInt Highs_setBoolOptionValue(void* highs, const char* option, const HighsInt value);
HighsInt Highs_setIntOptionValue(void* highs, const char* option, const HighsInt value);
HighsInt Highs_setDoubleOptionValue(void* highs, const char* option, const double value);
HighsInt Highs_setStringOptionValue(void* highs, const char* option, const char* value);
HighsInt Highs_getBasis(const void* highs, HighsInt* col_status, HighsInt* row_status);
HighsInt Highs_setBasis(void* highs, const HighsInt* col_status, const HighsInt* row_status);
HighsInt Highs_changeColsBoundsBySet(void* highs, const HighsInt num_set_entries, const HighsInt* set,
	const double* lower, const double* upper);
HighsInt Highs_changeRowsBoundsBySet(void* highs, const HighsInt num_set_entries, const HighsInt* set,
	const double* lower, const double* upper);
HighsInt Highs_changeColsCostBySet(void* highs, const HighsInt num_set_entries, const HighsInt* set, const double* cost);
HighsInt Highs_changeCoeff(void* highs, const HighsInt row, const HighsInt col, const double value);
HighsInt Highs_changeObjectiveOffset(void* highs, const double offset);
HighsInt Highs_getRanging(void* highs,
	double* col_cost_up_value, double* col_cost_up_objective, HighsInt* col_cost_up_in_var, HighsInt* col_cost_up_ou_var,
	double* col_cost_dn_value, double* col_cost_dn_objective, HighsInt* col_cost_dn_in_var, HighsInt* col_cost_dn_ou_var,
	double* col_bound_up_value, double* col_bound_up_objective, HighsInt* col_bound_up_in_var, HighsInt* col_bound_up_ou_var,
	double* col_bound_dn_value, double* col_bound_dn_objective, HighsInt* col_bound_dn_in_var, HighsInt* col_bound_dn_ou_var,
	double* row_bound_up_value, double* row_bound_up_objective, HighsInt* row_bound_up_in_var, HighsInt* row_bound_up_ou_var,
	double* row_bound_dn_value, double* row_bound_dn_objective, HighsInt* row_bound_dn_in_var, HighsInt* row_bound_dn_ou_var);
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/lanl/highs"
)

// Values of HiGHS's kHighsModelStatus* and kHighsSolutionStatus* constants
// (interfaces/highs_c_api.h, stable since HiGHS 1.5).
const (
	hmsOptimal               = 7
	hmsInfeasible            = 8
	hmsUnboundedOrInfeasible = 9
	hmsUnbounded             = 10
	hmsTimeLimit             = 13
	hmsIterationLimit        = 14
	hmsInterrupt             = 17
	hssFeasible              = 2
)

// SolverVersion returns the version of the linked HiGHS, e.g. "HiGHS 1.10.0".
func SolverVersion() string {
	return fmt.Sprintf("HiGHS %d.%d.%d", int(C.Highs_versionMajor()), int(C.Highs_versionMinor()), int(C.Highs_versionPatch()))
}

// rawHandleOK reports whether highs.RawModel still has the layout handle
// relies on: a single unexported unsafe.Pointer to the Highs object.
var rawHandleOK = func() bool {
	t := reflect.TypeOf(highs.RawModel{})
	return t.NumField() == 1 && t.Field(0).Type == reflect.TypeOf(unsafe.Pointer(nil))
}()

// handle returns the Highs object behind a RawModel. lanl/highs discards the
// solution whenever Highs_run returns a warning (time limit, interrupt), so
// lp reads the incumbent itself. The caller must keep raw alive.
func handle(raw *highs.RawModel) unsafe.Pointer {
	if !rawHandleOK {
		return nil
	}
	return *(*unsafe.Pointer)(unsafe.Pointer(raw))
}

// keepMallocMemory tells glibc's allocator, once per process, to keep the
// memory HiGHS frees instead of returning it to the kernel: by default a
// free that leaves more than 128 KB at the top of an arena trims it, and
// blocks from 128 KB up are mapped and unmapped one by one, so every solve
// would fault its working memory back in (about 30 page faults a run in a
// sweep, 12 µs each on the benchmark machine, and faults from two workers
// partly serialise). The process then keeps its high-water mark of HiGHS
// memory, which is what a sweep reuses. GLIBC_TUNABLES with malloc settings
// in the environment takes precedence.
var keepMallocMemory = sync.OnceFunc(func() {
	if strings.Contains(os.Getenv("GLIBC_TUNABLES"), "glibc.malloc.") {
		return
	}
	C.mallopt(C.M_TRIM_THRESHOLD, 1<<30)
	C.mallopt(C.M_MMAP_THRESHOLD, 32<<20)
})

// errRawLayout: lanl/highs's RawModel no longer has the layout handle
// relies on.
var errRawLayout = errors.New("lp: cannot reach the HiGHS object: unexpected lanl/highs RawModel layout")

// highsRun runs HiGHS on raw and returns Highs_run's status (0 ok, 1
// warning, -1 error). lanl/highs's Solve would also copy the solution and
// the basis into Go slices, which lp reads itself (readState), and would
// drop the incumbent on a warning: called directly, a run allocates
// nothing in Go.
func highsRun(raw *highs.RawModel, method solveMethod) (int, error) {
	h := handle(raw)
	if h == nil {
		return -1, errRawLayout
	}
	defer runtime.KeepAlive(raw)
	return highsRunMethod(h, method), nil
}

// release frees raw's Highs object now, rather than when the garbage
// collector finalizes raw (lanl/highs has no Close): the solver's memory
// is back in the allocator before the next solve, which reuses it instead
// of growing, and a sweep's memory no longer waits on collections. raw must
// not be used afterwards.
func release(raw *highs.RawModel) {
	h := handle(raw)
	if h == nil {
		return // the finalizer will
	}
	runtime.SetFinalizer(raw, nil) // lanl/highs's finalizer would destroy it again
	C.Highs_destroy(h)
	*(*unsafe.Pointer)(unsafe.Pointer(raw)) = nil
}

// rawState is what lp reads back from a Highs object after Highs_run.
type rawState struct {
	modelStatus  int
	primalStatus int
	dualStatus   int
	objective    float64
	mipGap       float64
	col, colDual []float64
	row, rowDual []float64
	haveSolution bool
	iterations   int
	ipm          int // interior point iterations
	ranging      *rowRanging
}

// readState reads status, objective and solution from raw.
func readState(raw *highs.RawModel, isMIP bool) (rawState, error) {
	h := handle(raw)
	if h == nil {
		return rawState{}, errRawLayout
	}
	defer runtime.KeepAlive(raw)
	return readHighs(h, isMIP), nil
}

// readHighs reads status, objective and solution from the Highs object h.
func readHighs(h unsafe.Pointer, isMIP bool) rawState {
	var st rawState
	st.modelStatus = int(C.Highs_getModelStatus(h))
	st.primalStatus = intInfo(h, "primal_solution_status")
	st.dualStatus = intInfo(h, "dual_solution_status")
	st.objective = doubleInfo(h, "objective_function_value")
	st.iterations = intInfo(h, "simplex_iteration_count")
	st.ipm = max(intInfo(h, "ipm_iteration_count"), 0) // −1 before a run
	if isMIP {
		st.mipGap = doubleInfo(h, "mip_gap")
	}
	nc, nr := int(C.Highs_getNumCol(h)), int(C.Highs_getNumRow(h))
	if st.primalStatus != hssFeasible {
		return st
	}
	st.col = make([]float64, nc+1)
	st.colDual = make([]float64, nc+1)
	st.row = make([]float64, nr+1)
	st.rowDual = make([]float64, nr+1)
	C.Highs_getSolution(h, (*C.double)(&st.col[0]), (*C.double)(&st.colDual[0]),
		(*C.double)(&st.row[0]), (*C.double)(&st.rowDual[0]))
	st.col, st.colDual, st.row, st.rowDual = st.col[:nc], st.colDual[:nc], st.row[:nr], st.rowDual[:nr]
	st.haveSolution = true
	return st
}

func intInfo(h unsafe.Pointer, name string) int {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var v C.HighsInt
	if C.Highs_getIntInfoValue(h, cs, &v) != 0 {
		return -1
	}
	return int(v)
}

func doubleInfo(h unsafe.Pointer, name string) float64 {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	var v C.double
	C.Highs_getDoubleInfoValue(h, cs, &v)
	return float64(v)
}

// resetScheduler destroys HiGHS's process-wide thread pool, so that the next
// run creates one with its own "threads" option. No run may be in progress.
func resetScheduler() { C.Highs_resetGlobalScheduler(1) }

// The calls below serve Session, which owns its Highs object directly
// (Highs_create) rather than through lanl/highs, and keeps it loaded
// between solves. HighsInt is 32 bits in the HiGHS lp builds against.

func init() {
	if C.sizeof_HighsInt != 4 {
		panic("lp: HiGHS built with 64-bit HighsInt; lp expects 32")
	}
}

// Values of HiGHS's kHighsBasisStatus*, kHighsObjSense* and
// kHighsMatrixFormat* constants.
const (
	basisLower    = 0
	basisBasic    = 1
	basisUpper    = 2
	basisZero     = 3
	senseMinimize = 1
	senseMaximize = -1
	formatRowwise = 2
)

func cInts(s []int32) *C.HighsInt {
	if len(s) == 0 {
		return nil
	}
	return (*C.HighsInt)(unsafe.Pointer(&s[0]))
}

func cDoubles(s []float64) *C.double {
	if len(s) == 0 {
		return nil
	}
	return (*C.double)(unsafe.Pointer(&s[0]))
}

func callErr(what string, status C.HighsInt) error {
	if status < 0 {
		return fmt.Errorf("%w: %s failed", ErrSolver, what)
	}
	return nil
}

// highsCreate returns a new, silent Highs object; highsDestroy frees it.
func highsCreate() unsafe.Pointer {
	keepMallocMemory()
	h := C.Highs_create()
	cs := C.CString("output_flag")
	defer C.free(unsafe.Pointer(cs))
	C.Highs_setBoolOptionValue(h, cs, 0)
	return h
}

func highsDestroy(h unsafe.Pointer) { C.Highs_destroy(h) }

// highsPassLP loads m's LP (integrality is not passed) into h, replacing
// what h held; start and index are m's CSR arrays as 32-bit integers.
func highsPassLP(h unsafe.Pointer, m *Model, start, index []int32) error {
	sense := C.HighsInt(senseMinimize)
	if m.sense == Maximize {
		sense = senseMaximize
	}
	return callErr("Highs_passLp", C.Highs_passLp(h, C.HighsInt(m.NumCols()), C.HighsInt(m.NumRows()), C.HighsInt(len(m.rowVal)),
		formatRowwise, sense, C.double(m.offset), cDoubles(m.cost), cDoubles(m.colLo), cDoubles(m.colHi),
		cDoubles(m.rowLo), cDoubles(m.rowHi), cInts(start), cInts(index), cDoubles(m.rowVal)))
}

// pricing is the dual simplex's edge-weight strategy
// (simplex_dual_edge_weight_strategy).
type pricing int

const (
	// priceChoose is HiGHS's default, steepest edge: a cold solve.
	priceChoose pricing = -1
	// priceDevex is for a warm start near the optimum. Steepest edge
	// first computes exact weights for every row, one solve with the
	// basis each, which costs more than the few iterations such a start
	// usually takes (the ±10% re-solves of `limits --year 2030` take a
	// median of none, a grid step of launch.payload_t about 200).
	priceDevex pricing = 1
	// priceSteepest is for a warm start far from the optimum, after
	// many changes (a Monte Carlo sample moving every uncertain
	// parameter): there Devex can stall for a thousand iterations on a
	// dual that looks unbounded (seconds, where a cold solve takes 30
	// ms), while the exact weights pay for themselves.
	priceSteepest pricing = 2
	// priceDantzig is for a far warm start whose caller found that
	// Dantzig's rule takes fewer iterations than steepest edge (FarStart):
	// it costs nothing to start, where steepest edge first solves with
	// the basis once per row. Such a start also scales by equilibration
	// alone: HiGHS's default choice adds a max-value pass that, on the
	// three-region model, left warm Dantzig and Devex starts stalling for
	// seconds on bases with dual values near 1e19 ("possibly dual
	// unbounded"), where a start scaled by equilibration did not.
	priceDantzig pricing = 0
)

// simplex_scale_strategy values: HiGHS's default, and equilibration
// alone (see priceDantzig).
const (
	scaleChoose        = 1
	scaleEquilibration = 2
)

// highsSetOptions sets every option a solve depends on, defaults
// included, since a Highs object keeps options from its previous solve.
//
// method is how a cold start solves (a start from a basis is always the
// dual simplex's); iterations limits the simplex iterations (0: no
// limit).
func highsSetOptions(h unsafe.Pointer, opt Options, method solveMethod, price pricing, iterations int) error {
	if err := highsSetMethod(h, method); err != nil {
		return err
	}
	setD := func(name string, v float64) error {
		cs := C.CString(name)
		defer C.free(unsafe.Pointer(cs))
		return callErr(name, C.Highs_setDoubleOptionValue(h, cs, C.double(v)))
	}
	limit := math.Inf(1)
	if opt.TimeLimit > 0 {
		limit = math.Max(opt.TimeLimit.Seconds(), 1e-3)
	}
	or := func(v, def float64) float64 {
		if v == 0 {
			return def
		}
		return v
	}
	if err := setD("time_limit", limit); err != nil {
		return err
	}
	if err := setD("primal_feasibility_tolerance", or(opt.PrimalTolerance, 1e-7)); err != nil {
		return err
	}
	if err := setD("dual_feasibility_tolerance", or(opt.DualTolerance, 1e-7)); err != nil {
		return err
	}
	setI := func(name string, v int) error {
		cs := C.CString(name)
		defer C.free(unsafe.Pointer(cs))
		return callErr(name, C.Highs_setIntOptionValue(h, cs, C.HighsInt(v)))
	}
	if err := setI("simplex_dual_edge_weight_strategy", int(price)); err != nil {
		return err
	}
	scale := scaleChoose
	if price == priceDantzig {
		scale = scaleEquilibration
	}
	if err := setI("simplex_scale_strategy", scale); err != nil {
		return err
	}
	if err := highsSetIterationLimit(h, iterations); err != nil {
		return err
	}
	if opt.Threads > 0 {
		cs := C.CString("threads")
		defer C.free(unsafe.Pointer(cs))
		return callErr("threads", C.Highs_setIntOptionValue(h, cs, C.HighsInt(opt.Threads)))
	}
	return nil
}

// highsSetMethod sets h's solver option to method's.
func highsSetMethod(h unsafe.Pointer, method solveMethod) error {
	cs, cv := C.CString("solver"), C.CString(method.option())
	defer C.free(unsafe.Pointer(cs))
	defer C.free(unsafe.Pointer(cv))
	return callErr("solver", C.Highs_setStringOptionValue(h, cs, cv))
}

// highsRunMethod runs h, solving as method says, and when an interior
// point run ends without a final status (HiGHS gives up on its
// crossover, say) runs the dual simplex from where it stopped.
func highsRunMethod(h unsafe.Pointer, method solveMethod) int {
	st := highsRunH(h)
	if method != methodIPM {
		return st
	}
	if st >= 0 {
		switch highsModelStatus(h) {
		case hmsOptimal, hmsInfeasible, hmsUnboundedOrInfeasible, hmsUnbounded, hmsTimeLimit, hmsInterrupt:
			return st
		}
	}
	if highsSetMethod(h, methodSimplex) != nil {
		return st
	}
	return highsRunH(h)
}

// highsSetIterationLimit limits h's simplex iterations (0: no limit).
func highsSetIterationLimit(h unsafe.Pointer, n int) error {
	if n <= 0 || n > math.MaxInt32 {
		n = math.MaxInt32 // kHighsIInf
	}
	cs := C.CString("simplex_iteration_limit")
	defer C.free(unsafe.Pointer(cs))
	return callErr("simplex_iteration_limit", C.Highs_setIntOptionValue(h, cs, C.HighsInt(n)))
}

// highsModelStatus is h's kHighsModelStatus after a run.
func highsModelStatus(h unsafe.Pointer) int { return int(C.Highs_getModelStatus(h)) }

func highsRunH(h unsafe.Pointer) int { return int(C.Highs_run(h)) }

// highsGetBasis reads h's basis into col and row (HiGHS basis statuses).
func highsGetBasis(h unsafe.Pointer, col, row []int32) error {
	return callErr("Highs_getBasis", C.Highs_getBasis(h, cInts(col), cInts(row)))
}

// highsSetBasis passes a basis to h. An alien basis may be incomplete or
// singular: HiGHS factors it at once, completing it with slack columns,
// and again when it runs. A complete one (complete: it was optimal for a
// model of the same rows and columns) is passed as it is and factored
// once, when HiGHS runs (highs_basis.cc); if it turns out not to be one,
// it is passed the alien way.
func highsSetBasis(h unsafe.Pointer, col, row []int32, complete bool) error {
	if complete && setCompleteBasis(h, col, row) {
		return nil
	}
	return callErr("Highs_setBasis", C.Highs_setBasis(h, cInts(col), cInts(row)))
}

// setCompleteBasis passes a complete basis to h as it is; it reports
// false, changing nothing, when col and row are not one for h's model:
// not as many basic variables as rows, or a nonbasic variable at an
// infinite bound.
func setCompleteBasis(h unsafe.Pointer, col, row []int32) bool {
	return C.teraplan_set_trusted_basis(h, cInts(col), cInts(row)) == 0
}

func highsChangeColBounds(h unsafe.Pointer, set []int32, lo, hi []float64) error {
	return callErr("Highs_changeColsBoundsBySet", C.Highs_changeColsBoundsBySet(h, C.HighsInt(len(set)), cInts(set), cDoubles(lo), cDoubles(hi)))
}

func highsChangeRowBounds(h unsafe.Pointer, set []int32, lo, hi []float64) error {
	return callErr("Highs_changeRowsBoundsBySet", C.Highs_changeRowsBoundsBySet(h, C.HighsInt(len(set)), cInts(set), cDoubles(lo), cDoubles(hi)))
}

func highsChangeCosts(h unsafe.Pointer, set []int32, cost []float64) error {
	return callErr("Highs_changeColsCostBySet", C.Highs_changeColsCostBySet(h, C.HighsInt(len(set)), cInts(set), cDoubles(cost)))
}

func highsChangeCoeff(h unsafe.Pointer, row, col int, v float64) error {
	return callErr("Highs_changeCoeff", C.Highs_changeCoeff(h, C.HighsInt(row), C.HighsInt(col), C.double(v)))
}

func highsChangeOffset(h unsafe.Pointer, offset float64) error {
	return callErr("Highs_changeObjectiveOffset", C.Highs_changeObjectiveOffset(h, C.double(offset)))
}

// rowRanging is HiGHS's ranging of the row bounds: for row i, the active
// bound can move between dnValue[i] and upValue[i] with the basis staying
// optimal; dnOut/upOut are the variables leaving the basis at each end
// (j < numCol a column, numCol+i a row, −1 none).
type rowRanging struct {
	upValue, dnValue []float64
	upOut, dnOut     []int32
}

// highsRowRanging reads the row-bound ranging of h's optimal basis.
func highsRowRanging(h unsafe.Pointer) (*rowRanging, error) {
	nr := int(C.Highs_getNumRow(h))
	r := &rowRanging{upValue: make([]float64, nr+1), dnValue: make([]float64, nr+1),
		upOut: make([]int32, nr+1), dnOut: make([]int32, nr+1)}
	upObj, dnObj := make([]float64, nr+1), make([]float64, nr+1)
	upIn, dnIn := make([]int32, nr+1), make([]int32, nr+1)
	st := C.Highs_getRanging(h,
		nil, nil, nil, nil, nil, nil, nil, nil,
		nil, nil, nil, nil, nil, nil, nil, nil,
		cDoubles(r.upValue), cDoubles(upObj), cInts(upIn), cInts(r.upOut),
		cDoubles(r.dnValue), cDoubles(dnObj), cInts(dnIn), cInts(r.dnOut))
	if st < 0 {
		return nil, fmt.Errorf("%w: Highs_getRanging failed", ErrSolver)
	}
	r.upValue, r.dnValue, r.upOut, r.dnOut = r.upValue[:nr], r.dnValue[:nr], r.upOut[:nr], r.dnOut[:nr]
	return r, nil
}
