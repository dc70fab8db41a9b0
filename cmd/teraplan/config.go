package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

const (
	envPrefix      = "TERAPLAN_"
	configFileName = "teraplan.yaml"

	// Flag annotations read by bindFlags.
	annotationConfigKey = "teraplan/config-key" // config key, if not the flag name
	annotationNoConfig  = "teraplan/no-config"  // per-invocation flag: never from env or config
)

// setConfigKey maps a flag to a (possibly nested) config key, e.g. flag
// "threads" to "solver.threads", read from TERAPLAN_SOLVER_THREADS or
//
//	solver:
//	  threads: 4
func setConfigKey(flags *pflag.FlagSet, name, key string) {
	if err := flags.SetAnnotation(name, annotationConfigKey, []string{key}); err != nil {
		panic(err) // no such flag: a programming error
	}
}

// noConfig exempts a flag from env and config lookup (--config, --out).
func noConfig(flags *pflag.FlagSet, name string) {
	if err := flags.SetAnnotation(name, annotationNoConfig, []string{"true"}); err != nil {
		panic(err)
	}
}

func configKey(f *pflag.Flag) string {
	if k := f.Annotations[annotationConfigKey]; len(k) == 1 {
		return k[0]
	}
	return f.Name
}

// envName is the variable for a config key: "solver.time-limit" is
// TERAPLAN_SOLVER_TIME_LIMIT.
func envName(key string) string {
	return envPrefix + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// configPath returns the config file to read: explicit if given (it must
// exist), else the first of ./teraplan.yaml and
// $XDG_CONFIG_HOME/teraplan/teraplan.yaml ($HOME/.config when unset) that
// exists, else "".
func (app *App) configPath(explicit string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", usageErrorf("config file %s does not exist", explicit)
			}
			return "", fmt.Errorf("config file %s: %w", explicit, err)
		}
		return explicit, nil
	}
	candidates := []string{filepath.Join(app.workDir(), configFileName)}
	if xdg := app.Env("XDG_CONFIG_HOME"); xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "teraplan", configFileName))
	} else if home := app.Env("HOME"); home != "" {
		candidates = append(candidates, filepath.Join(home, ".config", "teraplan", configFileName))
	}
	for _, c := range candidates {
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c, nil
		}
	}
	return "", nil
}

// readConfig parses one config file into a fresh viper.
func readConfig(path string) (*viper.Viper, error) {
	v := viper.New()
	if err := loadConfig(v, path); err != nil {
		return nil, err
	}
	return v, nil
}

func loadConfig(v *viper.Viper, path string) error {
	v.SetConfigFile(path)
	// Viper picks the parser from the extension; anything else is YAML.
	if ext := strings.TrimPrefix(filepath.Ext(path), "."); !slices.Contains(viper.SupportedExts, ext) {
		v.SetConfigType("yaml")
	}
	if err := v.ReadInConfig(); err != nil {
		return usageErrorf("config file %s: %w", path, err)
	}
	return nil
}

// resolve merges flags, environment and config for the command about to
// run, once, before its RunE. Every flag of every command goes through it, so
// a new command's flags are configurable with no extra code.
func (app *App) resolve(cmd *cobra.Command) error {
	if app.resolved {
		return nil
	}
	explicit := app.Opts.ConfigFile // bound to --config
	if !cmd.Flags().Changed("config") {
		explicit = app.Env(envName("config"))
	}
	path, err := app.configPath(explicit)
	if err != nil {
		return err
	}
	var fileKeys []string
	if path != "" {
		if err := loadConfig(app.Viper, path); err != nil {
			return err
		}
		fileKeys = app.Viper.AllKeys() // before flags are bound into it
	}
	app.formatGiven = cmd.Flags().Changed("format")
	if err := app.bindFlags(cmd.Flags()); err != nil {
		return err
	}
	app.Opts.ConfigFile = path
	if path != "" {
		// Said after binding, so a quiet: true in the file is obeyed.
		app.Notef("config: read %s", path)
		known, perRun := configKeys(cmd.Root())
		sort.Strings(fileKeys)
		for _, k := range fileKeys {
			if known[k] {
				continue
			}
			hint := "keys are flag names, e.g. scenario, format, solver.threads"
			if s := closestKey(k, known); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			if perRun[k] {
				hint = fmt.Sprintf("--%s is given on the command line, for each run", k)
			}
			app.Warnf("config file %s: unknown key %q, ignored (%s)", path, k, hint)
		}
	}
	// Cobra checks these after PersistentPreRunE, i.e. after config and env
	// had the chance to supply them; checking here makes failures usage errors.
	if err := cmd.ValidateRequiredFlags(); err != nil {
		return &UsageError{Err: err}
	}
	if err := cmd.ValidateFlagGroups(); err != nil {
		return &UsageError{Err: err}
	}
	app.resolved = true
	return nil
}

// bindFlags gives every flag in flags the precedence flag > TERAPLAN_* env >
// config file > flag default. Values from env or config are set on the flag
// itself, so the options struct it is bound to sees the final value, and the
// flag is bound into app.Viper, so app.Viper.Get(key) agrees.
func (app *App) bindFlags(flags *pflag.FlagSet) error {
	var errs []error
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || len(f.Annotations[annotationNoConfig]) > 0 {
			return
		}
		key := configKey(f)
		if err := app.Viper.BindPFlag(key, f); err != nil {
			errs = append(errs, err)
			return
		}
		if f.Changed {
			return
		}
		// TERAPLAN_<FLAG> as the help says, and TERAPLAN_<CONFIG_KEY> where
		// the key differs (TERAPLAN_THREADS or TERAPLAN_SOLVER_THREADS).
		for _, name := range envNames(f) {
			if s := app.Env(name); s != "" {
				if err := setFromEnv(f, s); err != nil {
					errs = append(errs, usageErrorf("invalid value %q for %s: %v", s, name, err))
				}
				return
			}
		}
		inFile := ""
		for _, k := range configNames(f) {
			if app.Viper.InConfig(k) {
				inFile = k
				break
			}
		}
		if inFile == "" {
			return
		}
		if err := setFromConfig(f, app.Viper.Get(inFile)); err != nil {
			errs = append(errs, usageErrorf("config file %s: %s: %v", app.Viper.ConfigFileUsed(), inFile, err))
		}
	})
	return errors.Join(errs...)
}

// configNames are the keys a flag is read from in the config file, in
// order: its config key (solver.time-limit), then its own name
// (time-limit), each also with underscores for dashes (time_limit), as
// YAML keys are often written.
func configNames(f *pflag.Flag) []string {
	var out []string
	for _, k := range []string{configKey(f), f.Name} {
		for _, v := range []string{k, strings.ReplaceAll(k, "-", "_")} {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// envNames are the variables a flag is read from, in order: the config
// key's (TERAPLAN_SOLVER_THREADS), then the flag's own name
// (TERAPLAN_THREADS) where it differs.
func envNames(f *pflag.Flag) []string {
	names := []string{envName(configKey(f))}
	if n := envName(f.Name); n != names[0] {
		names = append(names, n)
	}
	return names
}

// setFromEnv sets f from an environment variable. A repeatable flag that
// takes one value per use (--set) takes several separated by ';', as
// commas already belong to its values (2026:1500,2030:100).
func setFromEnv(f *pflag.Flag, s string) error {
	if f.Value.Type() == "stringArray" {
		for _, part := range strings.Split(s, ";") {
			if part = strings.TrimSpace(part); part != "" {
				if err := setFlag(f, part); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return setFlag(f, s)
}

// configKeys are the keys a config file may hold: every configurable
// flag's of every command, by config key and own name, with dashes or
// underscores (configNames); and perRun, the names of per-invocation flags
// (out, vary… marked noConfig), which the file never supplies.
func configKeys(root *cobra.Command) (known, perRun map[string]bool) {
	known, perRun = map[string]bool{}, map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				switch {
				case f.Name == "help":
				case len(f.Annotations[annotationNoConfig]) > 0:
					perRun[f.Name] = true
				default:
					for _, k := range configNames(f) {
						known[k] = true
					}
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return known, perRun
}

// closestKey is the known key nearest to k by edit distance, if it is
// close enough to be a typo (at most a third of k's length), else "".
func closestKey(k string, known map[string]bool) string {
	best, bestD := "", len(k)/3+1
	keys := make([]string, 0, len(known))
	for c := range known {
		keys = append(keys, c)
	}
	sort.Strings(keys) // ties go to the first in order
	for _, c := range keys {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// setFlag sets f as if given on the command line. Unlike FlagSet.Set it
// leaves the value's error unwrapped, so messages name the env variable or
// config key rather than a flag the user never typed.
func setFlag(f *pflag.Flag, s string) error {
	if err := f.Value.Set(s); err != nil {
		return err
	}
	f.Changed = true
	return nil
}

func setFromConfig(f *pflag.Flag, raw any) error {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		// A YAML list replaces the default rather than being re-split on commas.
		items, err := cast.ToStringSliceE(raw)
		if err != nil {
			return err
		}
		if err := sv.Replace(items); err != nil {
			return err
		}
		f.Changed = true
		return nil
	}
	switch raw.(type) {
	case map[string]any, []any:
		return fmt.Errorf("want a single value, got %T", raw)
	}
	s, err := cast.ToStringE(raw)
	if err != nil {
		return err
	}
	if err := setFlag(f, s); err != nil {
		return fmt.Errorf("invalid value %q: %w", s, err)
	}
	return nil
}
