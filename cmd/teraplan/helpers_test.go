package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
)

// testApp is an App wired to buffers, a map environment and private
// directories, so no test can see the developer's real config.
func testApp(t *testing.T, env map[string]string) (*App, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	merged := map[string]string{"HOME": t.TempDir()}
	for k, v := range env {
		merged[k] = v
	}
	app := NewApp(IOStreams{In: &bytes.Buffer{}, Out: &out, Err: &errOut}, func(k string) string { return merged[k] })
	app.WorkDir = t.TempDir()
	app.Version = "1.2.3"
	app.SolverVersion = func() string { return "HiGHS 9.8.7" }
	return app, &out, &errOut
}

// runCmd runs the full root (plus extra test-only commands) with args.
func runCmd(app *App, args []string, extra ...func(*App) *cobra.Command) int {
	root := newRootCmd(app)
	for _, mk := range extra {
		sub := mk(app)
		root.AddCommand(sub)
		finish(app, sub)
	}
	return execute(context.Background(), app, root, args)
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// echoOptions is a stand-in for a real command's options: a plain flag, a
// nested config key, a list and --out.
type echoOptions struct {
	Scenario  string
	TimeLimit string
	Tags      []string
	Out       string
}

func (o echoOptions) Table() Table {
	return Table{
		Columns: []Column{{Name: "scenario"}, {Name: "time limit"}, {Name: "tags"}},
		Rows:    [][]string{{o.Scenario, o.TimeLimit, joinTags(o.Tags)}},
	}
}
func (o echoOptions) JSON() any { return o }
func (o echoOptions) CSV() [][]string {
	return [][]string{{"scenario", "time_limit", "tags"}, {o.Scenario, o.TimeLimit, joinTags(o.Tags)}}
}

func joinTags(tags []string) string {
	var b bytes.Buffer
	for i, s := range tags {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(s)
	}
	return b.String()
}

// newEchoCmd renders its resolved options; got receives them too.
func newEchoCmd(got *echoOptions) func(*App) *cobra.Command {
	return func(app *App) *cobra.Command {
		var opts echoOptions
		cmd := &cobra.Command{
			Use:  "echo",
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				*got = opts
				return app.RenderTo(opts.Out, opts)
			},
		}
		cmd.Flags().StringVar(&opts.Scenario, "scenario", "default", "scenario")
		cmd.Flags().StringVar(&opts.TimeLimit, "time-limit", "60s", "time limit")
		setConfigKey(cmd.Flags(), "time-limit", "solver.time_limit")
		cmd.Flags().StringSliceVar(&opts.Tags, "tag", []string{"base"}, "tags")
		addOutFlag(cmd, &opts.Out)
		return cmd
	}
}
