package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"teraplan/constraints"
	"teraplan/plans/scenario"
)

// newScenarioCmd is `teraplan scenario`: read, check and compare scenarios
// without solving them.
func newScenarioCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "List, show, validate and compare scenarios",
		Long: `scenario inspects scenarios without solving them. A scenario is a built-in
name (see 'teraplan scenario list') or a YAML file.`,
	}
	cmd.AddCommand(
		newScenarioListCmd(app),
		newScenarioShowCmd(app),
		newScenarioValidateCmd(app),
		newScenarioDiffCmd(app),
	)
	return cmd
}

// loadScenario loads a built-in or a file; a bad one is the caller's fault.
func loadScenario(nameOrPath string) (*scenario.Scenario, error) {
	s, err := scenario.Load(nameOrPath)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return s, nil
}

// shortHash is the prefix of a scenario hash shown in tables.
func shortHash(h string) string { return h[:min(12, len(h))] }

// ---- list ----

func newScenarioListCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			var v scenarioListView
			for _, name := range scenario.Builtins() {
				s, err := scenario.Load(name)
				if err != nil {
					return fmt.Errorf("built-in scenario %s: %w", name, err)
				}
				v = append(v, scenarioListEntry{Name: name, Description: oneLine(s.Description), Extends: s.Extends})
			}
			return app.Render(v)
		},
	}
}

type scenarioListEntry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Extends     string `json:"extends,omitempty"`
}

type scenarioListView []scenarioListEntry

func (v scenarioListView) Table() Table {
	t := Table{Columns: []Column{{Name: "name"}, {Name: "description"}}}
	for _, e := range v {
		t.Rows = append(t.Rows, []string{e.Name, e.Description})
	}
	return t
}

func (v scenarioListView) JSON() any {
	if v == nil {
		return []scenarioListEntry{}
	}
	return []scenarioListEntry(v)
}

func (v scenarioListView) CSV() [][]string {
	out := [][]string{{"name", "description", "extends"}}
	for _, e := range v {
		out = append(out, []string{e.Name, e.Description, e.Extends})
	}
	return out
}

// oneLine collapses runs of white space, so a folded YAML description fits
// a table row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ---- show ----

type scenarioShowOptions struct {
	Sets   []string
	Module string
}

func newScenarioShowCmd(app *App) *cobra.Command {
	opts := &scenarioShowOptions{}
	cmd := &cobra.Command{
		Use:   "show [NAME|FILE] [KEY]",
		Short: "Show a scenario's parameters with units, confidence and sources, or one parameter",
		Long: `show prints every parameter of a resolved scenario (after extends and --set):
its key, the value as written (a trajectory as year:value pairs), the unit it
was written in, its confidence and its source, then the module switches as
modules.NAME rows. Without a scenario it shows the default, ` + scenario.Default + `.

Given a parameter KEY (alone, for the default scenario, or after the
scenario) it shows that parameter in full: its value as written and in the
canonical unit, what it means, its allowed range, the module that reads it,
its confidence, source, distribution and where it was set.

The table truncates long values and sources to fit 100 columns;
--format json and --format csv give them whole, with where each was set.`,
		Example: `  teraplan scenario show
  teraplan scenario show public-2026 --module launch
  teraplan scenario show launch.payload_t
  teraplan scenario show public-2026 launch.payload_t
  teraplan scenario show my.yaml --set launch.payload_t=150t --format csv`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			name, key := scenario.Default, ""
			switch {
			case len(args) == 2:
				name, key = args[0], args[1]
			case len(args) == 1 && looksLikeKey(args[0]):
				key = args[0]
			case len(args) == 1:
				name = args[0]
			}
			s, err := loadScenario(name)
			if err != nil {
				return err
			}
			if len(opts.Sets) > 0 {
				if err := s.Set(opts.Sets...); err != nil {
					return &UsageError{Err: err}
				}
			}
			if key != "" {
				v, err := newParamView(s, key)
				if err != nil {
					return err
				}
				return app.Render(v)
			}
			v, err := newScenarioShowView(s, opts.Module)
			if err != nil {
				return err
			}
			return app.Render(v)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "override a parameter, `key=value[unit]` (repeatable), e.g. launch.payload_t=150t")
	_ = cmd.RegisterFlagCompletionFunc("set", completeAssignment(true))
	// show [NAME|FILE] [KEY]: scenarios (and files) first, then keys.
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		var out []string
		if len(args) == 0 {
			out = append(out, scenario.Builtins()...)
		}
		if len(args) < 2 {
			out = append(out, paramKeys(true)...)
		}
		return slices.DeleteFunc(out, func(s string) bool { return !strings.HasPrefix(s, typed) }), cobra.ShellCompDirectiveDefault
	}
	cmd.Flags().StringVar(&opts.Module, "module", "", "show only the parameters of `MODULE` (keys MODULE.*) and its switch")
	noConfig(cmd.Flags(), "module")
	_ = cmd.RegisterFlagCompletionFunc("module", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return keyPrefixes(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// looksLikeKey reports whether a lone argument of show names a parameter
// (launch.payload_t, modules.lunar) rather than a scenario: a registry key
// or module switch with no file of that name.
func looksLikeKey(arg string) bool {
	if _, err := os.Stat(arg); err == nil {
		return false
	}
	if m, ok := strings.CutPrefix(arg, "modules."); ok {
		return slices.Contains(constraints.Modules(), m)
	}
	_, ok := scenario.LookupKey(arg)
	return ok
}

// paramView is one parameter in full, for `scenario show [NAME] KEY`.
type paramView struct {
	Scenario       string  `json:"scenario"`
	Key            string  `json:"key"`
	Value          string  `json:"value"`
	Unit           string  `json:"unit"`
	CanonicalValue string  `json:"canonical_value"`
	CanonicalUnit  string  `json:"canonical_unit"`
	Doc            string  `json:"doc"`
	Module         string  `json:"module"`
	Min            float64 `json:"min"`
	Max            float64 `json:"max"`
	Confidence     string  `json:"confidence"`
	Source         string  `json:"source"`
	SetAt          string  `json:"set_at"`
	Dist           string  `json:"dist,omitempty"`
}

func newParamView(s *scenario.Scenario, key string) (*paramView, error) {
	if m, ok := strings.CutPrefix(key, "modules."); ok && slices.Contains(moduleNames(s), m) {
		on, set := s.Modules[m]
		row := moduleRow{Name: m, On: on || !set, Set: set}.asParam()
		return &paramView{Scenario: s.Name, Key: key, Value: row.Value, CanonicalValue: row.Value, Module: m,
			Doc: "switches the " + m + " module on or off", Max: 1, Source: row.Source}, nil
	}
	reg, ok := scenario.LookupKey(key)
	if !ok {
		return nil, usageErrorf("%s: %s", key, scenario.UnknownParameter(key))
	}
	p := s.Params[key]
	if p == nil {
		return nil, usageErrorf("%s is not set in scenario %s", key, s.Name)
	}
	v := &paramView{Scenario: s.Name, Key: key, Value: compactValue(p), Unit: p.Unit,
		CanonicalValue: formatTrajectory(p.Value), CanonicalUnit: reg.Unit, Doc: reg.Doc, Module: reg.Module,
		Min: reg.Min, Max: reg.Max, Confidence: p.Confidence, Source: p.Source, SetAt: p.Pos.String()}
	if d := p.Dist; d != nil {
		scale := "absolute"
		if d.Relative {
			scale = "relative"
		}
		switch d.Kind {
		case "lognormal":
			v.Dist = fmt.Sprintf("lognormal mu %s sigma %s, %s", fnum(d.Mu), fnum(d.Sigma), scale)
		case "triangular":
			v.Dist = fmt.Sprintf("triangular %s, %s, %s, %s", fnum(d.Low), fnum(d.Mode), fnum(d.High), scale)
		default:
			v.Dist = fmt.Sprintf("%s %s to %s, %s", d.Kind, fnum(d.Low), fnum(d.High), scale)
		}
	}
	return v, nil
}

func (v *paramView) fields() [][]string {
	rows := [][]string{
		{"value", strings.TrimSpace(v.Value + " " + v.Unit)},
		{"canonical", strings.TrimSpace(v.CanonicalValue + " " + v.CanonicalUnit)},
		{"meaning", v.Doc},
		{"module", v.Module},
		{"allowed", strings.TrimSpace(num(v.Min) + " to " + num(v.Max) + " " + v.CanonicalUnit)},
		{"confidence", v.Confidence},
		{"source", v.Source},
		{"set at", v.SetAt},
	}
	if v.Dist != "" {
		rows = append(rows, []string{"dist", v.Dist})
	}
	if strings.HasPrefix(v.Key, "modules.") {
		rows = slices.DeleteFunc(rows, func(r []string) bool { return r[0] == "allowed" || r[0] == "canonical" })
	}
	return rows
}

func (v *paramView) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "%s in scenario %s\n\n", v.Key, v.Scenario)
	for _, r := range v.fields() {
		if r[1] == "" {
			continue
		}
		fmt.Fprint(w, wrapText(r[1], maxTableWidth, fmt.Sprintf("%-11s ", r[0]), strings.Repeat(" ", 12)))
	}
	return nil
}

func (v *paramView) Table() Table {
	return Table{Columns: []Column{{Name: "field"}, {Name: "value"}}, Rows: v.fields()}
}

func (v *paramView) JSON() any { return v }

func (v *paramView) CSV() [][]string {
	return [][]string{
		{"scenario", "key", "value", "unit", "canonical_value", "canonical_unit", "doc", "module", "min", "max", "confidence", "source", "set_at", "dist"},
		{v.Scenario, v.Key, v.Value, v.Unit, v.CanonicalValue, v.CanonicalUnit, v.Doc, v.Module, fnum(v.Min), fnum(v.Max), v.Confidence, v.Source, v.SetAt, v.Dist},
	}
}

// paramRow is one parameter or module switch as `scenario show` prints it.
type paramRow struct {
	Key        string `json:"key"`
	Value      string `json:"value"`
	Unit       string `json:"unit"`
	Confidence string `json:"confidence"`
	Source     string `json:"source"`
	SetAt      string `json:"set_at"`
}

type moduleRow struct {
	Name string `json:"name"`
	On   bool   `json:"on"`
	// Set is false when the scenario does not mention the module, which is
	// then on by default.
	Set bool `json:"set"`
}

type scenarioShowView struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Origin      string      `json:"origin"`
	Extends     string      `json:"extends,omitempty"`
	Hash        string      `json:"hash"`
	Regions     []string    `json:"regions,omitempty"`
	Params      []paramRow  `json:"params"`
	Modules     []moduleRow `json:"modules"`
}

func newScenarioShowView(s *scenario.Scenario, module string) (*scenarioShowView, error) {
	v := &scenarioShowView{Name: s.Name, Description: oneLine(s.Description), Origin: s.Origin,
		Extends: s.Extends, Hash: s.Hash(), Regions: s.Regions, Params: []paramRow{}, Modules: []moduleRow{}}
	keys := slices.Sorted(maps.Keys(s.Params))
	for _, k := range keys {
		if module != "" && !strings.HasPrefix(k, module+".") {
			continue
		}
		p := s.Params[k]
		v.Params = append(v.Params, paramRow{Key: k, Value: compactValue(p), Unit: p.Unit,
			Confidence: p.Confidence, Source: p.Source, SetAt: p.Pos.String()})
	}
	for _, m := range moduleNames(s) {
		if module != "" && m != module {
			continue
		}
		on, set := s.Modules[m]
		v.Modules = append(v.Modules, moduleRow{Name: m, On: on || !set, Set: set})
	}
	if module != "" && len(v.Params) == 0 && len(v.Modules) == 0 {
		return nil, usageErrorf("--module %s: no parameter key starts with %q (modules and key prefixes: %s)",
			module, module+".", strings.Join(keyPrefixes(), ", "))
	}
	return v, nil
}

// moduleNames is every module the registry knows plus any the scenario
// switches, sorted.
func moduleNames(s *scenario.Scenario) []string {
	names := constraints.Modules()
	for m := range s.Modules {
		if !slices.Contains(names, m) {
			names = append(names, m)
		}
	}
	slices.Sort(names)
	return names
}

// keyPrefixes lists what --module accepts: the registry's modules and the
// first segments of its keys (horizon, target, … are not modules).
func keyPrefixes() []string {
	out := constraints.Modules()
	for _, p := range constraints.Params() {
		if pre, _, ok := strings.Cut(p.Key, "."); ok && !slices.Contains(out, pre) {
			out = append(out, pre)
		}
	}
	slices.Sort(out)
	return out
}

func (m moduleRow) asParam() paramRow {
	src := "default: on"
	if m.Set {
		src = "set in the scenario"
	}
	return paramRow{Key: "modules." + m.Name, Value: strconv.FormatBool(m.On), Source: src}
}

func (v *scenarioShowView) rows() []paramRow {
	rows := slices.Clone(v.Params)
	for _, m := range v.Modules {
		rows = append(rows, m.asParam())
	}
	return rows
}

func (v *scenarioShowView) Table() Table {
	cols := []Column{{Name: "key"}, {Name: "value"}, {Name: "unit"}, {Name: "confidence"}, {Name: "source"}}
	var rows [][]string
	for _, r := range v.rows() {
		rows = append(rows, []string{r.Key, r.Value, r.Unit, r.Confidence, r.Source})
	}
	return fitParamTable(cols, rows, 1, 4)
}

// WriteText heads the table with the scenario's identity.
func (v *scenarioShowView) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "scenario %s (%s), hash %s", v.Name, v.Origin, shortHash(v.Hash))
	if v.Extends != "" {
		fmt.Fprintf(w, ", extends %s", v.Extends)
	}
	if len(v.Regions) > 0 {
		fmt.Fprintf(w, ", regions %s", strings.Join(v.Regions, ", "))
	}
	fmt.Fprintln(w)
	if v.Description != "" {
		fmt.Fprintln(w, truncate(v.Description, maxTableWidth))
	}
	fmt.Fprintln(w)
	return writeTable(w, v.Table(), maxTableWidth)
}

func (v *scenarioShowView) JSON() any { return v }

func (v *scenarioShowView) CSV() [][]string {
	out := [][]string{{"key", "value", "unit", "confidence", "source", "set_at"}}
	for _, r := range v.rows() {
		out = append(out, []string{r.Key, r.Value, r.Unit, r.Confidence, r.Source, r.SetAt})
	}
	return out
}

// compactValue is a parameter's value as written, on one line: a trajectory
// as "2026:1500 2028:200 2035:30", a --set value without its unit (which
// has its own column).
func compactValue(p *scenario.Param) string {
	w := strings.TrimSpace(p.Written)
	if inner, ok := strings.CutPrefix(w, "{"); ok {
		if inner, ok := strings.CutSuffix(inner, "}"); ok {
			parts := strings.Split(inner, ",")
			for i, part := range parts {
				y, x, _ := strings.Cut(part, ":")
				parts[i] = strings.TrimSpace(y) + ":" + strings.TrimSpace(x)
			}
			return strings.Join(parts, " ")
		}
	}
	if w == "" {
		return formatTrajectory(p.Value) // built by hand: canonical units
	}
	if t, unit, err := scenario.ParseTrajectory(w); err == nil && unit != "" {
		return formatTrajectory(t)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(w, ",", " ")), " ")
}

func formatTrajectory(t constraints.Trajectory) string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if len(t.Values) == 1 {
		return g(t.Values[0])
	}
	parts := make([]string, len(t.Values))
	for i := range t.Values {
		parts[i] = g(t.Years[i]) + ":" + g(t.Values[i])
	}
	return strings.Join(parts, " ")
}

// ---- validate ----

func newScenarioValidateCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files",
		Long: `validate loads each scenario file (resolving extends) and reports either
"ok FILE (N parameters, hash …)" or every problem found, each naming the
file, line and key. It exits 2 if any file is invalid.

--format json gives a list of {file, ok, parameters, hash, errors[]}; the
summary error then goes to stderr so stdout stays one JSON document.`,
		Example: `  teraplan scenario validate my.yaml
  teraplan scenario validate scenarios/*.yaml --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			v := make(validateView, len(args))
			bad := 0
			for i, file := range args {
				v[i] = validateOne(file)
				if !v[i].OK {
					bad++
				}
			}
			if err := app.Render(v); err != nil {
				return err
			}
			if bad == 0 {
				return nil
			}
			noun := "files are"
			if len(args) == 1 {
				noun = "file is"
			}
			// The result above already says what is wrong; exit 2 quietly so
			// --format json output stays one document.
			return &ReportedError{Code: ExitUsage, Msg: fmt.Sprintf("%d of %d scenario %s invalid", bad, len(args), noun)}
		},
	}
}

type validateResult struct {
	File       string   `json:"file"`
	OK         bool     `json:"ok"`
	Parameters int      `json:"parameters,omitempty"`
	Hash       string   `json:"hash,omitempty"`
	Errors     []string `json:"errors"`
}

func validateOne(file string) validateResult {
	s, err := scenario.Load(file)
	if err != nil {
		return validateResult{File: file, Errors: errorMessages(err)}
	}
	return validateResult{File: file, OK: true, Parameters: len(s.Params), Hash: s.Hash(), Errors: []string{}}
}

// errorMessages splits an errors.Join of scenario errors into one message
// per problem.
func errorMessages(err error) []string {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		var out []string
		for _, e := range joined.Unwrap() {
			out = append(out, errorMessages(e)...)
		}
		return out
	}
	return []string{err.Error()}
}

type validateView []validateResult

func (v validateView) WriteText(w io.Writer) error {
	for _, r := range v {
		if r.OK {
			fmt.Fprintf(w, "ok %s (%d parameters, hash %s)\n", r.File, r.Parameters, shortHash(r.Hash))
			continue
		}
		fmt.Fprintf(w, "invalid %s\n", r.File)
		for _, e := range r.Errors {
			fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(e, "\n", "\n  "))
		}
	}
	return nil
}

func (v validateView) Table() Table {
	t := Table{Columns: []Column{{Name: "file"}, {Name: "ok"}, {Name: "parameters", Numeric: true}, {Name: "hash"}, {Name: "error"}}}
	for _, r := range v.CSV()[1:] {
		t.Rows = append(t.Rows, r)
	}
	return t
}

func (v validateView) JSON() any { return []validateResult(v) }

// CSV is tidy: one row per error, one row for a valid file.
func (v validateView) CSV() [][]string {
	out := [][]string{{"file", "ok", "parameters", "hash", "error"}}
	for _, r := range v {
		if r.OK {
			out = append(out, []string{r.File, "true", strconv.Itoa(r.Parameters), r.Hash, ""})
			continue
		}
		for _, e := range r.Errors {
			out = append(out, []string{r.File, "false", "", "", e})
		}
	}
	return out
}

// ---- diff ----

func newScenarioDiffCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "diff A B",
		Short: "Show the parameters and module switches two scenarios resolve differently",
		Long: `diff compares two scenarios (built-in names or files) after resolving extends.
It lists each parameter whose value differs as a function of time — a
constant equals a trajectory that never changes, and "0.2 Mt" equals
"200000 t" — with both values in the parameter's canonical unit (the form
written in the file follows where it differs) and their sources, then the
module switches that differ. It prints "no differences" if there are none.`,
		Example: `  teraplan scenario diff seed-2026 public-2026
  teraplan scenario diff seed-2026 my.yaml --format csv`,
		Args: cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			a, err := loadScenario(args[0])
			if err != nil {
				return err
			}
			b, err := loadScenario(args[1])
			if err != nil {
				return err
			}
			return app.Render(newDiffView(a, b))
		},
	}
}

// diffSide is one scenario's value of a differing parameter: in the
// registry's canonical unit, which both sides share and which the
// comparison is made in, and as written.
type diffSide struct {
	Canonical  string `json:"canonical_value"`
	Value      string `json:"value"`
	Unit       string `json:"unit"`
	Confidence string `json:"confidence"`
	Source     string `json:"source"`
}

type diffEntry struct {
	Key string `json:"key"`
	// Unit is the canonical unit of both sides' canonical_value.
	Unit string    `json:"canonical_unit"`
	A    *diffSide `json:"a"` // nil: not set
	B    *diffSide `json:"b"`
}

// asWritten is the value as written when it says something the canonical
// value does not (another unit, another notation), else "".
func (d *diffSide) asWritten(canonicalUnit string) string {
	if d.Unit == canonicalUnit || d.Unit == "" {
		return "" // the same numbers, perhaps spelt otherwise (3.0 for 3)
	}
	return strings.TrimSpace(d.Value + " " + d.Unit)
}

type scenarioRef struct {
	Name   string `json:"name"`
	Origin string `json:"origin"`
	Hash   string `json:"hash"`
}

type diffView struct {
	A           scenarioRef `json:"a"`
	B           scenarioRef `json:"b"`
	Differences []diffEntry `json:"differences"`
}

func newDiffView(a, b *scenario.Scenario) *diffView {
	v := &diffView{
		A:           scenarioRef{Name: a.Name, Origin: a.Origin, Hash: a.Hash()},
		B:           scenarioRef{Name: b.Name, Origin: b.Origin, Hash: b.Hash()},
		Differences: []diffEntry{},
	}
	for _, d := range scenario.Diff(a, b) {
		e := diffEntry{Key: d.Key, A: diffSideOf(d.A), B: diffSideOf(d.B)}
		if reg, ok := constraints.LookupParam(d.Key); ok {
			e.Unit = reg.Unit
		}
		v.Differences = append(v.Differences, e)
	}
	return v
}

func diffSideOf(p *scenario.Param) *diffSide {
	if p == nil {
		return nil
	}
	canonical := formatTrajectory(p.Value)
	if strings.HasPrefix(p.Key, "modules.") {
		canonical = p.Written // true or false
	}
	return &diffSide{Canonical: canonical, Value: compactValue(p), Unit: p.Unit, Confidence: p.Confidence, Source: p.Source}
}

// labels are the column names for the two sides: the scenario names, or
// their origins when the names are the same.
func (v *diffView) labels() (string, string) {
	if v.A.Name != v.B.Name {
		return v.A.Name, v.B.Name
	}
	return v.A.Origin, v.B.Origin
}

func (d *diffSide) cells(key, label, unit string) []string {
	if d == nil {
		return []string{key, label, "(not set)", "", ""}
	}
	value := d.Canonical
	if w := d.asWritten(unit); w != "" {
		value += " (as written: " + w + ")"
	}
	return []string{key, label, value, unit, d.Source}
}

// Table gives each difference two rows, one per scenario, so the key and
// both values stay whole within the table width. Values are in the
// canonical unit, so the two rows compare at a glance; the form written in
// the file follows where it differs.
func (v *diffView) Table() Table {
	la, lb := v.labels()
	cols := []Column{{Name: "key"}, {Name: "scenario"}, {Name: "value"}, {Name: "unit"}, {Name: "source"}}
	var rows [][]string
	for _, d := range v.Differences {
		rows = append(rows, d.A.cells(d.Key, la, d.Unit), d.B.cells("", lb, d.Unit))
	}
	return fitParamTable(cols, rows, 2, 4)
}

func (v *diffView) WriteText(w io.Writer) error {
	la, lb := v.labels()
	if len(v.Differences) == 0 {
		_, err := fmt.Fprintf(w, "no differences between %s and %s\n", la, lb)
		return err
	}
	fmt.Fprintf(w, "%d differences between %s and %s\n\n", len(v.Differences), la, lb)
	return writeTable(w, v.Table(), maxTableWidth)
}

func (v *diffView) JSON() any { return v }

// CSV puts both sides in the canonical unit side by side, then each as
// written and its source.
func (v *diffView) CSV() [][]string {
	out := [][]string{{"key", "unit", "a_value", "b_value", "a_as_written", "b_as_written", "a_source", "b_source"}}
	get := func(d *diffSide, unit string) (value, written, source string) {
		if d == nil {
			return "", "", ""
		}
		return d.Canonical, strings.TrimSpace(d.Value + " " + d.Unit), d.Source
	}
	for _, d := range v.Differences {
		av, aw, as := get(d.A, d.Unit)
		bv, bw, bs := get(d.B, d.Unit)
		out = append(out, []string{d.Key, d.Unit, av, bv, aw, bw, as, bs})
	}
	return out
}

// minSourceWidth is the least a source column is squeezed to before a long
// value is wrapped instead.
const minSourceWidth = 16

// fitParamTable lays out parameter rows within maxTableWidth without
// cutting keys, units or values: the value column (valueCol) wraps onto
// continuation rows at spaces, between trajectory points, and only the
// source column (sourceCol) is truncated. Other columns keep their width.
func fitParamTable(cols []Column, rows [][]string, valueCol, sourceCol int) Table {
	widths := make([]int, len(cols))
	for j, c := range cols {
		widths[j] = utf8.RuneCountInString(c.header())
	}
	token := 0 // the longest unbreakable piece of a value
	for _, r := range rows {
		for j, cell := range r {
			widths[j] = max(widths[j], utf8.RuneCountInString(cell))
		}
		for _, f := range strings.Fields(r[valueCol]) {
			token = max(token, utf8.RuneCountInString(f))
		}
	}
	budget := maxTableWidth - 2*(len(cols)-1)
	for j, w := range widths {
		if j != valueCol && j != sourceCol {
			budget -= w
		}
	}
	valueW := min(widths[valueCol], max(token, budget-min(widths[sourceCol], minSourceWidth)))
	sourceW := max(budget-valueW, minTextWidth)

	t := Table{Columns: cols}
	for _, r := range rows {
		lines := wrapWords(r[valueCol], valueW)
		first := slices.Clone(r)
		first[valueCol] = lines[0]
		first[sourceCol] = truncate(r[sourceCol], sourceW)
		t.Rows = append(t.Rows, first)
		for _, l := range lines[1:] {
			cont := make([]string, len(r))
			cont[valueCol] = l
			t.Rows = append(t.Rows, cont)
		}
	}
	return t
}

// wrapWords breaks s at spaces into lines of at most width runes (a longer
// word gets a line of its own). It returns at least one line.
func wrapWords(s string, width int) []string {
	var lines []string
	var cur string
	for _, f := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = f
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(f) <= width:
			cur += " " + f
		default:
			lines = append(lines, cur)
			cur = f
		}
	}
	return append(lines, cur)
}
