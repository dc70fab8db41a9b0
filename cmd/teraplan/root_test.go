package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestVersionFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		format string
		want   string
	}{
		{"table", "teraplan 1.2.3\nHiGHS 9.8.7\n"},
		{"json", "{\n  \"teraplan\": \"1.2.3\",\n  \"highs\": \"9.8.7\"\n}\n"},
		{"csv", "component,version\nteraplan,1.2.3\nhighs,9.8.7\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, []string{"version", "--format", tt.format}); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if out.String() != tt.want {
				t.Errorf("stdout = %q, want %q", out, tt.want)
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr = %q, want empty", errOut)
			}
		})
	}
}

// TestRunVersion goes through run and main's wiring to the real lp.
func TestRunVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	env := map[string]string{"HOME": t.TempDir()}
	code := run([]string{"version", "--format=json"}, IOStreams{In: &bytes.Buffer{}, Out: &out, Err: &errOut}, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	var got struct{ Teraplan, HiGHS string }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %q", err, out.String())
	}
	if got.Teraplan == "" || got.HiGHS == "" || got.HiGHS == "unknown" || strings.HasPrefix(got.HiGHS, "HiGHS") {
		t.Errorf("version = %+v", got)
	}
}

func TestResolveVersion(t *testing.T) {
	t.Parallel()
	info := func(version string, settings ...string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			bi := &debug.BuildInfo{Main: debug.Module{Version: version}}
			for i := 0; i+1 < len(settings); i += 2 {
				bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
			}
			return bi, true
		}
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name   string
		linked string
		info   func() (*debug.BuildInfo, bool)
		want   string
	}{
		{"ldflags", "v2.0.0", info("v1.0.0"), "v2.0.0"},
		{"module", "", info("v1.0.0"), "v1.0.0"},
		{"vcs", "", info("(devel)", "vcs.revision", "0123456789abcdef", "vcs.modified", "false"), "0123456789ab"},
		{"dirty", "", info("(devel)", "vcs.revision", "0123456789abcdef", "vcs.modified", "true"), "0123456789ab-dirty"},
		{"devel", "", info("(devel)"), "dev"},
		{"no info", "", none, "dev"},
	}
	for _, tt := range tests {
		if got := resolveVersion(tt.linked, tt.info); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown flag", []string{"version", "--bogus"}, "unknown flag: --bogus"},
		{"unknown root flag", []string{"--bogus"}, "unknown flag: --bogus"},
		{"unknown command", []string{"bogus"}, `unknown command "bogus" for "teraplan"`},
		{"suggestion", []string{"versoin"}, `did you mean "version"?`},
		{"unknown subcommand", []string{"completion", "tcsh"}, `unknown command "tcsh" for "teraplan completion"`},
		{"extra argument", []string{"version", "extra"}, `unknown command "extra" for "teraplan version"`},
		{"bad format", []string{"--format", "xml", "version"}, `invalid argument "xml" for "--format" flag: must be one of table, json, csv`},
		{"missing config", []string{"--config", "/nonexistent/teraplan.yaml", "version"}, "config file /nonexistent/teraplan.yaml does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, tt.args); code != int(ExitUsage) {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.HasPrefix(errOut.String(), "teraplan: ") || !strings.Contains(errOut.String(), tt.msg) {
				t.Errorf("stderr = %q, want teraplan: ...%s", errOut, tt.msg)
			}
			if !strings.Contains(errOut.String(), "--help' for usage.") {
				t.Errorf("stderr = %q, want a --help hint", errOut)
			}
			if out.Len() != 0 {
				t.Errorf("stdout = %q, want empty", out)
			}
		})
	}
}

func TestBareRootPrintsHelp(t *testing.T) {
	t.Parallel()
	app, out, _ := testApp(t, nil)
	if code := runCmd(app, nil); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), "Usage:") {
		t.Errorf("stdout = %q, want help", out)
	}
}

func decodeEnvelope(t *testing.T, b []byte) errorBody {
	t.Helper()
	var env struct {
		Error *errorBody `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil || env.Error == nil {
		t.Fatalf("not an error envelope (%v): %q", err, b)
	}
	if dec.More() {
		t.Fatalf("trailing data after envelope: %q", b)
	}
	return *env.Error
}

func TestJSONErrorEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		cfg  string // teraplan.yaml in the working directory
		args []string
		code ExitCode
		msg  string
	}{
		{"flag before error", nil, "", []string{"--format", "json", "--bogus"}, ExitUsage, "unknown flag: --bogus"},
		{"flag after error", nil, "", []string{"--bogus", "--format=json"}, ExitUsage, "unknown flag: --bogus"},
		{"unknown command", nil, "", []string{"--format", "json", "bogus"}, ExitUsage, `unknown command "bogus"`},
		{"from env", map[string]string{"TERAPLAN_FORMAT": "json"}, "", []string{"bogus"}, ExitUsage, `unknown command "bogus"`},
		{"from config", nil, "format: json\n", []string{"version", "--bogus"}, ExitUsage, "unknown flag: --bogus"},
		{"no plan", nil, "", []string{"--format", "json", "fail", "noplan"}, ExitNoPlan, "scenario: infeasible"},
		{"internal", nil, "", []string{"--format", "json", "fail", "internal"}, ExitInternal, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, tt.env)
			if tt.cfg != "" {
				writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), tt.cfg)
			}
			if code := runCmd(app, tt.args, newFailCmd); code != int(tt.code) {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr = %q, want nothing under --format json", errOut)
			}
			got := decodeEnvelope(t, out.Bytes())
			if got.Code != int(tt.code) || got.Kind != tt.code.Kind() || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("envelope = %+v, want code %d kind %s message ~%q", got, tt.code, tt.code.Kind(), tt.msg)
			}
			// Field order is part of the format.
			s := out.String()
			if !(strings.Index(s, `"code"`) < strings.Index(s, `"kind"`) && strings.Index(s, `"kind"`) < strings.Index(s, `"message"`)) {
				t.Errorf("field order: %s", s)
			}
		})
	}
}

// newFailCmd fails with the kind of error named by its argument.
func newFailCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:  "fail KIND",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case "noplan":
				return fmt.Errorf("plan: %w", &NoPlanError{Err: errors.New("scenario: infeasible")})
			case "usage":
				return usageErrorf("bad %s", "input")
			default:
				return errors.New("boom")
			}
		},
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code ExitCode
	}{
		{[]string{"version"}, ExitOK},
		{[]string{"fail", "internal"}, ExitInternal},
		{[]string{"fail", "usage"}, ExitUsage},
		{[]string{"fail"}, ExitUsage}, // wrong argument count
		{[]string{"fail", "noplan"}, ExitNoPlan},
	}
	for _, tt := range tests {
		app, _, errOut := testApp(t, nil)
		if code := runCmd(app, tt.args, newFailCmd); code != int(tt.code) {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errOut)
		}
	}
	if exitCode(fmt.Errorf("wrapped: %w", &UsageError{Err: errors.New("x")})) != ExitUsage {
		t.Error("wrapped UsageError not classified as usage")
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	const file = "scenario: file\nsolver:\n  time_limit: 5m\ntag: [x, y]\n"
	tests := []struct {
		name string
		cfg  string
		env  map[string]string
		args []string
		want echoOptions
	}{
		{"default", "", nil, nil, echoOptions{"default", "60s", []string{"base"}, ""}},
		{"file", file, nil, nil, echoOptions{"file", "5m", []string{"x", "y"}, ""}},
		{"env beats file", file,
			map[string]string{"TERAPLAN_SCENARIO": "env", "TERAPLAN_SOLVER_TIME_LIMIT": "10s", "TERAPLAN_TAG": "p,q"},
			nil, echoOptions{"env", "10s", []string{"p", "q"}, ""}},
		{"flag beats env", file,
			map[string]string{"TERAPLAN_SCENARIO": "env", "TERAPLAN_SOLVER_TIME_LIMIT": "10s"},
			[]string{"--scenario", "flag", "--time-limit=1s", "--tag", "f"}, echoOptions{"flag", "1s", []string{"f"}, ""}},
		{"env without file", "", map[string]string{"TERAPLAN_SCENARIO": "env"}, nil, echoOptions{"env", "60s", []string{"base"}, ""}},
		{"out is not configurable", "", map[string]string{"TERAPLAN_OUT": "/nonexistent/x"}, nil, echoOptions{"default", "60s", []string{"base"}, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, _, errOut := testApp(t, tt.env)
			if tt.cfg != "" {
				writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), tt.cfg)
			}
			var got echoOptions
			if code := runCmd(app, append([]string{"echo"}, tt.args...), newEchoCmd(&got)); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
			// viper sees the same resolved values.
			if v := app.Viper.GetString("scenario"); v != tt.want.Scenario {
				t.Errorf("viper scenario = %q, want %q", v, tt.want.Scenario)
			}
			if v := app.Viper.GetString("solver.time_limit"); v != tt.want.TimeLimit {
				t.Errorf("viper solver.time_limit = %q, want %q", v, tt.want.TimeLimit)
			}
		})
	}
}

func TestFormatPrecedence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // first line of `version` output
	}{
		{"default", nil, nil, "teraplan 1.2.3"},
		{"file", nil, []string{"--config", "CFG"}, "{"},
		{"env beats file", map[string]string{"TERAPLAN_FORMAT": "csv"}, []string{"--config", "CFG"}, "component,version"},
		{"flag beats env", map[string]string{"TERAPLAN_FORMAT": "csv"}, []string{"--config", "CFG", "--format", "table"}, "teraplan 1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, tt.env)
			cfg := writeFile(t, filepath.Join(t.TempDir(), "custom.yaml"), "format: json\n")
			args := []string{"version"}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "CFG", cfg))
			}
			if code := runCmd(app, args); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if first, _, _ := strings.Cut(out.String(), "\n"); first != tt.want {
				t.Errorf("first line = %q, want %q", first, tt.want)
			}
		})
	}
}

func TestConfigDiscovery(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	home := filepath.Join(dir, "home")
	writeFile(t, filepath.Join(xdg, "teraplan", "teraplan.yaml"), "scenario: xdg\n")
	writeFile(t, filepath.Join(home, ".config", "teraplan", "teraplan.yaml"), "scenario: home\n")
	explicit := writeFile(t, filepath.Join(dir, "explicit.yml"), "scenario: explicit\n")

	tests := []struct {
		name    string
		workCfg bool
		env     map[string]string
		args    []string
		want    string
	}{
		{"xdg", false, map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": home}, nil, "xdg"},
		{"home fallback", false, map[string]string{"HOME": home}, nil, "home"},
		{"working directory first", true, map[string]string{"XDG_CONFIG_HOME": xdg}, nil, "workdir"},
		{"--config", true, map[string]string{"XDG_CONFIG_HOME": xdg}, []string{"--config", explicit}, "explicit"},
		{"TERAPLAN_CONFIG", true, map[string]string{"TERAPLAN_CONFIG": explicit}, nil, "explicit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, _, errOut := testApp(t, tt.env)
			if tt.workCfg {
				writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), "scenario: workdir\n")
			}
			var got echoOptions
			if code := runCmd(app, append([]string{"echo"}, tt.args...), newEchoCmd(&got)); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if got.Scenario != tt.want {
				t.Errorf("scenario = %q, want %q", got.Scenario, tt.want)
			}
		})
	}
}

func TestBadConfigValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		cfg  string
		msg  string
	}{
		{"env", map[string]string{"TERAPLAN_FORMAT": "xml"}, "", `invalid value "xml" for TERAPLAN_FORMAT: must be one of table, json, csv`},
		{"env bool", map[string]string{"TERAPLAN_QUIET": "maybe"}, "", "TERAPLAN_QUIET"},
		{"config", nil, "format: xml\n", `teraplan.yaml: format: invalid value "xml": must be one of table, json, csv`},
		{"config map", nil, "scenario: {a: 1}\n", `teraplan.yaml: scenario: want a single value`},
		{"malformed", nil, "scenario: [\n", "teraplan.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app, _, errOut := testApp(t, tt.env)
			if tt.cfg != "" {
				writeFile(t, filepath.Join(app.WorkDir, "teraplan.yaml"), tt.cfg)
			}
			var got echoOptions
			if code := runCmd(app, []string{"echo"}, newEchoCmd(&got)); code != int(ExitUsage) {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errOut.String(), tt.msg) {
				t.Errorf("stderr = %q, want %q", errOut, tt.msg)
			}
		})
	}
}

func TestRequiredFlagFromEnv(t *testing.T) {
	t.Parallel()
	mk := func(app *App) *cobra.Command {
		var s string
		cmd := &cobra.Command{Use: "need", RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(app.IO.Out, s)
			return nil
		}}
		cmd.Flags().StringVar(&s, "scenario", "", "")
		_ = cmd.MarkFlagRequired("scenario")
		return cmd
	}
	app, _, errOut := testApp(t, nil)
	if code := runCmd(app, []string{"need"}, mk); code != int(ExitUsage) || !strings.Contains(errOut.String(), `required flag(s) "scenario" not set`) {
		t.Errorf("missing: exit %d, stderr %q", code, errOut)
	}
	app, out, errOut := testApp(t, map[string]string{"TERAPLAN_SCENARIO": "env"})
	if code := runCmd(app, []string{"need"}, mk); code != 0 || out.String() != "env\n" {
		t.Errorf("from env: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// A subcommand's own PersistentPreRunE must not bypass option resolution.
func TestSubcommandPersistentPreRun(t *testing.T) {
	t.Parallel()
	var ran bool
	var got echoOptions
	mk := func(app *App) *cobra.Command {
		cmd := newEchoCmd(&got)(app)
		cmd.PersistentPreRunE = func(*cobra.Command, []string) error { ran = true; return nil }
		return cmd
	}
	app, _, errOut := testApp(t, map[string]string{"TERAPLAN_SCENARIO": "env"})
	if code := runCmd(app, []string{"echo"}, mk); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !ran || got.Scenario != "env" {
		t.Errorf("ran own hook %v, scenario %q", ran, got.Scenario)
	}
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			app, out, errOut := testApp(t, nil)
			if code := runCmd(app, []string{"completion", shell}); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if out.Len() == 0 || !strings.Contains(out.String(), "teraplan") {
				t.Errorf("completion script missing: %.200q", out)
			}
		})
	}
}

func TestCompleteFormatValues(t *testing.T) {
	t.Parallel()
	app, out, errOut := testApp(t, nil)
	if code := runCmd(app, []string{cobraCompleteCmd(), "version", "--format", ""}); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, f := range []string{"table", "json", "csv"} {
		if !strings.Contains(out.String(), f+"\n") {
			t.Errorf("completions %q lack %s", out, f)
		}
	}
}

func cobraCompleteCmd() string { return cobra.ShellCompRequestCmd }

func TestOutFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	app, out, errOut := testApp(t, nil)
	var got echoOptions
	if code := runCmd(app, []string{"echo", "--format", "json", "--scenario", "s", "--out", path}, newEchoCmd(&got)); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q, want empty with --out", out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var decoded echoOptions
	if err := json.Unmarshal(b, &decoded); err != nil || decoded.Scenario != "s" || !bytes.HasSuffix(b, []byte("}\n")) {
		t.Errorf("file = %q (%v)", b, err)
	}
	assertOnlyFiles(t, dir, "plan.json")

	missing := filepath.Join(dir, "no", "such", "dir", "plan.json")
	app, out, errOut = testApp(t, nil)
	// A path that cannot be written is the caller's to fix: exit 2.
	if code := runCmd(app, []string{"echo", "--out", missing}, newEchoCmd(&got)); code != int(ExitUsage) {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut.String(), "cannot write "+missing+": no such file or directory") {
		t.Errorf("stderr = %q, want it to name %s", errOut, missing)
	}
	assertOnlyFiles(t, dir, "plan.json")
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want %v", dir, names, want)
	}
}
