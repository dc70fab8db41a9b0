package lp

import (
	"errors"
	"fmt"
	"math"
)

// ErrResidual is returned when the solution HiGHS reports violates the
// model by more than the residual tolerance: a plan the solver did not
// really find is never reported.
var ErrResidual = errors.New("lp: solution violates the model beyond tolerance")

// DefaultResidualTolerance is the scaled violation above which a solution
// is refused; HiGHS's own feasibility tolerance is 1e-7.
const DefaultResidualTolerance = 1e-6

// Residual is the worst violation of a solution, recomputed in Go from the
// model's own rows (activity = Σ a_ij x_j, not HiGHS's row values), bounds
// and integrality. Violations are scaled by 1 + |bound|.
type Residual struct {
	Max   float64 // the worst scaled violation
	Where string  // "family[label]" of the worst row or column, "" if none
}

// residual computes the worst scaled violation of x.
func (m *Model) residual(x []float64, isMIP bool) Residual {
	var r Residual
	note := func(v float64, where func() string) {
		if v > r.Max {
			r.Max, r.Where = v, where()
		}
	}
	viol := func(a, lo, hi float64) float64 {
		v := 0.0
		if a < lo {
			v = (lo - a) / (1 + math.Abs(lo))
		}
		if a > hi {
			v = math.Max(v, (a-hi)/(1+math.Abs(hi)))
		}
		if math.IsNaN(a) {
			v = math.Inf(1)
		}
		return v
	}
	for i := range m.rowLo {
		a := 0.0
		for p := m.rowStart[i]; p < m.rowStart[i+1]; p++ {
			a += m.rowVal[p] * x[m.rowCol[p]]
		}
		if v := viol(a, m.rowLo[i], m.rowHi[i]); v > r.Max {
			note(v, func() string { c, k := m.conFamilyOf(i); return c.RowName(k) })
		}
	}
	for j := range m.colLo {
		v := viol(x[j], m.colLo[j], m.colHi[j])
		if isMIP && m.integer[j] {
			v = math.Max(v, math.Abs(x[j]-math.Round(x[j]))/(1+math.Abs(x[j])))
		}
		if v > r.Max {
			note(v, func() string { f, k := m.varFamilyOf(j); return f.Name() + "[" + f.idx[k] + "]" })
		}
	}
	return r
}

// checkResidual refuses a solution whose residual exceeds tol.
func (m *Model) checkResidual(s *Solution, tol float64) error {
	if tol == 0 {
		tol = DefaultResidualTolerance
	}
	s.Residual = m.residual(s.x, s.MIP)
	if s.Residual.Max > tol {
		return fmt.Errorf("%w: %.3g at %s (tolerance %.3g)", ErrResidual, s.Residual.Max, s.Residual.Where, tol)
	}
	return nil
}

// Scaling describes the spread of a model's coefficients: a ratio of
// largest to smallest |coefficient| above BadScaling makes simplex
// tolerances meaningless and deserves a warning.
type Scaling struct {
	MinCoef, MaxCoef float64
	MinRHS, MaxRHS   float64 // finite, nonzero row bounds
}

// BadScaling is the coefficient ratio above which a model is badly scaled.
const BadScaling = 1e9

// Scaling reports the model's coefficient and right-hand-side ranges.
func (m *Model) Scaling() Scaling {
	var s Scaling
	s.MinCoef, s.MaxCoef = m.CoefficientRange()
	for i := range m.rowLo {
		for _, b := range []float64{m.rowLo[i], m.rowHi[i]} {
			if a := math.Abs(b); a > 0 && !math.IsInf(a, 0) {
				if s.MinRHS == 0 || a < s.MinRHS {
					s.MinRHS = a
				}
				s.MaxRHS = math.Max(s.MaxRHS, a)
			}
		}
	}
	return s
}

// Bad reports whether the matrix coefficients span more than BadScaling.
func (s Scaling) Bad() bool { return s.MinCoef > 0 && s.MaxCoef/s.MinCoef > BadScaling }
