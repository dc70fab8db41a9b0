package lp_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"teraplan/lp"
)

// randomInstance keeps the data of a generated LP so that the test can
// check the solution against the model independently of package lp.
type randomInstance struct {
	m      *lp.Model
	x      *lp.VarFamily
	rows   *lp.ConFamily
	sense  lp.Sense
	offset float64
	c      []float64
	lo, hi []float64   // column bounds
	a      [][]float64 // dense A
	kind   []byte      // 'L', 'G', 'E'
	b      []float64   // right-hand sides
}

// randomLP builds an LP that is feasible (x0 satisfies every row) and
// bounded (every column lies in a finite box) by construction: rows are
// ≤, ≥ or = with right-hand side A·x0 plus or minus a random slack, which
// is zero for a third of them so that many rows are binding.
func randomLP(seed uint64, nRows, nCols int) (randomInstance, error) {
	r := rand.New(rand.NewPCG(seed, 0x7e7a))
	in := randomInstance{sense: lp.Sense(r.IntN(2)), offset: math.Round(r.NormFloat64()*100) / 10}
	in.m = lp.NewModel(fmt.Sprintf("random%d", seed))
	labels := make(lp.Index, nCols)
	x0 := make([]float64, nCols)
	for j := range labels {
		labels[j] = fmt.Sprint(j)
		lo := -float64(r.IntN(3))
		hi := lo + 1 + 9*r.Float64()
		in.lo, in.hi = append(in.lo, lo), append(in.hi, hi)
		x0[j] = lo + (hi-lo)*r.Float64()
		in.c = append(in.c, math.Round(r.NormFloat64()*100)/10)
	}
	var err error
	if in.x, err = in.m.AddVars("x", labels, lp.NonNeg()); err != nil {
		return in, err
	}
	for j := range nCols {
		if err := in.m.SetBounds(in.x.At(j), in.lo[j], in.hi[j]); err != nil {
			return in, err
		}
	}
	var rows []lp.Row
	rowLabels := make(lp.Index, nRows)
	for i := range nRows {
		rowLabels[i] = fmt.Sprint(i)
		ai := make([]float64, nCols)
		var terms []lp.Expr
		ax := 0.0
		for j := range nCols {
			if r.Float64() < 0.25 {
				ai[j] = math.Round(r.NormFloat64()*40) / 10
				terms = append(terms, lp.Term(ai[j], in.x.At(j)))
				ax += ai[j] * x0[j]
			}
		}
		slack := 0.0
		if r.IntN(3) > 0 {
			slack = 5 * r.Float64()
		}
		k := r.IntN(7) // a constant on the left-hand side, moved to the bounds by lp
		lhs := lp.Sum(terms...).Plus(lp.Const(float64(k)))
		switch r.IntN(5) {
		case 0:
			in.kind, in.b = append(in.kind, 'E'), append(in.b, ax)
			rows = append(rows, lp.EQ(lhs, lp.Const(ax+float64(k))))
		case 1, 2:
			in.kind, in.b = append(in.kind, 'L'), append(in.b, ax+slack)
			rows = append(rows, lp.LE(lhs, lp.Const(ax+slack+float64(k))))
		default:
			in.kind, in.b = append(in.kind, 'G'), append(in.b, ax-slack)
			rows = append(rows, lp.GE(lhs, lp.Const(ax-slack+float64(k))))
		}
		in.a = append(in.a, ai)
	}
	if in.rows, err = in.m.AddConstraints("row", rowLabels, rows); err != nil {
		return in, err
	}
	obj := []lp.Expr{lp.Const(in.offset)}
	for j := range nCols {
		obj = append(obj, lp.Term(in.c[j], in.x.At(j)))
	}
	return in, in.m.SetObjective(in.sense, lp.Sum(obj...))
}

// TestRandomDuality checks each random LP by strong duality and
// complementary slackness, using only the instance data and lp's documented
// conventions: HiGHS's raw row dual is the shadow price for ≤ and = rows and
// its negation for ≥ rows; the dual objective is
//
//	offset + Σᵢ y_raw,ᵢ·bᵢ + Σⱼ dⱼ·(bound of x_j on the side dⱼ pushes it)
//
// with d = c − Aᵀy_raw recomputed here and compared with ReducedCosts.
func TestRandomDuality(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		nRows, nCols := 5+int(seed%4)*10, 8+int(seed%5)*9
		in, err := randomLP(seed, nRows, nCols)
		if err != nil {
			t.Fatal(err)
		}
		s, err := in.m.Solve(context.Background(), lp.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		x, d, y, act := s.Values(in.x), s.ReducedCosts(in.x), s.ShadowPrices(in.rows), s.Activities(in.rows)
		sign := 1.0 // +1: a relaxation may only improve a maximisation
		if in.sense == lp.Minimize {
			sign = -1
		}
		primal := in.offset
		for j := range x {
			primal += in.c[j] * x[j]
		}
		if !near(primal, s.Objective, 1e-9) {
			t.Errorf("seed %d: objective %v, cᵀx+k = %v", seed, s.Objective, primal)
		}
		dual := in.offset
		yraw := make([]float64, nRows)
		for i := range nRows {
			ax := 0.0
			for j := range x {
				ax += in.a[i][j] * x[j]
			}
			if !near(ax, act[i], 1e-9) {
				t.Errorf("seed %d row %d: activity %v, Ax %v", seed, i, act[i], ax)
			}
			if sign*y[i] < -1e-7 && in.kind[i] != 'E' {
				t.Errorf("seed %d row %d (%c): shadow price %v has the wrong sign for %v", seed, i, in.kind[i], y[i], in.sense)
			}
			if math.Abs(y[i]) > 1e-7 && !near(ax, in.b[i], 1e-7) {
				t.Errorf("seed %d row %d: shadow %v but activity %v ≠ bound %v", seed, i, y[i], ax, in.b[i])
			}
			yraw[i] = y[i]
			if in.kind[i] == 'G' {
				yraw[i] = -y[i]
			}
			dual += yraw[i] * in.b[i]
		}
		for j := range x {
			dj := in.c[j]
			for i := range nRows {
				dj -= in.a[i][j] * yraw[i]
			}
			if math.Abs(dj-d[j]) > 1e-7*(1+math.Abs(in.c[j])) {
				t.Errorf("seed %d col %d: reduced cost %v, c−Aᵀy = %v", seed, j, d[j], dj)
			}
			if math.Abs(dj) <= 1e-9 {
				continue
			}
			bound := in.lo[j] // where a maximiser with d<0 (minimiser with d>0) sits
			if sign*dj > 0 {
				bound = in.hi[j]
			}
			if !near(x[j], bound, 1e-7) && math.Abs(dj) > 1e-7 {
				t.Errorf("seed %d col %d: reduced cost %v but x = %v not at bound %v", seed, j, dj, x[j], bound)
			}
			dual += dj * bound
		}
		if !near(dual, s.Objective, 1e-7) {
			t.Errorf("seed %d (%v, %d×%d): primal %v, dual %v", seed, in.sense, nRows, nCols, s.Objective, dual)
		}
	}
}

// randomKnapsack is a multi-dimensional 0/1 knapsack, hard enough not to be
// solved in a millisecond.
func randomKnapsack(n, k int, seed uint64) (*lp.Model, []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	m := lp.NewModel("knapsack")
	labels := make(lp.Index, n)
	for j := range labels {
		labels[j] = fmt.Sprint(j)
	}
	x, _ := m.AddVars("take", labels, lp.Between(0, 1).Int())
	var rows []lp.Row
	var rl lp.Index
	var caps []float64
	for i := range k {
		var terms []lp.Expr
		total := 0.0
		for j := range n {
			w := float64(10 + r.IntN(90))
			total += w
			terms = append(terms, lp.Term(w, x.At(j)))
		}
		caps = append(caps, math.Floor(total/3))
		rows = append(rows, lp.LE(lp.Sum(terms...), lp.Const(caps[i])))
		rl = append(rl, fmt.Sprint(i))
	}
	m.AddConstraints("cap", rl, rows)
	var obj []lp.Expr
	for j := range n {
		obj = append(obj, lp.Term(float64(20+r.IntN(80)), x.At(j)))
	}
	m.SetObjective(lp.Maximize, lp.Sum(obj...))
	return m, caps
}
