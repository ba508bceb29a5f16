package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// committedSchemas are the versioned copy and the one at the old path.
var committedSchemas = []string{
	filepath.Join("..", "..", "schema", "v1", "kindesync.schema.json"),
	filepath.Join("..", "..", "schema", "kindesync.schema.json"),
}

// TestSchemaCommitted keeps the committed schemas equal to what
// `kindesync schema` prints; go test -update rewrites them.
func TestSchemaCommitted(t *testing.T) {
	got := Schema()
	for _, committedSchema := range committedSchemas {
		if *update {
			if err := os.WriteFile(committedSchema, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(committedSchema)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s is stale; run go test ./internal/spec -update (-committed +generated):\n%s", committedSchema, diff)
		}
	}
}

// TestExamples: every example config names the schema for editors and
// loads without problems. live.yaml beside an example is the emulator's
// state file, a different format.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const modeline = "# yaml-language-server: $schema=" + SchemaID + "\n"
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "live.yaml" {
			continue
		}
		n++
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(src, []byte(modeline)) {
			t.Errorf("%s does not start with %q", f, modeline)
		}
		if _, err := testLoader.Load(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if n == 0 {
		t.Error("no examples found")
	}
}

// TestSchemaAgreesWithDecoder checks the schema with a small validator of
// the keywords it uses: every valid file must pass, and invalid files
// whose fault a schema can see must fail.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: schema}
	check := func(file string) []string {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text, _, _ := interpolate(file, src, testLoader.LookupEnv)
		var doc any
		if err := yaml.Unmarshal(text, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		return v.validate(schema, doc, "")
	}
	valid, _ := filepath.Glob(filepath.Join(corpus, "valid", "*.yaml"))
	multi, _ := filepath.Glob(filepath.Join(corpus, "valid", "multi", "*.y*ml"))
	valid = append(append(valid, multi...), filepath.Join("..", "..", "examples", "basic", "kindesync.yaml"))
	for _, f := range valid {
		if errs := check(f); len(errs) > 0 {
			t.Errorf("schema refuses valid %s:\n%s", f, strings.Join(errs, "\n"))
		}
	}
	for _, name := range []string{"unknown-key-top", "unknown-key-org", "unknown-key-member", "unknown-key-nested",
		"version-missing", "version-2", "version-string", "theme-code", "mfa-factor", "mfa-missing-factors",
		"persistence-mode", "missing-users", "colour-bad", "colour-unquoted", "email-sender", "new-org-no-identity",
		"negative-lifetime", "lifetime-type", "duplicate-role", "duplicate-permission", "duplicate-list-items",
		"member-both", "member-neither", "wrong-type-bool", "wrong-type-string", "wrong-type-list",
		"null-collection", "organizations-not-list", "flag-values", "flags-not-mapping", "empty-strings"} {
		f := filepath.Join(corpus, "invalid", name+".yaml")
		if errs := check(f); len(errs) == 0 {
			t.Errorf("schema accepts invalid %s", f)
		}
	}
}

// validator knows the JSON Schema keywords that Schema emits.
type validator struct{ root map[string]any }

func (v *validator) validate(s map[string]any, x any, at string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := s["$ref"].(string); ok {
		def := v.root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		errs = append(errs, v.validate(def, x, at)...)
	}
	if t, ok := s["type"]; ok && !slices.ContainsFunc(types(t), func(t string) bool { return hasType(x, t) }) {
		fail("%v is not of type %v", x, t)
		return errs
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		fail("%v is not %v", x, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, x) {
		fail("%v is not in %v", x, e)
	}
	if str, ok := x.(string); ok {
		if m, ok := s["minLength"].(float64); ok && len(str) < int(m) {
			fail("%q is too short", str)
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if m, ok := s["minimum"].(float64); ok && hasType(x, "number") && toFloat(x) < m {
		fail("%v is below %v", x, m)
	}
	if list, ok := x.([]any); ok {
		for i, item := range list {
			if items, ok := s["items"].(map[string]any); ok {
				errs = append(errs, v.validate(items, item, fmt.Sprintf("%s[%d]", at, i))...)
			}
			if s["uniqueItems"] == true && slices.Contains(list[:i], item) {
				fail("%v is repeated", item)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for k, val := range obj {
			if names, ok := s["propertyNames"].(map[string]any); ok {
				errs = append(errs, v.validate(names, k, at+"."+k)...)
			}
			switch p, known := props[k].(map[string]any); {
			case known:
				errs = append(errs, v.validate(p, val, at+"."+k)...)
			case s["additionalProperties"] == false:
				fail("unknown key %s", k)
			default:
				if ap, ok := s["additionalProperties"].(map[string]any); ok {
					errs = append(errs, v.validate(ap, val, at+"."+k)...)
				}
			}
		}
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("%s is missing", r)
			}
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok && !slices.ContainsFunc(anyOf, func(sub any) bool {
		return len(v.validate(sub.(map[string]any), x, at)) == 0
	}) {
		fail("matches none of anyOf")
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range oneOf {
			if len(v.validate(sub.(map[string]any), x, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			fail("matches %d of oneOf", n)
		}
	}
	if not, ok := s["not"].(map[string]any); ok && len(v.validate(not, x, at)) == 0 {
		fail("matches not")
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func types(t any) []string {
	if s, ok := t.(string); ok {
		return []string{s}
	}
	var out []string
	for _, s := range asList(t) {
		out = append(out, s.(string))
	}
	return out
}

func hasType(x any, t string) bool {
	switch x.(type) {
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case int, int64, uint64:
		return t == "integer" || t == "number"
	case float64:
		return t == "number"
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	}
	return t == "null" && x == nil
}

func toFloat(x any) float64 {
	switch n := x.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	case float64:
		return n
	}
	return 0
}
