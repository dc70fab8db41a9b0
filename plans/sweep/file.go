package sweep

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// maxLine bounds one line of a sweep file; a longer one is not ours.
const maxLine = 16 << 20

// scanLines calls fn with every complete line of r (newline included) and
// its offset, and returns the length of the complete lines: anything after
// it is a partial last line, left by a writer that was killed.
func scanLines(r io.Reader, fn func(off int64, line []byte) error) (complete int64, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A long line: gather it whole, within reason.
			buf := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) && len(buf) <= maxLine {
				line, err = br.ReadSlice('\n')
				buf = append(buf, line...)
			}
			if len(buf) > maxLine {
				return off, fmt.Errorf("line at byte %d is longer than %d bytes: not a sweep file", off, maxLine)
			}
			line = buf
		}
		switch {
		case err == io.EOF:
			return off, nil // line, if any, is partial
		case err != nil:
			return off, err
		}
		if err := fn(off, line); err != nil {
			return off, err
		}
		off += int64(len(line))
	}
}

// ErrLocked is what a LockedError wraps: another open file, normally
// another running sweep, holds the lock on a sweep file.
var ErrLocked = errors.New("sweep: file is locked")

// LockedError says that Path is being written by another sweep that is
// still running. Open locks a sweep file (flock) for as long as it is
// open, so two sweeps never interleave their lines in one file; the lock
// goes with the process that holds it, so a killed sweep leaves none.
type LockedError struct{ Path string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s is being written by another sweep that is still running: wait for it to finish, or choose another --out", e.Path)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Existing is what a sweep file already holds, read by Open with resume.
type Existing struct {
	// Done marks the runs already written, by index.
	Done []bool
	// Runs is how many distinct runs the file holds.
	Runs int
	// Truncated is how many bytes of a partial last line were cut away.
	Truncated int64
	// Extends is the run count of a smaller Monte Carlo whose runs the
	// file holds, now extended (0 when none).
	Extends int
}

// Writer appends records to a sweep file: each line in one write, so a
// killed sweep leaves at worst a partial last line, which the next resume
// cuts away. The file is synced every few seconds and on Close. It is not
// safe for concurrent use; Execute calls its emit function from one
// goroutine.
type Writer struct {
	w        io.Writer
	f        *os.File
	codec    *Codec
	lastSync time.Time
}

// Open opens path for s's records. Without resume the file is created or
// emptied. With resume an existing file is read: each complete line must be
// a record of this sweep (seen is called with each distinct one, e.g. for
// the summary), a partial last line is truncated away, and new records are
// appended after it.
func Open(path string, s *Sweep, f Format, resume bool, seen func(*Record)) (*Writer, *Existing, error) {
	codec := NewCodec(s, f)
	ex := &Existing{Done: make([]bool, s.Total())}
	// Never O_TRUNC: the file may belong to a sweep still running, and is
	// emptied only once the lock is ours.
	flags := os.O_WRONLY | os.O_CREATE
	if resume {
		flags = os.O_RDWR | os.O_CREATE
	}
	file, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*Writer, *Existing, error) {
		file.Close()
		return nil, nil, err
	}
	st, err := file.Stat()
	if err != nil {
		return fail(err)
	}
	// Devices and pipes (--out /dev/null) are written as they are.
	if st.Mode().IsRegular() {
		if err := lockFile(file); err != nil {
			if errors.Is(err, ErrLocked) {
				return fail(&LockedError{Path: path})
			}
			return fail(fmt.Errorf("%s: cannot lock: %w", path, err))
		}
		if !resume {
			if err := file.Truncate(0); err != nil {
				return fail(err)
			}
		}
	}
	var size int64
	if resume {
		size = st.Size()
		n := 0
		headerDone := f != CSV
		complete, err := scanLines(file, func(off int64, line []byte) error {
			n++
			if !headerDone {
				headerDone = true
				if !bytes.Equal(line, codec.Header()) {
					return fmt.Errorf("%s: the CSV header differs from this sweep's (other metrics, overrides or years): use another --out", path)
				}
				return nil
			}
			rec, err := Decode(f, codec.header, line)
			if err != nil {
				return fmt.Errorf("%s:%d: %v", path, n, err)
			}
			if rec.Sweep != s.ID() || (rec.Total != s.Total() && !s.Extensible()) {
				return fmt.Errorf("%s:%d: written by another sweep (%s of %d runs; this is %s of %d): use another --out, or drop --resume to overwrite it",
					path, n, rec.Sweep, rec.Total, s.ID(), s.Total())
			}
			if rec.Index < 0 || rec.Index >= s.Total() {
				return fmt.Errorf("%s:%d: holds run %s, beyond this sweep's %d runs: resume with at least --samples %d",
					path, n, rec.ID, s.Total(), rec.Index+1)
			}
			if rec.Total < s.Total() {
				ex.Extends = max(ex.Extends, rec.Total)
			}
			if !ex.Done[rec.Index] {
				ex.Done[rec.Index] = true
				ex.Runs++
				if seen != nil {
					seen(rec)
				}
			}
			return nil
		})
		if err != nil {
			return fail(err)
		}
		if complete < size {
			ex.Truncated = size - complete
			if err := file.Truncate(complete); err != nil {
				return fail(fmt.Errorf("%s: cannot cut the partial last line: %w", path, err))
			}
			size = complete
		}
		if _, err := file.Seek(size, io.SeekStart); err != nil {
			return fail(err)
		}
	}
	wr := &Writer{w: file, f: file, codec: codec, lastSync: time.Now()}
	if size == 0 && f == CSV {
		if _, err := file.Write(codec.Header()); err != nil {
			return fail(err)
		}
	}
	return wr, ex, nil
}

// NewStreamWriter writes records to w (standard output), with no resume.
func NewStreamWriter(w io.Writer, s *Sweep, f Format) (*Writer, error) {
	codec := NewCodec(s, f)
	if f == CSV {
		if _, err := w.Write(codec.Header()); err != nil {
			return nil, err
		}
	}
	return &Writer{w: w, codec: codec}, nil
}

// Write appends rec as one line in one write.
func (w *Writer) Write(rec *Record) error {
	line, err := w.codec.Encode(rec)
	if err != nil {
		return err
	}
	if _, err := w.w.Write(line); err != nil {
		return err
	}
	if w.f != nil && time.Since(w.lastSync) > 5*time.Second {
		w.lastSync = time.Now()
		return w.f.Sync()
	}
	return nil
}

// Close syncs and closes the file.
func (w *Writer) Close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Sync()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}
