package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBarDraws: the bar shows count, percentage and an estimate, redraws
// in place, and Finish blanks the line it drew.
func TestBarDraws(t *testing.T) {
	var buf bytes.Buffer
	b := &bar{w: &buf, label: "sweep", total: 8, start: time.Now().Add(-2 * time.Second)}
	b.draw(time.Now())
	for range 4 {
		b.Add(1)
	}
	lines := strings.Split(buf.String(), "\r")
	last := lines[len(lines)-1]
	for _, want := range []string{"sweep", " 50%", "[===============>", "4/8", "left)"} {
		if !strings.Contains(last, want) {
			t.Errorf("line %q lacks %q", last, want)
		}
	}
	b.Set(8)
	if last := buf.String()[strings.LastIndex(buf.String(), "\r")+1:]; !strings.Contains(last, "100%") || !strings.Contains(last, "8/8") || strings.Contains(last, "left") {
		t.Errorf("finished line %q", last)
	}
	width := b.width
	b.Finish()
	if !strings.HasSuffix(buf.String(), "\r"+strings.Repeat(" ", width)+"\r") {
		t.Errorf("Finish did not blank the line: %q", buf.String()[max(0, buf.Len()-width-4):])
	}
	n := buf.Len()
	b.Add(1)
	b.Finish()
	if buf.Len() != n {
		t.Error("the bar drew after Finish")
	}
}

// TestBarThrottles: thousands of fast steps redraw a handful of times, and
// concurrent steps are all counted.
func TestBarThrottles(t *testing.T) {
	var buf bytes.Buffer
	b := &bar{w: &buf, label: "sweep", total: 4000, start: time.Now(), every: time.Hour}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				b.Add(1)
			}
		})
	}
	wg.Wait()
	if b.done != 4000 {
		t.Errorf("counted %d steps, want 4000", b.done)
	}
	if draws := strings.Count(buf.String(), "\r"); draws > 2 {
		t.Errorf("%d redraws for 4000 steps within the throttle", draws)
	}
}

// TestSpinner: an unknown total draws a count without a percentage.
func TestSpinner(t *testing.T) {
	var buf bytes.Buffer
	b := &bar{w: &buf, label: "report", total: -1, start: time.Now()}
	b.Add(3)
	if s := buf.String(); !strings.Contains(s, "3 done") || strings.Contains(s, "%") {
		t.Errorf("spinner line %q", s)
	}
}
