package lp

// The few HiGHS C calls lanl/highs does not expose. The prototypes are
// declared here rather than by including interfaces/highs_c_api.h, which
// defines (not just declares) its kHighs* constants and would clash at link
// time with the copy lanl/highs compiles.

/*
#cgo pkg-config: highs
#include <stdlib.h>
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
*/
import "C"

import (
	"fmt"
	"reflect"
	"runtime"
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
		return rawState{}, fmt.Errorf("lp: cannot read the HiGHS solution: unexpected lanl/highs RawModel layout")
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
