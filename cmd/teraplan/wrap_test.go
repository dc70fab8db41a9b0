package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapText(t *testing.T) {
	got := wrapText("one two three four five six", 12, "- ", "  ")
	want := "- one two\n  three four\n  five six\n"
	if got != want {
		t.Errorf("wrapText = %q, want %q", got, want)
	}
	// A word longer than the width stands alone on its line.
	if got := wrapText("a verylongwordindeed b", 8, "", ""); got != "a\nverylongwordindeed\nb\n" {
		t.Errorf("long word: %q", got)
	}
	if got := wrapText("", 10, "x ", ""); got != "x \n" {
		t.Errorf("empty: %q", got)
	}
	long := strings.Repeat("wörd ", 60)
	for _, l := range strings.Split(strings.TrimSuffix(wrapText(long, 100, "note: ", "      "), "\n"), "\n") {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("line of %d runes: %q", n, l)
		}
	}
}
