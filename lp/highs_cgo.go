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
*/
import "C"

import (
	"errors"
	"fmt"
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
func highsRun(raw *highs.RawModel) (int, error) {
	h := handle(raw)
	if h == nil {
		return -1, errRawLayout
	}
	defer runtime.KeepAlive(raw)
	return int(C.Highs_run(h)), nil
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
}

// readState reads status, objective and solution from raw.
func readState(raw *highs.RawModel, isMIP bool) (rawState, error) {
	h := handle(raw)
	if h == nil {
		return rawState{}, errRawLayout
	}
	defer runtime.KeepAlive(raw)
	var st rawState
	st.modelStatus = int(C.Highs_getModelStatus(h))
	st.primalStatus = intInfo(h, "primal_solution_status")
	st.dualStatus = intInfo(h, "dual_solution_status")
	st.objective = doubleInfo(h, "objective_function_value")
	if isMIP {
		st.mipGap = doubleInfo(h, "mip_gap")
	}
	nc, nr := int(C.Highs_getNumCol(h)), int(C.Highs_getNumRow(h))
	if st.primalStatus != hssFeasible {
		return st, nil
	}
	st.col = make([]float64, nc+1)
	st.colDual = make([]float64, nc+1)
	st.row = make([]float64, nr+1)
	st.rowDual = make([]float64, nr+1)
	C.Highs_getSolution(h, (*C.double)(&st.col[0]), (*C.double)(&st.colDual[0]),
		(*C.double)(&st.row[0]), (*C.double)(&st.rowDual[0]))
	st.col, st.colDual, st.row, st.rowDual = st.col[:nc], st.colDual[:nc], st.row[:nr], st.rowDual[:nr]
	st.haveSolution = true
	return st, nil
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
