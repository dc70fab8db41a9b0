package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// maxTableWidth is what tables are fitted to: wide text columns are
// truncated, numbers never are.
const maxTableWidth = 100

// Renderable is a command's result in the three views --format chooses
// between. Commands build one and call App.Render; none looks at --format.
type Renderable interface {
	// Table is the human view.
	Table() Table
	// JSON is the value to marshal: structs (field order is output order)
	// or maps (keys come out sorted).
	JSON() any
	// CSV is the records, header first.
	CSV() [][]string
}

// TextRenderer is implemented by a Renderable whose human view is prose
// rather than a grid (version); Render then uses WriteText instead of Table.
type TextRenderer interface {
	WriteText(w io.Writer) error
}

// Table is a grid of preformatted cells.
type Table struct {
	// Columns are the header; nil for a headerless listing.
	Columns []Column
	Rows    [][]string
}

// Column describes one column of a Table.
type Column struct {
	Name string
	Unit string // shown in the header as "name (unit)"
	// Numeric columns are right-aligned and never truncated.
	Numeric bool
}

func (c Column) header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + " (" + c.Unit + ")"
}

// Render writes v to stdout in the --format format.
func (app *App) Render(v Renderable) error {
	return app.render(app.IO.Out, v, app.Opts.Format)
}

// RenderTo writes v to path atomically, or to stdout when path is "" or "-"
// (the value of an --out flag added with addOutFlag). The format follows
// path's extension (see formatFor); commands call CheckOut before any work
// so a bad path or a contradiction fails first.
func (app *App) RenderTo(path string, v Renderable) error {
	if path == "" || path == "-" {
		return app.Render(v)
	}
	f, err := app.formatFor(path)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return app.render(w, v, f) })
}

// reportExts maps an --out extension to the report format it implies.
var reportExts = map[string]Format{".json": FormatJSON, ".csv": FormatCSV, ".txt": FormatTable}

// formatFor is the format of a report written to path: its extension's
// (.json, .csv, .txt), which beats a format from the environment or the
// config file, else --format. An explicit --format that disagrees with the
// extension is a usage error. Errors still follow --format: the envelope
// is for whoever reads stdout.
func (app *App) formatFor(path string) (Format, error) {
	f, ok := reportExts[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return app.Opts.Format, nil
	}
	if app.formatGiven && app.Opts.Format != f {
		return "", usageErrorf("--format %s but --out %s is a %s file: drop one, or make them agree", app.Opts.Format, path, f)
	}
	return f, nil
}

// CheckOut checks a report's --out before any work is done: the path must
// be writable (checkOutPath) and its extension must agree with --format.
func (app *App) CheckOut(path string) error {
	if err := checkOutPath("--out", path); err != nil {
		return err
	}
	if path == "" || path == "-" {
		return nil
	}
	_, err := app.formatFor(path)
	return err
}

// checkOutPath makes an output path that cannot be written a usage error
// before anything is solved: a directory, or a file in a directory that is
// missing or refuses a new file. "" and "-" (stdout) pass, and so do
// devices and pipes.
func checkOutPath(flag, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return usageErrorf("%s %s: is a directory", flag, path)
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return usageErrorf("%s %s: directory %s does not exist", flag, path, dir)
	}
	// Writing there is what WriteFileAtomic and sweep files do; try it.
	f, err := os.CreateTemp(dir, ".teraplan-check-*")
	if err != nil {
		return usageErrorf("%s %s: cannot write in %s: %v", flag, path, dir, pathErrCause(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func (app *App) render(w io.Writer, v Renderable, format Format) error {
	switch format {
	case FormatJSON:
		return writeJSON(w, v.JSON())
	case FormatCSV:
		cw := csv.NewWriter(w)
		return cw.WriteAll(v.CSV()) // WriteAll flushes and reports errors
	default:
		if t, ok := v.(TextRenderer); ok {
			return t.WriteText(w)
		}
		return writeTable(w, v.Table(), maxTableWidth)
	}
}

// writeJSON writes indented JSON with a trailing newline. HTML escaping is
// off so "<=" in a constraint name stays readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeTable aligns columns two spaces apart and, if the result would be
// wider than maxWidth, truncates the widest text columns with "…".
func writeTable(w io.Writer, t Table, maxWidth int) error {
	ncol := len(t.Columns)
	if ncol == 0 {
		for _, r := range t.Rows {
			ncol = max(ncol, len(r))
		}
	}
	numeric := make([]bool, ncol)
	widths := make([]int, ncol)
	var header []string
	if t.Columns != nil {
		header = make([]string, ncol)
		for i, c := range t.Columns {
			header[i], numeric[i] = c.header(), c.Numeric
			widths[i] = utf8.RuneCountInString(header[i])
		}
	}
	for i, r := range t.Rows {
		if len(r) > ncol {
			return fmt.Errorf("table row %d has %d cells for %d columns", i, len(r), ncol)
		}
		for j, cell := range r {
			widths[j] = max(widths[j], utf8.RuneCountInString(cell))
		}
	}
	fitWidths(widths, numeric, maxWidth)

	bw := bufio.NewWriter(w)
	writeRow := func(cells []string) {
		var line strings.Builder
		for j := range ncol {
			cell := ""
			if j < len(cells) {
				cell = truncate(cells[j], widths[j])
			}
			if j > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell))
			if numeric[j] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " "))
		bw.WriteByte('\n')
	}
	if header != nil {
		writeRow(header)
	}
	for _, r := range t.Rows {
		writeRow(r)
	}
	return bw.Flush()
}

// minTextWidth is the narrowest a text column is squeezed to.
const minTextWidth = 8

// fitWidths shrinks the widest text column, one character at a time, until
// the table fits or nothing more can give.
func fitWidths(widths []int, numeric []bool, maxWidth int) {
	total := 2 * max(len(widths)-1, 0)
	for _, w := range widths {
		total += w
	}
	for total > maxWidth {
		widest := -1
		for j, w := range widths {
			if !numeric[j] && w > minTextWidth && (widest < 0 || w > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
		total--
	}
}

func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}

// writeInPlace writes to an existing non-regular file such as a device
// or a named pipe.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return usageErrorf("cannot write %s: %w", path, pathErrCause(err))
	}
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	return nil
}

// addOutFlag adds --out FILE to cmd; pass its value to App.RenderTo or
// WriteFileAtomic. It is per invocation, so never read from env or config.
func addOutFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "out", "", "write the result to `FILE` (atomically) instead of stdout")
	noConfig(cmd.Flags(), "out")
}

// WriteFileAtomic writes path through a temporary file in the same
// directory, synced and renamed into place, so readers see the old file or
// the whole new one, never a prefix. On any error the temporary file is
// removed and path is untouched.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	if fi, statErr := os.Stat(path); statErr == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return usageErrorf("cannot write %s: is a directory", path)
		}
		// A device or a pipe (--out /dev/stdout, /dev/null, a FIFO) is
		// written in place: renaming a file over it would replace it.
		return writeInPlace(path, write)
	}
	// Replace a symlink's target, not the link.
	if real, evalErr := filepath.EvalSymlinks(path); evalErr == nil {
		path = real
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return usageErrorf("cannot write %s: is a directory", path)
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// A missing directory or one that refuses files: the path is at fault.
		return usageErrorf("cannot write %s: %w", path, pathErrCause(err))
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	// CreateTemp makes the file 0600; keep an existing file's mode, else the
	// usual 0644.
	mode := fs.FileMode(0o644)
	if fi, statErr := os.Stat(path); statErr == nil {
		mode = fi.Mode().Perm()
	}
	if err = f.Chmod(mode); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	closed = true
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, pathErrCause(err))
	}
	// Make the rename itself durable; best effort, as not every filesystem
	// can sync a directory.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// pathErrCause strips the *PathError / *LinkError wrapper, whose path is the
// temporary file's, so messages name only the path the user gave.
func pathErrCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// wrapText breaks s into lines of at most width runes at spaces, the first
// prefixed by first and the rest by rest (both counted in the width).
func wrapText(s string, width int, first, rest string) string {
	var b strings.Builder
	line, prefix := []rune(nil), first
	flush := func() {
		b.WriteString(prefix + string(line) + "\n")
		line, prefix = nil, rest
	}
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		room := width - utf8.RuneCountInString(prefix)
		if len(line) > 0 && len(line)+1+len(w) > room {
			flush()
		}
		if len(line) > 0 {
			line = append(line, ' ')
		}
		line = append(line, w...)
	}
	if len(line) > 0 || b.Len() == 0 {
		flush()
	}
	return b.String()
}

// writeGrid writes rows two spaces apart, the first column left-aligned and
// the others right-aligned, as numbers read best.
func writeGrid(w io.Writer, rows [][]string) { writeGridAlign(w, rows, "l") }

// writeGridAlign writes rows two spaces apart, column j left-aligned where
// align[j] is 'l' and right-aligned otherwise. Widths count runes.
func writeGridAlign(w io.Writer, rows [][]string, align string) {
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for j, c := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c))
			if j < len(align) && align[j] == 'l' {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
