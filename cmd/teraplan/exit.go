package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

// ExitCode is the process exit status; scripts branch on it, so the values
// are part of the interface.
type ExitCode int

const (
	ExitOK       ExitCode = 0
	ExitInternal ExitCode = 1 // anything not classified below
	ExitUsage    ExitCode = 2 // unknown command or flag, bad flag value, wrong argument count, bad config
	ExitNoPlan   ExitCode = 3 // the scenario admits no acceptable plan
	// ExitInterrupted is the shell's code for a process stopped by SIGINT
	// (128 + 2); teraplan exits with it after a SIGINT or SIGTERM, once
	// finished results are written.
	ExitInterrupted ExitCode = 130
)

// Kind is the name of the code in the JSON error envelope.
func (c ExitCode) Kind() string {
	switch c {
	case ExitOK:
		return "ok"
	case ExitUsage:
		return "usage"
	case ExitNoPlan:
		return "no_plan"
	case ExitInterrupted:
		return "interrupted"
	default:
		return "internal"
	}
}

// UsageError marks an error as the caller's fault in how teraplan was
// invoked (exit 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// NoPlanError marks a run that worked but found no acceptable plan, e.g. an
// infeasible scenario (exit 3). Err says why.
type NoPlanError struct{ Err error }

func (e *NoPlanError) Error() string {
	if e.Err == nil {
		return "no acceptable plan"
	}
	return e.Err.Error()
}
func (e *NoPlanError) Unwrap() error { return e.Err }

// ReportedError carries an exit code for a result the command has already
// rendered in full (validate's list of invalid files): reportError adds only
// a one-line summary on stderr, never a JSON envelope or a usage hint, so
// --format json output stays one document.
type ReportedError struct {
	Code ExitCode
	Msg  string
}

func (e *ReportedError) Error() string { return e.Msg }

// exitCode classifies err; wrapped errors are found with errors.As.
func exitCode(err error) ExitCode {
	var noPlan *NoPlanError
	var usage *UsageError
	var reported *ReportedError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &reported):
		return reported.Code
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &noPlan):
		return ExitNoPlan
	case errors.As(err, &usage):
		return ExitUsage
	default:
		return ExitInternal
	}
}

type errorEnvelope struct {
	Error errorBody `json:"error"`
}

// errorBody's field order is the order in the output.
type errorBody struct {
	Code    int    `json:"code"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// reportError is the one place an error becomes an exit code and a message:
// "teraplan: msg" on stderr, or under --format json an envelope on stdout and
// nothing else. cmd is the command that failed (may be nil); args are the raw
// arguments, needed when the error came before --format was resolved.
func (app *App) reportError(cmd *cobra.Command, args []string, err error) int {
	code := exitCode(err)
	if code == ExitOK {
		return int(code)
	}
	var reported *ReportedError
	if errors.As(err, &reported) {
		fmt.Fprintf(app.IO.Err, "teraplan: %s\n", userMessage(reported.Msg))
		return int(code)
	}
	msg := userMessage(err.Error())
	if app.errorFormat(args) == FormatJSON {
		env := errorEnvelope{errorBody{Code: int(code), Kind: code.Kind(), Message: msg}}
		if werr := writeJSON(app.IO.Out, env); werr == nil {
			return int(code)
		}
		// stdout is gone; stderr is the last resort.
	}
	fmt.Fprintf(app.IO.Err, "teraplan: %s\n", msg)
	if code == ExitUsage && cmd != nil {
		fmt.Fprintf(app.IO.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return int(code)
}

// errorFormat is the resolved --format, or, when the error came first (a bad
// flag stops parsing), a best guess from the arguments, TERAPLAN_FORMAT and
// the config file, so scripts asking for JSON get JSON errors.
func (app *App) errorFormat(args []string) Format {
	if app.resolved {
		return app.Opts.Format
	}
	if s, ok := lastFlagValue(args, "format"); ok {
		if f, err := parseFormat(s); err == nil {
			return f
		}
	}
	if f, err := parseFormat(app.Env(envName("format"))); err == nil {
		return f
	}
	explicit, _ := lastFlagValue(args, "config")
	if explicit == "" {
		explicit = app.Env(envName("config"))
	}
	if path, err := app.configPath(explicit); err == nil && path != "" {
		if v, err := readConfig(path); err == nil {
			if f, err := parseFormat(v.GetString("format")); err == nil {
				return f
			}
		}
	}
	return FormatTable
}

// lastFlagValue finds --name VALUE or --name=VALUE in raw arguments (last
// wins, as in pflag), stopping at "--".
func lastFlagValue(args []string, name string) (string, bool) {
	var val string
	var found bool
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return val, found
		case a == "--"+name && i+1 < len(args):
			val, found = args[i+1], true
			i++
		case strings.HasPrefix(a, "--"+name+"="):
			val, found = strings.TrimPrefix(a, "--"+name+"="), true
		}
	}
	return val, found
}

// Library errors carry their package's prefix ("lp: problem is
// infeasible", gonum's style), which helps a developer and means nothing
// to a user; wrapping stacks them ("plans: no acceptable plan: lp: …").
// userMessage strips them, and the cause of an interruption the message
// already states, in one place: the library keeps its sentinel errors.
// "scenario" is also a config key ("config file x: scenario: want a
// single value"), so its prefix goes only at the start.
var (
	packagePrefix = regexp.MustCompile(`(^|: )(?:lp|constraints|plans|sweep|chart|htmlreport|schema): `)
	cancelCause   = regexp.MustCompile(`(?:: | \()context canceled\)?`)
)

func userMessage(msg string) string {
	msg = strings.TrimRight(msg, "\n")
	msg = cancelCause.ReplaceAllString(msg, "")
	msg = strings.TrimPrefix(msg, "scenario: ")
	for {
		next := packagePrefix.ReplaceAllString(msg, "$1")
		if next == msg {
			return msg
		}
		msg = next
	}
}
