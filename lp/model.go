// Package lp is teraplan's modelling layer over HiGHS: named, indexed families of variables and constraints.
package lp

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// Sense is the direction of optimisation.
type Sense int

// The two senses.
const (
	Minimize Sense = iota
	Maximize
)

// String returns "minimize" or "maximize".
func (s Sense) String() string {
	if s == Maximize {
		return "maximize"
	}
	return "minimize"
}

var modelIDs atomic.Uint32

// Model is a linear or mixed-integer program built from named families:
//
//	minimize or maximize  cᵀx + offset
//	subject to            rowLo ≤ A x ≤ rowHi
//	                      colLo ≤ x ≤ colHi,  x_j integer for integer columns
//
// Columns are stored as flat arrays and A row-wise (CSR), appended family by
// family, so building a model is linear in its number of nonzeros. A Model
// is not safe for concurrent modification; distinct Models may be built and
// solved in parallel, and Solve only reads its Model.
type Model struct {
	id   uint32
	name string

	vars     []*VarFamily
	cons     []*ConFamily
	varNames map[string]bool
	conNames map[string]bool

	colLo, colHi, cost []float64
	integer            []bool
	numInt             int

	rowLo, rowHi []float64
	rowStart     []int // len NumRows()+1
	rowCol       []int
	rowVal       []float64

	sense  Sense
	offset float64

	pos []int32 // scratch for merging duplicate variables, -1 when unused

	lastIdx Index // the last family's labels, shared by families with the same ones
}

// NewModel returns an empty model. The name is used in MPS and LP files.
func NewModel(name string) *Model {
	id := modelIDs.Add(1)
	if id == 0 { // wrapped after 2³² models; keep 0 reserved for invalid Vars
		id = modelIDs.Add(1)
	}
	return &Model{
		id:       id,
		name:     name,
		varNames: map[string]bool{},
		conNames: map[string]bool{},
		rowStart: []int{0},
	}
}

// Reserve makes room for about rows more rows, cols more columns and
// nonzeros more coefficients, so a model whose size the caller can
// estimate is built without regrowing its arrays. Estimates only affect
// speed: the model grows past them as usual.
func (m *Model) Reserve(rows, cols, nonzeros int) {
	m.rowLo = slices.Grow(m.rowLo, rows)
	m.rowHi = slices.Grow(m.rowHi, rows)
	m.rowStart = slices.Grow(m.rowStart, rows)
	m.colLo = slices.Grow(m.colLo, cols)
	m.colHi = slices.Grow(m.colHi, cols)
	m.cost = slices.Grow(m.cost, cols)
	m.integer = slices.Grow(m.integer, cols)
	m.pos = slices.Grow(m.pos, cols)
	m.rowCol = slices.Grow(m.rowCol, nonzeros)
	m.rowVal = slices.Grow(m.rowVal, nonzeros)
}

// VarFamily is a named, indexed family of variables: entry i is the column
// name[Index()[i]].
type VarFamily struct {
	m     *Model
	name  string
	idx   Index
	first int
	unit  []term // 1·x_i for each i, made with the family; X's expressions share it
}

// Name returns the family's name.
func (f *VarFamily) Name() string { return f.name }

// Len returns the number of variables in the family.
func (f *VarFamily) Len() int { return len(f.idx) }

// Index returns a copy of the family's labels.
func (f *VarFamily) Index() Index { return append(Index(nil), f.idx...) }

// At returns the i-th variable. It panics if i is out of range.
func (f *VarFamily) At(i int) Var {
	if i < 0 || i >= len(f.idx) {
		panic(fmt.Sprintf("lp: %s.At(%d) out of range [0,%d)", f.name, i, len(f.idx)))
	}
	return Var{model: f.m.id, col: int32(f.first + i)}
}

// X returns the expression 1·x_i. The expressions of one family share one
// array of terms (capacity capped, as Builder.Expr's), so that the most
// common expression costs no allocation of its own.
func (f *VarFamily) X(i int) Expr {
	f.At(i) // panics when i is out of range
	return Expr{terms: f.unit[i : i+1 : i+1]}
}

// ConFamily is a named, indexed family of constraints: entry i is the row
// name[Index()[i]].
type ConFamily struct {
	m     *Model
	name  string
	idx   Index
	first int
}

// Name returns the family's name.
func (c *ConFamily) Name() string { return c.name }

// Len returns the number of constraints in the family.
func (c *ConFamily) Len() int { return len(c.idx) }

// Index returns a copy of the family's labels.
func (c *ConFamily) Index() Index { return append(Index(nil), c.idx...) }

func nameChar(r byte) bool {
	return r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// checkName checks a family name: a letter or '_' first, then letters,
// digits, '_' and '.', and optionally one '@' followed by a scope such as
// a region ("power.balance@china"), so that it is legal in MPS and LP files.
func checkName(kind, name string) error {
	if name == "" {
		return fmt.Errorf("lp: %s family with empty name", kind)
	}
	if c := name[0]; !(c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')) {
		return fmt.Errorf("lp: invalid %s family name %q: must start with a letter or '_'", kind, name)
	}
	at := strings.IndexByte(name, '@')
	if at >= 0 && (at == len(name)-1 || strings.IndexByte(name[at+1:], '@') >= 0) {
		return fmt.Errorf("lp: invalid %s family name %q: '@' must be followed by a scope, once", kind, name)
	}
	for i := 0; i < len(name); i++ {
		if !nameChar(name[i]) && i != at {
			return fmt.Errorf("lp: invalid %s family name %q: only letters, digits, '_', '.' and one '@' are allowed", kind, name)
		}
	}
	return nil
}

// checkFamily checks a family's labels: non-empty, legal characters, no
// duplicates.
func checkFamily(kind, name string, idx Index) error {
	var seen map[string]bool // only for long indexes; short ones compare pairwise
	if len(idx) > 32 {
		seen = make(map[string]bool, len(idx))
	}
	for j, l := range idx {
		if l == "" {
			return fmt.Errorf("lp: %s family %s: empty label", kind, name)
		}
		for i := 0; i < len(l); i++ {
			if !nameChar(l[i]) {
				return fmt.Errorf("lp: %s[%s]: invalid label: only letters, digits, '_' and '.' are allowed", name, l)
			}
		}
		dup := false
		if seen != nil {
			dup = seen[l]
			seen[l] = true
		} else {
			dup = slices.Contains(idx[:j], l)
		}
		if dup {
			return fmt.Errorf("lp: %s[%s]: duplicate label", name, l)
		}
	}
	return nil
}

// ownIndex returns a copy of idx for a new family, shared with the
// previous family when the labels are the same (most families of a model
// are indexed by the same periods), and whether it was already checked.
func (m *Model) ownIndex(idx Index) (Index, bool) {
	if slices.Equal(idx, m.lastIdx) {
		return m.lastIdx, true
	}
	m.lastIdx = append(Index(nil), idx...)
	return m.lastIdx, false
}

// ErrInvalidModel is wrapped by every error about malformed input to a
// Model (bad names, NaN or infinite coefficients, inconsistent bounds).
var ErrInvalidModel = errors.New("lp: invalid model")

type modelError struct{ msg string }

func (e *modelError) Error() string { return e.msg }
func (e *modelError) Unwrap() error { return ErrInvalidModel }

func invalid(err error) error { return &modelError{err.Error()} }

func checkBounds(lo, hi float64) error {
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi):
		return fmt.Errorf("NaN bound [%v, %v]", lo, hi)
	case lo > hi:
		return fmt.Errorf("lower bound %v > upper bound %v", lo, hi)
	case math.IsInf(lo, 1) || math.IsInf(hi, -1):
		return fmt.Errorf("infinite bound [%v, %v] admits no value", lo, hi)
	}
	return nil
}

// AddVars adds one variable per label of idx, all with bounds b, as the
// family name. It is an error to reuse a variable family name, to pass an
// invalid name or label, duplicate labels, or NaN or crossing bounds.
func (m *Model) AddVars(name string, idx Index, b Bounds) (*VarFamily, error) {
	if err := checkName("variable", name); err != nil {
		return nil, invalid(err)
	}
	own, checked := m.ownIndex(idx)
	if !checked {
		if err := checkFamily("variable", name, own); err != nil {
			m.lastIdx = nil
			return nil, invalid(err)
		}
	}
	if m.varNames[name] {
		return nil, invalid(fmt.Errorf("lp: variable family %s already exists", name))
	}
	if err := checkBounds(b.Lower, b.Upper); err != nil {
		return nil, invalid(fmt.Errorf("lp: %s: %w", name, err))
	}
	f := &VarFamily{m: m, name: name, idx: own, first: len(m.colLo)}
	// Made here, not on the first X: a solved model's families are read
	// by several goroutines at once.
	f.unit = make([]term, len(idx))
	for j := range f.unit {
		f.unit[j] = term{Var{model: m.id, col: int32(f.first + j)}, 1}
	}
	for range idx {
		m.colLo = append(m.colLo, b.Lower)
		m.colHi = append(m.colHi, b.Upper)
		m.cost = append(m.cost, 0)
		m.integer = append(m.integer, b.Integer)
		m.pos = append(m.pos, -1)
	}
	if b.Integer {
		m.numInt += len(idx)
	}
	m.varNames[name] = true
	m.vars = append(m.vars, f)
	return f, nil
}

func (m *Model) checkVar(v Var) error {
	if !v.Valid() {
		return errors.New("invalid (zero) Var")
	}
	if v.model != m.id || int(v.col) >= len(m.colLo) {
		return errors.New("Var from another model")
	}
	return nil
}

// SetBounds sets the bounds of one variable, lo ≤ v ≤ hi.
func (m *Model) SetBounds(v Var, lo, hi float64) error {
	if err := m.checkVar(v); err != nil {
		return invalid(fmt.Errorf("lp: SetBounds: %w", err))
	}
	if err := checkBounds(lo, hi); err != nil { // named only on error: SetBounds is hot
		return invalid(fmt.Errorf("lp: %s: %w", m.ColumnName(v), err))
	}
	m.colLo[v.col], m.colHi[v.col] = lo, hi
	return nil
}

// AddConstraints adds rows[i] as the constraint name[idx[i]]. Repeated
// variables within a row are merged and zero coefficients dropped. It is an
// error to reuse a constraint family name, to pass len(rows) ≠ len(idx), a
// NaN or infinite coefficient, a NaN bound, or a Var that is invalid or from
// another model; the error names the family and, where it applies, the entry.
// On error the model is unchanged.
func (m *Model) AddConstraints(name string, idx Index, rows []Row) (*ConFamily, error) {
	if err := checkName("constraint", name); err != nil {
		return nil, invalid(err)
	}
	own, checked := m.ownIndex(idx)
	if !checked {
		if err := checkFamily("constraint", name, own); err != nil {
			m.lastIdx = nil
			return nil, invalid(err)
		}
	}
	if m.conNames[name] {
		return nil, invalid(fmt.Errorf("lp: constraint family %s already exists", name))
	}
	if len(rows) != len(idx) {
		return nil, invalid(fmt.Errorf("lp: constraint family %s: %d rows for %d labels", name, len(rows), len(idx)))
	}
	nr, nz := len(m.rowLo), len(m.rowCol)
	for i, r := range rows {
		if err := m.appendRow(r); err != nil {
			m.rowLo, m.rowHi = m.rowLo[:nr], m.rowHi[:nr]
			m.rowStart = m.rowStart[:nr+1]
			m.rowCol, m.rowVal = m.rowCol[:nz], m.rowVal[:nz]
			return nil, invalid(fmt.Errorf("lp: %s[%s]: %w", name, idx[i], err))
		}
	}
	c := &ConFamily{m: m, name: name, idx: own, first: nr}
	m.conNames[name] = true
	m.cons = append(m.cons, c)
	return c, nil
}

// appendRow appends one row, merging repeated columns in time linear in its
// number of terms.
func (m *Model) appendRow(r Row) error {
	if err := m.appendEntries(r); err != nil {
		return err
	}
	m.rowLo = append(m.rowLo, r.lo)
	m.rowHi = append(m.rowHi, r.hi)
	m.rowStart = append(m.rowStart, len(m.rowCol))
	return nil
}

// appendEntries checks r's bounds and appends its merged, nonzero entries
// to the matrix arrays.
func (m *Model) appendEntries(r Row) error {
	switch {
	case math.IsNaN(r.lo) || math.IsNaN(r.hi):
		return fmt.Errorf("NaN bound [%v, %v]", r.lo, r.hi)
	case math.IsInf(r.lo, 1) || math.IsInf(r.hi, -1):
		return fmt.Errorf("infinite bound [%v, %v] admits no value", r.lo, r.hi)
	case r.lo > r.hi:
		return fmt.Errorf("lower bound %v > upper bound %v", r.lo, r.hi)
	}
	start := len(m.rowCol)
	// add merges sign·terms into the row being appended.
	add := func(terms []term, sign float64) error {
		for _, t := range terms {
			if err := m.checkVar(t.v); err != nil {
				return err
			}
			c := sign * t.c
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return fmt.Errorf("coefficient %v of %s", c, m.ColumnName(t.v))
			}
			if p := m.pos[t.v.col]; p >= 0 {
				m.rowVal[p] += c
				continue
			}
			m.pos[t.v.col] = int32(len(m.rowCol))
			m.rowCol = append(m.rowCol, int(t.v.col))
			m.rowVal = append(m.rowVal, c)
		}
		return nil
	}
	err := add(r.plus, 1)
	if err == nil {
		err = add(r.minus, -1)
	}
	// Reset the scratch and drop zeros (also those that cancelled).
	k := start
	for p := start; p < len(m.rowCol); p++ {
		m.pos[m.rowCol[p]] = -1
		if m.rowVal[p] != 0 {
			m.rowCol[k], m.rowVal[k] = m.rowCol[p], m.rowVal[p]
			k++
		}
	}
	m.rowCol, m.rowVal = m.rowCol[:k], m.rowVal[:k]
	return err
}

// WithRow returns a copy of m in which row i of family c is r: the same
// columns (a solution of the copy evaluates m's variables and
// expressions), families, objective and other rows, built as AddConstraints
// would build r. m is unchanged, and the two share nothing either could
// change. It is for re-solving a model with one row changed (a capacity
// relaxed) without building it again.
func (m *Model) WithRow(c *ConFamily, i int, r Row) (*Model, error) {
	if c == nil || c.m != m || i < 0 || i >= len(c.idx) {
		return nil, invalid(errors.New("lp: WithRow: no such row of this model"))
	}
	row := c.first + i
	cp := *m
	cp.vars, cp.cons = slices.Clip(m.vars), slices.Clip(m.cons)
	cp.varNames, cp.conNames = maps.Clone(m.varNames), maps.Clone(m.conNames)
	cp.colLo, cp.colHi, cp.cost = slices.Clone(m.colLo), slices.Clone(m.colHi), slices.Clone(m.cost)
	cp.integer = slices.Clone(m.integer)
	cp.rowLo, cp.rowHi = slices.Clone(m.rowLo), slices.Clone(m.rowHi)
	cp.pos = slices.Repeat([]int32{-1}, len(m.pos))
	a, b := m.rowStart[row], m.rowStart[row+1]
	extra := len(r.plus) + len(r.minus)
	cp.rowCol = append(make([]int, 0, len(m.rowCol)+extra), m.rowCol[:a]...)
	cp.rowVal = append(make([]float64, 0, len(m.rowVal)+extra), m.rowVal[:a]...)
	if err := cp.appendEntries(r); err != nil {
		return nil, invalid(fmt.Errorf("lp: %s: %w", c.RowName(i), err))
	}
	shift := len(cp.rowCol) - b
	cp.rowCol = append(cp.rowCol, m.rowCol[b:]...)
	cp.rowVal = append(cp.rowVal, m.rowVal[b:]...)
	cp.rowStart = slices.Clone(m.rowStart)
	for k := row + 1; k < len(cp.rowStart); k++ {
		cp.rowStart[k] += shift
	}
	cp.rowLo[row], cp.rowHi[row] = r.lo, r.hi
	return &cp, nil
}

// SetObjective sets the objective: optimise e in sense s. The constant of e
// becomes the objective offset; repeated variables are summed. It replaces
// any earlier objective.
func (m *Model) SetObjective(s Sense, e Expr) error {
	if s != Minimize && s != Maximize {
		panic(fmt.Sprintf("lp: invalid Sense %d", int(s)))
	}
	if math.IsNaN(e.k) || math.IsInf(e.k, 0) {
		return invalid(fmt.Errorf("lp: objective: constant %v", e.k))
	}
	for _, t := range e.terms {
		if err := m.checkVar(t.v); err != nil {
			return invalid(fmt.Errorf("lp: objective: %w", err))
		}
		if math.IsNaN(t.c) || math.IsInf(t.c, 0) {
			return invalid(fmt.Errorf("lp: objective: coefficient %v of %s", t.c, m.ColumnName(t.v)))
		}
	}
	for i := range m.cost {
		m.cost[i] = 0
	}
	for _, t := range e.terms {
		m.cost[t.v.col] += t.c
	}
	m.sense, m.offset = s, e.k
	return nil
}

// Name returns the model's name.
func (m *Model) Name() string { return m.name }

// NumRows returns the number of constraints.
func (m *Model) NumRows() int { return len(m.rowLo) }

// NumCols returns the number of variables.
func (m *Model) NumCols() int { return len(m.colLo) }

// NumNonzeros returns the number of nonzero constraint coefficients.
func (m *Model) NumNonzeros() int { return len(m.rowVal) }

// NumIntegers returns the number of integer variables.
func (m *Model) NumIntegers() int { return m.numInt }

// CoefficientRange returns the smallest and largest absolute value of the
// nonzero constraint coefficients, or (0, 0) for a model without any.
func (m *Model) CoefficientRange() (min, max float64) {
	for i, v := range m.rowVal {
		a := math.Abs(v)
		if i == 0 || a < min {
			min = a
		}
		if a > max {
			max = a
		}
	}
	return min, max
}

// VarFamilies returns the variable families in the order they were added.
func (m *Model) VarFamilies() []*VarFamily { return append([]*VarFamily(nil), m.vars...) }

// ConFamilies returns the constraint families in the order they were added.
func (m *Model) ConFamilies() []*ConFamily { return append([]*ConFamily(nil), m.cons...) }

func (m *Model) varFamilyOf(col int) (*VarFamily, int) {
	k := sort.Search(len(m.vars), func(i int) bool { return m.vars[i].first > col }) - 1
	f := m.vars[k]
	return f, col - f.first
}

func (m *Model) conFamilyOf(row int) (*ConFamily, int) {
	k := sort.Search(len(m.cons), func(i int) bool { return m.cons[i].first > row }) - 1
	c := m.cons[k]
	return c, row - c.first
}

// ColumnName returns "family[label]" for v. It panics if v is not a
// variable of m.
func (m *Model) ColumnName(v Var) string {
	if err := m.checkVar(v); err != nil {
		panic("lp: ColumnName: " + err.Error())
	}
	f, i := m.varFamilyOf(int(v.col))
	return f.name + "[" + f.idx[i] + "]"
}

// RowName returns "family[label]" for entry i of c.
func (c *ConFamily) RowName(i int) string { return c.name + "[" + c.idx[i] + "]" }
