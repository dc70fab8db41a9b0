package sweep

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzShardFile: the shard reader (merge, and resume's scan) never panics
// on any file, and what merge accepts it writes back as complete lines it
// would accept again.
func FuzzShardFile(f *testing.F) {
	sw := gridSweep(f, "compute_gw", "bottleneck")
	rec := &Record{ID: "g-03", Index: 3, Sweep: sw.ID(), Total: sw.Total(), Overrides: map[string]float64{"accelerator.cost_usd": 2e4},
		Status: "Optimal", Objective: ptr(1), ByYear: map[string]map[string]float64{"compute_gw": {"2026": 1}},
		Bottleneck: map[string]string{"2026": "power.grid"}}
	j, _ := NewCodec(sw, JSONL).Encode(rec)
	c := NewCodec(sw, CSV)
	row, _ := c.Encode(rec)
	f.Add(j, false)
	f.Add(append(append([]byte(nil), j...), j...), false)
	f.Add(append(append([]byte(nil), j...), j[:20]...), false)
	f.Add(append(c.Header(), row...), true)
	f.Add(append(c.Header(), row[:10]...), true)
	f.Add([]byte("id,index,sweep,total,param,side,status,error,objective,x[\n"), true)
	f.Add([]byte(`{"id":"x","index":-1,"sweep":"s","total":1,"status":"Optimal"}`+"\n"), false)
	f.Add([]byte(`{"id":"x","index":0,"sweep":"s","total":100000001,"status":"e"}`+"\n"), false)
	f.Add([]byte("\n\n{}\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		dir := t.TempDir()
		name := "shard.jsonl"
		format := JSONL
		if csv {
			name, format = "shard.csv", CSV
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		rep, err := Merge(&out, []string{p}, MergeOptions{AllowMissing: true, Seen: func(*Record) {}})
		if err == nil {
			if rep.Runs > rep.Total || rep.Runs+rep.MissingCount != rep.Total {
				t.Fatalf("report %+v", rep)
			}
			if out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
				t.Fatalf("merge wrote a partial line: %q", out.Bytes())
			}
			q := filepath.Join(dir, "again."+format.String())
			if csv {
				q = filepath.Join(dir, "again.csv")
			}
			os.WriteFile(q, out.Bytes(), 0o644)
			var again bytes.Buffer
			if _, err := Merge(&again, []string{q}, MergeOptions{AllowMissing: true}); err != nil && out.Len() > 0 {
				t.Fatalf("merge refuses its own output: %v\n%q", err, out.Bytes())
			}
			if !bytes.Equal(again.Bytes(), out.Bytes()) && out.Len() > 0 {
				t.Fatalf("merge is not idempotent")
			}
		}
		// Resume over the same bytes: never a panic; on success the file
		// is left with complete lines only.
		w, _, err := Open(p, sw, format, true, func(*Record) {})
		if err != nil {
			return
		}
		// Close without Writer.Close's fsync: a sync per input makes the
		// fuzzer stall on the disk, long enough to miss its own deadline.
		w.f.Close()
		got, _ := os.ReadFile(p)
		if len(got) > 0 && got[len(got)-1] != '\n' {
			t.Fatalf("resume left a partial line: %q", got)
		}
		_, _ = scanLines(bytes.NewReader(data), func(int64, []byte) error { return nil })
		_ = io.EOF
	})
}
