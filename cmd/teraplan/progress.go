package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress reports how far a long operation has got. Library code takes a
// callback; commands pass one that calls Set or Add. Safe for concurrent use.
type Progress interface {
	Add(n int)
	Set(done int)
	// Finish clears the bar; call it (e.g. deferred) before printing results.
	Finish()
}

// Progress returns a bar with count and ETA drawn on stderr when stderr is a
// terminal and --quiet is off, else a no-op, so pipes and logs stay clean.
// total <= 0 draws a spinner.
func (app *App) Progress(total int, label string) Progress {
	if !app.IO.IsTerminal || app.Opts.Quiet {
		return noProgress{}
	}
	b := &bar{w: app.IO.Err, label: label, total: total, start: time.Now(), every: 100 * time.Millisecond}
	b.draw(b.start)
	return b
}

type noProgress struct{}

func (noProgress) Add(int) {}
func (noProgress) Set(int) {}
func (noProgress) Finish() {}

// bar is a one-line progress bar redrawn in place with a carriage return,
// at most every `every` (and always on the last step), so a sweep of
// thousands of fast runs costs a few redraws a second. Write errors are
// dropped: a failed redraw on stderr must not fail the work.
//
// It is written here rather than taken from a progress-bar module because
// the one used before linked net/http and a colour library into every
// command, and their start-up cost counted against `teraplan plan`.
type bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int
	done     int
	start    time.Time
	last     time.Time
	every    time.Duration
	width    int // width of the last line drawn, to blank it
	finished bool
}

const barCells = 30

func (b *bar) Add(n int) { b.update(func() { b.done += n }) }
func (b *bar) Set(n int) { b.update(func() { b.done = n }) }

func (b *bar) update(change func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	change()
	now := time.Now()
	if now.Sub(b.last) >= b.every || (b.total > 0 && b.done >= b.total) {
		b.draw(now)
	}
}

// Finish blanks the line, leaving the cursor at its start.
func (b *bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.width))
}

var spinner = [...]string{"|", "/", "-", `\`}

// draw writes the line; b.mu is held.
func (b *bar) draw(now time.Time) {
	b.last = now
	elapsed := now.Sub(b.start)
	var line string
	if b.total <= 0 {
		line = fmt.Sprintf("%s %s %d done (%s)", b.label, spinner[int(elapsed/(100*time.Millisecond))%len(spinner)], b.done, roundDur(elapsed))
	} else {
		frac := min(1, max(0, float64(b.done)/float64(b.total)))
		full := int(frac * barCells)
		cells := strings.Repeat("=", full)
		if full < barCells {
			cells += ">" + strings.Repeat(" ", barCells-full-1)
		}
		line = fmt.Sprintf("%s %3.0f%% [%s] %d/%d (%s", b.label, 100*frac, cells, b.done, b.total, roundDur(elapsed))
		if b.done > 0 && b.done < b.total {
			left := time.Duration(float64(elapsed) * float64(b.total-b.done) / float64(b.done))
			line += ", ~" + roundDur(left) + " left"
		}
		line += ")"
	}
	pad := ""
	if n := len([]rune(line)); n < b.width {
		pad = strings.Repeat(" ", b.width-n)
	} else {
		b.width = n
	}
	fmt.Fprintf(b.w, "\r%s%s", line, pad)
}

// roundDur prints a duration to the second (to the tenth under ten seconds).
func roundDur(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
