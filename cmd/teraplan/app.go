package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/viper"
)

// IOStreams are the process's standard streams, injected so commands can be
// run against buffers.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// IsTerminal reports whether Err is a terminal; progress bars are drawn
	// only then.
	IsTerminal bool
	// OutIsTerminal reports whether Out is a terminal: a large sweep is not
	// streamed to one.
	OutIsTerminal bool
}

// GlobalOptions are the root's persistent flags after flag > env > config >
// default resolution.
type GlobalOptions struct {
	// ConfigFile is the config file actually read, "" if none.
	ConfigFile string
	Format     Format
	Quiet      bool
}

// App is what every command constructor receives: streams, resolved global
// options, the configuration and the few dependencies worth faking in tests.
type App struct {
	IO    IOStreams
	Opts  GlobalOptions
	Viper *viper.Viper
	// Env looks up an environment variable ("" when unset). TERAPLAN_*
	// variables are read through it rather than os.Getenv.
	Env func(string) string
	// WorkDir is where ./teraplan.yaml is looked for; "" means the process's
	// working directory.
	WorkDir string
	// Version is teraplan's own version (see resolveVersion).
	Version string
	// SolverVersion reports the linked HiGHS, e.g. "HiGHS 1.10.0".
	SolverVersion func() string

	// formatGiven is set when --format was given on the command line (not
	// from the environment or the config file): only then does an --out
	// extension that disagrees with it make an error rather than win.
	formatGiven bool

	// resolved is set once flags, env and config have been merged; until
	// then error reporting has to guess the format from the raw arguments.
	resolved bool
}

// NewApp returns an App with default options and a fresh viper instance.
func NewApp(streams IOStreams, env func(string) string) *App {
	if env == nil {
		env = func(string) string { return "" }
	}
	return &App{
		IO:      streams,
		Opts:    GlobalOptions{Format: FormatTable},
		Viper:   viper.New(),
		Env:     env,
		Version: resolveVersion(version, readBuildInfo),
	}
}

// Notef writes an informational line to stderr unless --quiet. Results go
// through Render; this is for "wrote plan.json" and the like.
func (app *App) Notef(format string, args ...any) {
	if app.Opts.Quiet {
		return
	}
	fmt.Fprintf(app.IO.Err, format+"\n", args...)
}

// Warnf writes "warning: …" to stderr, even under --quiet: a warning is
// about input teraplan ignored or doubts, which a quiet script still needs
// to hear of.
func (app *App) Warnf(format string, args ...any) {
	fmt.Fprintf(app.IO.Err, "warning: "+format+"\n", args...)
}

func (app *App) workDir() string {
	if app.WorkDir != "" {
		return app.WorkDir
	}
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return "."
}

// Format is the value of --format.
type Format string

const (
	FormatTable Format = "table"
	FormatJSON  Format = "json"
	FormatCSV   Format = "csv"
)

var formats = []Format{FormatTable, FormatJSON, FormatCSV}

func parseFormat(s string) (Format, error) {
	for _, f := range formats {
		if s == string(f) {
			return f, nil
		}
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("must be one of %s", strings.Join(names, ", "))
}

// String, Set and Type make *Format a pflag.Value, so a bad --format fails
// during flag parsing and becomes a usage error like any other flag error.
func (f *Format) String() string { return string(*f) }

func (f *Format) Set(s string) error {
	v, err := parseFormat(s)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

func (f *Format) Type() string { return "format" }
