package lp_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"teraplan/lp"
)

// lpData is a feasible, bounded LP kept as plain data, so that a test can
// perturb it and build the same-shaped model again.
type lpData struct {
	sense  lp.Sense
	offset float64
	c      []float64
	lo, hi []float64
	x0     []float64   // a feasible point
	a      [][]float64 // dense A, mostly zeros
	ge     []bool      // row i is ≥ (else ≤)
	slack  []float64   // rhs = A·x0 ± slack
}

func newLPData(r *rand.Rand, nRows, nCols int) *lpData {
	d := &lpData{sense: lp.Sense(r.IntN(2)), offset: r.NormFloat64()}
	for range nCols {
		lo := -float64(r.IntN(3))
		hi := lo + 1 + 9*r.Float64()
		d.lo, d.hi = append(d.lo, lo), append(d.hi, hi)
		d.x0 = append(d.x0, lo+(hi-lo)*r.Float64())
		d.c = append(d.c, r.NormFloat64())
	}
	for range nRows {
		row := make([]float64, nCols)
		for j := range row {
			if r.IntN(4) == 0 {
				row[j] = r.NormFloat64()
			}
		}
		d.a = append(d.a, row)
		d.ge = append(d.ge, r.IntN(2) == 0)
		s := 0.0
		if r.IntN(3) > 0 {
			s = r.Float64() * 3
		}
		d.slack = append(d.slack, s)
	}
	return d
}

// perturb moves about frac of the costs, bounds, slacks and matrix
// entries (some zero entries become nonzero and some nonzeros zero).
func (d *lpData) perturb(r *rand.Rand, frac float64) *lpData {
	e := *d
	e.c = append([]float64(nil), d.c...)
	e.lo, e.hi = append([]float64(nil), d.lo...), append([]float64(nil), d.hi...)
	e.slack = append([]float64(nil), d.slack...)
	e.a = make([][]float64, len(d.a))
	hit := func() bool { return r.Float64() < frac }
	for i := range d.a {
		e.a[i] = append([]float64(nil), d.a[i]...)
		for j := range e.a[i] {
			switch {
			case hit() && e.a[i][j] != 0 && r.IntN(4) == 0:
				e.a[i][j] = 0
			case hit():
				e.a[i][j] += 0.3 * r.NormFloat64()
			}
		}
		if hit() {
			e.slack[i] = r.Float64() * 3
		}
	}
	for j := range e.c {
		if hit() {
			e.c[j] *= 1 + 0.3*(2*r.Float64()-1)
		}
		if hit() {
			e.hi[j] = math.Max(e.x0[j], e.hi[j]*(1+0.3*(2*r.Float64()-1)))
		}
	}
	if hit() {
		e.offset += 1
	}
	return &e
}

func (d *lpData) model(t testing.TB) (*lp.Model, *lp.VarFamily, *lp.ConFamily) {
	t.Helper()
	m := lp.NewModel("data")
	n := len(d.c)
	x, err := m.AddVars("x", labels(n), lp.NonNeg())
	if err != nil {
		t.Fatal(err)
	}
	obj := lp.Const(d.offset)
	for j := range n {
		if err := m.SetBounds(x.At(j), d.lo[j], d.hi[j]); err != nil {
			t.Fatal(err)
		}
		obj = obj.Plus(lp.Term(d.c[j], x.At(j)))
	}
	rows := make([]lp.Row, len(d.a))
	for i, ai := range d.a {
		lhs, ax := lp.Const(0), 0.0
		for j, v := range ai {
			if v != 0 {
				lhs = lhs.Plus(lp.Term(v, x.At(j)))
				ax += v * d.x0[j]
			}
		}
		if d.ge[i] {
			rows[i] = lp.GE(lhs, lp.Const(ax-d.slack[i]))
		} else {
			rows[i] = lp.LE(lhs, lp.Const(ax+d.slack[i]))
		}
	}
	c, err := m.AddConstraints("r", labels(len(d.a)), rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetObjective(d.sense, obj); err != nil {
		t.Fatal(err)
	}
	return m, x, c
}

func labels(n int) lp.Index {
	idx := make(lp.Index, n)
	for i := range idx {
		idx[i] = fmt.Sprint(i)
	}
	return idx
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// A session re-solving a chain of perturbed models (bounds, row sides,
// costs, the objective constant, changed, new and removed coefficients)
// finds the optimum a cold solve finds, warm, in fewer iterations.
func TestSessionMatchesCold(t *testing.T) {
	for _, tc := range []struct {
		inline bool
		frac   float64
	}{{true, 0.03}, {false, 0.03}, {true, 0.002}} {
		inline := tc.inline
		r := rand.New(rand.NewPCG(7, 13))
		d := newLPData(r, 60, 80)
		var s lp.Session
		warmIter, coldIter := 0, 0
		for step := range 40 {
			if step > 0 {
				d = d.perturb(r, tc.frac)
			}
			m, x, c := d.model(t)
			opt := lp.Options{Inline: inline}
			cold, err := m.Solve(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			warm, err := s.Solve(context.Background(), m, opt)
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			if !relClose(warm.Objective, cold.Objective, 1e-9) {
				t.Errorf("step %d: warm objective %.12g, cold %.12g", step, warm.Objective, cold.Objective)
			}
			if warm.Warm != (step > 0) {
				t.Errorf("step %d: Warm = %v", step, warm.Warm)
			}
			// The solution is of this model: values and duals readable.
			_ = warm.Values(x)
			if warm.ShadowPrices(c) == nil {
				t.Errorf("step %d: no duals", step)
			}
			if step > 0 {
				warmIter += warm.Iterations
				coldIter += cold.Iterations
			}
		}
		st := s.Stats()
		if st.Solves != 40 || st.Cold != 1 || st.Warm+st.Reloaded != 39 {
			t.Errorf("inline %v: stats %+v, want 40 solves, 1 cold", inline, st)
		}
		if tc.frac < 0.01 && st.Warm < 20 {
			t.Errorf("small changes: only %d of 39 re-solves kept the loaded instance", st.Warm)
		}
		// Fewer iterations than cold, far fewer after small changes.
		if warmIter >= coldIter || tc.frac < 0.01 && warmIter*4 > coldIter {
			t.Errorf("inline %v: warm re-solves took %d iterations, cold %d: expected fewer", inline, warmIter, coldIter)
		}
		t.Logf("inline %v: iterations warm %d, cold %d; %+v", inline, warmIter, coldIter, st)
		s.Close()
	}
}

// The same Model, changed in place with SetBounds, re-solves warm; a
// model of another shape is loaded afresh with the basis mapped by name,
// and a MIP is solved cold.
func TestSessionShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	d := newLPData(r, 30, 40)
	m, x, _ := d.model(t)
	var s lp.Session
	defer s.Close()
	if _, err := s.Solve(context.Background(), m, lp.Options{Inline: true}); err != nil {
		t.Fatal(err)
	}
	if err := m.SetBounds(x.At(3), d.lo[3], d.x0[3]); err != nil {
		t.Fatal(err)
	}
	got, err := s.Solve(context.Background(), m, lp.Options{Inline: true})
	if err != nil {
		t.Fatal(err)
	}
	want := mustSolve(t, m, lp.Options{})
	if !got.Warm || !relClose(got.Objective, want.Objective, 1e-9) {
		t.Errorf("after SetBounds: warm %v objective %v, want warm and %v", got.Warm, got.Objective, want.Objective)
	}
	// Another shape: five more rows.
	e := *d
	e.a = append(append([][]float64(nil), d.a...), d.a[:5]...)
	e.ge = append(append([]bool(nil), d.ge...), d.ge[:5]...)
	e.slack = append(append([]float64(nil), d.slack...), 0, 0, 0, 0, 0)
	m2, _, _ := e.model(t)
	got, err = s.Solve(context.Background(), m2, lp.Options{Inline: true})
	if err != nil {
		t.Fatal(err)
	}
	want = mustSolve(t, m2, lp.Options{})
	if !got.Warm || !relClose(got.Objective, want.Objective, 1e-9) {
		t.Errorf("other shape: warm %v objective %v, want warm (mapped basis) and %v", got.Warm, got.Objective, want.Objective)
	}
	if st := s.Stats(); st.Reloaded != 1 || st.Warm != 1 {
		t.Errorf("stats %+v, want one warm and one reloaded", st)
	}
	mip, _, _, _ := mipModel()
	sol, err := s.Solve(context.Background(), mip, lp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !sol.MIP || sol.Warm {
		t.Errorf("MIP through a session: MIP %v warm %v", sol.MIP, sol.Warm)
	}
}

// After an error the session loads afresh and still solves correctly;
// a cancelled context is honoured, and the session stays usable.
func TestSessionAfterErrors(t *testing.T) {
	m := lp.NewModel("feas")
	x, _ := m.AddVars("x", lp.Labels("a"), lp.NonNeg())
	c, _ := m.AddConstraints("c", lp.Labels("lim"), []lp.Row{lp.LE(x.X(0), lp.Const(2))})
	_ = m.SetObjective(lp.Maximize, x.X(0))
	var s lp.Session
	defer s.Close()
	sol, err := s.Solve(context.Background(), m, lp.Options{})
	if err != nil || sol.Objective != 2 {
		t.Fatalf("objective %v, err %v; want 2", sol, err)
	}
	_ = c
	// Infeasible: x ≥ 3 against x ≤ 2.
	if err := m.SetBounds(x.At(0), 3, math.Inf(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Solve(context.Background(), m, lp.Options{}); !errors.Is(err, lp.ErrInfeasible) {
		t.Fatalf("infeasible re-solve: err = %v", err)
	}
	if err := m.SetBounds(x.At(0), 0, 1.5); err != nil {
		t.Fatal(err)
	}
	sol, err = s.Solve(context.Background(), m, lp.Options{})
	if err != nil || sol.Objective != 1.5 {
		t.Fatalf("after the error: objective %v, err %v; want 1.5", sol, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Solve(ctx, m, lp.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := s.Solve(ctx, m, lp.Options{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired deadline: err = %v", err)
	}
	sol, err = s.Solve(context.Background(), m, lp.Options{})
	if err != nil || sol.Objective != 1.5 {
		t.Errorf("after cancellation: objective %v, err %v; want 1.5", sol, err)
	}
}

// Cancelling a session solve mid-run on a solver thread returns at once;
// the session then solves again from scratch.
func TestSessionCancelMidSolve(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	d := newLPData(r, 400, 500)
	m, _, _ := d.model(t)
	var s lp.Session
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(2 * time.Millisecond); cancel() }()
	_, err := s.Solve(ctx, m, lp.Options{})
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	sol, err := s.Solve(context.Background(), m, lp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := mustSolve(t, m, lp.Options{})
	if !relClose(sol.Objective, want.Objective, 1e-9) {
		t.Errorf("after a cancelled solve: objective %v, want %v", sol.Objective, want.Objective)
	}
}

// rangingModel: max 3x + 2y with x ≤ 3 and the rows
// sum: x + y ≤ b (4) and two: x + 3y ≤ 9. At the optimum x = 3 (at its
// bound), y = b − 3 and two is slack (3 + 3y ≤ 9 while b ≤ 5), so the
// shadow price of sum is 2 (y's cost) while 3 ≤ b ≤ 5: it can be relaxed
// by 1, when two binds, and tightened by 1, when y reaches 0.
func rangingModel(t *testing.T, b float64) (*lp.Model, *lp.ConFamily) {
	t.Helper()
	m := lp.NewModel("ranging")
	v, err := m.AddVars("v", lp.Labels("x", "y"), lp.NonNeg())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetBounds(v.At(0), 0, 3); err != nil {
		t.Fatal(err)
	}
	c, err := m.AddConstraints("r", lp.Labels("sum", "two"), []lp.Row{
		lp.LE(lp.Sum(v.X(0), v.X(1)), lp.Const(b)),
		lp.LE(lp.Sum(v.X(0), v.X(1).Scale(3)), lp.Const(9)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetObjective(lp.Maximize, lp.Sum(v.X(0).Scale(3), v.X(1).Scale(2))); err != nil {
		t.Fatal(err)
	}
	return m, c
}

func TestRanging(t *testing.T) {
	for _, viaSession := range []bool{false, true} {
		m, c := rangingModel(t, 4)
		var sol *lp.Solution
		var err error
		if viaSession {
			var s lp.Session
			sol, err = s.Solve(context.Background(), m, lp.Options{Ranging: true})
			s.Close()
		} else {
			sol, err = m.Solve(context.Background(), lp.Options{Ranging: true})
		}
		if err != nil {
			t.Fatal(err)
		}
		rg := m.Ranges(sol, c)
		if rg == nil {
			t.Fatal("no ranges")
		}
		want := lp.RowRange{Relax: 1, Tighten: 1, RelaxLeaving: "r[two]", TightenLeaving: "v[y]"}
		got := rg[0]
		if !near(got.Relax, 1, 1e-9) || !near(got.Tighten, 1, 1e-9) || got.RelaxLeaving != want.RelaxLeaving || got.TightenLeaving != want.TightenLeaving {
			t.Errorf("session %v: range of r[sum] = %+v, want %+v", viaSession, got, want)
		}
		if y := sol.ShadowPrices(c)[0]; !near(y, 2, 1e-9) {
			t.Errorf("shadow price %v, want 2", y)
		}
	}
	// Re-solves at and just past each end: the objective moves by the
	// shadow price × the change up to the end, and by less beyond it.
	obj := func(b float64) float64 {
		m, _ := rangingModel(t, b)
		return mustSolve(t, m, lp.Options{}).Objective
	}
	base := obj(4)
	for _, tc := range []struct{ b, want float64 }{{5, base + 2}, {3, base - 2}} {
		if got := obj(tc.b); !near(got, tc.want, 1e-9) {
			t.Errorf("b = %v: objective %v, want %v (shadow price 2 holds to the end)", tc.b, got, tc.want)
		}
	}
	if slope := (obj(5.1) - obj(5)) / 0.1; near(slope, 2, 1e-6) {
		t.Errorf("past the upper end the slope is still 2: the range is too short")
	}
	if slope := (obj(3) - obj(2.9)) / 0.1; near(slope, 2, 1e-6) {
		t.Errorf("past the lower end the slope is still 2: the range is too short")
	}
	// Without Ranging there are none.
	m, c := rangingModel(t, 4)
	if rg := m.Ranges(mustSolve(t, m, lp.Options{}), c); rg != nil {
		t.Errorf("ranges without Options.Ranging: %+v", rg)
	}
}

// A ≥ row in a minimisation: relaxing lowers its bound.
func TestRangingGE(t *testing.T) {
	// min 2x + 3y, x + y ≥ b (4), x ≤ 3: x = 3, y = b − 3. Lowering b
	// saves 3 a unit until y = 0 at b = 3; raising it costs 3 a unit
	// without limit.
	m := lp.NewModel("demand")
	v, _ := m.AddVars("v", lp.Labels("x", "y"), lp.NonNeg())
	_ = m.SetBounds(v.At(0), 0, 3)
	c, err := m.AddConstraints("d", lp.Labels("demand"), []lp.Row{lp.GE(lp.Sum(v.X(0), v.X(1)), lp.Const(4))})
	if err != nil {
		t.Fatal(err)
	}
	_ = m.SetObjective(lp.Minimize, lp.Sum(v.X(0).Scale(2), v.X(1).Scale(3)))
	sol, err := m.Solve(context.Background(), lp.Options{Ranging: true})
	if err != nil {
		t.Fatal(err)
	}
	got := m.Ranges(sol, c)[0]
	if !near(got.Relax, 1, 1e-9) || got.RelaxLeaving != "v[y]" || !math.IsInf(got.Tighten, 1) || got.TightenLeaving != "" {
		t.Errorf("range %+v, want relax 1 (v[y] leaves), tighten unlimited", got)
	}
	if y := sol.ShadowPrices(c)[0]; !near(y, -3, 1e-9) {
		t.Errorf("shadow price %v, want −3", y)
	}
}

// BenchmarkResolve re-solves an 80×100 LP after 0.2% of its data moved,
// again and again:
// warm through a Session, and cold.
func BenchmarkResolve(b *testing.B) {
	for _, warm := range []bool{true, false} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(21, 22))
			d := newLPData(r, 80, 100)
			var models []*lp.Model // a chain: each model a change of the one before
			for range 64 {
				d = d.perturb(r, 0.002)
				m, _, _ := d.model(b)
				models = append(models, m)
			}
			var s lp.Session
			defer s.Close()
			ctx := context.Background()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				m := models[i%len(models)]
				i++
				var err error
				if warm {
					_, err = s.Solve(ctx, m, lp.Options{Inline: true})
				} else {
					_, err = m.Solve(ctx, lp.Options{Inline: true})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// An anchored session starts every solve from the anchor's basis: the same
// model gives bit-identical solutions whatever was solved before, and a
// clone (another worker) gives them too.
func TestSessionAnchor(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	d := newLPData(r, 60, 80)
	base, _, _ := d.model(t)
	var models []*lp.Model
	for range 6 {
		m, _, _ := d.perturb(r, 0.01).model(t)
		models = append(models, m)
	}
	var s lp.Session
	defer s.Close()
	if s.Anchor() {
		t.Fatal("anchored without a basis")
	}
	if _, err := s.Solve(context.Background(), base, lp.Options{Inline: true}); err != nil {
		t.Fatal(err)
	}
	if !s.Anchor() {
		t.Fatal("no anchor after an optimal solve")
	}
	solveAll := func(s *lp.Session, order []int) map[int][]float64 {
		out := map[int][]float64{}
		for _, k := range order {
			m := models[k]
			sol, err := s.Solve(context.Background(), m, lp.Options{Inline: true})
			if err != nil {
				t.Fatal(err)
			}
			if !sol.Warm {
				t.Errorf("model %d: not started from the anchor", k)
			}
			x := sol.Values(m.VarFamilies()[0])
			out[k] = append(x, sol.Objective)
		}
		return out
	}
	a := solveAll(&s, []int{0, 1, 2, 3, 4, 5})
	c := s.Clone()
	defer c.Close()
	b := solveAll(c, []int{5, 3, 1, 4, 2, 0})
	for k := range models {
		if !slices.Equal(a[k], b[k]) {
			t.Errorf("model %d: solutions differ with the order of solves", k)
		}
		want := mustSolve(t, models[k], lp.Options{})
		if got := a[k][len(a[k])-1]; !relClose(got, want.Objective, 1e-9) {
			t.Errorf("model %d: objective %v, cold %v", k, got, want.Objective)
		}
	}
	if st := s.Stats(); st.Reloaded != 6 || st.Warm != 0 {
		t.Errorf("anchored stats %+v: want every solve reloaded from the anchor", st)
	}
}

// anchoredNearFar returns a Session anchored at a random model's optimal
// basis, and two perturbations of that model: one near it (0.02% of its
// entries moved) and one far (5%).
func anchoredNearFar(t *testing.T, seed1, seed2 uint64) (s *lp.Session, near, far *lp.Model) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed1, seed2))
	d := newLPData(r, 200, 150)
	base, _, _ := d.model(t)
	near, _, _ = d.perturb(r, 0.0002).model(t)
	far, _, _ = d.perturb(r, 0.05).model(t)
	s = &lp.Session{}
	if _, err := s.Solve(context.Background(), base, lp.Options{Inline: true}); err != nil {
		t.Fatal(err)
	}
	if !s.Anchor() {
		t.Fatal("no anchor after an optimal solve")
	}
	return s, near, far
}

// An anchored start prices by steepest edge exactly when many entries of
// the model changed since the anchor (more than an eighth of the rows),
// and finds the cold optimum either way.
func TestSessionFarStart(t *testing.T) {
	s, near, far := anchoredNearFar(t, 7, 8)
	defer s.Close()
	for _, c := range []struct {
		name string
		m    *lp.Model
		far  int
	}{{"near", near, 0}, {"far", far, 1}} {
		before := s.Stats().Far
		sol, err := s.Solve(context.Background(), c.m, lp.Options{Inline: true})
		if err != nil {
			t.Fatal(err)
		}
		if !sol.Warm {
			t.Errorf("%s: not started from the anchor", c.name)
		}
		if got := s.Stats().Far - before; got != c.far {
			t.Errorf("%s: %d far starts, want %d", c.name, got, c.far)
		}
		want := mustSolve(t, c.m, lp.Options{})
		if !relClose(sol.Objective, want.Objective, 1e-9) {
			t.Errorf("%s: objective %v, cold %v", c.name, sol.Objective, want.Objective)
		}
	}
}

// A near start that runs past its Devex budget starts again from the
// same basis priced by steepest edge, and still finds the cold optimum.
func TestSessionDevexBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	d := newLPData(r, 120, 100)
	base, _, _ := d.model(t)
	// Ten costs reversed: few changes, far enough to take iterations.
	e := *d
	e.c = slices.Clone(d.c)
	for j := range 10 {
		e.c[j] = -3 * e.c[j]
	}
	near, _, _ := e.model(t)
	want := mustSolve(t, near, lp.Options{})
	solve := func() (*lp.Solution, lp.SessionStats) {
		var s lp.Session
		defer s.Close()
		if _, err := s.Solve(context.Background(), base, lp.Options{Inline: true}); err != nil {
			t.Fatal(err)
		}
		s.Anchor()
		before := s.Stats()
		sol, err := s.Solve(context.Background(), near, lp.Options{Inline: true})
		if err != nil {
			t.Fatal(err)
		}
		st := s.Stats()
		st.Far -= before.Far
		return sol, st
	}
	free, st := solve()
	budget := near.NumRows() / 8
	if st.Far != 0 || free.Iterations <= budget {
		t.Fatalf("the near start took %d iterations (far starts %d): want a Devex start longer than %d", free.Iterations, st.Far, budget)
	}
	defer lp.SetDevexFloor(1)()
	capped, st := solve()
	if st.Far != 1 {
		t.Errorf("%d far starts after a budget of %d iterations, want 1", st.Far, budget)
	}
	if capped.Iterations <= budget {
		t.Errorf("%d iterations, want the %d of the stopped Devex start counted too", capped.Iterations, budget)
	}
	for _, sol := range []*lp.Solution{free, capped} {
		if !relClose(sol.Objective, want.Objective, 1e-9) {
			t.Errorf("objective %v, cold %v", sol.Objective, want.Objective)
		}
	}
}

// Each way of beginning a far start (Session.Far) finds the cold optimum:
// steepest edge and Dantzig from the anchor (counted as far starts),
// cold without it (counted as a cold solve, which HiGHS presolves); a
// near start is the same whatever the way, and clones keep the way.
func TestSessionFarStartWays(t *testing.T) {
	anchor, near, far := anchoredNearFar(t, 11, 12)
	defer anchor.Close()
	wantFar := mustSolve(t, far, lp.Options{})
	wantNear := mustSolve(t, near, lp.Options{})
	for _, way := range []lp.FarStart{lp.FarSteepest, lp.FarDantzig, lp.FarCold} {
		anchor.Far = way
		s := anchor.Clone()
		if s.Far != way {
			t.Errorf("%v: the clone begins far starts %v", way, s.Far)
		}
		sol, err := s.Solve(context.Background(), far, lp.Options{Inline: true})
		if err != nil {
			t.Fatalf("%v: %v", way, err)
		}
		st := s.Stats()
		if way == lp.FarCold {
			if sol.Warm || st.Cold != 1 || st.Far != 0 {
				t.Errorf("%v: warm %v, stats %+v: want one cold solve", way, sol.Warm, st)
			}
		} else if !sol.Warm || st.Far != 1 {
			t.Errorf("%v: warm %v, stats %+v: want one far start from the anchor", way, sol.Warm, st)
		}
		if !relClose(sol.Objective, wantFar.Objective, 1e-9) {
			t.Errorf("%v: objective %v, cold %v", way, sol.Objective, wantFar.Objective)
		}
		sol, err = s.Solve(context.Background(), near, lp.Options{Inline: true})
		if err != nil {
			t.Fatalf("%v near: %v", way, err)
		}
		if !sol.Warm || !relClose(sol.Objective, wantNear.Objective, 1e-9) {
			t.Errorf("%v near: warm %v, objective %v, cold %v", way, sol.Warm, sol.Objective, wantNear.Objective)
		}
		s.Close()
	}
}

// A near start priced by Dantzig's rule (Session.Near) starts from the
// anchor, counts as near, finds the cold optimum, and clones keep the
// way.
func TestSessionNearStartWays(t *testing.T) {
	anchor, near, _ := anchoredNearFar(t, 13, 14)
	defer anchor.Close()
	want := mustSolve(t, near, lp.Options{})
	for _, way := range []lp.NearStart{lp.NearDevex, lp.NearDantzig} {
		anchor.Near = way
		s := anchor.Clone()
		if s.Near != way {
			t.Errorf("%v: the clone prices near starts by %v", way, s.Near)
		}
		sol, err := s.Solve(context.Background(), near, lp.Options{Inline: true})
		if err != nil {
			t.Fatalf("%v: %v", way, err)
		}
		if st := s.Stats(); !sol.Warm || st.Far != 0 || st.Reloaded != 1 {
			t.Errorf("%v: warm %v, stats %+v: want one near start from the anchor", way, sol.Warm, st)
		}
		if !relClose(sol.Objective, want.Objective, 1e-9) {
			t.Errorf("%v: objective %v, cold %v", way, sol.Objective, want.Objective)
		}
		s.Close()
	}
	if lp.NearDantzig.String() != "Dantzig" || lp.NearStart(7).String() != "NearStart(7)" {
		t.Errorf("names %q, %q", lp.NearDantzig, lp.NearStart(7))
	}
}
