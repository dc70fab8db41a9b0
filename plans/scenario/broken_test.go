package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var missingCount = regexp.MustCompile(`\d+ registry keys`)

var update = flag.Bool("update", false, "rewrite testdata/broken/*.golden from the current errors")

// fileLevel are the broken files whose problem belongs to no key: the file
// as a whole is not a scenario.
var fileLevel = map[string]bool{
	"alias_many.yaml":    true,
	"binary.yaml":        true,
	"comments_only.yaml": true,
	"empty.yaml":         true,
	"indent_dedent.yaml": true,
	"indent_list.yaml":   true,
	"not_mapping.yaml":   true,
	"not_utf8.yaml":      true,
	"syntax.yaml":        true,
	"two_documents.yaml": true,
}

// leaves flattens errors.Join trees.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

// TestBroken loads every file in testdata/broken, expects it to fail with
// the error in its .golden file, and checks that every error names a file
// under testdata/broken, a line, and (unless the whole file is bad) a key.
func TestBroken(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken corpus: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := Load(f)
			if err == nil {
				t.Fatalf("%s loaded without error", f)
			}
			for _, e := range leaves(err) {
				var se *Error
				if !errors.As(e, &se) {
					t.Errorf("not a *Error: %v", e)
					continue
				}
				if !strings.HasPrefix(se.File, "testdata/broken/") || se.Line <= 0 {
					t.Errorf("error without file and line: %v", se)
				}
				if se.Key == "" && !fileLevel[filepath.Base(f)] {
					t.Errorf("error without a key: %v", se)
				}
			}
			// The count of missing keys grows with the registry; the golden
			// files should not have to.
			got := missingCount.ReplaceAllString(err.Error()+"\n", "N registry keys")
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./plans/scenario -update)", err)
			}
			if got != string(want) {
				t.Errorf("error changed:\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
