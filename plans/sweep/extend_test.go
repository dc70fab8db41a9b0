package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestMonteCarloExtends: a Monte Carlo of 3 samples, resumed as one of 5,
// keeps its 3 runs and adds samples 3 and 4; run for run the file is the
// 5-sample sweep run at once (same ids, same draws, same results), and it
// merges as 5 runs with none missing. Resuming it as 2 samples is refused.
func TestMonteCarloExtends(t *testing.T) {
	base := loadSeed(t)
	mc := func(n int) *Sweep {
		sw, err := New(base, Spec{Kind: MonteCarlo, Samples: n, Seed: 7, Metrics: []string{"compute_gw"}})
		if err != nil {
			t.Fatal(err)
		}
		return sw
	}
	small, big := mc(3), mc(5)
	if small.ID() != big.ID() {
		t.Fatalf("sweep ids %s and %s differ with the sample count", small.ID(), big.ID())
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "mc.jsonl")
	execute(t, small, p, JSONL, ExecOptions{Workers: 1})

	w, ex, err := Open(p, big, JSONL, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Runs != 3 || ex.Extends != 3 {
		t.Errorf("resume found %d runs, extends %d; want 3 and 3", ex.Runs, ex.Extends)
	}
	st, err := big.Execute(context.Background(), ExecOptions{Workers: 1, Done: ex.Done}, w.Write)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if st.Emitted != 2 {
		t.Errorf("ran %d more samples, want 2", st.Emitted)
	}
	whole := filepath.Join(dir, "whole.jsonl")
	execute(t, big, whole, JSONL, ExecOptions{Workers: 1})

	var got, want bytes.Buffer
	rep, err := Merge(&got, []string{p}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 5 || rep.Runs != 5 || rep.MissingCount != 0 {
		t.Errorf("merge: %+v", rep)
	}
	if _, err := Merge(&want, []string{whole}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	norm := func(b []byte) []string {
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			delete(rec, "total") // 3 on the first runs, 5 on the rest
			s, _ := json.Marshal(rec)
			out = append(out, string(s))
		}
		return out
	}
	g, wn := norm(got.Bytes()), norm(want.Bytes())
	if strings.Join(g, "\n") != strings.Join(wn, "\n") {
		t.Errorf("extended sweep differs from the whole one:\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(wn, "\n"))
	}
	if !strings.Contains(g[4], `"id":"mc-000004"`) {
		t.Errorf("last run: %s", g[4])
	}
	if _, _, err := Open(p, mc(2), JSONL, true, nil); err == nil || !strings.Contains(err.Error(), "resume with at least --samples") {
		t.Errorf("shrinking a Monte Carlo: %v", err)
	}
	// A grid's size stays part of its identity.
	grid := gridSweep(t, "compute_gw")
	if _, _, err := Open(p, grid, JSONL, true, nil); err == nil || !strings.Contains(err.Error(), "another sweep") {
		t.Errorf("a grid resuming a Monte Carlo file: %v", err)
	}
}
