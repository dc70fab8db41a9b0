// Command teraplan plans the build-out of AI compute as an LP/MIP solved by HiGHS.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"teraplan/lp"
)

func main() {
	streams := IOStreams{
		In:         os.Stdin,
		Out:        os.Stdout,
		Err:        os.Stderr,
		IsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		// Out is a terminal when nothing redirects it.
		OutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
	}
	os.Exit(run(os.Args[1:], streams, os.Getenv))
}

// run is main without the process: everything it touches is passed in, so
// tests drive it with buffers and a fake environment.
func run(args []string, streams IOStreams, env func(string) string) int {
	// Cancelled on Ctrl-C so a long solve can stop and report what it has.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	app := NewApp(streams, env)
	app.SolverVersion = lp.SolverVersion
	return execute(ctx, app, newRootCmd(app), args)
}
