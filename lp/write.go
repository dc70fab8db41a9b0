package lp

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// columns returns A column-wise (CSC), by a counting sort of the CSR arrays.
func (m *Model) columns() (start, row []int, val []float64) {
	nc := m.NumCols()
	start = make([]int, nc+1)
	for _, j := range m.rowCol {
		start[j+1]++
	}
	for j := range nc {
		start[j+1] += start[j]
	}
	next := append([]int(nil), start[:nc]...)
	row = make([]int, len(m.rowCol))
	val = make([]float64, len(m.rowCol))
	for i := range m.rowLo {
		for p := m.rowStart[i]; p < m.rowStart[i+1]; p++ {
			j := m.rowCol[p]
			row[next[j]], val[next[j]] = i, m.rowVal[p]
			next[j]++
		}
	}
	return start, row, val
}

// names returns the column and row names, "family[label]" or, with
// parens, "family(label)".
func (m *Model) names(parens bool) (cols, rows []string) {
	open, close := "[", "]"
	if parens {
		open, close = "(", ")"
	}
	for _, f := range m.vars {
		for _, l := range f.idx {
			cols = append(cols, f.name+open+l+close)
		}
	}
	for _, c := range m.cons {
		for _, l := range c.idx {
			rows = append(rows, c.name+open+l+close)
		}
	}
	return cols, rows
}

// WriteMPS writes the model in free MPS format, with columns and rows named
// "family[label]", the objective row "obj" (its constant as the negated
// right-hand side, the MPS convention) and an OBJSENSE MAX section when
// maximising. Integer columns are marked and always carry explicit bounds.
func (m *Model) WriteMPS(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cols, rows := m.names(false)
	name := m.name
	if name == "" {
		name = "teraplan"
	}
	bw.WriteString("NAME " + name + "\n")
	if m.sense == Maximize {
		bw.WriteString("OBJSENSE\n    MAX\n")
	}
	bw.WriteString("ROWS\n N  obj\n")
	for i, r := range rows {
		lo, hi := m.rowLo[i], m.rowHi[i]
		t := "L"
		switch {
		case lo == hi:
			t = "E"
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			t = "N"
		case math.IsInf(hi, 1):
			t = "G"
		}
		bw.WriteString(" " + t + "  " + r + "\n")
	}
	bw.WriteString("COLUMNS\n")
	start, row, val := m.columns()
	inInt := false
	for j, c := range cols {
		if m.integer[j] != inInt {
			if m.integer[j] {
				bw.WriteString("    MARKER 'MARKER' 'INTORG'\n")
			} else {
				bw.WriteString("    MARKER 'MARKER' 'INTEND'\n")
			}
			inInt = m.integer[j]
		}
		if m.cost[j] != 0 || start[j] == start[j+1] {
			bw.WriteString("    " + c + " obj " + num(m.cost[j]) + "\n")
		}
		for p := start[j]; p < start[j+1]; p++ {
			bw.WriteString("    " + c + " " + rows[row[p]] + " " + num(val[p]) + "\n")
		}
	}
	if inInt {
		bw.WriteString("    MARKER 'MARKER' 'INTEND'\n")
	}
	bw.WriteString("RHS\n")
	if m.offset != 0 {
		bw.WriteString("    RHS obj " + num(-m.offset) + "\n")
	}
	var ranged []int
	for i, r := range rows {
		lo, hi := m.rowLo[i], m.rowHi[i]
		var rhs float64
		switch {
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			continue
		case math.IsInf(lo, -1):
			rhs = hi
		case math.IsInf(hi, 1) || lo == hi:
			rhs = lo
		default:
			rhs = hi
			ranged = append(ranged, i)
		}
		if rhs != 0 {
			bw.WriteString("    RHS " + r + " " + num(rhs) + "\n")
		}
	}
	if len(ranged) > 0 {
		bw.WriteString("RANGES\n")
		for _, i := range ranged {
			bw.WriteString("    RNG " + rows[i] + " " + num(m.rowHi[i]-m.rowLo[i]) + "\n")
		}
	}
	bw.WriteString("BOUNDS\n")
	for j, c := range cols {
		lo, hi := m.colLo[j], m.colHi[j]
		b := func(t string, v float64) { bw.WriteString(" " + t + " BND " + c + " " + num(v) + "\n") }
		switch {
		case lo == hi:
			b("FX", lo)
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			bw.WriteString(" FR BND " + c + "\n")
		case math.IsInf(lo, -1):
			bw.WriteString(" MI BND " + c + "\n")
			b("UP", hi)
		default:
			if lo != 0 || m.integer[j] {
				b("LO", lo)
			}
			if math.IsInf(hi, 1) {
				if m.integer[j] {
					bw.WriteString(" PL BND " + c + "\n")
				}
			} else {
				b("UP", hi)
			}
		}
	}
	bw.WriteString("ENDATA\n")
	return bw.Flush()
}

// WriteLP writes the model in CPLEX LP format. '[' and ']' are not legal
// there, so entries are named "family(label)". HiGHS's LP reader has no
// ranged rows: a row with two different finite bounds is written as two,
// "family(label)" (≥ lower) and "family(label)_hi" (≤ upper); free rows are
// left out.
func (m *Model) WriteLP(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cols, rows := m.names(true)
	bw.WriteString("\\ " + m.name + "\n")
	if m.sense == Maximize {
		bw.WriteString("Maximize\n")
	} else {
		bw.WriteString("Minimize\n")
	}
	bw.WriteString(" obj:")
	n := 0
	term := func(c float64, name string) {
		if n > 0 && n%8 == 0 {
			bw.WriteString("\n   ")
		}
		n++
		if c < 0 {
			bw.WriteString(" - " + num(-c) + " " + name)
		} else {
			bw.WriteString(" + " + num(c) + " " + name)
		}
	}
	for j, c := range m.cost {
		if c != 0 {
			term(c, cols[j])
		}
	}
	if m.offset != 0 || n == 0 {
		if m.offset < 0 {
			bw.WriteString(" - " + num(-m.offset))
		} else {
			bw.WriteString(" + " + num(m.offset))
		}
	}
	bw.WriteString("\nSubject To\n")
	row := func(name string, i int, op string, rhs float64) {
		bw.WriteString(" " + name + ":")
		n = 0
		for p := m.rowStart[i]; p < m.rowStart[i+1]; p++ {
			term(m.rowVal[p], cols[m.rowCol[p]])
		}
		if n == 0 && len(cols) > 0 {
			term(0, cols[0])
		}
		bw.WriteString(" " + op + " " + num(rhs) + "\n")
	}
	for i, r := range rows {
		lo, hi := m.rowLo[i], m.rowHi[i]
		switch {
		case lo == hi:
			row(r, i, "=", lo)
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		case math.IsInf(lo, -1):
			row(r, i, "<=", hi)
		case math.IsInf(hi, 1):
			row(r, i, ">=", lo)
		default:
			row(r, i, ">=", lo)
			row(r+"_hi", i, "<=", hi)
		}
	}
	bw.WriteString("Bounds\n")
	for j, c := range cols {
		lo, hi := m.colLo[j], m.colHi[j]
		switch {
		case lo == hi:
			bw.WriteString(" " + c + " = " + num(lo) + "\n")
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			bw.WriteString(" " + c + " free\n")
		case math.IsInf(lo, -1):
			bw.WriteString(" -inf <= " + c + " <= " + num(hi) + "\n")
		case math.IsInf(hi, 1):
			if lo != 0 {
				bw.WriteString(" " + c + " >= " + num(lo) + "\n")
			}
		default:
			bw.WriteString(" " + num(lo) + " <= " + c + " <= " + num(hi) + "\n")
		}
	}
	if m.numInt > 0 {
		bw.WriteString("General\n")
		for j, c := range cols {
			if m.integer[j] {
				bw.WriteString(" " + c + "\n")
			}
		}
	}
	bw.WriteString("End\n")
	return bw.Flush()
}
