package lp

import (
	"fmt"
	"math"
)

// RowRange is how far a constraint's active bound can move with the
// optimal basis, and so the shadow price, unchanged (sensitivity analysis
// of the right-hand side). Relax and Tighten follow the shadow-price
// convention: relaxing a ≤ row raises its bound, a ≥ row lowers it, an =
// row raises its right-hand side; tightening is the opposite. Within
// [−Tighten, +Relax] the objective changes by exactly shadow price × the
// relaxation; past either end the basis changes and the next shadow price
// is different. At each end the variable that leaves the basis is named:
// a row "family[label]" (it becomes binding) or a column (it reaches a
// bound), "" where the range is unlimited.
//
// For a constraint that is not binding, the range only says how far the
// bound can tighten before it binds (Relax is +Inf).
type RowRange struct {
	Relax, Tighten               float64 // ≥ 0, +Inf when unlimited
	RelaxLeaving, TightenLeaving string
}

// Ranges returns the ranges of the family's constraints, or nil when the
// solve did not ask for them (Options.Ranging) or has no duals. s must be
// a solution of m.
func (m *Model) Ranges(s *Solution, c *ConFamily) []RowRange {
	s.check(c.m.id, "Ranges")
	if c.m != m {
		panic(fmt.Sprintf("lp: Ranges(%s): not a family of this model", c.name))
	}
	if s.rng == nil || !s.HasDuals {
		return nil
	}
	out := make([]RowRange, len(c.idx))
	for i := range out {
		r := c.first + i
		lo, hi, act := m.rowLo[r], m.rowHi[r], s.act[r]
		up, dn := s.rng.upValue[r], s.rng.dnValue[r]
		upOut, dnOut := m.basisName(s.rng.upOut[r]), m.basisName(s.rng.dnOut[r])
		var rr RowRange
		lower := false
		switch {
		case lo == hi:
		case math.IsInf(hi, 1) && !math.IsInf(lo, -1):
			lower = true
		case !math.IsInf(lo, -1) && !math.IsInf(hi, 1):
			lower = math.Abs(act-lo) < math.Abs(act-hi)
		}
		if lower {
			rr = RowRange{Relax: lo - dn, Tighten: up - lo, RelaxLeaving: dnOut, TightenLeaving: upOut}
		} else {
			rr = RowRange{Relax: up - hi, Tighten: hi - dn, RelaxLeaving: upOut, TightenLeaving: dnOut}
		}
		rr.Relax, rr.Tighten = nonNeg(rr.Relax), nonNeg(rr.Tighten)
		if math.IsInf(rr.Relax, 1) {
			rr.RelaxLeaving = ""
		}
		if math.IsInf(rr.Tighten, 1) {
			rr.TightenLeaving = ""
		}
		out[i] = rr
	}
	return out
}

// nonNeg clears the tiny negative values ranging can give at a
// degenerate vertex, and NaN (an unlimited bound minus an unlimited end).
func nonNeg(x float64) float64 {
	if math.IsNaN(x) {
		return math.Inf(1)
	}
	return math.Max(x, 0)
}

// basisName names HiGHS's variable j: column j when j < NumCols, else row
// j − NumCols; "" for −1 or out of range.
func (m *Model) basisName(j int32) string {
	switch {
	case j < 0:
		return ""
	case int(j) < m.NumCols():
		f, k := m.varFamilyOf(int(j))
		return f.name + "[" + f.idx[k] + "]"
	case int(j) < m.NumCols()+m.NumRows():
		c, k := m.conFamilyOf(int(j) - m.NumCols())
		return c.RowName(k)
	}
	return ""
}
