package sweep

import (
	"errors"
	"math"
	"strings"
	"testing"

	"teraplan/constraints"
	"teraplan/plans"
	"teraplan/plans/scenario"
)

func TestParseVary(t *testing.T) {
	tests := []struct {
		in   string
		want Vary
		err  string // substring of the error; "" = no error
	}{
		{in: "launch.cost_usd_per_kg=100:2000:5", want: Vary{Key: "launch.cost_usd_per_kg", From: 100, To: 2000, Steps: 5}},
		{in: " launch.payload_t = 100t:0.3kt:3", want: Vary{Key: "launch.payload_t", From: 100, To: 0.3, Unit: "t", Steps: 3}, err: "different units"},
		{in: "launch.payload_t=100t:300t:3", want: Vary{Key: "launch.payload_t", From: 100, To: 300, Unit: "t", Steps: 3}},
		{in: "launch.payload_t=100:300t:3", want: Vary{Key: "launch.payload_t", From: 100, To: 300, Unit: "t", Steps: 3}},
		{in: "launch.cost_usd_per_kg=x0.5:x2:4", want: Vary{Key: "launch.cost_usd_per_kg", From: 0.5, To: 2, Steps: 4, Scale: true}},
		{in: "launch.cost_usd_per_kg=×0.5:×2:4", want: Vary{Key: "launch.cost_usd_per_kg", From: 0.5, To: 2, Steps: 4, Scale: true}},
		{in: "launch.cost_usd_per_kg=2000:100:2", want: Vary{Key: "launch.cost_usd_per_kg", From: 2000, To: 100, Steps: 2}},
		{in: "launch.cost_usd_per_kg=100:2000:x", err: `--vary launch.cost_usd_per_kg: steps "x" is not a whole number ≥ 2`},
		{in: "launch.cost_usd_per_kg=100:2000:1", err: "steps \"1\" is not a whole number ≥ 2"},
		{in: "launch.cost_usd_per_kg=100:2000:2.5", err: "not a whole number"},
		{in: "launch.cost_usd_per_kg=100:2000", err: "want from:to:steps"},
		{in: "launch.cost_usd_per_kg=100:2000:3:4", err: "want from:to:steps"},
		{in: "launch.cost_usd_per_kg", err: "want key=from:to:steps"},
		{in: "=1:2:3", err: "missing key"},
		{in: "launch.cost_usd_per_kgg=1:2:3", err: `--vary launch.cost_usd_per_kgg: unknown parameter (did you mean "launch.cost_usd_per_kg"?)`},
		{in: "horizon.end_year=2040:2050:2", err: "the horizon cannot be varied"},
		{in: "launch.cost_usd_per_kg=x0.5:2:3", err: "both be factors"},
		{in: "launch.cost_usd_per_kg=x-1:x2:3", err: "not a finite number ≥ 0"},
		{in: "launch.cost_usd_per_kg=abc:2:3", err: "does not start with a number"},
		{in: "launch.cost_usd_per_kg=NaN:2:3", err: "does not start with a number"},
		{in: "launch.cost_usd_per_kg=1e999:2:3", err: "not a finite number"},
		{in: "launch.cost_usd_per_kg=5:5:3", err: "the same value"},
		{in: "launch.cost_usd_per_kg=1 parsecs:2:3", err: "unit"},
		{in: "launch.cost_usd_per_kg=1,2:3:3", err: "not a number"},
	}
	for _, tt := range tests {
		got, err := ParseVary(tt.in)
		if tt.err != "" {
			var se *SpecError
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &se) {
				t.Errorf("ParseVary(%q) = %+v, %v; want a *SpecError containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseVary(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func loadSeed(t testing.TB) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load(scenario.Default)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewRejects(t *testing.T) {
	base := loadSeed(t)
	vary := func(s string) Vary {
		v, err := ParseVary(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		spec Spec
		err  string
	}{
		{"out of range", Spec{Kind: Grid, Vary: []Vary{vary("space.attrition_per_year=0:2:3")}}, "--vary space.attrition_per_year"},
		{"twice", Spec{Kind: Grid, Vary: []Vary{vary("launch.payload_t=1:2:2"), vary("launch.payload_t=3:4:2")}}, "given twice"},
		{"bad unit", Spec{Kind: Grid, Vary: []Vary{vary("launch.payload_t=1GW:2GW:2")}}, "--vary launch.payload_t"},
		{"no grid", Spec{Kind: Grid}, "at least one --vary"},
		{"pct", Spec{Kind: Tornado, Pct: 100}, "--pct"},
		{"unknown param", Spec{Kind: Tornado, Pct: 10, Params: []string{"nope.x"}}, "--params nope.x: unknown parameter"},
		{"calendar", Spec{Kind: Tornado, Pct: 10, Params: []string{"space.first_year"}}, "--params space.first_year"},
		{"no samples", Spec{Kind: MonteCarlo}, "--samples"},
		{"metric", Spec{Kind: Tornado, Pct: 10, Metrics: []string{"compute_gw", "bogus"}}, "--metrics bogus: unknown metric"},
		{"kind", Spec{Kind: "x"}, "unknown kind"},
	}
	for _, tt := range tests {
		_, err := New(base, tt.spec)
		var se *SpecError
		if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &se) {
			t.Errorf("%s: New = %v; want a *SpecError containing %q", tt.name, err, tt.err)
		}
	}
	// No dist: anywhere.
	plain := base.Clone()
	for _, p := range plain.Params {
		p.Dist = nil
	}
	if _, err := New(plain, Spec{Kind: MonteCarlo, Samples: 3}); err == nil || !strings.Contains(err.Error(), "declares no dist") {
		t.Errorf("Monte Carlo without distributions: %v", err)
	}
}

func TestGridRuns(t *testing.T) {
	base := loadSeed(t)
	a, _ := ParseVary("launch.payload_t=100t:200t:3")
	b, _ := ParseVary("launch.cost_usd_per_kg=x0.5:x1.5:2")
	sw, err := New(base, Spec{Kind: Grid, Vary: []Vary{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	if sw.Total() != 6 {
		t.Fatalf("total %d, want 6", sw.Total())
	}
	want := []map[string]float64{
		{"launch.payload_t": 100, "scale:launch.cost_usd_per_kg": 0.5},
		{"launch.payload_t": 100, "scale:launch.cost_usd_per_kg": 1.5},
		{"launch.payload_t": 150, "scale:launch.cost_usd_per_kg": 0.5},
		{"launch.payload_t": 150, "scale:launch.cost_usd_per_kg": 1.5},
		{"launch.payload_t": 200, "scale:launch.cost_usd_per_kg": 0.5},
		{"launch.payload_t": 200, "scale:launch.cost_usd_per_kg": 1.5},
	}
	for i, w := range want {
		r := sw.Run(i)
		if r.ID != "g-"+string(rune('0'+i)) {
			t.Errorf("run %d id %q", i, r.ID)
		}
		sc, ov, err := r.Apply(base)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range w {
			if ov[k] != v {
				t.Errorf("run %d: %s = %v, want %v", i, k, ov[k], v)
			}
		}
		cost := sc.Params["launch.cost_usd_per_kg"].Value
		orig := base.Params["launch.cost_usd_per_kg"].Value
		if len(cost.Values) != len(orig.Values) || cost.Values[0] != orig.Values[0]*w["scale:launch.cost_usd_per_kg"] {
			t.Errorf("run %d: the scaled trajectory is %v, from %v", i, cost, orig)
		}
	}
	if base.Params["launch.payload_t"].Value.Values[0] == 200 && base.Params["launch.payload_t"].Written == "200t" {
		t.Errorf("Apply changed the base scenario")
	}
}

func TestMonteCarloRunsDependOnlyOnSeedAndIndex(t *testing.T) {
	base := loadSeed(t)
	sw, err := New(base, Spec{Kind: MonteCarlo, Samples: 1000, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := New(base.Clone(), Spec{Kind: MonteCarlo, Samples: 1000, Seed: 42})
	other, _ := New(base, Spec{Kind: MonteCarlo, Samples: 1000, Seed: 43})
	key := "scale:launch.cost_usd_per_kg"
	var xs []float64
	for _, i := range []int{999, 0, 500, 1} { // any order
		_, a, _ := sw.Run(i).Apply(base)
		_, b, _ := again.Run(i).Apply(base)
		_, c, _ := other.Run(i).Apply(base)
		if a[key] != b[key] {
			t.Errorf("run %d: %v then %v", i, a[key], b[key])
		}
		if a[key] == c[key] {
			t.Errorf("run %d: seeds 42 and 43 agree (%v)", i, a[key])
		}
		xs = append(xs, a[key])
	}
	// seed-2026's launch cost is triangular(0.5, 1, 2), relative.
	mean := 0.0
	for i := range 1000 {
		_, ov, err := sw.Run(i).Apply(base)
		if err != nil {
			t.Fatal(err)
		}
		x := ov[key]
		if x < 0.5 || x > 2 {
			t.Fatalf("sample %d = %v outside [0.5, 2]", i, x)
		}
		mean += x / 1000
	}
	if want := (0.5 + 1 + 2) / 3.0; math.Abs(mean-want) > 0.03 {
		t.Errorf("mean factor %v, want about %v", mean, want)
	}
	if sw.ID() != again.ID() || sw.ID() == other.ID() {
		t.Errorf("sweep ids: %s %s %s", sw.ID(), again.ID(), other.ID())
	}
}

func TestShards(t *testing.T) {
	for _, tt := range []struct {
		in  string
		ok  bool
		sh  Shard
		err string
	}{
		{in: "0/3", ok: true, sh: Shard{0, 3}},
		{in: "2/3", ok: true, sh: Shard{2, 3}},
		{in: "0/1", ok: true, sh: Shard{0, 1}},
		{in: "3/3"}, {in: "-1/3"}, {in: "1/0"}, {in: "1"}, {in: "a/b"}, {in: ""},
	} {
		sh, err := ParseShard(tt.in)
		if tt.ok != (err == nil) || sh != tt.sh {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, sh, err)
		}
	}
	// Every run is in exactly one shard, and Size counts them.
	for n := 1; n <= 5; n++ {
		for total := 0; total <= 11; total++ {
			seen := make([]int, total)
			for i := 0; i < n; i++ {
				sh := Shard{i, n}
				size := 0
				for r := 0; r < total; r++ {
					if sh.Has(r) {
						seen[r]++
						size++
					}
				}
				if size != sh.Size(total) {
					t.Errorf("shard %v of %d: %d runs, Size says %d", sh, total, size, sh.Size(total))
				}
			}
			for r, c := range seen {
				if c != 1 {
					t.Errorf("%d shards, run %d in %d shards", n, r, c)
				}
			}
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		env    map[string]string
		count  int
		want   Shard
		ok     bool
		errSub string
	}{
		{env: nil},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, want: Shard{2, 4}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"}, want: Shard{2, 4}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, errSub: "SLURM_ARRAY_TASK_COUNT"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"}, errSub: "contiguous"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, errSub: "not a whole number"},
		// sbatch --array=1 to rerun one task: Slurm says task 1, min 1, of 1.
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "1"}, errSub: "one-task array"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1"}, want: Shard{0, 1}, ok: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, count: 3, want: Shard{1, 3}, ok: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, errSub: "--shards"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, count: 3, errSub: "not below"},
	}
	for _, tt := range tests {
		sh, _, ok, err := ShardFromEnv(env(tt.env), tt.count)
		if tt.errSub != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errSub) {
				t.Errorf("%v: err %v, want %q", tt.env, err, tt.errSub)
			}
			continue
		}
		if err != nil || ok != tt.ok || sh != tt.want {
			t.Errorf("%v: %v %v %v, want %v %v", tt.env, sh, ok, err, tt.want, tt.ok)
		}
	}
}

func TestRunID(t *testing.T) {
	for _, tt := range []struct {
		kind     Kind
		i, total int
		want     string
	}{
		{Grid, 0, 1, "g-0"}, {Grid, 9, 10, "g-9"}, {Grid, 3, 11, "g-03"}, {MonteCarlo, 42, 1000, "mc-000042"}, {MonteCarlo, 42, 60, "mc-000042"}, {MonteCarlo, 1234567, 2000000, "mc-1234567"}, {Tornado, 7, 219, "t-007"},
	} {
		if got := RunID(tt.kind, tt.i, tt.total); got != tt.want {
			t.Errorf("RunID(%s, %d, %d) = %q, want %q", tt.kind, tt.i, tt.total, got, tt.want)
		}
	}
}

// FuzzSpec: --vary never panics; what it accepts has Steps ≥ 2 and finite
// ends, and either checks against seed-2026 with every run applicable or
// is refused with a *SpecError.
func FuzzSpec(f *testing.F) {
	for _, s := range []string{
		"launch.cost_usd_per_kg=100:2000:5", "launch.payload_t=100t:300t:3", "launch.cost_usd_per_kg=x0.5:x2:4",
		"launch.cost_usd_per_kg=100:2000:x", "space.attrition_per_year=0:2:3", "=::", "a=b", "launch.payload_t=1e3:1e-3:2",
		"horizon.end_year=1:2:2", "launch.cost_usd_per_kg=×1:×2:2", "launch.payload_t=0.1kt:0.2 kt:2",
	} {
		f.Add(s)
	}
	base := loadSeed(f)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVary(s)
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("ParseVary(%q): not a *SpecError: %v", s, err)
			}
			return
		}
		if v.Steps < 2 || math.IsNaN(v.From) || math.IsInf(v.From, 0) || math.IsNaN(v.To) || math.IsInf(v.To, 0) {
			t.Fatalf("ParseVary(%q) accepted %+v", s, v)
		}
		if _, ok := constraints.LookupParam(v.Key); !ok {
			t.Fatalf("ParseVary(%q) accepted unknown key %q", s, v.Key)
		}
		if v.Steps > 1000 {
			return // New would be fine; the loop below would be slow
		}
		sw, err := New(base, Spec{Kind: Grid, Vary: []Vary{v}, Plan: plans.Options{}})
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("New(%+v): not a *SpecError: %v", v, err)
			}
			return
		}
		for _, i := range []int{0, sw.Total() / 2, sw.Total() - 1} {
			if _, _, err := sw.Run(i).Apply(base); err != nil {
				t.Fatalf("%q: run %d of a checked grid fails: %v", s, i, err)
			}
		}
	})
}
