package lp

import (
	"bytes"
	"context"
	"math"
	"testing"
)

// withRowModel builds max 3x + 2y + z over three rows, the middle one
// given: cap[a]: x + y ≤ 4, cap[b]: mid, cap[c]: x + 3z ≤ 6, with
// 0 ≤ x, y, z ≤ 10.
func withRowModel(t *testing.T, mid func(x, y, z Expr) Row) (*Model, *ConFamily, *VarFamily) {
	t.Helper()
	m := NewModel("withrow")
	v, err := m.AddVars("v", Index{"x", "y", "z"}, Between(0, 10))
	if err != nil {
		t.Fatal(err)
	}
	x, y, z := v.X(0), v.X(1), v.X(2)
	c, err := m.AddConstraints("cap", Index{"a", "b", "c"}, []Row{
		LE(x.Plus(y), Const(4)),
		mid(x, y, z),
		LE(x.Plus(z.Scale(3)), Const(6)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetObjective(Maximize, Sum(x.Scale(3), y.Scale(2), z)); err != nil {
		t.Fatal(err)
	}
	return m, c, v
}

func mps(t *testing.T, m *Model) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.WriteMPS(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// WithRow gives the model that building it with the other row gives, byte
// for byte, leaves the original as it was, and its solution reads the
// original's variables. The new row drops y, adds z, and has an entry
// that cancels to nothing (x − x).
func TestModelWithRow(t *testing.T) {
	base, c, v := withRowModel(t, func(x, y, _ Expr) Row { return LE(x.Minus(y), Const(1)) })
	before := mps(t, base)
	newRow := func(x, _, z Expr) Row {
		return LE(x.Plus(z.Scale(2)).Minus(x), Const(5)) // 2z ≤ 5
	}
	x, y, z := v.X(0), v.X(1), v.X(2)
	cp, err := base.WithRow(c, 1, newRow(x, y, z))
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := withRowModel(t, newRow)
	if got := mps(t, cp); got != mps(t, want) {
		t.Errorf("WithRow's model:\n%s\nbuilt afresh:\n%s", got, mps(t, want))
	}
	if mps(t, base) != before {
		t.Error("WithRow changed the original model")
	}
	// The copy's optimum by hand: with 2z ≤ 5 no longer binding, x = 4,
	// y = 0 leaves z = (6 − 4)/3, for 12 + 2/3; trading x for y (x = 4 − δ,
	// y = δ, z = (2 + δ)/3) changes that by −2δ/3. So 38/3.
	sol, err := cp.Solve(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sol.Objective-38.0/3) > 1e-9 {
		t.Errorf("objective %v, want 38/3", sol.Objective)
	}
	if got := sol.Value(v.At(0)); math.Abs(got-4) > 1e-9 {
		t.Errorf("x = %v from the copy's solution, want 4", got)
	}
	// The copy is independent: a family added to it is not the original's.
	if _, err := cp.AddVars("w", Index{"1"}, Between(0, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := base.AddVars("w", Index{"1"}, Between(0, 1)); err != nil {
		t.Errorf("the original saw the copy's family: %v", err)
	}
	if _, err := base.WithRow(c, 3, newRow(x, y, z)); err == nil {
		t.Error("WithRow accepted a row the family does not have")
	}
	if _, err := cp.WithRow(c, 1, newRow(x, y, z)); err == nil {
		t.Error("WithRow accepted another model's family")
	}
}
