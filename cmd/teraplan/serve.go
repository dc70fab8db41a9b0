package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"teraplan/plans/scenario"
)

// shutdownGrace is how long answers in progress may take after Ctrl-C or
// SIGTERM before their solves are cancelled.
const shutdownGrace = 10 * time.Second

type serveOptions struct {
	Scenarios      []string
	Addr           string
	Public         bool
	Open           bool
	Workers        int
	Queue          int
	RequestTimeout time.Duration
	CacheMB        int
	Cold           bool
}

// newServeCmd is `teraplan serve`: the plan as a local web page whose
// controls re-solve it live, and an HTTP API mirroring plan, limits and
// claims.
func newServeCmd(app *App) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Explore the plan live in a browser (a local web page and a JSON API)",
		Long: `serve starts a local web server with a page on which every scenario parameter
is a control: move one and the plan is re-solved and redrawn beside the
baseline — compute by site, power mix, launches and fleet, levelized cost on
Earth and in orbit with the crossover, the bottleneck timeline — with the
limits of a chosen year in plain words and the claims audit live. The
page's state is in its URL; it downloads the scenario as YAML and the plan
as JSON or CSV. Nothing is fetched from outside the machine.

The same server answers an API that mirrors the CLI, with the documents
--format json prints: GET /api/plan, /api/limits?year=N, /api/timeline and
/api/claims, each taking scenario= and repeatable set=key=value as --set.

It listens on 127.0.0.1:8080 unless --addr says otherwise; an address
beyond the loopback interface needs --public. Only the built-in scenarios
and the files named with --scenario can be served. Stop it with Ctrl-C.`,
		Example: `  teraplan serve --open
  teraplan serve --scenario public-2026 --scenario my-case.yaml --addr 127.0.0.1:9000
  curl 'http://127.0.0.1:8080/api/plan?set=launch.payload_t=150t'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, app, opts) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Scenarios, "scenario", nil, "serve this scenario too: a built-in `NAME` or a YAML file (repeatable; the first is the page's default, else "+scenario.Default+")")
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fl.BoolVar(&opts.Public, "public", false, "allow --addr beyond the loopback interface (anyone who can reach it can make the server solve)")
	fl.BoolVar(&opts.Open, "open", false, "open the page in the default browser (xdg-open; open on macOS)")
	fl.IntVar(&opts.Workers, "workers", 0, "solves at once (0 = one per CPU, at least 2: one is kept for plans)")
	fl.IntVar(&opts.Queue, "queue", 32, "requests of each kind (plans; limits, timelines and claims) that may wait for a worker; beyond it, or after waiting --request-timeout, the answer is 503 with Retry-After")
	fl.DurationVar(&opts.RequestTimeout, "request-timeout", 20*time.Second, "longest a request may solve (a limits timeline is dozens of solves)")
	fl.IntVar(&opts.CacheMB, "cache-mb", 64, "memory for recently computed documents, `MB`")
	fl.BoolVar(&opts.Cold, "cold", false, "solve every plan from scratch, as the CLI does, instead of from the served scenario's basis (slower; shadow prices then equal the CLI's at degenerate vertices too)")
	setConfigKey(fl, "request-timeout", "serve.request-timeout")
	return cmd
}

func runServe(cmd *cobra.Command, app *App, opts *serveOptions) error {
	if opts.Workers < 0 || opts.Queue < 0 || opts.CacheMB < 0 {
		return usageErrorf("--workers, --queue and --cache-mb must be >= 0")
	}
	if opts.RequestTimeout <= 0 {
		return usageErrorf("--request-timeout must be > 0")
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return usageErrorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", opts.Addr)
	}
	if !isLoopbackHost(host) && !opts.Public {
		return usageErrorf("--addr %s listens beyond this machine; add --public to mean it", opts.Addr)
	}
	ctx := cmd.Context()
	// Solves outlive the signal: they are cancelled only when the grace
	// period for answers in progress runs out.
	solveCtx, cancelSolves := context.WithCancel(context.Background())
	defer cancelSolves()
	srv, err := newServer(solveCtx, app, serverConfig{
		Scenarios: opts.Scenarios, Workers: opts.Workers, Queue: opts.Queue,
		RequestTimeout: opts.RequestTimeout, CacheBytes: opts.CacheMB << 20, Public: opts.Public, Cold: opts.Cold,
	})
	if err != nil {
		return err
	}
	defer srv.close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return usageErrorf("--addr %s: %v", opts.Addr, err)
	}
	hs := srv.httpServer()
	url := "http://" + ln.Addr().String() + "/"
	app.Notef("teraplan serve: %s (scenarios: %s); Ctrl-C stops", url, srv.scenarioList())
	if opts.Open {
		if err := openBrowser(url); err != nil {
			app.Notef("could not open a browser (%v); open %s yourself", err, url)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Ctrl-C or SIGTERM: stop accepting, let answers in progress finish
	// within a grace period, then cancel what still runs.
	app.Notef("teraplan serve: stopping (answers in progress get up to %v)", shutdownGrace)
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	stop := context.AfterFunc(shutdown, cancelSolves)
	defer stop()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	app.Notef("teraplan serve: stopped")
	return nil
}

// isLoopbackHost reports whether host (from HOST:PORT) is this machine
// only: localhost or a loopback IP. "" and 0.0.0.0 mean every interface.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openBrowser starts the desktop's browser on url without waiting for it.
func openBrowser(url string) error {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		name = "xdg-open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s not found", filepath.Base(name))
	}
	c := exec.Command(path, append(args, url)...)
	if err := c.Start(); err != nil {
		return err
	}
	go func() { _ = c.Wait() }()
	return nil
}
