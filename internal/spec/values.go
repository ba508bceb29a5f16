package spec

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// StateProperty is the private org property in which kindesync keeps the
// fingerprint of the write-only settings it applied (DESIGN §3); a file
// may not manage it.
const StateProperty = "kindesync_state"

var connectionsField = field{name: "connections", typ: tNames,
	desc: "Enabled connections, each by name or id; present means exactly these ([] disables every one).",
	set: func(d *decoder, f *field, parent any, n *yaml.Node) {
		var refs []Ref
		ok := d.eachString(f.typ, n, func(v string, item *yaml.Node) {
			refs = append(refs, Ref{Pos: d.pos(item), Value: v})
		})
		if ok {
			parent.(*Organization).Connections = nonNil(refs)
		}
	},
	get: func(e *encoder, f *field, parent any) *yaml.Node {
		refs := parent.(*Organization).Connections
		if refs == nil {
			return nil
		}
		seq := flowSeq(len(refs))
		for _, r := range slices.SortedFunc(slices.Values(refs), func(a, b Ref) int { return cmp.Compare(a.Value, b.Value) }) {
			seq.Content = append(seq.Content, strNode(r.Value))
		}
		return seq
	}}

var flagsField = field{name: "feature_flags", typ: tFlags,
	desc: "Organization feature flag overrides by flag key. Values keep their YAML type (true, 50, \"50\", or an object for a json flag), checked against the flag's type.",
	set: func(d *decoder, f *field, parent any, n *yaml.Node) {
		var flags []FlagOverride
		ok := d.eachPair(n, func(key string, k, v *yaml.Node) {
			fv, ok := d.flagValue(v)
			if ok {
				flags = append(flags, FlagOverride{Pos: d.pos(k), Key: key, Value: fv})
			}
		})
		if ok {
			parent.(*Organization).FeatureFlags = nonNil(flags)
		}
	},
	get: func(e *encoder, f *field, parent any) *yaml.Node {
		flags := parent.(*Organization).FeatureFlags
		if flags == nil {
			return nil
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, fl := range slices.SortedFunc(slices.Values(flags), func(a, b FlagOverride) int { return cmp.Compare(a.Key, b.Key) }) {
			var v *yaml.Node
			switch fl.Value.Type {
			case FlagBool:
				v = boolNode(fl.Value.Bool)
			case FlagInt:
				v = intNode(fl.Value.Int)
			case FlagJSON:
				v = jsonNode(fl.Value.String)
			default:
				v = strNode(fl.Value.String)
			}
			m.Content = append(m.Content, strNode(fl.Key), v)
		}
		return m
	}}

var propertiesField = field{name: "properties", typ: tProperties,
	desc: "Organization property values by property key; any scalar, kept as the string Kinde stores.",
	set: func(d *decoder, f *field, parent any, n *yaml.Node) {
		var props []PropertyValue
		ok := d.eachPair(n, func(key string, k, v *yaml.Node) {
			if key == StateProperty {
				d.errorf(k, "%s is kindesync's own property and cannot be set in a file", key)
				return
			}
			if v, ok := d.scalarText(v); ok {
				props = append(props, PropertyValue{Pos: d.pos(k), Key: key, Value: v})
			}
		})
		if ok {
			parent.(*Organization).Properties = nonNil(props)
		}
	},
	get: func(e *encoder, f *field, parent any) *yaml.Node {
		props := parent.(*Organization).Properties
		if props == nil {
			return nil
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, p := range slices.SortedFunc(slices.Values(props), func(a, b PropertyValue) int { return cmp.Compare(a.Key, b.Key) }) {
			m.Content = append(m.Content, strNode(p.Key), strNode(p.Value))
		}
		return m
	}}

// checkOrganization runs after an organization's fields are decoded: the
// member list must not name anyone twice. Maps keep this linear for large
// organizations.
func checkOrganization(d *decoder, parent any, n *yaml.Node) {
	o := parent.(*Organization)
	o.Pos = d.pos(n)
	checkInvitations(d, o)
	if len(o.Members) < 2 {
		return
	}
	d.push("members", -1)
	defer d.pop()
	emails := make(map[string]Pos, len(o.Members))
	ids := make(map[string]Pos)
	for _, m := range o.Members {
		if m.Email != "" {
			if first, dup := emails[m.Email]; dup {
				d.errorAt(m.Pos, "%s is listed twice (first at %s); emails compare case-insensitively", m.Email, first.relativeTo(m.Pos.File))
			} else {
				emails[m.Email] = m.Pos
			}
		}
		if m.ID != "" {
			if first, dup := ids[m.ID]; dup {
				d.errorAt(m.Pos, "user id %s is listed twice (first at %s)", m.ID, first.relativeTo(m.Pos.File))
			} else {
				ids[m.ID] = m.Pos
			}
		}
	}
}

// flagValue keeps the YAML type of a flag value: a quoted "50" is a string.
func (d *decoder) flagValue(n *yaml.Node) (FlagValue, bool) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!bool":
			if b, ok := parseBool(n.Value); ok {
				return FlagValue{Type: FlagBool, Bool: b}, true
			}
		case "!!int", "!!float":
			if n.ShortTag() == "!!float" && !intLiteral.MatchString(n.Value) {
				break // 1.5, 1e10: not an integer
			}
			if i, ok := d.int(tFlagInt, n); ok {
				return FlagValue{Type: FlagInt, Int: i}, true
			}
			return FlagValue{}, false
		case "!!str":
			if !d.checkControl(n, n.Value, true) {
				return FlagValue{}, false
			}
			return FlagValue{Type: FlagString, String: n.Value}, true
		case "!!null":
			d.errorf(n, "has no value: write true/false, a number or a string")
			return FlagValue{}, false
		}
	}
	if n.Kind == yaml.MappingNode {
		// A flag of type json: the object, kept as canonical JSON.
		var v any
		if err := n.Decode(&v); err != nil {
			d.errorf(n, "is not an object JSON can hold: %v", err)
			return FlagValue{}, false
		}
		b, err := json.Marshal(v)
		if err != nil {
			d.errorf(n, "is not an object JSON can hold (keys must be strings)")
			return FlagValue{}, false
		}
		return FlagValue{Type: FlagJSON, String: string(b)}, true
	}
	d.errorf(n, "must be a bool, an integer, a string, or for a json flag an object, not %s", describe(n))
	return FlagValue{}, false
}

// CanonicalJSON re-encodes a JSON value with sorted keys and no spaces, the
// form a json flag's FlagValue.String holds, so that Kinde's answer and the
// file compare equal whatever their key order.
func CanonicalJSON(text string) (string, error) {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// jsonNode is a json flag's value as a YAML flow mapping, for export.
func jsonNode(text string) *yaml.Node {
	var doc yaml.Node
	if yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) != 1 {
		return strNode(text)
	}
	n := doc.Content[0]
	n.Style = yaml.FlowStyle
	return n
}

// scalarText accepts any scalar but null, as the text written.
func (d *decoder) scalarText(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, "must be a string, a number or a bool, not %s", describe(n))
		return "", false
	}
	if !d.checkControl(n, n.Value, true) {
		return "", false
	}
	return n.Value, true
}

// normColor accepts #rgb and #rrggbb and returns lower-case #rrggbb, the
// form Kinde's hex reads back as (DESIGN §3).
func normColor(s string) (string, bool) {
	if (len(s) != 4 && len(s) != 7) || s[0] != '#' {
		return "", false
	}
	for i := 1; i < len(s); i++ {
		if !isHex(s[i]) {
			return "", false
		}
	}
	s = strings.ToLower(s)
	if len(s) == 4 {
		s = string([]byte{'#', s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	return s, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// validEmail is a deliberately plain check (one @, a sane local part, a
// dotted domain), written by hand because it runs once per member.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at > 64 || at != strings.LastIndexByte(s, '@') || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; c <= ' ' || c == 0x7f || strings.IndexByte(`"(),:;<>[\]`, c) >= 0 {
			return false
		}
	}
	labels := 0
	for label := range strings.SplitSeq(domain, ".") {
		labels++
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c == '-' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		}
	}
	return labels >= 2
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "y":
		return true, true
	case "false", "no", "off", "n":
		return false, true
	}
	return false, false
}

func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func intNode(i int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(i, 10)}
}

func flowSeq(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: make([]*yaml.Node, 0, n)}
}
