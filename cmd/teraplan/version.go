package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at link time: go build -ldflags "-X main.version=v1.2.3".
// It is build metadata, never written at run time.
var version string

func readBuildInfo() (*debug.BuildInfo, bool) { return debug.ReadBuildInfo() }

// resolveVersion prefers the linker-set version, then the module version
// (go install teraplan@v1.2.3), then the VCS revision, then "dev".
func resolveVersion(linked string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if linked != "" {
		return linked
	}
	info, ok := buildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return rev
}

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of teraplan and the linked HiGHS",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			highs := "unknown"
			if app.SolverVersion != nil {
				// lp reports "HiGHS 1.10.0"; the component name is ours to print.
				highs = strings.TrimPrefix(strings.TrimSpace(app.SolverVersion()), "HiGHS ")
			}
			return app.Render(versionInfo{Teraplan: app.Version, HiGHS: highs})
		},
	}
}

type versionInfo struct {
	Teraplan string `json:"teraplan"`
	HiGHS    string `json:"highs"`
}

func (v versionInfo) JSON() any { return v }

func (v versionInfo) CSV() [][]string {
	return [][]string{{"component", "version"}, {"teraplan", v.Teraplan}, {"highs", v.HiGHS}}
}

func (v versionInfo) Table() Table {
	return Table{Rows: [][]string{{"teraplan", v.Teraplan}, {"HiGHS", v.HiGHS}}}
}

func (v versionInfo) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "teraplan %s\nHiGHS %s\n", v.Teraplan, v.HiGHS)
	return err
}
