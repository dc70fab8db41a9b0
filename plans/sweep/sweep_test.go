package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

// execute runs sw (or a shard of it) into path and returns the summary.
func execute(t *testing.T, sw *Sweep, path string, f Format, opt ExecOptions) *Summary {
	t.Helper()
	acc := NewAccumulator("")
	w, ex, err := Open(path, sw, f, false, acc.Add)
	if err != nil {
		t.Fatal(err)
	}
	opt.Done = ex.Done
	if _, err := sw.Execute(context.Background(), opt, func(r *Record) error {
		acc.Add(r)
		return w.Write(r)
	}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return acc.Summary()
}

func merged(t *testing.T, paths ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Merge(&b, paths, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gridSweep(t testing.TB, metrics ...string) *Sweep {
	t.Helper()
	a, _ := ParseVary("launch.cost_usd_per_kg=x0.5:x2:3")
	b, _ := ParseVary("space.attrition_per_year=0:0.1:3")
	c, _ := ParseVary("accelerator.cost_usd=20000:40000:2")
	if metrics == nil {
		metrics = DefaultMetrics
	}
	sw, err := New(loadSeed(t), Spec{Kind: Grid, Vary: []Vary{a, b, c}, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// TestShardsMergeToTheWholeSweep: three shards, merged, are the unsharded
// sweep byte for byte (same run ids, same values), in JSON Lines and CSV.
func TestShardsMergeToTheWholeSweep(t *testing.T) {
	sw := gridSweep(t)
	for _, f := range []Format{JSONL, CSV} {
		dir := t.TempDir()
		ext := map[Format]string{JSONL: ".jsonl", CSV: ".csv"}[f]
		whole := filepath.Join(dir, "whole"+ext)
		execute(t, sw, whole, f, ExecOptions{Workers: 2})
		var shards []string
		for i := range 3 {
			p := filepath.Join(dir, "shard"+string(rune('0'+i))+ext)
			execute(t, sw, p, f, ExecOptions{Workers: 2, Shard: Shard{i, 3}})
			shards = append(shards, p)
		}
		got, want := merged(t, shards...), merged(t, whole)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: merged shards differ from the whole sweep:\n%s\nvs\n%s", f, got, want)
		}
		lines := bytes.Count(want, []byte("\n"))
		if f == CSV {
			lines--
		}
		if lines != sw.Total() {
			t.Fatalf("%s: %d runs merged, want %d", f, lines, sw.Total())
		}
		// Each shard file holds only its own runs.
		for i, p := range shards {
			var b bytes.Buffer
			rep, err := Merge(&b, []string{p}, MergeOptions{AllowMissing: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Runs != (Shard{i, 3}).Size(sw.Total()) || rep.MissingCount != sw.Total()-rep.Runs {
				t.Errorf("shard %d: %d runs, %d missing", i, rep.Runs, len(rep.Missing))
			}
		}
	}
}

// TestSameSeedSameBytes: a Monte Carlo run twice with the same seed (two
// workers, so runs finish in any order) gives the same file once sorted.
func TestSameSeedSameBytes(t *testing.T) {
	base := loadSeed(t)
	dir := t.TempDir()
	run := func(name string, seed uint64) []byte {
		sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 24, Seed: seed, Metrics: []string{"all"}})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+".jsonl")
		execute(t, sw, p, JSONL, ExecOptions{Workers: 2})
		return merged(t, p)
	}
	a, b, c := run("a", 7), run("b", 7), run("c", 8)
	if !bytes.Equal(a, b) {
		t.Fatalf("seed 7 twice differs")
	}
	if bytes.Equal(a, c) {
		t.Fatalf("seeds 7 and 8 agree")
	}
	// And the lines are what a single plan solve says.
	var rec Record
	line, _, _ := bytes.Cut(a, []byte("\n"))
	if err := json.Unmarshal(line, &rec); err != nil {
		t.Fatal(err)
	}
	sc := base.Clone()
	if len(rec.Overrides) != len(sw7(t, base).OverrideKeys()) {
		t.Fatalf("overrides %v, the sweep draws %v", rec.Overrides, sw7(t, base).OverrideKeys())
	}
	for k, v := range rec.Overrides { // every seed-2026 dist is relative
		key, ok := strings.CutPrefix(k, ScalePrefix)
		if !ok {
			t.Fatalf("override %s is not a factor", k)
		}
		if err := sc.Scale(key, v); err != nil {
			t.Fatal(err)
		}
	}
	res, err := plans.Solve(context.Background(), plans.FromScenario(sc), plans.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report(plans.Versions{})
	if rel := math.Abs(*rec.Objective-rep.Objective) / rep.Objective; rel > 1e-6 {
		t.Errorf("objective %v, a plan of the same scenario says %v", *rec.Objective, rep.Objective)
	}
	for _, s := range rep.Summary {
		y := plans.Label(s.Year)
		if got := rec.ByYear["compute_gw"][y]; math.Abs(got-s.ComputeGW) > 1e-6*math.Max(1, s.ComputeGW) {
			t.Errorf("compute %s: %v, the plan says %v", y, got, s.ComputeGW)
		}
		if got := rec.ByYear["launches"][y]; math.Abs(got-s.Launches) > 1e-6*math.Max(1, s.Launches) {
			t.Errorf("launches %s: %v, the plan says %v", y, got, s.Launches)
		}
	}
}

func sw7(t *testing.T, base *scenario.Scenario) *Sweep {
	t.Helper()
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 24, Seed: 7, Metrics: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// TestTornadoRanksByHand: in testdata/tornado-hand.yaml compute in 2026 is
// the start year's fleet (10 GW) plus what new generation, castings-bound,
// can power; maximising it, ±20% of the fleet swings compute by exactly
// 0.4 × 10 = 4 GW, ±20% of castings swings the new part by 0.4 × (base − 10),
// and the price of grid electricity (a 1e-6 tie-break) by nothing.
func TestTornadoRanksByHand(t *testing.T) {
	base, err := scenario.Load("testdata/tornado-hand.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sw, err := New(base, Spec{Kind: Tornado, Pct: 20,
		Params: []string{"grid.usd_per_mwh", "turbines.castings_gw_per_year_market", "compute.initial_earth_gw"},
		Plan:   plans.Options{Mode: constraints.MaxCompute, Year: 2026}})
	if err != nil {
		t.Fatal(err)
	}
	if sw.Total() != 7 {
		t.Fatalf("%d runs, want 1 + 2×3", sw.Total())
	}
	sum := execute(t, sw, filepath.Join(t.TempDir(), "t.jsonl"), JSONL, ExecOptions{Workers: 2})
	if len(sum.Tornado) != 3 || sum.Base == nil || sum.Base.ComputeGW == nil {
		t.Fatalf("summary %+v", sum)
	}
	var order []string
	for _, s := range sum.Tornado {
		order = append(order, s.Param)
	}
	if want := []string{"compute.initial_earth_gw", "turbines.castings_gw_per_year_market", "grid.usd_per_mwh"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("tornado order %v, want %v", order, want)
	}
	near := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-5 {
			t.Errorf("%s = %v, want %v", what, deref(got), want)
		}
	}
	near("fleet compute swing", sum.Tornado[0].ComputeSwing, 4)
	near("castings compute swing", sum.Tornado[1].ComputeSwing, 0.4*(*sum.Base.ComputeGW-10))
	near("price compute swing", sum.Tornado[2].ComputeSwing, 0)
	if s := sum.Tornado[2].Swing; s == nil || math.Abs(*s) > 1e-3 {
		t.Errorf("the price's objective swing is %v, want a tie-break's", deref(s))
	}
	if *sum.Base.ComputeGW <= 10 {
		t.Errorf("base compute %v: no new generation at all?", *sum.Base.ComputeGW)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestResumeSkipsAndTruncates: a file cut mid-line is truncated to its
// complete lines, the runs in it are skipped and the rest appended, giving
// the whole sweep exactly once.
func TestResumeSkipsAndTruncates(t *testing.T) {
	sw := gridSweep(t, "compute_gw")
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.jsonl")
	execute(t, sw, whole, JSONL, ExecOptions{Workers: 1})
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	cut := append(bytes.Join(lines[:5], nil), lines[5][:len(lines[5])/2]...)
	p := filepath.Join(dir, "cut.jsonl")
	if err := os.WriteFile(p, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	acc := NewAccumulator("")
	w, ex, err := Open(p, sw, JSONL, true, acc.Add)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Runs != 5 || ex.Truncated != int64(len(lines[5])/2) {
		t.Errorf("resume found %d runs and cut %d bytes; want 5 and %d", ex.Runs, ex.Truncated, len(lines[5])/2)
	}
	st, err := sw.Execute(context.Background(), ExecOptions{Workers: 2, Done: ex.Done}, w.Write)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if st.Planned != sw.Total()-5 || st.Emitted != st.Planned {
		t.Errorf("stats %+v", st)
	}
	if got, want := merged(t, p), merged(t, whole); !bytes.Equal(got, want) {
		t.Errorf("resumed file differs from the whole sweep")
	}
	// Another sweep's file is refused.
	other, _ := New(loadSeed(t), Spec{Kind: MonteCarlo, Samples: 3, Seed: 1})
	if _, _, err := Open(p, other, JSONL, true, nil); err == nil || !strings.Contains(err.Error(), "another sweep") {
		t.Errorf("resuming another sweep's file: %v", err)
	}
}

func TestMergeDuplicatesAndConflicts(t *testing.T) {
	sw := gridSweep(t, "compute_gw")
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.jsonl")
	execute(t, sw, whole, JSONL, ExecOptions{Workers: 2})
	data, _ := os.ReadFile(whole)
	lines := bytes.SplitAfter(data, []byte("\n"))
	// A copy of three runs: identical duplicates, collapsed with warnings.
	dup := filepath.Join(dir, "dup.jsonl")
	os.WriteFile(dup, bytes.Join(lines[:3], nil), 0o644)
	var b bytes.Buffer
	rep, err := Merge(&b, []string{whole, dup}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Duplicates != 3 || len(rep.Warnings) != 3 || !bytes.Equal(b.Bytes(), merged(t, whole)) {
		t.Errorf("duplicates %d, warnings %v", rep.Duplicates, rep.Warnings)
	}
	// A different record for one run: an error naming both places.
	var rec Record
	json.Unmarshal(lines[0], &rec)
	obj := *rec.Objective + 1
	rec.Objective = &obj
	line, _ := NewCodec(sw, JSONL).Encode(&rec)
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, line, 0o644)
	if _, err := Merge(io.Discard, []string{whole, bad}, MergeOptions{}); err == nil || !strings.Contains(err.Error(), "conflicting records") {
		t.Errorf("conflict: %v", err)
	}
	// Missing runs.
	part := filepath.Join(dir, "part.jsonl")
	os.WriteFile(part, bytes.Join(lines[:4], nil), 0o644)
	rep, err = Merge(io.Discard, []string{part}, MergeOptions{})
	if !errors.Is(err, ErrMissing) || rep.MissingCount != sw.Total()-4 {
		t.Errorf("missing: %v, %+v", err, rep)
	}
	// Files of different sweeps.
	other, _ := New(loadSeed(t), Spec{Kind: MonteCarlo, Samples: 2, Seed: 1, Metrics: []string{"compute_gw"}})
	op := filepath.Join(dir, "other.jsonl")
	execute(t, other, op, JSONL, ExecOptions{Workers: 1})
	if _, err := Merge(io.Discard, []string{whole, op}, MergeOptions{}); err == nil || !strings.Contains(err.Error(), "different sweeps") {
		t.Errorf("mixed sweeps: %v", err)
	}
	// A partial last line is ignored with a warning.
	torn := filepath.Join(dir, "torn.jsonl")
	os.WriteFile(torn, append(append([]byte(nil), data...), `{"id":"g-0`...), 0o644)
	rep, err = Merge(io.Discard, []string{torn}, MergeOptions{})
	if err != nil || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "partial last line") {
		t.Errorf("torn: %v %v", err, rep.Warnings)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	sw := gridSweep(t, "all")
	rec := &Record{ID: "g-07", Index: 7, Sweep: sw.ID(), Total: sw.Total(),
		Overrides: map[string]float64{"scale:launch.cost_usd_per_kg": 2, "space.attrition_per_year": 0.05, "accelerator.cost_usd": 20000},
		Status:    "Optimal", Objective: ptr(1.5), TotalCost: ptr(-3e-7),
		ByYear:     map[string]map[string]float64{},
		Bottleneck: map[string]string{}}
	for _, m := range sw.metrics.series {
		rec.ByYear[m] = map[string]float64{}
		for _, y := range sw.years {
			rec.ByYear[m][plans.Label(y)] = y / 7
		}
	}
	for _, y := range sw.years {
		rec.Bottleneck[plans.Label(y)] = "power.grid"
	}
	for _, f := range []Format{JSONL, CSV} {
		c := NewCodec(sw, f)
		line, err := c.Encode(rec)
		if err != nil || bytes.Count(line, []byte("\n")) != 1 {
			t.Fatalf("%s: %q %v", f, line, err)
		}
		got, err := Decode(f, c.header, line)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !reflect.DeepEqual(got, rec) {
			t.Errorf("%s round trip:\n%+v\n%+v", f, got, rec)
		}
	}
	// An error message with newlines stays on one line.
	rec2 := &Record{ID: "g-00", Sweep: sw.ID(), Total: sw.Total(), Overrides: map[string]float64{}, Status: "error", Error: "a\nb\r\nc"}
	for _, f := range []Format{JSONL, CSV} {
		line, _ := NewCodec(sw, f).Encode(rec2)
		if bytes.Count(line, []byte("\n")) != 1 || bytes.Contains(line, []byte("\r")) {
			t.Errorf("%s: %q", f, line)
		}
	}
}

func TestSpearmanAndRanks(t *testing.T) {
	if got := ranks([]float64{10, 20, 20, 5}); !reflect.DeepEqual(got, []float64{2, 3.5, 3.5, 1}) {
		t.Errorf("ranks = %v", got)
	}
	x := []float64{1, 2, 3, 4, 5}
	if r := spearman(x, []float64{1, 8, 27, 64, 125}); r == nil || *r != 1 {
		t.Errorf("monotone: %v", deref(r))
	}
	if r := spearman(x, []float64{5, 4, 3, 2, 1}); r == nil || *r != -1 {
		t.Errorf("reversed: %v", deref(r))
	}
	if r := spearman(x, []float64{3, 3, 3, 3, 3}); r != nil {
		t.Errorf("constant: %v", *r)
	}
	// By hand: d = rank differences (0, 0, 1, −1, 0); 1 − 6Σd²/(n(n²−1)) = 1 − 12/120.
	if r := spearman(x, []float64{1, 2, 4, 3, 5}); r == nil || math.Abs(*r-0.9) > 1e-12 {
		t.Errorf("one swap: %v, want 0.9", deref(r))
	}
	d := describe([]float64{math.NaN(), 3, 1, 2})
	if d.N != 3 || d.Min != 1 || d.Max != 3 || d.P50 != 2 || d.Mean != 2 {
		t.Errorf("describe = %+v", d)
	}
	// Percentiles interpolate between ranks (plans.Quantile, as the
	// distribution chart draws them): by hand, the median of 1..4 is 2.5,
	// the 5th percentile rank 0.15 → 1.15, the 95th rank 2.85 → 3.85.
	d = describe([]float64{4, 1, 3, 2})
	if d.P50 != 2.5 || math.Abs(d.P5-1.15) > 1e-9 || math.Abs(d.P95-3.85) > 1e-9 {
		t.Errorf("describe(1..4) = %+v", d)
	}
}

func TestSummaryOfGrid(t *testing.T) {
	sw := gridSweep(t)
	sum := execute(t, sw, filepath.Join(t.TempDir(), "g.jsonl"), JSONL, ExecOptions{Workers: 2})
	if sum.Runs != sw.Total() || sum.OK != sw.Total() || sum.Objective == nil || sum.ComputeGW == nil {
		t.Fatalf("summary %+v", sum)
	}
	if sum.Year != "2040" {
		t.Errorf("year %s", sum.Year)
	}
	if !(sum.Objective.Min <= sum.Objective.P5 && sum.Objective.P5 <= sum.Objective.P50 &&
		sum.Objective.P50 <= sum.Objective.P95 && sum.Objective.P95 <= sum.Objective.Max) {
		t.Errorf("percentiles out of order: %+v", sum.Objective)
	}
	var keys []string
	for _, s := range sum.Sensitivity {
		keys = append(keys, s.Override)
	}
	sort.Strings(keys)
	if !reflect.DeepEqual(keys, sw.OverrideKeys()) {
		t.Errorf("sensitivity for %v, want %v", keys, sw.OverrideKeys())
	}
	// Dearer accelerators can only make the cheapest plan dearer.
	for _, s := range sum.Sensitivity {
		if s.Override == "accelerator.cost_usd" && (s.SpearmanObjective == nil || *s.SpearmanObjective <= 0) {
			t.Errorf("accelerator cost vs objective: %v", deref(s.SpearmanObjective))
		}
	}
	if len(sum.Bottlenecks) == 0 {
		t.Errorf("no bottlenecks")
	}
}

func TestExecuteStopsOnCancel(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 500, Seed: 1, Metrics: []string{"compute_gw"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	st, err := sw.Execute(ctx, ExecOptions{Workers: 2}, func(*Record) error {
		n++
		if n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if st.Emitted >= 20 || st.Emitted < 3 {
		t.Errorf("emitted %d runs after cancelling at 3", st.Emitted)
	}
	// An emit error stops the sweep too, and is returned.
	boom := errors.New("disk full")
	_, err = sw.Execute(context.Background(), ExecOptions{Workers: 2}, func(*Record) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("emit error: %v", err)
	}
}

func TestTopBottlenecksAgreeWithLimits(t *testing.T) {
	// The bottleneck a sweep records for the last year of a max-compute
	// plan is the family of the top limit `teraplan limits` ranks first
	// among that year's rows.
	base := loadSeed(t)
	in := plans.FromScenario(base)
	rep, err := plans.Limits(context.Background(), in, 2030, plans.LimitsOptions{Resolve: -1}, plans.Versions{})
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, l := range rep.Limits {
		if l.Year == 2030 {
			want = l.Family
			break
		}
	}
	res, err := plans.Solve(context.Background(), in, plans.Options{Mode: constraints.MaxCompute, Year: 2030})
	if err != nil {
		t.Fatal(err)
	}
	top := res.TopBottlenecks()
	if got := top[len(top)-1]; got != want || want == "" {
		t.Errorf("top bottleneck 2030 = %q, limits says %q", got, want)
	}
}
