package spec

import (
	"bytes"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// A whole file's yaml.Node tree is many times its text: some 100 MB for
// a file of 1,000 organizations and 100,000 members. A file whose entries
// can be told apart by their lines (sparse.go) is decoded an entry at a
// time instead: first the rest of the file, its organizations an empty
// list, then each entry parsed alone, its positions moved down by the
// lines before it. The trees are then an entry's size, and several files
// can be decoded at once without holding several whole trees. Any problem
// at all has the file decoded whole, so that the messages are a whole
// decode's.

// decodeByEntry is decodeText for a file that sp splits and that has no
// ${VAR} replaced; false when the file must be decoded whole.
func decodeByEntry(file, dir string, src []byte, sp *split) (*fileDoc, bool) {
	// A directive (%TAG) applies to the whole stream, not to an entry
	// parsed alone.
	if len(sp.entries) == 0 || bytes.HasPrefix(src, []byte("%")) || bytes.Contains(src, []byte("\n%")) {
		return nil, false
	}
	rest := sp.restWithEmptyList()
	if !listAt(rest, sp.key) {
		return nil, false
	}
	fd, probs := decodeText(file, dir, src, rest, nil, nil)
	if fd == nil || len(probs) > 0 || fd.Organizations == nil || len(fd.Organizations) != 0 {
		return nil, false
	}
	lines := sp.lines
	d := &decoder{file: file, dir: filepath.Dir(file)}
	d.push("organizations", -1)
	orgs := make([]*Organization, 0, len(sp.entries))
	for i, e := range sp.entries {
		// To the next entry, or to the end of the list: blank lines after
		// the last entry belong to a block scalar that keeps them (|+).
		to := sp.end
		if i+1 < len(sp.entries) {
			to = sp.entries[i+1].start
		}
		root, err := parse(lines.text[lines.at[e.start]:lines.at[to]])
		if err != nil || root == nil || root.Kind != yaml.SequenceNode || len(root.Content) != 1 {
			return nil, false
		}
		d.line = e.start
		d.push("", i)
		o := new(Organization)
		ok := d.object(organizationObject, o, root.Content[0])
		d.pop()
		if !ok || len(d.probs) > 0 {
			return nil, false
		}
		orgs = append(orgs, o)
	}
	fd.Organizations = orgs
	return fd, true
}

// listAt reports whether rest is a block mapping whose organizations key
// is the one at line key (0-based): not a line inside a quoted scalar or
// a flow mapping that only looks like a top-level key, where the entries
// would not be that key's list in the whole file.
func listAt(rest []byte, key int) bool {
	root, err := parse(rest)
	if err != nil || root == nil || root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value == "organizations" && k.Kind == yaml.ScalarNode {
			return k.Line == key+1 && k.Column == 1 && k.Style == 0 && v.Kind == yaml.SequenceNode && len(v.Content) == 0
		}
	}
	return false
}

// restWithEmptyList is the text with the entries' lines emptied and the
// organizations key given an empty list.
func (sp *split) restWithEmptyList() []byte {
	lines := sp.lines
	out := make([]byte, 0, len(lines.text)/16)
	for i := 0; i < lines.n(); i++ {
		switch {
		case i == sp.key:
			out = append(out, "organizations: []\n"...)
		case i > sp.key && i < sp.end:
			out = append(out, '\n')
		default:
			out = append(out, lines.line(i)...)
		}
	}
	return out
}
