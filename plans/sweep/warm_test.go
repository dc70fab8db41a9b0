package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"sync"
	"testing"

	"teraplan/lp"
	"teraplan/plans"
)

// A 200-run Monte Carlo sweep solved warm (each worker from its previous
// run's basis) and cold gives every run the same status and objective:
// the raw objectives agree within 1e-9 relative, and the records, which
// keep 9 significant digits, agree to that rounding.
func TestWarmSweepMatchesCold(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 200, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	// Raw objectives, in run order, one Solver as a worker would use it.
	var sv plans.Solver
	defer sv.Close()
	opt := sw.spec.Plan
	opt.Solver.Inline = true
	for i := range sw.total {
		sc, _, err := sw.Run(i).Apply(sw.base)
		if err != nil {
			t.Fatal(err)
		}
		in := plans.Input{Name: sc.Name, Values: sc.Values()}
		warm, werr := sv.Solve(context.Background(), in, opt)
		cold, cerr := plans.Solve(context.Background(), in, opt)
		if (werr == nil) != (cerr == nil) {
			t.Fatalf("run %d: warm err %v, cold err %v", i, werr, cerr)
		}
		if werr != nil {
			continue
		}
		if w, c := warm.Solution.Objective, cold.Solution.Objective; math.Abs(w-c) > 1e-9*math.Max(1, math.Abs(c)) || warm.Solution.Status != cold.Solution.Status {
			t.Errorf("run %d: warm %.12g (%v), cold %.12g (%v)", i, w, warm.Solution.Status, c, cold.Solution.Status)
		}
	}
	if st := sv.Stats(); st.Warm+st.Reloaded < sw.total-1 {
		t.Errorf("only %d of %d re-solves started warm: %+v", st.Warm+st.Reloaded, sw.total-1, st)
	}
	// Through Execute, two workers, warm and cold.
	collect := func(cold bool) map[int]*Record {
		var mu sync.Mutex
		out := map[int]*Record{}
		if _, err := sw.Execute(context.Background(), ExecOptions{Workers: 2, Cold: cold}, func(r *Record) error {
			mu.Lock()
			out[r.Index] = r
			mu.Unlock()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	warm, cold := collect(false), collect(true)
	if len(warm) != 200 || len(cold) != 200 {
		t.Fatalf("%d warm and %d cold records, want 200", len(warm), len(cold))
	}
	for i := range 200 {
		w, c := warm[i], cold[i]
		if w.Status != c.Status || w.ID != c.ID || w.OK() != c.OK() {
			t.Errorf("run %d: warm %s %s, cold %s %s", i, w.ID, w.Status, c.ID, c.Status)
			continue
		}
		// One unit of the ninth significant digit, from rounding.
		if w.OK() && math.Abs(*w.Objective-*c.Objective) > 1e-8*math.Max(1, math.Abs(*c.Objective)) {
			t.Errorf("run %d: objective warm %v, cold %v", i, *w.Objective, *c.Objective)
		}
	}
}

// Monte Carlo samples 272 and 394 of seed 1 move every uncertain
// parameter of the default scenario far from the base: started from the
// base's basis and priced by Devex they stalled for over 1,700 iterations
// and seconds each, against about 1,000 iterations and 30 ms cold. Priced
// by steepest edge, as far starts are, each takes fewer iterations than
// its cold solve and finds the same optimum.
func TestFarSamplesDoNotStall(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 400, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	anchor, warm := sw.anchor(ctx, false)
	defer anchor.Close()
	if !warm {
		t.Fatal("the base scenario gave no basis to start from")
	}
	opt := sw.spec.Plan
	opt.Solver.Inline, opt.Solver.Threads = true, 1
	for _, i := range []int{272, 394} {
		sc, _, err := sw.Run(i).Apply(sw.base)
		if err != nil {
			t.Fatal(err)
		}
		in := plans.Input{Name: sc.Name, Values: sc.Values()}
		sv := anchor.Clone()
		w, err := sv.Solve(ctx, in, opt)
		st := sv.Stats()
		sv.Close()
		if err != nil {
			t.Fatalf("run %d warm: %v", i, err)
		}
		c, err := plans.Solve(ctx, in, opt)
		if err != nil {
			t.Fatalf("run %d cold: %v", i, err)
		}
		if st.Far != 1 || !w.Solution.Warm {
			t.Errorf("run %d: stats %+v, warm %v: want one far start from the base's basis", i, st, w.Solution.Warm)
		}
		if wi, ci := w.Solution.Iterations, c.Solution.Iterations; wi >= ci {
			t.Errorf("run %d: %d iterations warm, %d cold", i, wi, ci)
		}
		if wo, co := w.Solution.Objective, c.Solution.Objective; math.Abs(wo-co) > 1e-9*math.Max(1, math.Abs(co)) {
			t.Errorf("run %d: objective warm %.12g, cold %.12g", i, wo, co)
		}
	}
}

// A sweep of pilotMin runs or more chooses how far starts begin from its
// own runs (pilot). Every shard makes the same choice, so the
// merged shards are the whole sweep byte for byte; on the default
// scenario's Monte Carlo the choice is not steepest edge (Dantzig's rule
// takes about half its iterations there), and every record agrees with
// the cold sweep's.
func TestPilotSameForEveryShard(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: pilotMin, Seed: 1, Metrics: []string{"compute_gw"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	whole, recs := executeAll(t, sw, ExecOptions{Workers: 2})
	if whole.Far == lp.FarSteepest || !whole.Piloted {
		t.Errorf("the default Monte Carlo begins far starts by %v (piloted %v)", whole.Far, whole.Piloted)
	}
	for i := range 3 {
		sh := Shard{i, 3}
		st, part := executeAll(t, sw, ExecOptions{Workers: 1, Shard: sh})
		if st.Far != whole.Far {
			t.Errorf("shard %v chose %v, the whole sweep %v", sh, st.Far, whole.Far)
		}
		sameRecords(t, sh, part, recs)
	}
	_, cold := executeAll(t, sw, ExecOptions{Workers: 2, Cold: true})
	matchCold(t, recs, cold)
	// More samples extend a Monte Carlo: its pilot runs the same samples
	// and makes the same choice, so the extended file is the whole one.
	more, err := New(base, Spec{Kind: MonteCarlo, Samples: 3 * pilotMin / 2, Seed: 1, Metrics: []string{"compute_gw"}})
	if err != nil {
		t.Fatal(err)
	}
	for k := range PilotRuns {
		if a, b := sw.pilotRun(k, PilotRuns), more.pilotRun(k, PilotRuns); a != b {
			t.Errorf("pilot run %d: sample %d of %d samples, %d of %d", k, a, sw.Total(), b, more.Total())
		}
	}
	anchor, _ := sw.anchor(ctx, false)
	defer anchor.Close()
	if a, b := sw.pilot(ctx, anchor), more.pilot(ctx, anchor); a != b {
		t.Errorf("%d samples chose %+v, %d samples %+v", sw.Total(), a, more.Total(), b)
	}
	// A sweep under the pilot's size keeps steepest edge.
	small, err := New(base, Spec{Kind: MonteCarlo, Samples: pilotMin - 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := small.pilot(ctx, nil); got != (pilotChoice{Far: lp.FarSteepest, Near: lp.NearDevex}) {
		t.Errorf("a sweep of %d runs chose %+v", pilotMin-1, got)
	}
}

// A grid sweep's runs each move one parameter a little: they start near
// the base's basis, so the pilot finds no far run to time and leaves far
// starts to steepest edge; it times its runs by Devex and by Dantzig's
// rule instead and keeps Dantzig's only when it took strictly fewer
// iterations, which the test counts itself by solving the same runs both
// ways. The grid priced so gives the same plans as cold, shard by shard.
func TestPilotNearRuns(t *testing.T) {
	v, err := ParseVary("grid.new_gw_per_year=x0.5:x1.5:120")
	if err != nil {
		t.Fatal(err)
	}
	sw, err := New(loadSeed(t), Spec{Kind: Grid, Vary: []Vary{v}, Metrics: []string{"compute_gw"}})
	if err != nil {
		t.Fatal(err)
	}
	if sw.Total() < pilotMin {
		t.Fatalf("%d runs, want at least %d", sw.Total(), pilotMin)
	}
	ctx := context.Background()
	anchor, warm := sw.anchor(ctx, false)
	defer anchor.Close()
	if !warm {
		t.Fatal("the base scenario gave no basis to start from")
	}
	got := sw.pilot(ctx, anchor)
	if got.Far != lp.FarSteepest || got.FarPiloted {
		t.Errorf("a grid sweep chose far starts %v (piloted %v)", got.Far, got.FarPiloted)
	}
	opt := sw.spec.Plan
	opt.Solver.Inline, opt.Solver.Threads = true, 1
	its := map[lp.NearStart]int{}
	for _, way := range []lp.NearStart{lp.NearDevex, lp.NearDantzig} {
		for k := range PilotRuns {
			sc, _, err := sw.Run(sw.pilotRun(k, PilotRuns)).Apply(sw.base)
			if err != nil {
				t.Fatal(err)
			}
			sv := anchor.Clone()
			sv.SetNear(way)
			res, err := sv.Solve(ctx, plans.Input{Name: sc.Name, Values: sc.Values()}, opt)
			far := sv.Stats().Far
			sv.Close()
			if err != nil || far > 0 {
				t.Fatalf("pilot run %d: %v (far starts %d)", k, err, far)
			}
			its[way] += res.Solution.Iterations
		}
	}
	want := lp.NearDevex
	if its[lp.NearDantzig] < its[lp.NearDevex] {
		want = lp.NearDantzig
	}
	t.Logf("the pilot's runs: %d iterations by Devex, %d by Dantzig's rule", its[lp.NearDevex], its[lp.NearDantzig])
	if got.Near != want || !got.NearPiloted {
		t.Errorf("a grid sweep priced near starts by %v (piloted %v), want %v", got.Near, got.NearPiloted, want)
	}
	whole, recs := executeAll(t, sw, ExecOptions{Workers: 2})
	if whole.Near != want || !whole.NearPiloted {
		t.Errorf("the sweep priced near starts by %v (piloted %v)", whole.Near, whole.NearPiloted)
	}
	sh := Shard{1, 2}
	st, part := executeAll(t, sw, ExecOptions{Workers: 1, Shard: sh})
	if st.Near != whole.Near {
		t.Errorf("shard %v priced near starts by %v, the whole sweep by %v", sh, st.Near, whole.Near)
	}
	sameRecords(t, sh, part, recs)
	_, cold := executeAll(t, sw, ExecOptions{Workers: 2, Cold: true})
	matchCold(t, recs, cold)
}

// executeAll runs sw with opt and returns its stats and records by run.
func executeAll(t *testing.T, sw *Sweep, opt ExecOptions) (Stats, map[int]*Record) {
	t.Helper()
	var mu sync.Mutex
	out := map[int]*Record{}
	st, err := sw.Execute(context.Background(), opt, func(r *Record) error {
		mu.Lock()
		out[r.Index] = r
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, out
}

// sameRecords requires a shard's records to be the whole sweep's, byte
// for byte.
func sameRecords(t *testing.T, sh Shard, part, whole map[int]*Record) {
	t.Helper()
	for j, r := range part {
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(whole[j])
		if !bytes.Equal(a, b) {
			t.Errorf("run %d: shard %v gives\n%s\nthe whole sweep\n%s", j, sh, a, b)
		}
	}
}

// matchCold requires every warm record to have the cold one's status and
// objective (within 1e-8, relative).
func matchCold(t *testing.T, warm, cold map[int]*Record) {
	t.Helper()
	for i, c := range cold {
		w := warm[i]
		if w.Status != c.Status || (w.OK() && math.Abs(*w.Objective-*c.Objective) > 1e-8*math.Max(1, math.Abs(*c.Objective))) {
			t.Errorf("run %d: warm %s %v, cold %s %v", i, w.Status, w.Objective, c.Status, c.Objective)
		}
	}
}
