package lp

import (
	"math"
	"slices"
	"strconv"
)

// Index lists the entry labels of a family, in order. Labels are non-empty
// and use only letters, digits, '_' and '.', so that "family[label]" is a
// legal name in MPS and "family(label)" in CPLEX-LP files.
type Index []string

// Periods returns the labels of the given years: 2026 → "2026",
// 2026.25 → "2026.25" (the shortest decimal that reads back as the year).
func Periods(years []float64) Index {
	idx := make(Index, len(years))
	for i, y := range years {
		idx[i] = strconv.FormatFloat(y, 'f', -1, 64)
	}
	return idx
}

// Labels returns an Index of the given labels.
func Labels(xs ...string) Index {
	return append(Index(nil), xs...)
}

// Var is one column of a Model. The zero value is invalid.
type Var struct {
	model uint32 // id of the owning Model; 0 = invalid
	col   int32  // column number in the owning Model
}

// Valid reports whether v belongs to some Model.
func (v Var) Valid() bool { return v.model != 0 }

// Bounds are the bounds of a family of variables, lower ≤ x ≤ upper, and
// whether the variables are integer.
type Bounds struct {
	Lower, Upper float64
	Integer      bool
}

// NonNeg returns the bounds [0, +Inf).
func NonNeg() Bounds { return Bounds{Lower: 0, Upper: math.Inf(1)} }

// Free returns the bounds (-Inf, +Inf).
func Free() Bounds { return Bounds{Lower: math.Inf(-1), Upper: math.Inf(1)} }

// Between returns the bounds [lo, hi].
func Between(lo, hi float64) Bounds { return Bounds{Lower: lo, Upper: hi} }

// Int returns the same bounds for integer variables.
func (b Bounds) Int() Bounds { b.Integer = true; return b }

// IntIf returns the same bounds, integer when on is true, continuous otherwise.
func (b Bounds) IntIf(on bool) Bounds { b.Integer = on; return b }

type term struct {
	v Var
	c float64
}

// Expr is an immutable affine expression Σ cᵢ·xᵢ + constant. Every method
// returns a new value and never modifies or aliases its receiver or
// arguments, so an Expr may be shared freely, also between goroutines.
// A variable may appear in several terms; they are merged when the
// expression is added to a model.
type Expr struct {
	terms []term
	k     float64
}

// Const returns the constant expression c.
func Const(c float64) Expr { return Expr{k: c} }

// Term returns the expression c·v.
func Term(c float64, v Var) Expr { return Expr{terms: []term{{v, c}}} }

// Sum returns the sum of es, in time linear in their total number of terms.
func Sum(es ...Expr) Expr {
	n := 0
	for _, e := range es {
		n += len(e.terms)
	}
	out := Expr{terms: make([]term, 0, n)}
	for _, e := range es {
		out.terms = append(out.terms, e.terms...)
		out.k += e.k
	}
	return out
}

// Plus returns e + o.
func (e Expr) Plus(o Expr) Expr { return Sum(e, o) }

// Minus returns e − o.
func (e Expr) Minus(o Expr) Expr {
	out := Expr{terms: make([]term, 0, len(e.terms)+len(o.terms)), k: e.k - o.k}
	out.terms = append(out.terms, e.terms...)
	for _, t := range o.terms {
		out.terms = append(out.terms, term{t.v, -t.c})
	}
	return out
}

// Scale returns c·e.
func (e Expr) Scale(c float64) Expr {
	out := Expr{terms: make([]term, len(e.terms)), k: c * e.k}
	for i, t := range e.terms {
		out.terms[i] = term{t.v, c * t.c}
	}
	return out
}

// AddTerm returns e + c·v. It copies e, so building a long expression term
// by term is quadratic: use a Builder instead.
func (e Expr) AddTerm(c float64, v Var) Expr {
	out := Expr{terms: make([]term, len(e.terms), len(e.terms)+1), k: e.k}
	copy(out.terms, e.terms)
	out.terms = append(out.terms, term{v, c})
	return out
}

// Builder accumulates an expression term by term in amortised constant
// time per term: the way to build a long sum. The zero value is the empty
// expression. Expr returns what has been added so far; later additions do
// not change an Expr already returned.
type Builder struct {
	terms []term
	k     float64
}

// Add adds c·v.
func (b *Builder) Add(c float64, v Var) { b.terms = append(b.terms, term{v, c}) }

// AddExpr adds e.
func (b *Builder) AddExpr(e Expr) {
	b.terms = append(b.terms, e.terms...)
	b.k += e.k
}

// Len returns the number of terms added so far.
func (b *Builder) Len() int { return len(b.terms) }

// Grow makes room for n more terms, so that adding them allocates nothing.
func (b *Builder) Grow(n int) { b.terms = slices.Grow(b.terms, n) }

// Reset empties b for the next expression. Expressions it returned keep
// their terms; the next ones fill the unused rest of its array, so that
// one Grow can make room for the rows of a whole family.
func (b *Builder) Reset() { b.terms, b.k = b.terms[len(b.terms):], 0 }

// Expr returns the sum so far. Its terms share the builder's array up to
// their length only (capacity capped), so neither later Adds nor appends
// to the Expr can reach the other.
func (b *Builder) Expr() Expr {
	n := len(b.terms)
	return Expr{terms: b.terms[:n:n], k: b.k}
}

// Constant returns the constant part of e.
func (e Expr) Constant() float64 { return e.k }

// Len returns the number of terms of e, counting repeated variables
// separately.
func (e Expr) Len() int { return len(e.terms) }

// Row is one linear constraint lo ≤ Σ aᵢ·xᵢ ≤ hi: the terms of lhs − rhs
// on the left and its constant moved into the bounds. It refers to the
// terms of lhs (plus) and rhs (minus) rather than copying them, which is
// safe because expressions are immutable; the model merges them when the
// row is added.
type Row struct {
	plus, minus []term
	lo, hi      float64
}

func newRow(lhs, rhs Expr, le, ge bool) Row {
	r := Row{plus: lhs.terms, minus: rhs.terms, lo: math.Inf(-1), hi: math.Inf(1)}
	k := lhs.k - rhs.k
	if le {
		r.hi = -k
	}
	if ge {
		r.lo = -k
	}
	return r
}

// LE returns the row lhs ≤ rhs.
func LE(lhs, rhs Expr) Row { return newRow(lhs, rhs, true, false) }

// GE returns the row lhs ≥ rhs.
func GE(lhs, rhs Expr) Row { return newRow(lhs, rhs, false, true) }

// EQ returns the row lhs = rhs.
func EQ(lhs, rhs Expr) Row { return newRow(lhs, rhs, true, true) }

// Range returns the ranged row lo ≤ e ≤ hi (the constant of e is moved into
// the bounds). An infinite bound leaves that side free.
func Range(lo float64, e Expr, hi float64) Row {
	return Row{plus: e.terms, lo: lo - e.k, hi: hi - e.k}
}
