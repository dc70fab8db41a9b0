package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"teraplan/constraints"
)

const (
	builtinPrefix = "builtin:"
	// MaxFileSize is the largest scenario file accepted; real ones are a
	// few tens of kilobytes.
	MaxFileSize = 4 << 20
	// maxAliases bounds alias dereferences per file. yaml.v3 does not
	// expand aliases when decoding into a Node, and this walker follows
	// them only into the few places a scenario has structure, so the bound
	// exists to reject "billion laughs" files outright rather than to
	// survive them.
	maxAliases = 64
	// maxExtends bounds the extends chain.
	maxExtends = 16
	// minYear and maxYear bound trajectory years, to catch a value typed
	// where a year was meant.
	minYear, maxYear = 1900, 3000
)

// Load reads a built-in scenario by name ("seed-2026") or a scenario file
// by path, resolves its extends chain and checks that it is complete.
func Load(nameOrPath string) (*Scenario, error) {
	if c, ok := isBuiltin(nameOrPath); ok {
		return builtin(c), nil
	}
	data, err := readFile(nameOrPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrPath, "/\\.") {
			return nil, fmt.Errorf("scenario: no built-in scenario or file named %q (built-ins: %s)", nameOrPath, strings.Join(Builtins(), ", "))
		}
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return LoadBytes(nameOrPath, data)
}

// readTimeout bounds a read from a file that makes readers wait.
const readTimeout = 2 * time.Second

// readFile reads at most MaxFileSize+1 bytes so a huge file is refused
// without being read.
func readFile(name string) ([]byte, error) {
	// A FIFO or device (extends: /dev/stdin) would block or never end, and
	// opening a FIFO blocks by itself: look before opening, and open
	// without blocking, which also makes a /proc file that waits for data
	// (/proc/kmsg) fail instead of hanging.
	if st, err := os.Stat(name); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	// Go waits for a pollable file that has no data yet; bound that wait.
	// (An ordinary file is not pollable and ignores the deadline.)
	_ = f.SetReadDeadline(time.Now().Add(readTimeout))
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// LoadBytes parses data as the scenario file origin (a path, used for error
// messages and to resolve a relative extends, or "builtin:NAME"), resolves
// its extends chain and checks that the result is complete.
func LoadBytes(origin string, data []byte) (*Scenario, error) {
	return (&loader{}).load(origin, data)
}

func (l *loader) load(origin string, data []byte) (*Scenario, error) {
	s, paramsPos, err := l.resolve(origin, data)
	if err != nil {
		return nil, err
	}
	if err := s.check(paramsPos); err != nil {
		return nil, err
	}
	return s, nil
}

// check verifies what only a merged scenario can show: every registry key
// set, and a sensible horizon. pos is where missing keys are reported.
func (s *Scenario) check(pos Position) error {
	var errs errorList
	var missing []string
	for _, k := range registryKeys() {
		if s.Params[k] == nil {
			missing = append(missing, k)
		}
	}
	const listed = 5
	switch {
	case len(missing) > listed:
		errs.add(pos, missing[0], fmt.Sprintf("%d registry keys are not set: %s, … (a complete scenario sets every key; start with `extends: %s`)",
			len(missing), strings.Join(missing[:listed], ", "), Default))
	default:
		for _, k := range missing {
			errs.add(pos, k, "not set (a complete scenario sets every registry key)")
		}
	}
	for k, p := range s.Params {
		if reg, ok := constraints.LookupParam(k); ok && (reg.Unit == calendarUnit || reg.Module == "horizon") && len(p.Value.Values) > 1 {
			errs.add(p.Pos, k, "must be a single value, not a trajectory")
		}
		if _, region := constraints.SplitRegion(k); region != "" {
			if msg := s.checkScope(k); msg != "" {
				errs.add(p.Pos, k, msg)
			}
		}
	}
	if len(errs) == 0 {
		if err := s.Values().CheckRegions(); err != nil {
			at := s.RegionsPos
			if at.File == "" {
				at = pos
			}
			errs.add(at, "regions", strings.TrimPrefix(err.Error(), "constraints: "))
		}
	}
	if start, end, step, ok := s.horizon(); ok {
		if _, err := periods(start, end, step); err != nil {
			key := "horizon.end_year"
			if end >= start {
				key = "horizon.step_years"
			}
			errs.add(s.Params[key].Pos, key, err.Error())
		}
	}
	return errs.err()
}

// errorList collects *Error values and joins them in file and line order.
type errorList []*Error

func (l *errorList) add(pos Position, key, msg string) {
	*l = append(*l, &Error{File: pos.File, Line: pos.Line, Key: key, Msg: msg})
}

func (l errorList) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Key < l[j].Key
	})
	if len(l) == 1 {
		return l[0]
	}
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// loader resolves an extends chain, remembering the files on it to name a
// cycle.
type loader struct {
	chain []string // origins, outermost first
	ids   []string // identities (absolute paths or builtin:NAME)
	// builtinYAML, when set, reads a built-in scenario's YAML source, and
	// built-in bases are parsed from it instead of taken compiled: how
	// builtin_gen.go is made and checked.
	builtinYAML func(name string) ([]byte, bool)
}

func identity(origin string) string {
	if strings.HasPrefix(origin, builtinPrefix) {
		return origin
	}
	if abs, err := filepath.Abs(origin); err == nil {
		return abs
	}
	return filepath.Clean(origin)
}

// resolve parses one file and merges it over what it extends. It returns
// the position of the file's params: key, where a missing key is reported.
func (l *loader) resolve(origin string, data []byte) (*Scenario, Position, error) {
	l.chain = append(l.chain, origin)
	l.ids = append(l.ids, identity(origin))
	defer func() { l.chain, l.ids = l.chain[:len(l.chain)-1], l.ids[:len(l.ids)-1] }()

	f, err := parseFile(origin, data)
	if err != nil {
		return nil, Position{}, err
	}
	s := &Scenario{Name: f.name, Description: f.description, Origin: origin, Extends: f.extends,
		Params: map[string]*Param{}, Modules: map[string]bool{}}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(strings.TrimPrefix(origin, builtinPrefix)), ".yaml"), ".yml")
	}
	if f.extends != "" {
		fail := func(msg string) (*Scenario, Position, error) {
			return nil, Position{}, &Error{File: origin, Line: f.extendsPos.Line, Key: "extends", Msg: msg}
		}
		var base *Scenario
		if c, ok := isBuiltin(f.extends); ok && l.builtinYAML == nil {
			base = builtin(c) // built-ins extend only built-ins: no cycle through files
		} else {
			baseOrigin, baseData, err := l.findBase(origin, f.extends)
			if err != nil {
				return fail(err.Error())
			}
			baseID := identity(baseOrigin)
			for i, seen := range l.ids {
				if seen == baseID {
					chain := append(append([]string(nil), l.chain[i:]...), baseOrigin)
					return fail("cycle: " + strings.Join(chain, " → "))
				}
			}
			if len(l.chain) >= maxExtends {
				return fail(fmt.Sprintf("extends chain longer than %d: %s → …", maxExtends, strings.Join(l.chain[:3], " → ")))
			}
			if base, _, err = l.resolve(baseOrigin, baseData); err != nil {
				return nil, Position{}, err
			}
		}
		s.Params, s.Modules, s.Regions, s.RegionsPos = base.Params, base.Modules, base.Regions, base.RegionsPos
		if s.Description == "" {
			s.Description = base.Description
		}
	}
	var errs errorList
	for _, k := range sortedKeys(f.params) {
		p := f.params[k]
		if !p.distOnly {
			s.Params[k] = p
			continue
		}
		merged, err := inheritDist(s.Params[k], p, f.extends)
		if err != nil {
			errs.add(p.Pos, k, err.Error())
			continue
		}
		s.Params[k] = merged
	}
	if err := errs.err(); err != nil {
		return nil, Position{}, err
	}
	for k, v := range f.modules {
		s.Modules[k] = v
	}
	if f.regions != nil {
		s.Regions, s.RegionsPos = f.regions, f.regionsPos
		if len(s.Regions) == 1 && s.Regions[0] == constraints.WorldRegion {
			s.Regions = nil // [world] is the scenario without regions
		}
	}
	return s, f.paramsPos, nil
}

// findBase locates an extends target: a built-in name, or a path relative
// to the extending file's directory. A built-in name wins; write "./name"
// to mean a file of the same name.
func (l *loader) findBase(origin, target string) (string, []byte, error) {
	if l.builtinYAML != nil {
		if data, ok := l.builtinYAML(strings.TrimPrefix(target, builtinPrefix)); ok {
			return builtinPrefix + strings.TrimPrefix(target, builtinPrefix), data, nil
		}
	}
	if strings.HasPrefix(origin, builtinPrefix) {
		if strings.HasPrefix(target, builtinPrefix) || !strings.ContainsAny(target, "/\\.") {
			return "", nil, fmt.Errorf("%q: no such built-in scenario (built-ins: %s)", target, strings.Join(Builtins(), ", "))
		}
		return "", nil, fmt.Errorf("%q: a built-in scenario can only extend another built-in", target)
	}
	p := target
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(origin), p)
	}
	data, err := readFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("%q: no built-in scenario or file %s (built-ins: %s)", target, p, strings.Join(Builtins(), ", "))
		}
		return "", nil, fmt.Errorf("%q: %v", target, err)
	}
	return p, data, nil
}

// file is one scenario file as written, before merging.
type file struct {
	name, description, extends string
	extendsPos                 Position
	paramsPos                  Position
	params                     map[string]*Param
	modules                    map[string]bool
	regions                    []string // nil when the file does not declare them
	regionsPos                 Position
}

var topFields = []string{"name", "description", "extends", "modules", "regions", "params"}
var paramFields = []string{"value", "unit", "source", "confidence", "dist"}
var distFields = []string{"kind", "low", "mode", "high", "mu", "sigma", "scale", "source"}

// parser walks one file's YAML nodes, collecting every problem rather than
// stopping at the first.
type parser struct {
	origin  string
	errs    errorList
	aliases int
}

func (p *parser) errorf(n *yaml.Node, key, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs.add(Position{File: p.origin, Line: line}, key, fmt.Sprintf(format, args...))
}

// deref follows an alias, counting against the file's alias budget. It
// returns nil once the budget is spent.
func (p *parser) deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		p.aliases++
		if p.aliases > maxAliases {
			if p.aliases == maxAliases+1 {
				p.errorf(n, "", "more than %d YAML aliases; scenario files do not need them", maxAliases)
			}
			return nil
		}
		n = n.Alias
	}
	return n
}

// parseFile turns one file's bytes into a file, or an error naming every
// problem found.
func parseFile(origin string, data []byte) (f *file, err error) {
	p := &parser{origin: origin}
	fail := func(msg string) error {
		return &Error{File: origin, Line: 1, Msg: msg}
	}
	switch {
	case len(data) > MaxFileSize:
		return nil, fail(fmt.Sprintf("file is larger than %d bytes", MaxFileSize))
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return nil, fail("not a text file (invalid UTF-8 or NUL bytes)")
	}
	var doc yaml.Node
	if err := decodeOne(data, &doc); err != nil {
		line, msg := yamlErrorLine(err), "invalid YAML: "+yamlErrorMsg(err)
		// yaml.v3 reports where the enclosing mapping starts, not the line
		// whose indentation broke it.
		if strings.HasSuffix(msg, "did not find expected key") {
			if n := misindentedLine(data, line); n > 0 {
				line, msg = n, msg+" (the indentation of this line matches no enclosing key)"
			}
		}
		return nil, &Error{File: origin, Line: line, Msg: msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, fail("empty scenario file")
	}
	root := p.deref(doc.Content[0])
	if root == nil {
		return nil, p.errs.err()
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, fail("empty scenario file")
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: origin, Line: root.Line, Msg: "a scenario is a mapping with name, params, …"}
	}
	f = &file{params: map[string]*Param{}, modules: map[string]bool{}, paramsPos: Position{File: origin, Line: 1}}
	p.eachPair(root, "", func(k string, kn, v *yaml.Node) {
		switch k {
		case "name":
			f.name = p.str(v, k)
		case "description":
			f.description = p.str(v, k)
		case "extends":
			f.extends = strings.TrimSpace(p.str(v, k))
			f.extendsPos = Position{File: origin, Line: v.Line}
			if f.extends == "" {
				p.errorf(v, k, "empty; name a built-in scenario or a file")
			}
		case "modules":
			p.modules(v, f)
		case "regions":
			p.regions(v, f)
		case "params":
			f.paramsPos = Position{File: origin, Line: kn.Line}
			p.params(v, f)
		default:
			p.errorf(kn, k, "unknown field%s (fields: %s)", didYouMean(k, topFields), strings.Join(topFields, ", "))
		}
	})
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// decodeOne decodes the first YAML document and refuses a second: a stray
// "---" would otherwise silently drop the rest of the file. yaml.v3 is not
// expected to panic, but a panic on hostile input must become an error.
func decodeOne(data []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(doc); err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return fmt.Errorf("yaml: line %d: more than one YAML document (remove the second ---)", extra.Line)
	} else if err != io.EOF {
		return err
	}
	return nil
}

// yamlErrorLine digs the line number out of a yaml.v3 message ("yaml: line
// 7: …"), defaulting to 1.
func yamlErrorLine(err error) int {
	msg := err.Error()
	if _, rest, ok := strings.Cut(msg, "line "); ok {
		end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
		if end > 0 {
			if n, err := strconv.Atoi(rest[:end]); err == nil && n > 0 {
				return n
			}
		}
	}
	return 1
}

// misindentedLine finds the first line from line `from` on whose
// indentation falls between two open levels of block indentation (a key
// dedented to no enclosing key's column), or 0. Blank and comment lines
// and block scalars' bodies are skipped.
func misindentedLine(data []byte, from int) int {
	var levels []int // indentation of the open levels, increasing
	scalar := -1     // inside a block scalar (| or >) indented deeper than this
	for i, line := range strings.Split(string(data), "\n") {
		text := strings.TrimLeft(line, " ")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		ind := len(line) - len(text)
		if scalar >= 0 && ind > scalar {
			continue
		}
		scalar = -1
		popped := false
		for len(levels) > 0 && levels[len(levels)-1] > ind {
			levels, popped = levels[:len(levels)-1], true
		}
		if popped && (len(levels) == 0 || levels[len(levels)-1] < ind) && i+1 >= from {
			return i + 1 // dedented onto a column no open level has
		}
		if len(levels) == 0 || levels[len(levels)-1] < ind {
			levels = append(levels, ind)
		}
		if t := strings.TrimSpace(strings.SplitN(text, " #", 2)[0]); strings.HasSuffix(t, "|") || strings.HasSuffix(t, ">") ||
			strings.HasSuffix(t, "|-") || strings.HasSuffix(t, ">-") {
			scalar = ind
		}
	}
	return 0
}

func yamlErrorMsg(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if _, rest, ok := strings.Cut(msg, "line "); ok && strings.HasPrefix(msg, "line ") {
		if _, after, ok := strings.Cut(rest, ": "); ok {
			return after
		}
	}
	return msg
}

// eachPair calls fn for each key of a mapping in file order, reporting
// non-scalar and duplicate keys. ctx names the mapping in messages.
func (p *parser) eachPair(m *yaml.Node, ctx string, fn func(k string, kn, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := p.deref(m.Content[i])
		v := p.deref(m.Content[i+1])
		if kn == nil || v == nil {
			return
		}
		if kn.Kind != yaml.ScalarNode {
			p.errorf(kn, ctx, "a key must be a plain name")
			continue
		}
		k := kn.Value
		if first, dup := seen[k]; dup {
			p.errorf(kn, join(ctx, k), "set twice (first at line %d)", first)
			continue
		}
		seen[k] = kn.Line
		fn(k, kn, v)
	}
}

func join(ctx, k string) string {
	if ctx == "" {
		return k
	}
	return ctx + "." + k
}

func (p *parser) str(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode {
		p.errorf(v, key, "must be a string")
		return ""
	}
	return v.Value
}

func (p *parser) mapping(v *yaml.Node, key string) bool {
	if v.Kind != yaml.MappingNode {
		p.errorf(v, key, "must be a mapping")
		return false
	}
	return true
}

// regions reads the list of regions, "[us, china, row]"; [world] is the
// single-region model.
func (p *parser) regions(v *yaml.Node, f *file) {
	f.regionsPos = Position{File: p.origin, Line: v.Line}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		p.errorf(v, "regions", "must be a list of region names, [us, china, row] (or [world]), got %s", describe(v))
		return
	}
	f.regions = []string{}
	for _, n := range v.Content {
		n = p.deref(n)
		if n == nil {
			return
		}
		if n.Kind != yaml.ScalarNode {
			p.errorf(n, "regions", "a region is a name, got %s", describe(n))
			continue
		}
		if err := constraints.CheckRegionName(n.Value); err != nil {
			p.errorf(n, "regions", "%s", strings.TrimPrefix(err.Error(), "constraints: "))
			continue
		}
		if contains(f.regions, n.Value) {
			p.errorf(n, "regions", "region %s is listed twice", n.Value)
			continue
		}
		f.regions = append(f.regions, n.Value)
	}
	if len(f.regions) > 1 && contains(f.regions, constraints.WorldRegion) {
		p.errorf(v, "regions", "world is the single-region model, not one region among others")
	}
}

func (p *parser) modules(v *yaml.Node, f *file) {
	if !p.mapping(v, "modules") {
		return
	}
	known := constraints.Modules()
	p.eachPair(v, "modules", func(name string, kn, b *yaml.Node) {
		key := "modules." + name
		if !contains(known, name) {
			p.errorf(kn, key, "unknown module%s (modules: %s)", didYouMean(name, known), strings.Join(known, ", "))
			return
		}
		var on bool
		if b.Kind != yaml.ScalarNode || b.Tag != "!!bool" || b.Decode(&on) != nil {
			p.errorf(b, key, "must be true or false, got %s", describe(b))
			return
		}
		f.modules[name] = on
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describe renders a node for a message, briefly.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return strconv.Quote(v)
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "nothing"
}

func (p *parser) params(v *yaml.Node, f *file) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return
	}
	if !p.mapping(v, "params") {
		return
	}
	keys := registryKeys()
	p.eachPair(v, "", func(key string, kn, pv *yaml.Node) {
		reg, ok := LookupKey(key)
		if !ok {
			p.errorf(kn, key, "%s", unknownKey(key, keys))
			return
		}
		if param := p.param(reg, kn, pv); param != nil {
			f.params[key] = param
		}
	})
}

// param reads one parameter's fields. It returns nil if anything is wrong
// (the problems are recorded).
func (p *parser) param(reg constraints.Param, kn, v *yaml.Node) *Param {
	key := reg.Key
	if !p.mapping(v, key) {
		return nil
	}
	before := len(p.errs)
	out := &Param{Key: key, Pos: Position{File: p.origin, Line: kn.Line}}
	var valueNode, distNode *yaml.Node
	p.eachPair(v, key, func(field string, fn, fv *yaml.Node) {
		switch field {
		case "value":
			valueNode = fv
		case "unit":
			out.Unit = strings.TrimSpace(p.str(fv, key+".unit"))
		case "source":
			out.Source = strings.TrimSpace(p.str(fv, key+".source"))
			if out.Source == "" && fv.Kind == yaml.ScalarNode {
				p.errorf(fv, key, "empty source; quote the interview or name a report")
			}
		case "confidence":
			out.Confidence = p.str(fv, key+".confidence")
			if fv.Kind == yaml.ScalarNode && !contains(confidences, out.Confidence) {
				p.errorf(fv, key, "confidence %q is not one of %s", out.Confidence, strings.Join(confidences, ", "))
			}
		case "dist":
			distNode = fv
		default:
			p.errorf(fn, key, "unknown field %q%s (fields: %s)", field, didYouMean(field, paramFields), strings.Join(paramFields, ", "))
		}
	})
	// An entry with a dist and no value adds the dist to the parameter the
	// scenario extends: value, source and confidence are inherited, and a
	// unit, if given, is the unit of an absolute dist's bounds.
	out.distOnly = valueNode == nil && distNode != nil
	if out.distOnly {
		for _, f := range []string{"source", "confidence"} {
			if n := fieldNode(v, f); n != nil {
				p.errorf(n, key, "%s without value: an entry with only a dist keeps the inherited value, unit, source and confidence (the range's own source goes in dist: source:)", f)
			}
		}
	} else {
		for _, m := range []struct {
			name string
			set  bool
		}{{"value", valueNode != nil}, {"unit", hasField(v, "unit")}, {"source", hasField(v, "source")}, {"confidence", hasField(v, "confidence")}} {
			if !m.set {
				p.errorf(kn, key, "missing %s", m.name)
			}
		}
	}
	factor := 0.0
	if out.Unit != "" {
		f, err := paramFactor(reg, out.Unit)
		if err != nil {
			p.errorf(fieldNode(v, "unit"), key, "%v", err)
		} else {
			factor = f
		}
	} else if u := fieldNode(v, "unit"); u != nil && u.Kind == yaml.ScalarNode {
		p.errorf(u, key, "empty unit (write %q for this parameter)", reg.Unit)
	}
	if valueNode != nil {
		t, written, ok := p.value(valueNode, key)
		out.Written = written
		if ok && factor != 0 {
			t = t.Scaled(factor)
			if msg := checkRange(reg, t); msg != "" {
				p.errorf(valueNode, key, "%s", msg)
			}
			out.Value = t
		}
	}
	if distNode != nil {
		out.Dist = p.dist(distNode, key, factor)
	}
	if len(p.errs) > before {
		return nil
	}
	return out
}

func hasField(m *yaml.Node, name string) bool { return fieldNode(m, name) != nil }

func fieldNode(m *yaml.Node, name string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == name {
			return m.Content[i+1]
		}
	}
	return nil
}

// number reads a finite number from a scalar node.
func (p *parser) number(n *yaml.Node, key, what string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
			// yaml.v3 leaves a number too large for a float64 as a string.
			if _, err := strconv.ParseFloat(n.Value, 64); errors.Is(err, strconv.ErrRange) {
				p.errorf(n, key, "%s %s is not a finite number", what, n.Value)
				return 0, false
			}
		}
		hint := ""
		if n.Kind == yaml.ScalarNode && numberPrefix(n.Value) > 0 && numberPrefix(n.Value) < len(n.Value) {
			hint = " (put the unit in unit:)"
		}
		p.errorf(n, key, "%s must be a number, got %s%s", what, describe(n), hint)
		return 0, false
	}
	x, err := parseYAMLNumber(n.Value)
	if err != nil {
		p.errorf(n, key, "%s %q is not a number", what, n.Value)
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		p.errorf(n, key, "%s %s is not a finite number", what, n.Value)
		return 0, false
	}
	return x, true
}

// parseYAMLNumber accepts what yaml.v3 tags as !!int or !!float: decimal,
// 0x/0o/0b integers, underscores, and .inf/.nan (rejected later as not
// finite).
func parseYAMLNumber(s string) (float64, error) {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	case ".nan":
		return math.NaN(), nil
	}
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return float64(i), nil
	}
	if u, err := strconv.ParseUint(clean, 0, 64); err == nil {
		return float64(u), nil
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, err
	}
	return f, nil // ±Inf on overflow, rejected by the caller
}

// value reads a scalar or a year: value mapping into a trajectory in the
// units as written. Years must be strictly increasing in file order, since
// a file that lists 2030 before 2028 is more likely a typo than intent.
func (p *parser) value(n *yaml.Node, key string) (constraints.Trajectory, string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		x, ok := p.number(n, key, "value")
		return constraints.Constant(x), n.Value, ok
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			p.errorf(n, key, "empty trajectory; give at least one year: value")
			return constraints.Trajectory{}, "{}", false
		}
		var t constraints.Trajectory
		var parts []string
		ok := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			yn, vn := p.deref(n.Content[i]), p.deref(n.Content[i+1])
			if yn == nil || vn == nil {
				return constraints.Trajectory{}, "", false
			}
			y, yok := p.number(yn, key, "trajectory year")
			x, xok := p.number(vn, key, "value")
			if yok && (y < minYear || y > maxYear) {
				p.errorf(yn, key, "trajectory year %s is outside %d–%d", yn.Value, minYear, maxYear)
				yok = false
			}
			if yok && len(t.Years) > 0 && y <= t.Years[len(t.Years)-1] {
				p.errorf(yn, key, "trajectory year %s is not after %s; write years in increasing order", yn.Value, formatFloat(t.Years[len(t.Years)-1]))
				yok = false
			}
			if !yok || !xok {
				ok = false
				continue
			}
			t.Years = append(t.Years, y)
			t.Values = append(t.Values, x)
			parts = append(parts, yn.Value+": "+vn.Value)
		}
		return t, "{" + strings.Join(parts, ", ") + "}", ok
	}
	p.errorf(n, key, "value must be a number or a {year: value} mapping, got %s", describe(n))
	return constraints.Trajectory{}, "", false
}

// dist reads a distribution; factor converts absolute bounds from the
// written unit to the canonical one (0 if the unit was bad).
func (p *parser) dist(n *yaml.Node, key string, factor float64) *Dist {
	ctx := key + ".dist"
	if !p.mapping(n, ctx) {
		return nil
	}
	d := &Dist{Relative: true}
	set := map[string]bool{}
	p.eachPair(n, ctx, func(field string, fn, fv *yaml.Node) {
		switch field {
		case "kind":
			d.Kind = p.str(fv, ctx)
		case "scale":
			switch s := p.str(fv, ctx); s {
			case "relative":
			case "absolute":
				d.Relative = false
			default:
				if fv.Kind == yaml.ScalarNode {
					p.errorf(fv, ctx, "scale %q is not relative or absolute", s)
				}
			}
		case "source":
			d.Source = strings.TrimSpace(p.str(fv, ctx+".source"))
			if d.Source == "" && fv.Kind == yaml.ScalarNode {
				p.errorf(fv, ctx, "empty source; name where the range comes from")
			}
		case "low", "mode", "high", "mu", "sigma":
			x, ok := p.number(fv, ctx, field)
			if !ok {
				return
			}
			set[field] = true
			switch field {
			case "low":
				d.Low = x
			case "mode":
				d.Mode = x
			case "high":
				d.High = x
			case "mu":
				d.Mu = x
			case "sigma":
				d.Sigma = x
			}
		default:
			p.errorf(fn, ctx, "unknown field %q%s (fields: %s)", field, didYouMean(field, distFields), strings.Join(distFields, ", "))
		}
	})
	need := map[string][]string{"uniform": {"low", "high"}, "triangular": {"low", "mode", "high"}, "lognormal": {"mu", "sigma"}}
	fields, ok := need[d.Kind]
	if !ok {
		p.errorf(n, ctx, "kind %q is not uniform, triangular or lognormal", d.Kind)
		return nil
	}
	for _, f := range []string{"low", "mode", "high", "mu", "sigma"} {
		if set[f] && !contains(fields, f) {
			p.errorf(n, ctx, "%s is not used by a %s distribution (it takes %s)", f, d.Kind, strings.Join(fields, ", "))
		}
		if !set[f] && contains(fields, f) {
			p.errorf(n, ctx, "missing %s for a %s distribution", f, d.Kind)
		}
	}
	switch {
	case d.Kind == "uniform" && d.Low > d.High:
		p.errorf(n, ctx, "low %s is above high %s", formatFloat(d.Low), formatFloat(d.High))
	case d.Kind == "triangular" && !(d.Low <= d.Mode && d.Mode <= d.High):
		p.errorf(n, ctx, "need low ≤ mode ≤ high, got %s, %s, %s", formatFloat(d.Low), formatFloat(d.Mode), formatFloat(d.High))
	case d.Kind == "lognormal" && d.Sigma < 0:
		p.errorf(n, ctx, "sigma %s is negative", formatFloat(d.Sigma))
	case d.Relative && d.Kind != "lognormal" && d.Low < 0:
		p.errorf(n, ctx, "a relative distribution multiplies the value; low %s is negative", formatFloat(d.Low))
	}
	if !d.Relative && factor != 0 {
		d.Low, d.Mode, d.High = d.Low*factor, d.Mode*factor, d.High*factor
		if d.Kind == "lognormal" {
			d.Mu += math.Log(factor)
		}
	}
	return d
}

// inheritDist puts the dist of a dist-only entry on base, the parameter as
// the extended scenario sets it, and returns the merged parameter. An
// absolute dist written without a unit is in base's unit as written.
func inheritDist(base, entry *Param, extends string) (*Param, error) {
	if base == nil {
		if extends == "" {
			return nil, fmt.Errorf("dist without value: give value, unit, source and confidence (only a scenario that extends another can add a dist alone)")
		}
		return nil, fmt.Errorf("dist without value, and %s does not set this parameter: give value, unit, source and confidence", extends)
	}
	d := *entry.Dist
	if !d.Relative && entry.Unit == "" {
		reg, _ := LookupKey(base.Key)
		factor, err := paramFactor(reg, base.Unit)
		if err != nil {
			return nil, fmt.Errorf("dist: the inherited unit %q: %v", base.Unit, err)
		}
		d.Low, d.Mode, d.High = d.Low*factor, d.Mode*factor, d.High*factor
		if d.Kind == "lognormal" {
			d.Mu += math.Log(factor)
		}
	}
	out := base.clone()
	out.Dist = &d
	return out, nil
}
