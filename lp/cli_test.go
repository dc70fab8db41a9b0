package lp_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"teraplan/lp"
	"teraplan/lp/lptest"
)

func TestWrittenModelsSolveAlike(t *testing.T) {
	cli := lptest.CLI(t)
	models := map[string]*lp.Model{}
	m, _, _ := production([3]float64{4, 12, 18})
	models["production"] = m
	mt, _, _, _ := transport([2]float64{20, 35}, [3]float64{10, 25, 15}, 0)
	models["transport"] = mt
	mm, _, _, _ := mipModel()
	models["mip"] = mm
	for seed := uint64(1); seed <= 6; seed++ {
		in, err := randomLP(seed, 20, 25)
		if err != nil {
			t.Fatal(err)
		}
		models[in.m.Name()] = in.m
	}
	models["ranged"] = rangedModel()
	dir := t.TempDir()
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			s := mustSolve(t, m, lp.Options{})
			for _, format := range []string{"mps", "lp"} {
				var buf bytes.Buffer
				write := m.WriteMPS
				if format == "lp" {
					write = m.WriteLP
				}
				if err := write(&buf); err != nil {
					t.Fatal(err)
				}
				if format == "lp" && strings.ContainsAny(buf.String(), "[]") {
					t.Errorf("LP file contains '[' or ']'")
				}
				file := filepath.Join(dir, name+"."+format)
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				if got := lptest.Objective(t, cli, file); !near(got, s.Objective, 1e-7) {
					t.Errorf("%s: highs CLI objective %v, lp objective %v", format, got, s.Objective)
				}
			}
		})
	}
}

// rangedModel exercises ranged and equality rows, free and negative bounds,
// an objective constant and an integer column with a non-zero lower bound:
//
//	min x − y + 2w + 10  s.t.  1 ≤ x + y ≤ 3,  x − w = −1,
//	x free, −1 ≤ y ≤ 2.5, 1 ≤ w ≤ 4 integer.
func rangedModel() *lp.Model {
	m := lp.NewModel("ranged")
	x, _ := m.AddVars("x", lp.Labels("a"), lp.Free())
	y, _ := m.AddVars("y", lp.Labels("a"), lp.Between(-1, 2.5))
	w, _ := m.AddVars("w", lp.Labels("a"), lp.Between(1, 4).Int())
	m.AddConstraints("band", lp.Labels("1"), []lp.Row{lp.Range(1, x.X(0).Plus(y.X(0)), 3)})
	m.AddConstraints("link", lp.Labels("1"), []lp.Row{lp.EQ(x.X(0).Minus(w.X(0)), lp.Const(-1))})
	m.SetObjective(lp.Minimize, lp.Sum(x.X(0), y.X(0).Scale(-1), w.X(0).Scale(2), lp.Const(10)))
	return m
}

func TestRangedModel(t *testing.T) {
	// By hand: x = w − 1, objective 3w − y + 9 with w ≥ 1, y ≤ 2.5 and
	// 1 ≤ w − 1 + y ≤ 3. w = 1, y = 2.5: x = 0, band = 2.5 ∈ [1, 3]:
	// objective 3 − 2.5 + 9 = 9.5.
	s := mustSolve(t, rangedModel(), lp.Options{})
	if !near(s.Objective, 9.5, 1e-9) {
		t.Errorf("objective %v, want 9.5", s.Objective)
	}
}
