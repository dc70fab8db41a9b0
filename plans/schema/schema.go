// Package schema holds the versioned JSON Schemas (draft 2020-12) of the JSON documents teraplan writes, and validates documents against them.
package schema

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.schema.json
var files embed.FS

// documents maps each schema's short name to its file. The short name is
// also what the document's "schema" field says before the version:
// "teraplan.plan/v1" is Get("plan").
var documents = map[string]string{
	"plan":      "plan.v1.schema.json",      // teraplan plan --format json
	"limits":    "limits.v1.schema.json",    // teraplan limits --year N --format json
	"timeline":  "timeline.v1.schema.json",  // teraplan limits --years A-B --format json
	"claims":    "claims.v1.schema.json",    // teraplan claims --format json
	"sweep-run": "sweep-run.v1.schema.json", // one line of teraplan sweep's JSON Lines
	"compare":   "compare.v1.schema.json",   // teraplan compare A B --format json

	"claims-odds":  "claims-odds.v1.schema.json",  // teraplan claims --samples N --format json
	"alternatives": "alternatives.v1.schema.json", // teraplan alternatives --format json
}

// Names returns the short names of the schemas, sorted.
func Names() []string {
	out := make([]string, 0, len(documents))
	for n := range documents {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the schema named name — a short name ("plan") or a document's
// schema field ("teraplan.plan/v1") — or nil if there is none.
func Get(name string) []byte {
	file, ok := documents[shortName(name)]
	if !ok {
		return nil
	}
	b, err := files.ReadFile(file)
	if err != nil {
		panic("schema: embedded file missing: " + file) // a build error, not an input error
	}
	return b
}

// ID returns the schema's "$id", "" if there is no such schema.
func ID(name string) string {
	if _, ok := documents[shortName(name)]; !ok {
		return ""
	}
	return "urn:teraplan:schema:" + shortName(name) + ":v1"
}

func shortName(name string) string {
	if s, ok := strings.CutPrefix(name, "teraplan."); ok {
		if base, ver, ok := strings.Cut(s, "/"); ok && ver == "v1" {
			return base
		}
		return ""
	}
	return name
}

var compiled = sync.OnceValues(compileAll)

// compileAll compiles every schema, each checked against the draft 2020-12
// meta-schema, with all of them loaded so they can refer to one another.
func compileAll() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for name := range documents {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Get(name)))
		if err != nil {
			return nil, fmt.Errorf("schema: %s: %w", name, err)
		}
		if err := c.AddResource(ID(name), doc); err != nil {
			return nil, fmt.Errorf("schema: %s: %w", name, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range Names() {
		s, err := c.Compile(ID(name))
		if err != nil {
			return nil, fmt.Errorf("schema: %s: %w", name, err)
		}
		out[name] = s
	}
	return out, nil
}

// Validate checks the JSON document doc against the schema named name.
// The error lists every violation with its JSON pointer.
func Validate(name string, doc []byte) error {
	all, err := compiled()
	if err != nil {
		return err
	}
	s, ok := all[shortName(name)]
	if !ok {
		return fmt.Errorf("schema: no schema named %q (have %s)", name, strings.Join(Names(), ", "))
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("schema: %s: not JSON: %w", name, err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("schema: %s: %w", name, err)
	}
	return nil
}
