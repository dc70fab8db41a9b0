package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"teraplan/plans/schema"
)

func TestChartCommand(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range chartKinds {
		t.Run(kind, func(t *testing.T) {
			app, _, errOut := testApp(t, nil)
			path := filepath.Join(dir, kind+".png")
			args := []string{"chart", kind, "--out", path}
			if kind == "bottlenecks" {
				args = append(args, "--years", "2026-2029")
			}
			if kind == "regions" {
				args = append(args, "--scenario", "regions-2026")
			}
			if code := runCmd(app, args); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if img.Bounds().Dx() != 768 {
				t.Errorf("width %d", img.Bounds().Dx())
			}
		})
	}
	// SVG to stdout, and --as png with a size.
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"chart", "levelized"}); code != 0 || !strings.Contains(out.String(), "<svg") {
		t.Errorf("svg to stdout: exit %d: %s", code, errOut)
	}
	app, out, _ = testApp(t, nil)
	if code := runCmd(app, []string{"chart", "power", "--as", "png", "--width", "4", "--height", "3"}); code != 0 {
		t.Fatalf("--as png: exit %d", code)
	}
	if img, err := png.Decode(bytes.NewReader(out.Bytes())); err != nil || img.Bounds().Dx() != 384 || img.Bounds().Dy() != 288 {
		t.Errorf("--as png 4×3: %v", err)
	}
	for name, args := range map[string][]string{
		"unknown kind":   {"chart", "pie"},
		"no kind":        {"chart"},
		"sweep kind":     {"chart", "tornado"},
		"bad extension":  {"chart", "compute", "--out", filepath.Join(dir, "x.jpg")},
		"as vs out":      {"chart", "compute", "--as", "svg", "--out", filepath.Join(dir, "x.png")},
		"as gif":         {"chart", "compute", "--as", "gif"},
		"years on power": {"chart", "power", "--years", "2026-2030"},
		"huge":           {"chart", "power", "--width", "1000"},
		"regions of one": {"chart", "regions"},
		"unknown region": {"chart", "compute", "--scenario", "regions-2026", "--region", "mars"},
	} {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, args); code != int(ExitUsage) {
			t.Errorf("%s: exit %d, want %d: %s", name, code, ExitUsage, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.png")); err == nil {
		t.Error("a refused chart left a file")
	}
}

// TestMachineFormatsAreClean: --format json and csv write only the
// document to stdout (no notes or progress), JSON that validates against
// its schema and CSV that parses with a constant column count.
func TestMachineFormatsAreClean(t *testing.T) {
	cases := []struct {
		schema string
		args   []string
	}{
		{"plan", []string{"plan"}},
		{"limits", []string{"limits", "--year", "2030"}},
		{"timeline", []string{"limits", "--years", "2026-2028"}},
		{"claims", []string{"claims"}},
	}
	for _, c := range cases {
		t.Run(c.schema, func(t *testing.T) {
			app, out, errOut := testApp(t, nil)
			app.IO.IsTerminal = true // progress bars would be drawn, on stderr only
			if code := runCmd(app, append([]string{"--format", "json"}, c.args...)); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var v any
			if err := json.Unmarshal(out.Bytes(), &v); err != nil {
				t.Fatalf("stdout is not one JSON document: %v\n%.300s", err, out.String())
			}
			if err := schema.Validate(c.schema, out.Bytes()); err != nil {
				t.Error(err)
			}
			app, out, errOut = testApp(t, nil)
			app.IO.IsTerminal = true
			if code := runCmd(app, append([]string{"--format", "csv"}, c.args...)); code != 0 {
				t.Fatalf("csv: exit %d: %s", code, errOut)
			}
			recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll() // fails on ragged rows
			if err != nil {
				t.Fatalf("stdout is not CSV: %v\n%.300s", err, out.String())
			}
			if len(recs) < 2 {
				t.Errorf("CSV has %d records", len(recs))
			}
		})
	}
}

// TestTablesFit100Columns: the human tables are at most 100 columns wide
// and carry units in their headers.
func TestTablesFit100Columns(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		units []string
	}{
		{"plan", []string{"plan", "--diagnose"}, []string{"GW", "$B", "$/kW-yr IT"}},
		{"limits", []string{"limits", "--year", "2030"}, []string{"%/%", "GW"}},
		{"timeline", []string{"limits", "--years", "2026-2040"}, []string{"GW", "%/%"}},
		{"claims", []string{"claims"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, c.args); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			text := out.String()
			for _, u := range c.units {
				if !strings.Contains(text, u) {
					t.Errorf("no unit %q in the headers", u)
				}
			}
			for i, l := range strings.Split(text, "\n") {
				n := utf8.RuneCountInString(l)
				if n <= 100 {
					continue
				}
				t.Errorf("line %d is %d runes wide: %q", i+1, n, l)
			}
		})
	}
}
