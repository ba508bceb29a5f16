package spec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The scalar decoders are strict about YAML types: a string field takes a
// YAML string, a bool true or false, an integer an integer. Each reports
// its own problem and returns false.

func describe(n *yaml.Node) string {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch t := n.ShortTag(); t {
	case "!!null":
		return "null"
	case "!!bool":
		return "a bool"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!str":
		return "a string"
	case "!!timestamp":
		return "a timestamp"
	default:
		return "a value tagged " + t
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// str decodes a string of type t: a YAML string (123 or true are refused
// rather than silently turned into text), checked and normalised by t.
func (d *decoder) str(t *typ, n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		switch {
		case isNull(n) && t.nullable:
			return "", false
		case isNull(n) && t.format == fColor:
			d.errorf(n, `has no value: quote colours ("#fff"), as an unquoted # starts a comment`)
		case isNull(n):
			d.errorf(n, "has no value: leave the key out to leave it unmanaged")
		case n.Kind == yaml.ScalarNode:
			d.errorf(n, "must be a string, not %s (quote it: %q)", describe(n), n.Value)
		default:
			d.errorf(n, "must be a string, not %s", describe(n))
		}
		return "", false
	}
	v := n.Value
	switch {
	case v == "" && (t.nonEmpty || t.format != fPlain || t.enum != nil):
		d.errorf(n, "must not be empty")
		return "", false
	case t.maxLen > 0 && utf8.RuneCountInString(v) > t.maxLen:
		d.errorf(n, "is %d characters long; at most %d are allowed", utf8.RuneCountInString(v), t.maxLen)
		return "", false
	case t.enum != nil && !slices.Contains(t.enum, v):
		d.errorf(n, "%q is not one of %s", v, strings.Join(t.enum, ", "))
		return "", false
	}
	switch t.format {
	case fColor:
		c, ok := normColor(v)
		if !ok {
			d.errorf(n, "%q is not a colour: write #rgb or #rrggbb", v)
		}
		return c, ok
	case fEmail:
		if !validEmail(v) {
			d.errorf(n, "%q is not an email address", v)
			return "", false
		}
		return strings.ToLower(v), true
	case fPath:
		return d.checkFile(n, v)
	}
	return v, true
}

// checkFile resolves a path relative to the YAML file and checks that it
// names a file.
func (d *decoder) checkFile(n *yaml.Node, v string) (string, bool) {
	p := v
	if !filepath.IsAbs(p) {
		p = filepath.Join(d.dir, p)
	}
	p = filepath.Clean(p)
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.errorf(n, "%s does not exist (paths are relative to the YAML file)", v)
	case err != nil:
		d.errorf(n, "%s: %v", v, errors.Unwrap(err))
	case fi.IsDir():
		d.errorf(n, "%s is a directory, not a file", v)
	default:
		return p, true
	}
	return "", false
}

func (d *decoder) bool(n *yaml.Node) (bool, bool) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		if b, ok := parseBool(n.Value); ok {
			return b, true
		}
	}
	if isNull(n) {
		d.errorf(n, "has no value: leave the key out to leave it unmanaged")
	} else {
		d.errorf(n, "must be true or false, not %s", describe(n))
	}
	return false, false
}

func (d *decoder) int(t *typ, n *yaml.Node) (int64, bool) {
	n = resolve(n)
	var v int64
	switch {
	case isNull(n):
		d.errorf(n, "has no value: leave the key out to leave it unmanaged")
	case n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int":
		d.errorf(n, "must be an integer, not %s", describe(n))
	case n.Decode(&v) != nil:
		d.errorf(n, "%s is out of range", n.Value)
	case t.only != 0 && v != t.only:
		d.errorf(n, "must be %d, not %d", t.only, v)
	case v < 0 && !t.signed:
		d.errorf(n, "must not be negative")
	default:
		return v, true
	}
	return 0, false
}
