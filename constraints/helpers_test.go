package constraints

import (
	"context"
	"math"
	"sort"
	"strings"
	"testing"

	"teraplan/lp"
)

// buildYearKeys are the build times of every expansion family.
var buildYearKeys = []string{
	"fabs.build_years", "packaging.line_build_years", "memory.fab_build_years",
	"memory.hbm_line_build_years", "castings.build_years", "solar.cell_line_build_years",
	"launch.pad_build_years", "launch.propellant_plant_build_years", "robots.line_build_years",
}

// frozen blocks every capacity expansion: a 20-year build lands outside any
// horizon shorter than 20 periods, and the builders bound such starts to 0.
// Binding tests start from it so that only the capacity under test can move.
func frozen(v Values) Values {
	kv := make([]any, 0, 2*len(buildYearKeys))
	for _, k := range buildYearKeys {
		kv = append(kv, k, 20.0)
	}
	return with(v, kv...)
}

// only switches off every switchable module except those named.
func only(v Values, on ...string) Values {
	kv := []any{}
	for _, m := range Modules() {
		kv = append(kv, m, false)
	}
	for _, m := range on {
		kv = append(kv, m, true)
	}
	return with(v, kv...)
}

// noEarthPower leaves Earth without new supply: no grid, no castings and
// ground solar that can never be permitted inside a short horizon.
func noEarthPower(v Values) Values {
	return with(v, "grid.new_gw_per_year", 0.0, "turbines.castings_gw_per_year_market", 0.0,
		"castings.build_years", 20.0, "solar.permit_lag_years", 20.0)
}

// traj is a trajectory through the given (year, value) pairs.
func traj(yv ...float64) Trajectory {
	var t Trajectory
	for i := 0; i < len(yv); i += 2 {
		t.Years = append(t.Years, yv[i])
		t.Values = append(t.Values, yv[i+1])
	}
	return t
}

// solveOK builds and solves v and requires an optimal solution.
func solveOK(t *testing.T, v Values, opt Options) (*World, *lp.Solution) {
	t.Helper()
	w, sol := solve(t, v, opt)
	if sol.Status != lp.Optimal {
		t.Fatalf("status %v, want Optimal", sol.Status)
	}
	return w, sol
}

// solveModel solves an already built (and perhaps re-bounded) world.
func solveModel(t *testing.T, w *World) *lp.Solution {
	t.Helper()
	sol, err := w.Model.Solve(context.Background(), lp.Options{})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if sol.Status != lp.Optimal {
		t.Fatalf("status %v, want Optimal", sol.Status)
	}
	return sol
}

// fix bounds every entry of f to want[i].
func fix(t *testing.T, w *World, f *lp.VarFamily, want ...float64) {
	t.Helper()
	if len(want) != f.Len() {
		t.Fatalf("fix %s: %d values for %d entries", f.Name(), len(want), f.Len())
	}
	for i, x := range want {
		if err := w.Model.SetBounds(f.At(i), x, x); err != nil {
			t.Fatal(err)
		}
	}
}

// expect compares a solved series with its hand-computed values.
func expect(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values %v, want %d %v", what, len(got), got, len(want), want)
	}
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %.9g, want %.9g (all: %v)", what, i, got[i], want[i], got)
		}
	}
}

// expectVals compares a variable family's values.
func expectVals(t *testing.T, sol *lp.Solution, f *lp.VarFamily, want ...float64) {
	t.Helper()
	if f == nil {
		t.Fatalf("family is nil")
	}
	expect(t, f.Name(), sol.Values(f), want)
}

// binds requires rows i of c to be binding, and notBinding that they are not.
func binds(t *testing.T, w *World, sol *lp.Solution, c *lp.ConFamily, rows ...int) {
	t.Helper()
	if c == nil {
		t.Fatalf("constraint family is nil")
	}
	for _, i := range rows {
		if !w.Model.Binding(sol, c, i) {
			t.Errorf("%s does not bind (activity %v)", c.RowName(i), sol.Activities(c)[i])
		}
	}
}

func notBinding(t *testing.T, w *World, sol *lp.Solution, c *lp.ConFamily, rows ...int) {
	t.Helper()
	for _, i := range rows {
		if w.Model.Binding(sol, c, i) {
			t.Errorf("%s binds, want slack (activity %v)", c.RowName(i), sol.Activities(c)[i])
		}
	}
}

// upto returns 0..n-1.
func upto(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// series returns f(0..n-1).
func series(n int, f func(t int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// evalAll evaluates one shared expression per period.
func evalAll(sol *lp.Solution, es []lp.Expr) []float64 {
	out := make([]float64, len(es))
	for i, e := range es {
		out[i] = sol.Eval(e)
	}
	return out
}

// families returns the names of the model's variable and constraint
// families, with their lengths.
func families(m *lp.Model) (vars, cons map[string]int) {
	vars, cons = map[string]int{}, map[string]int{}
	for _, f := range m.VarFamilies() {
		vars[f.Name()] = f.Len()
	}
	for _, c := range m.ConFamilies() {
		cons[c.Name()] = c.Len()
	}
	return vars, cons
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func withPrefix(m map[string]int, prefix string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// rowsOf names rows of a constraint family.
type rowsOf struct {
	c    *lp.ConFamily
	rows []int
}
