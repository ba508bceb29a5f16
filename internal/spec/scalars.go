package spec

import (
	"fmt"
	"regexp"
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
	if t.enum == nil && !d.checkControl(n, v, false) {
		return "", false
	}
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
		return d.checkLogo(n, v)
	}
	return v, true
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
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" && intLiteral.MatchString(n.Value):
		// yaml.v3 tags an integer too large for 64 bits as a float; it is
		// refused here, never rounded.
		d.errorf(n, "%s is out of range (%s)", n.Value, t.rangeText())
	case n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int":
		d.errorf(n, "must be an integer, not %s", describe(n))
	case n.Decode(&v) != nil:
		d.errorf(n, "%s is out of range (%s)", n.Value, t.rangeText())
	case t.only != 0 && v != t.only:
		d.errorf(n, "must be %d, not %d", t.only, v)
	case v < 0 && !t.signed:
		d.errorf(n, "must not be negative")
	case t.max != 0 && (v > t.max || v < t.min):
		d.errorf(n, "%s is out of range (%s)", n.Value, t.rangeText())
	default:
		return v, true
	}
	return 0, false
}

// intLiteral is a plain decimal integer, the form yaml.v3 resolves to a
// float when it does not fit 64 bits.
var intLiteral = regexp.MustCompile(`^[-+]?[0-9][0-9_]*$`)

// rangeText says which integers t takes, for a message.
func (t *typ) rangeText() string {
	switch {
	case t.max != 0:
		return fmt.Sprintf("%d to %d", t.min, t.max)
	case t.signed:
		return "a 64-bit integer"
	}
	return "at least 0"
}
