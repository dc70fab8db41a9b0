package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWriteTable(t *testing.T) {
	t.Parallel()
	tab := Table{
		Columns: []Column{{Name: "year"}, {Name: "power", Unit: "GW", Numeric: true}, {Name: "binding constraint"}},
		Rows: [][]string{
			{"2029", "12.5", "power.grid[2029]"},
			{"2030", "140.25", "chips.wafers[2030]"},
			{"2031", "7"},
		},
	}
	want := "" +
		"year  power (GW)  binding constraint\n" +
		"2029        12.5  power.grid[2029]\n" +
		"2030      140.25  chips.wafers[2030]\n" +
		"2031           7\n"
	var b bytes.Buffer
	if err := writeTable(&b, tab, maxTableWidth); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteTableFits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 150)
	tab := Table{
		Columns: []Column{{Name: "name"}, {Name: "value", Unit: "$B", Numeric: true}, {Name: "note"}},
		Rows:    [][]string{{long, "123456.789", long}},
	}
	var b bytes.Buffer
	if err := writeTable(&b, tab, maxTableWidth); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > maxTableWidth {
			t.Errorf("line is %d wide: %q", n, line)
		}
	}
	if !strings.Contains(b.String(), "123456.789") || !strings.Contains(b.String(), "…") {
		t.Errorf("numbers must survive, text be truncated: %q", b.String())
	}
}

func TestWriteTableRowTooLong(t *testing.T) {
	t.Parallel()
	err := writeTable(io.Discard, Table{Columns: []Column{{Name: "a"}}, Rows: [][]string{{"1", "2"}}}, maxTableWidth)
	if err == nil {
		t.Error("want an error for a row wider than the header")
	}
}

type mapResult map[string]float64

func (m mapResult) Table() Table    { return Table{} }
func (m mapResult) JSON() any       { return map[string]float64(m) }
func (m mapResult) CSV() [][]string { return nil }

func TestRenderJSONIsDeterministic(t *testing.T) {
	t.Parallel()
	app, out, _ := testApp(t, nil)
	app.Opts.Format = FormatJSON
	if err := app.Render(mapResult{"zeta": 1, "alpha": 2, "mid<=": 3}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"alpha\": 2,\n  \"mid<=\": 3,\n  \"zeta\": 1\n}\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")

	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n1,2\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n1,2\n" {
		t.Errorf("content %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}

	// A writer failing halfway leaves the old file whole and no temp file.
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("partial", 10000))
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want boom naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n1,2\n" {
		t.Errorf("old file damaged: %q", b)
	}
	assertOnlyFiles(t, dir, "out.csv")

	// A missing directory is named in the error.
	missing := filepath.Join(dir, "nope", "out.csv")
	err = WriteFileAtomic(missing, func(w io.Writer) error { return nil })
	if err == nil || err.Error() != "cannot write "+missing+": no such file or directory" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
	assertOnlyFiles(t, dir, "out.csv")
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	t.Parallel()
	path := writeFile(t, filepath.Join(t.TempDir(), "x"), "old")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		terminal bool
		quiet    bool
		drawn    bool
	}{
		{"pipe", false, false, false},
		{"quiet terminal", true, true, false},
		{"terminal", true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			app.IO.IsTerminal, app.Opts.Quiet = tt.terminal, tt.quiet
			p := app.Progress(10, "solving")
			for range 10 {
				p.Add(1)
			}
			p.Finish()
			if drawn := strings.Contains(errOut.String(), "solving"); drawn != tt.drawn {
				t.Errorf("drawn = %v, want %v: %q", drawn, tt.drawn, errOut)
			}
			if out.Len() != 0 {
				t.Errorf("progress wrote to stdout: %q", out)
			}
		})
	}
}

func TestNotefQuiet(t *testing.T) {
	t.Parallel()
	app, _, errOut := testApp(t, nil)
	app.Notef("wrote %s", "x")
	app.Opts.Quiet = true
	app.Notef("wrote %s", "y")
	if errOut.String() != "wrote x\n" {
		t.Errorf("stderr = %q", errOut)
	}
}
