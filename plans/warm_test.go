package plans_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"

	"teraplan/constraints"
	"teraplan/lp"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// TestLimitsRange2026Turbines, on the first model's scenario
// (testdata/v1-limits.yaml): in 2026 the new Earth supply is 8 GW of
// gas turbines on castings bought before the horizon (power.turbines, a
// constant capacity; see TestLimits2026TurbinesAndBalance), and 10 M
// accelerators are made (take-or-pay), each needing 3 kW of generation.
// More castings power more of them at 1.4/3 GW of compute per GW until all
// 10 M are installed: 30 GW, i.e. 22 GW (+275%) more, when the stranded
// accelerators reach zero (compute.stranded leaves the basis). Fewer
// castings lose 1.4/3 GW per GW down to none (−100%), when no new facility
// is built (compute.facility_new reaches zero). Re-solves with the
// capacity at each end move compute by exactly price × change; beyond the
// upper end one more GW buys nothing, and below the lower end there is no
// plan (turbines cannot be negative).
func TestLimitsRange2026Turbines(t *testing.T) {
	s := v1(t)
	wantParam(t, s, "earth.generation_kw_per_accelerator", 2026, 3)
	wantParam(t, s, "chips.accelerators_per_year_existing", 2026, 10)
	in := plans.FromScenario(s)
	rep := limits(t, in, 2026, plans.LimitsOptions{Resolve: -1})
	l := findLimit(rep, "power.turbines", 2026)
	if l == nil || l.Range == nil {
		t.Fatalf("no range for power.turbines[2026]: %+v", l)
	}
	r := l.Range
	price := 1.4 / 3
	check := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || !relNear(*got, want, 1e-7) {
			t.Errorf("%s = %v, want %v", what, deref(got), want)
		}
	}
	check("up", r.Up, 10*3-8)
	check("up_pct", r.UpPct, 100*22/8.0)
	check("down", r.Down, 8)
	check("down_pct", r.DownPct, 100)
	if r.Unit != "GW" || r.UpLeaving != "compute.stranded[2026]" || r.UpRow || r.DownLeaving != "compute.facility_new[2026]" || r.DownRow {
		t.Errorf("range %+v: want GW, compute.stranded[2026] (a column) up, compute.facility_new[2026] down", r)
	}
	// Re-solves at and past each end, cold and warm.
	for _, cold := range []bool{true, false} {
		var sv plans.Solver
		gain := func(capacity float64) (float64, error) {
			opt := plans.Options{Mode: constraints.MaxCompute, Year: 2026, Cold: cold,
				Relax: map[constraints.RelaxKey]float64{{Family: "power.turbines", Year: 2026}: capacity / 8}}
			res, err := sv.Solve(context.Background(), in, opt)
			if err != nil {
				return 0, err
			}
			return res.Solution.Eval(res.World.Compute.TotalGW(0)) - rep.ComputeGW, nil
		}
		at, err := gain(30)
		if err != nil {
			t.Fatal(err)
		}
		past, err := gain(31)
		if err != nil {
			t.Fatal(err)
		}
		if !relNear(at, 22*price, 1e-6) || !relNear(past, at, 1e-6) {
			t.Errorf("cold %v: gain at the upper end %v (want %v), just past %v (want the same: nothing left to power)", cold, at, 22*price, past)
		}
		low, err := gain(0)
		if err != nil {
			t.Fatal(err)
		}
		if !relNear(low, -8*price, 1e-6) {
			t.Errorf("cold %v: gain at the lower end %v, want %v", cold, low, -8*price)
		}
		if _, err := gain(-0.4); !errors.Is(err, plans.ErrNoPlan) {
			t.Errorf("cold %v: past the lower end: err %v, want no plan", cold, err)
		}
		sv.Close()
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Limits with warm re-solves report what cold ones report: the same
// limits, ranges and sentences, and ±10% gains within solver tolerance.
func TestLimitsWarmMatchesCold(t *testing.T) {
	in := seedInput(t)
	for _, year := range []float64{2029, 2033} {
		warm := limits(t, in, year, plans.LimitsOptions{})
		cold := limits(t, in, year, plans.LimitsOptions{Cold: true})
		if len(warm.Limits) != len(cold.Limits) || warm.ComputeGW != cold.ComputeGW {
			t.Fatalf("%v: %d limits warm, %d cold", year, len(warm.Limits), len(cold.Limits))
		}
		for i := range warm.Limits {
			w, c := warm.Limits[i], cold.Limits[i]
			for _, g := range [][2]*float64{{w.GainPlus10, c.GainPlus10}, {w.GainMinus10, c.GainMinus10}} {
				if (g[0] == nil) != (g[1] == nil) || g[0] != nil && math.Abs(*g[0]-*g[1]) > 1e-6*math.Max(1, math.Abs(cold.ComputeGW)) {
					t.Errorf("%v %s[%v]: gains warm %v, cold %v", year, w.Family, w.Year, deref(g[0]), deref(g[1]))
				}
			}
			w.GainPlus10, w.GainMinus10, c.GainPlus10, c.GainMinus10 = nil, nil, nil, nil
			w.Sentence, c.Sentence = "", "" // they quote the gains
			if !reflect.DeepEqual(w, c) {
				t.Errorf("%v: limit %d warm %+v, cold %+v", year, i, w, c)
			}
		}
	}
}

// A timeline with warm re-solves equals the cold one: the same years,
// compute and top limits, and re-solve gains within solver tolerance.
func TestTimelineWarmMatchesCold(t *testing.T) {
	in := seedInput(t)
	build := func(cold bool) *plans.Timeline {
		tl, err := plans.BuildTimeline(context.Background(), in, 2026, 2040, 3, 3, plans.LimitsOptions{Cold: cold}, testVersions)
		if err != nil {
			t.Fatal(err)
		}
		return tl
	}
	warm, cold := build(false), build(true)
	if len(warm.Years) != 15 || len(cold.Years) != 15 {
		t.Fatalf("%d and %d years", len(warm.Years), len(cold.Years))
	}
	for i, w := range warm.Years {
		c := cold.Years[i]
		if w.Year != c.Year || w.ComputeGW != c.ComputeGW || len(w.Top) != len(c.Top) {
			t.Fatalf("year %v: compute %v warm, %v cold", w.Year, w.ComputeGW, c.ComputeGW)
		}
		for k := range w.Top {
			a, b := w.Top[k], c.Top[k]
			if a.Family != b.Family || a.Year != b.Year || a.Elasticity != b.Elasticity || !reflect.DeepEqual(a.Range, b.Range) {
				t.Errorf("%v: top %d warm %s[%v] %v, cold %s[%v] %v", w.Year, k, a.Family, a.Year, a.Elasticity, b.Family, b.Year, b.Elasticity)
			}
			if math.Abs(*a.GainPlus10-*b.GainPlus10) > 1e-6*math.Max(1, w.ComputeGW) || math.Abs(*a.GainMinus10-*b.GainMinus10) > 1e-6*math.Max(1, w.ComputeGW) {
				t.Errorf("%v %s: gains warm %v/%v, cold %v/%v", w.Year, a.Family, *a.GainPlus10, *a.GainMinus10, *b.GainPlus10, *b.GainMinus10)
			}
		}
	}
}

// The shortfall diagnosis is the same warm and cold.
func TestDiagnoseWarmMatchesCold(t *testing.T) {
	in := seedInput(t)
	var got [2]*plans.ShortfallDiagnosis
	for i, cold := range []bool{false, true} {
		res := solve(t, in, plans.Options{Cold: cold})
		d, err := plans.Diagnose(context.Background(), res)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = d
	}
	if got[0] == nil || !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("diagnosis warm %+v, cold %+v", got[0], got[1])
	}
}

// A timeline's years are analysed side by side; the timeline is the same
// with one worker as with several (each year's maximisation is solved from
// scratch, its re-solves from its own basis), and each year equals that
// year's own Limits.
func TestTimelineSameForAnyWorkers(t *testing.T) {
	in := seedInput(t)
	build := func(workers int) *plans.Timeline {
		tl, err := plans.BuildTimeline(context.Background(), in, 2028, 2035, 3, 3, plans.LimitsOptions{Workers: workers}, testVersions)
		if err != nil {
			t.Fatal(err)
		}
		return tl
	}
	one, three := build(1), build(3)
	if !reflect.DeepEqual(one, three) {
		t.Errorf("timeline with one worker differs from three:\n%+v\n%+v", one, three)
	}
	rep, err := plans.Limits(context.Background(), in, 2031, plans.LimitsOptions{Resolve: 3}, testVersions)
	if err != nil {
		t.Fatal(err)
	}
	y := one.Years[3]
	if y.Year != 2031 || y.ComputeGW != rep.ComputeGW || !reflect.DeepEqual(y.Top, rep.Limits[:3]) {
		t.Errorf("timeline's 2031 %v GW %+v, limits --year 2031 %v GW %+v", y.ComputeGW, y.Top, rep.ComputeGW, rep.Limits[:3])
	}
}

// A cancelled timeline stops with the context's error and no timeline.
func TestTimelineCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	opt := plans.LimitsOptions{Workers: 2, Progress: func(done, total int) {
		if n++; n == 2 {
			cancel()
		}
	}}
	tl, err := plans.BuildTimeline(ctx, seedInput(t), 2026, 2040, 3, 3, opt, testVersions)
	if !errors.Is(err, context.Canceled) || tl != nil {
		t.Fatalf("cancelled timeline: %v, %v", tl, err)
	}
	if n >= 15 {
		t.Errorf("%d years analysed after the cancel", n)
	}
}

// A warm ±10% re-solve in limits changes one row of the maximisation's
// model instead of building the world again (constraints.World.Relaxed);
// the model it solves is, byte for byte, the one Build makes with that
// relaxation: every capacity row of seed-2026 to 2030 in every year (×1.1;
// ×0.9 too in 2030), and of a three-region scenario in 2030
// (region-scoped families included).
func TestRelaxedModelIsTheRebuiltOne(t *testing.T) {
	regions, err := scenario.Load("regions-2026")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []plans.Input{seedInput(t, "horizon.end_year=2030"), plans.FromScenario(regions)} {
		opt := constraints.Options{Mode: constraints.MaxCompute, Year: 2030}
		plain, err := constraints.Build(in.Values, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := plain.Relaxed(constraints.RelaxKey{Family: "power.balance", Year: 2030}, 1.1); ok {
			t.Error("a world built without Relaxable gave a relaxed model")
		}
		opt.Relaxable = true
		w, err := constraints.Build(in.Values, opt)
		if err != nil {
			t.Fatal(err)
		}
		years := w.H.Years
		if len(w.Regions) > 0 {
			years = years[len(years)-1:]
		}
		checked := 0
		for _, fam := range slices.Sorted(maps.Keys(w.Capacity)) {
			for _, y := range years {
				key := constraints.RelaxKey{Family: fam, Year: y}
				for _, f := range []float64{1.1, 0.9} {
					if f < 1 && y != 2030 {
						continue
					}
					got, ok, err := w.Relaxed(key, f)
					if err != nil || !ok {
						t.Fatalf("%s: %s[%v] ×%v: no relaxed model (%v)", in.Name, fam, y, f, err)
					}
					ro := opt
					ro.Relaxable = false
					ro.Relax = map[constraints.RelaxKey]float64{key: f}
					want, err := constraints.Build(in.Values, ro)
					if err != nil {
						t.Fatal(err)
					}
					if a, b := mpsOf(t, got), mpsOf(t, want.Model); a != b {
						t.Fatalf("%s: %s[%v] ×%v: the relaxed model differs from the rebuilt one", in.Name, fam, y, f)
					}
					checked++
				}
			}
		}
		if checked < 100 {
			t.Errorf("%s: only %d relaxations checked", in.Name, checked)
		}
		if _, ok, _ := w.Relaxed(constraints.RelaxKey{Family: "no.such_family", Year: 2030}, 1.1); ok {
			t.Error("a relaxation of no row gave a model")
		}
	}
}

func mpsOf(t *testing.T, m *lp.Model) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.WriteMPS(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
