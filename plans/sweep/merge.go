package sweep

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// MergeOptions tune Merge.
type MergeOptions struct {
	// AllowMissing writes the merged file even when runs are missing.
	AllowMissing bool
	// Seen is called with every distinct record, in id order (e.g. for
	// the summary); may be nil.
	Seen func(*Record)
}

// MergeReport says what Merge found.
type MergeReport struct {
	Format Format
	Sweep  string
	Total  int
	Runs   int // distinct runs written
	// Duplicates is how many identical copies of a run were collapsed.
	Duplicates int
	// MissingCount is how many runs no file holds; Missing lists the
	// first hundred of their indices.
	MissingCount int
	Missing      []int
	// Warnings are for the user: collapsed duplicates, partial lines.
	Warnings []string
}

// ErrMissing is returned by Merge when runs are missing and
// AllowMissing is off; the report lists them.
var ErrMissing = errors.New("sweep: runs are missing")

// entry locates one line of one file.
type entry struct {
	index int
	id    string
	file  int
	off   int64
	n     int
	line  int
	sum   [32]byte
}

// Merge reads the shard files, checks that they come from one sweep (a
// Monte Carlo may have been extended, so its records may give different
// totals: the largest is the sweep's), and
// writes their records to w sorted by index (so by id), with the CSV header
// first for CSV. A run found twice with identical lines is written once,
// with a warning; with different lines it is an error. Missing runs are an
// ErrMissing unless opt.AllowMissing (the report lists them either way). A
// partial last line in a file (a killed shard) is ignored with a warning.
// Memory is a few dozen bytes per run: lines are read again to be written.
func Merge(w io.Writer, paths []string, opt MergeOptions) (*MergeReport, error) {
	if len(paths) == 0 {
		return nil, errors.New("sweep: nothing to merge")
	}
	rep := &MergeReport{}
	files := make([]*os.File, len(paths))
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	var header []byte
	var headerCells []string
	var entries []entry
	for fi, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		files[fi] = f
		format := FormatFor(path)
		if fi == 0 {
			rep.Format = format
		} else if format != rep.Format {
			return nil, fmt.Errorf("%s: a %s file among %s files", path, format, rep.Format)
		}
		n := 0
		var fileHeader []string
		complete, err := scanLines(f, func(off int64, line []byte) error {
			n++
			if format == CSV && n == 1 {
				cells, err := parseHeader(line)
				if err != nil {
					return fmt.Errorf("%s:1: %v", path, err)
				}
				if header == nil {
					header, headerCells = append([]byte(nil), line...), cells
				} else if !bytes.Equal(header, line) {
					return fmt.Errorf("%s:1: the CSV header differs from %s's", path, paths[0])
				}
				fileHeader = cells
				return nil
			}
			rec, err := Decode(format, fileHeader, line)
			if err != nil {
				return fmt.Errorf("%s:%d: %v", path, n, err)
			}
			mc := strings.HasPrefix(rec.ID, "mc-")
			switch {
			case rep.Sweep == "":
				rep.Sweep, rep.Total = rec.Sweep, rec.Total
			case rec.Sweep != rep.Sweep || (rec.Total != rep.Total && !mc):
				return fmt.Errorf("%s:%d: run %s is from sweep %s of %d runs, not %s of %d: the files come from different sweeps",
					path, n, rec.ID, rec.Sweep, rec.Total, rep.Sweep, rep.Total)
			case rec.Total > rep.Total:
				// A Monte Carlo extended: the whole is its largest size.
				rep.Total = rec.Total
			}
			entries = append(entries, entry{index: rec.Index, id: rec.ID, file: fi, off: off, n: len(line), line: n, sum: sha256.Sum256(line)})
			return nil
		})
		if err != nil {
			return nil, err
		}
		if st, err := f.Stat(); err == nil && st.Size() > complete {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: ignored a partial last line (%d bytes): the shard was cut short; resume it with --resume", path, st.Size()-complete))
		}
	}
	if rep.Sweep == "" {
		// Nothing says which sweep this is or how many runs it has.
		return rep, fmt.Errorf("%s: no runs to merge (empty, or only a CSV header)", strings.Join(paths, ", "))
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].index != entries[j].index {
			return entries[i].index < entries[j].index
		}
		return entries[i].id < entries[j].id
	})
	// Collapse identical duplicates; refuse conflicting ones.
	kept := entries[:0]
	for _, e := range entries {
		if k := len(kept); k > 0 && kept[k-1].index == e.index {
			prev := kept[k-1]
			if prev.sum != e.sum || prev.id != e.id {
				return nil, fmt.Errorf("run %s: conflicting records in %s:%d and %s:%d",
					e.id, paths[prev.file], prev.line, paths[e.file], e.line)
			}
			rep.Duplicates++
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("run %s is in %s:%d and %s:%d, identical: kept once",
				e.id, paths[prev.file], prev.line, paths[e.file], e.line))
			continue
		}
		kept = append(kept, e)
	}
	rep.Runs = len(kept)
	missing := func(from, to int) { // [from, to)
		rep.MissingCount += to - from
		for i := from; i < to && len(rep.Missing) < 100; i++ {
			rep.Missing = append(rep.Missing, i)
		}
	}
	next := 0
	for _, e := range kept {
		missing(next, e.index)
		next = e.index + 1
	}
	missing(next, rep.Total)
	if rep.MissingCount > 0 && !opt.AllowMissing {
		return rep, fmt.Errorf("%w: %d of %d (%s)", ErrMissing, rep.MissingCount, rep.Total, describeMissing(rep.Missing, rep.MissingCount))
	}
	if header != nil {
		if _, err := w.Write(header); err != nil {
			return rep, err
		}
	}
	var buf []byte
	for _, e := range kept {
		if cap(buf) < e.n {
			buf = make([]byte, e.n)
		}
		buf = buf[:e.n]
		if _, err := files[e.file].ReadAt(buf, e.off); err != nil {
			return rep, fmt.Errorf("%s: %w", paths[e.file], err)
		}
		if sha256.Sum256(buf) != e.sum {
			return rep, fmt.Errorf("%s:%d changed while merging", paths[e.file], e.line)
		}
		if opt.Seen != nil {
			if rec, err := Decode(rep.Format, headerCells, buf); err == nil {
				opt.Seen(rec)
			}
		}
		if _, err := w.Write(buf); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// describeMissing lists up to ten ranges of the missing indices.
func describeMissing(idx []int, count int) string {
	var parts []string
	for i := 0; i < len(idx) && len(parts) < 10; {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprint(idx[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[i], idx[j]))
		}
		i = j + 1
	}
	s := "indices " + strings.Join(parts, ", ")
	if len(parts) == 10 || count > len(idx) {
		s += ", …"
	}
	return s
}
