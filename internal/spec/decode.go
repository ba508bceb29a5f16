package spec

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks the yaml.Node tree of one file against the tables,
// collecting every problem instead of stopping at the first.
type decoder struct {
	file  string  // as given, for messages
	dir   string  // the file's directory: paths in the file are relative to it
	pm    *posMap // interpolation's position map, or nil
	line  int     // lines before the text decoded: an entry decoded alone
	probs Problems
	path  []pathSeg
	// capped is set once probs holds maxFileProblems.
	capped bool
}

// maxFileProblems bounds the problems kept for one file; Problems.Error
// shows fewer still.
const maxFileProblems = 1000

// pathSeg is one step of the path that names a field in messages:
// organizations[0].members[3].email. Kept as segments so that the string
// is only built for a message.
type pathSeg struct {
	name  string
	index int // >= 0: a list index
}

func (d *decoder) push(name string, index int) { d.path = append(d.path, pathSeg{name, index}) }
func (d *decoder) pop()                        { d.path = d.path[:len(d.path)-1] }

func (d *decoder) pathString() string {
	var b strings.Builder
	for _, s := range d.path {
		if s.index >= 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return b.String()
}

func (d *decoder) pos(n *yaml.Node) Pos {
	line, col := d.pm.pos(n.Line, n.Column)
	return Pos{File: d.file, Line: d.line + line, Col: col}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errorAt(d.pos(n), format, args...)
}

func (d *decoder) errorAt(p Pos, format string, args ...any) {
	if len(d.probs) >= maxFileProblems {
		// Aliases can repeat one bad value millions of times: past the
		// limit, problems are neither formatted nor kept.
		if !d.capped {
			d.capped = true
			d.probs = append(d.probs, Problem{Pos: p, Msg: fmt.Sprintf("more than %d problems in this file; the rest are not listed", maxFileProblems)})
		}
		return
	}
	msg := fmt.Sprintf(format, args...)
	if path := d.pathString(); path != "" {
		msg = path + ": " + msg // not into format: keys may hold %
	}
	d.probs = append(d.probs, Problem{Pos: p, Msg: msg})
}

// resolve follows an alias to its anchor. Load has checked beforehand
// that aliases neither loop nor expand beyond reason.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// object decodes mapping n into parent with obj's fields. It reports
// false only when n is not a mapping; a mapping with bad fields is still
// kept, so that the checks across items find their problems too.
func (d *decoder) object(obj *object, parent any, n *yaml.Node) bool {
	pairs, ok := d.pairs(n, "")
	if !ok {
		return false
	}
	var seen uint64 // bit i: obj.fields[i] is present; no object has 64 fields
	for i := 0; i < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		fi := slices.IndexFunc(obj.fields, func(f field) bool { return f.name == k.Value })
		if fi < 0 {
			d.errorf(k, "unknown key %q%s", k.Value, suggest(obj, k.Value))
			continue
		}
		seen |= 1 << fi
		f := &obj.fields[fi]
		d.push(f.name, -1)
		f.set(d, f, parent, v)
		d.pop()
	}
	has := func(name string) bool {
		i := slices.IndexFunc(obj.fields, func(f field) bool { return f.name == name })
		return i >= 0 && seen&(1<<i) != 0
	}
	for i, f := range obj.fields {
		if f.required && seen&(1<<i) == 0 {
			d.errorf(n, "%s is missing", f.name)
		}
	}
	if len(obj.anyOf) > 0 && !slices.ContainsFunc(obj.anyOf, has) {
		d.errorf(n, "%s", cmp.Or(obj.anyOfMsg, "needs "+orList(obj.anyOf)))
	}
	if len(obj.oneOf) > 0 {
		var present []string
		for _, name := range obj.oneOf {
			if has(name) {
				present = append(present, name)
			}
		}
		switch len(present) {
		case 0:
			d.errorf(n, "needs %s", orList(obj.oneOf))
		case 1:
		default:
			d.errorf(n, "has both %s; give only one", strings.Join(present, " and "))
		}
	}
	if obj.check != nil {
		obj.check(d, parent, n)
	}
	return true
}

func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// pairs returns the keys and values of mapping n, alternating, with merge
// keys (<<: *anchor) expanded: keys written in the mapping win over merged
// ones, and earlier merged mappings over later ones. A key written twice
// is a problem. empty is how an empty mapping is written, for the message
// about a null value, or "" where an empty mapping means nothing.
func (d *decoder) pairs(n *yaml.Node, empty string) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		switch {
		case isNull(n) && empty == "":
			d.errorf(n, "has no value: leave the key out to leave it unmanaged")
		case isNull(n):
			d.errorf(n, "has no value: write %s to manage it as empty, or leave the key out to leave it unmanaged", empty)
		default:
			d.errorf(n, "must be a mapping (key: value), not %s", describe(n))
		}
		return nil, false
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	var merges []*yaml.Node
	var index map[string]*yaml.Node // only for large mappings
	if len(n.Content) > 32 {
		index = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	find := func(key string) *yaml.Node {
		if index != nil {
			return index[key]
		}
		for i := 0; i < len(out); i += 2 {
			if out[i].Value == key {
				return out[i]
			}
		}
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode || isNull(k) {
			d.errorf(k, "a key must be a string, not %s", describe(k))
			continue
		}
		if first := find(k.Value); first != nil {
			d.errorf(k, "key %q appears twice (first at %s)", k.Value, d.pos(first).relativeTo(d.file))
			continue
		}
		out = append(out, k, v)
		if index != nil {
			index[k.Value] = k
		}
	}
	for _, m := range merges {
		m = resolve(m)
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, src := range srcs {
			if resolve(src).Kind != yaml.MappingNode {
				d.errorf(src, "<< must merge a mapping or a list of mappings, not %s", describe(src))
				continue
			}
			more, _ := d.pairs(src, "{}")
			for j := 0; j < len(more); j += 2 {
				if find(more[j].Value) == nil {
					out = append(out, more[j], more[j+1])
					if index != nil {
						index[more[j].Value] = more[j]
					}
				}
			}
		}
	}
	return out, true
}

// eachPair calls fn for every key of a mapping whose keys are names
// (feature flags, properties); it reports false when n is not a mapping.
func (d *decoder) eachPair(n *yaml.Node, fn func(key string, k, v *yaml.Node)) bool {
	pairs, ok := d.pairs(n, "{}")
	if !ok {
		return false
	}
	for i := 0; i < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		if k.Value == "" {
			d.errorf(k, "a key must not be empty")
			continue
		}
		if !d.checkControl(k, k.Value, false) {
			continue
		}
		d.push(k.Value, -1)
		fn(k.Value, k, v)
		d.pop()
	}
	return true
}

func (d *decoder) seq(n *yaml.Node) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind == yaml.SequenceNode {
		return n.Content, true
	}
	if isNull(n) {
		d.errorf(n, "has no value: write [] to manage it as empty, or leave the key out to leave it unmanaged")
	} else {
		d.errorf(n, "must be a list, not %s", describe(n))
	}
	return nil, false
}

// eachString calls fn for every valid item of a list of strings, skipping
// (and reporting) repeats when the type asks for unique items.
func (d *decoder) eachString(t *typ, n *yaml.Node, fn func(v string, item *yaml.Node)) bool {
	items, ok := d.seq(n)
	if !ok {
		return false
	}
	// Short lists, the usual case, are scanned; long ones use a map.
	var (
		vals  []string
		nodes []*yaml.Node
		seen  map[string]*yaml.Node
	)
	if t.unique && len(items) > 16 {
		seen = make(map[string]*yaml.Node, len(items))
	}
	for i, item := range items {
		d.push("", i)
		if v, ok := d.str(t.elem, item); ok {
			var first *yaml.Node
			switch {
			case !t.unique:
			case seen != nil:
				first = seen[v]
				if first == nil {
					seen[v] = item
				}
			default:
				if j := slices.Index(vals, v); j >= 0 {
					first = nodes[j]
				} else {
					vals, nodes = append(vals, v), append(nodes, item)
				}
			}
			if first != nil {
				d.errorf(item, "%q is listed twice (first at %s)", v, d.pos(first).relativeTo(d.file))
			} else {
				fn(v, item)
			}
		}
		d.pop()
	}
	return true
}

func (d *decoder) strList(t *typ, n *yaml.Node) ([]string, bool) {
	var out []string
	if n := resolve(n); n.Kind == yaml.SequenceNode {
		out = make([]string, 0, len(n.Content))
	}
	ok := d.eachString(t, n, func(v string, _ *yaml.Node) { out = append(out, v) })
	return out, ok
}
