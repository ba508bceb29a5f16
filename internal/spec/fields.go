package spec

import (
	"cmp"
	"slices"

	"gopkg.in/yaml.v3"
)

// The format is described once, as data: every mapping is an object with
// a table of fields, and each field has a name, a value type, a
// description and two small functions that move its value between YAML
// and the model. The decoder, the JSON Schema generator and the renderer
// all walk these tables, so the three cannot disagree.

type kind uint8

const (
	kString kind = iota
	kBool
	kInt
	kList        // a sequence of elem
	kObject      // a mapping with the fixed keys of obj
	kFlagMap     // feature flag key -> bool, integer or string
	kPropertyMap // property key -> any scalar, kept as a string
	kListMap     // name -> a list of elem (members' API scopes)
	kFlagValue   // a bool, integer, string or object, keeping its YAML type
)

// format refines a string.
type format uint8

const (
	fPlain format = iota
	fColor        // #rgb or #rrggbb, normalised to lower-case #rrggbb
	fEmail        // lower-cased
	fPath         // a file relative to the YAML file, which must exist
)

// typ is the type of a value.
type typ struct {
	kind     kind
	format   format
	nonEmpty bool     // strings: "" is refused
	nullable bool     // strings: null is accepted and means unset
	maxLen   int      // strings: when non-zero, the most characters allowed
	enum     []string // strings: the allowed values
	only     int64    // integers: when non-zero, the one allowed value (version)
	signed   bool     // integers: negative values are allowed
	min, max int64    // integers: when max is non-zero, the allowed range (the API's)
	elem     *typ     // lists
	unique   bool     // lists of strings: an item may appear once
	obj      *object  // objects
}

// field is one key of an object.
type field struct {
	name     string
	typ      *typ
	desc     string
	required bool
	// set decodes n into parent (a pointer to the model struct); problems
	// go to d and leave the field unset.
	set func(d *decoder, f *field, parent any, n *yaml.Node)
	// get encodes the field of parent, or returns nil when it is unset.
	get func(e *encoder, f *field, parent any) *yaml.Node
}

// object is a mapping with fixed keys.
type object struct {
	name   string // the $defs name in the JSON Schema
	desc   string
	fields []field
	// anyOf and oneOf are keys of which at least one / exactly one must be
	// present; the decoder enforces them (with anyOfMsg, when set, as the
	// message) and the schema states them for editors.
	anyOf, oneOf []string
	anyOfMsg     string
	// check runs after the fields are decoded, for rules across fields.
	check func(d *decoder, parent any, n *yaml.Node)
}

func optString[T any](name string, t *typ, desc string, p func(*T) **string) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			if v, ok := d.str(f.typ, n); ok {
				*p(parent.(*T)) = &v
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			if v := *p(parent.(*T)); v != nil {
				return e.str(f.typ, *v)
			}
			return nil
		}}
}

// plainString is a string whose empty value means unset.
func plainString[T any](name string, t *typ, desc string, p func(*T) *string) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			if v, ok := d.str(f.typ, n); ok {
				*p(parent.(*T)) = v
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			if v := *p(parent.(*T)); v != "" {
				return e.str(f.typ, v)
			}
			return nil
		}}
}

func optBool[T any](name, desc string, p func(*T) **bool) field {
	return field{name: name, typ: tBool, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			if v, ok := d.bool(n); ok {
				*p(parent.(*T)) = &v
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			if v := *p(parent.(*T)); v != nil {
				return boolNode(*v)
			}
			return nil
		}}
}

func optInt[T any](name string, t *typ, desc string, p func(*T) **int64) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			if v, ok := d.int(f.typ, n); ok {
				*p(parent.(*T)) = &v
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			if v := *p(parent.(*T)); v != nil {
				return intNode(*v)
			}
			return nil
		}}
}

// stringList is a set of strings; pos, when given, receives the place of
// the list for later messages (CheckNames).
func stringList[T any](name string, t *typ, desc string, p func(*T) *[]string, pos func(*T) *Pos) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			if v, ok := d.strList(f.typ, n); ok {
				*p(parent.(*T)) = v
				if pos != nil {
					*pos(parent.(*T)) = d.pos(n)
				}
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			v := *p(parent.(*T))
			if v == nil {
				return nil
			}
			items := slices.Sorted(slices.Values(v))
			seq := flowSeq(len(items))
			for _, s := range items {
				seq.Content = append(seq.Content, e.str(f.typ.elem, s))
			}
			return seq
		}}
}

// objectPtr is a nested mapping, non-nil when present even if empty.
func objectPtr[T, C any](name string, t *typ, desc string, p func(*T) **C) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			c := new(C)
			if d.object(f.typ.obj, c, n) {
				*p(parent.(*T)) = c
			}
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			if c := *p(parent.(*T)); c != nil {
				return e.object(f.typ.obj, c)
			}
			return nil
		}}
}

// objectList is a list of mappings, rendered in the order of less.
func objectList[T, C any](name string, t *typ, desc string, p func(*T) *[]*C, less func(a, b *C) int) field {
	return field{name: name, typ: t, desc: desc,
		set: func(d *decoder, f *field, parent any, n *yaml.Node) {
			items, ok := d.seq(n)
			if !ok {
				return
			}
			list := make([]*C, 0, len(items))
			for i, item := range items {
				d.push("", i)
				c := new(C)
				if d.object(f.typ.elem.obj, c, item) {
					list = append(list, c)
				}
				d.pop()
			}
			*p(parent.(*T)) = list
		},
		get: func(e *encoder, f *field, parent any) *yaml.Node {
			list := *p(parent.(*T))
			if list == nil {
				return nil
			}
			list = slices.SortedStableFunc(slices.Values(list), less)
			seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, c := range list {
				seq.Content = append(seq.Content, e.object(f.typ.elem.obj, c))
			}
			return seq
		}}
}

// byIdentity orders by the first key that is set, then by the next ones;
// items with a first key come before those without.
func byIdentity(a, b []string) int {
	for i := range a {
		if (a[i] == "") != (b[i] == "") {
			if a[i] == "" {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// suggest offers the closest field name for a mistyped key.
func suggest(obj *object, key string) string {
	best, dist := "", 3 // farther than 2 edits is no longer a typo
	for _, f := range obj.fields {
		if d := editDistance(key, f.name); d < dist {
			best, dist = f.name, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
