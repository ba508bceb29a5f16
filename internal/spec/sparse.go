package spec

import (
	"bytes"
	"math"
	"strings"

	"gopkg.in/yaml.v3"
)

// A partial plan (plan --org, --changed-from) of a file of 10,000
// organizations and a million members would spend seconds parsing and
// checking entries it never reads. Loader.Keep has the loader cut, before
// parsing, every entry Keep does not select down to its identity lines
// (code, external_id, handle): those entries still count, in order, for
// uniqueness and for the indexes in messages, but their other fields are
// neither parsed nor checked. Every line keeps its number, so the problems
// of the entries kept point where they did. The cut is made only in a file
// laid out as people and export write it (a block list under a top-level
// organizations key, no anchors in it, identities as plain or quoted
// one-line scalars); any other file is loaded whole.

// Entry is one organization entry as the text of a file holds it, found
// without parsing the file (SplitEntries).
type Entry struct {
	// Code, ExternalID and Handle are the identity lines' values, empty
	// when absent.
	Code, ExternalID, Handle string
	// Line is the entry's first line (1-based); Text is its lines.
	Line int
	Text []byte
	// start, end: the entry's lines; idLines: its identity lines.
	start, end int
	idLines    []int
	// whole: kept whole by a cut (a one-line flow mapping; an item whose
	// first key is on the next line and is no identity, so that cutting
	// would move the entry's position).
	whole bool
}

// SplitEntries finds the organization entries of a file's text, and the
// rest of the text with the entries' lines emptied. ok is false when the
// file is not laid out so that the entries can be told apart by their
// lines; the caller then parses the whole file.
func SplitEntries(text []byte) (entries []Entry, rest []byte, ok bool) {
	sp := splitText(text)
	if sp == nil {
		return nil, nil, false
	}
	return sp.entries, sp.rest(), true
}

// split is a file's entries (SplitEntries) with the index of its lines,
// which a cut (sparseText) takes up again.
type split struct {
	lines   *lineIdx
	entries []Entry
	// key is the organizations: line; end is the line after the list
	// (the next top-level key, or the end of the file).
	key, end int
}

// splitText is SplitEntries without the rest; nil for a file it cannot
// split. At 10,000 organizations a file has a million lines: each line
// costs a few comparisons, and what the whole text can rule out at once
// (tabs, anchors) is not looked for line by line.
func splitText(text []byte) *split {
	if len(text) > math.MaxInt32 || otherBreaks(text) {
		return nil
	}
	lines := entryLines(text)
	start := -1
	for i := range lines.n() {
		// A top-level key starts at column 0: only such a line can be it.
		if l := lines.line(i); bytes.HasPrefix(l, []byte("organizations:")) && bytes.Equal(bytes.TrimRight(stripComment(l), " \r\n"), []byte("organizations:")) {
			if start >= 0 {
				return nil
			}
			start = i + 1
		}
	}
	if start < 0 {
		return nil
	}
	after := text[lines.at[start]:]
	tabs, amps := bytes.IndexByte(after, '\t') >= 0, bytes.IndexByte(after, '&') >= 0
	itemIndent, end := -1, lines.n()
	var entries []Entry
	var cur *Entry
	finish := func(at int) bool {
		if cur == nil {
			return true
		}
		cur.end = at
		if !cur.identities(lines) {
			return false
		}
		entries = append(entries, *cur)
		cur = nil
		return true
	}
	for i := start; i < lines.n(); i++ {
		l := lines.line(i)
		content := bytes.TrimLeft(l, " ")
		ind := len(l) - len(content)
		if blank(content) {
			continue
		}
		if bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("...")) ||
			(tabs && bytes.IndexByte(l, '\t') >= 0) || (amps && hasAnchor(l)) {
			return nil
		}
		if itemIndent < 0 {
			if !isItem(content) {
				return nil
			}
			itemIndent = ind
		}
		switch {
		case ind == itemIndent && isItem(content):
			if !finish(i) {
				return nil
			}
			cur = &Entry{start: i, Line: i + 1}
		case ind > itemIndent:
		case ind == 0 && !isItem(content):
			end = i // the next top-level key
		default:
			return nil
		}
		if end != lines.n() {
			break
		}
	}
	// Comments and blank lines before the next key belong to no entry.
	last := end
	for last > start && blank(bytes.TrimLeft(lines.line(last-1), " ")) {
		last--
	}
	if cur != nil && !finish(max(last, cur.start+1)) {
		return nil
	}
	for i := range entries {
		e := &entries[i]
		from, to := lines.at[e.start], lines.at[e.end]
		e.Text = text[from:to:to]
	}
	return &split{lines: lines, entries: entries, key: start - 1, end: end}
}

// rest is the text with the entries' lines emptied.
func (sp *split) rest() []byte {
	lines := sp.lines
	rest := make([]byte, 0, len(lines.text)/8)
	next := 0
	for _, e := range sp.entries {
		for ; next < e.start; next++ {
			rest = append(rest, lines.line(next)...)
		}
		for ; next < e.end; next++ {
			rest = append(rest, '\n')
		}
	}
	for ; next < lines.n(); next++ {
		rest = append(rest, lines.line(next)...)
	}
	return rest
}

// sparseText is the text with the entries keep does not select cut down to
// their identity lines.
func (sp *split) sparseText(keep func(code, externalID, handle string) bool) []byte {
	lines := sp.lines
	out := make([]byte, 0, len(lines.text)/4)
	next := 0
	for _, e := range sp.entries {
		for ; next < e.start; next++ {
			out = append(out, lines.line(next)...)
		}
		if e.whole || keep(e.Code, e.ExternalID, e.Handle) {
			for ; next < e.end; next++ {
				out = append(out, lines.line(next)...)
			}
			continue
		}
		ids := 0
		for ; next < e.end; next++ {
			switch {
			case ids < len(e.idLines) && e.idLines[ids] == next:
				out = append(out, lines.line(next)...) // "- code: x" keeps its dash
				ids++
			case next == e.start:
				l := lines.line(next)
				out = append(out, l[:bytes.IndexByte(l, '-')+1]...)
				out = append(out, '\n')
			default:
				out = append(out, '\n')
			}
		}
	}
	for ; next < lines.n(); next++ {
		out = append(out, lines.line(next)...)
	}
	return out
}

// loadSparse decodes the text split in sp with the entries keep does
// not select cut down. It is false, and the caller loads the file whole,
// when the cut file has any problem (the whole file then says which, and
// where), or when the entries decoded are not those the lines showed.
func loadSparse(file, dir string, src []byte, sp *split, pm *posMap, keep func(string, string, string) bool) (*fileDoc, bool) {
	cut := sp.sparseText(keep)
	fd, ps := decodeText(file, dir, src, cut, pm, nil)
	if fd == nil || len(ps) > 0 || len(fd.Organizations) != len(sp.entries) {
		return nil, false
	}
	for i, o := range fd.Organizations {
		e := &sp.entries[i]
		if o.Code != e.Code || deref(o.ExternalID) != e.ExternalID || deref(o.Handle) != e.Handle {
			return nil, false
		}
	}
	return fd, true
}

// identities finds the entry's identity lines: keys at the entry's own
// indentation. It is false for an entry whose layout it cannot read.
func (e *Entry) identities(lines *lineIdx) bool {
	first := lines.line(e.start)
	dash := bytes.IndexByte(first, '-')
	after := first[dash+1:]
	keyCol := -1
	if c := bytes.TrimLeft(after, " "); !blank(c) {
		if c[0] == '{' {
			return e.flowIdentities(lines, c)
		}
		if c[0] == '[' || c[0] == '"' || c[0] == '\'' || c[0] == '!' || c[0] == '*' {
			return false
		}
		keyCol = dash + 1 + len(after) - len(c)
	}
	seen := map[string]bool{}
	firstKey := keyCol >= 0
	for i := e.start; i < e.end; i++ {
		l := lines.line(i)
		col := keyCol
		if i > e.start {
			c := bytes.TrimLeft(l, " ")
			if blank(c) {
				continue
			}
			if keyCol < 0 {
				keyCol = len(l) - len(c)
			}
			col = len(l) - len(c)
			if col != keyCol {
				continue
			}
		} else if keyCol < 0 {
			continue
		}
		key, value, ok := keyValue(l[col:])
		var dst *string
		switch key {
		case "code":
			dst = &e.Code
		case "external_id":
			dst = &e.ExternalID
		case "handle":
			dst = &e.Handle
		}
		if !firstKey {
			firstKey = true
			e.whole = dst == nil
		}
		if !ok || dst == nil {
			continue
		}
		v, ok := scalar(value)
		if !ok || seen[key] || continues(lines, i+1, e.end, keyCol) {
			return false
		}
		seen[key] = true
		*dst = v
		e.idLines = append(e.idLines, i)
	}
	return len(e.idLines) > 0
}

// flowIdentities reads a one-line flow entry ("- {code: x, name: y}"),
// which a cut keeps whole: it is one line to parse.
func (e *Entry) flowIdentities(lines *lineIdx, c []byte) bool {
	for i := e.start + 1; i < e.end; i++ {
		if !blank(bytes.TrimLeft(lines.line(i), " ")) {
			return false
		}
	}
	var m map[string]any
	if yaml.Unmarshal(c, &m) != nil {
		return false
	}
	for k, dst := range map[string]*string{"code": &e.Code, "external_id": &e.ExternalID, "handle": &e.Handle} {
		switch v := m[k].(type) {
		case string:
			*dst = v
		case nil:
		default:
			return false
		}
	}
	e.whole = true
	return e.Code != "" || e.ExternalID != "" || e.Handle != ""
}

// keyValue splits "key: value" (a plain key), or is false.
func keyValue(l []byte) (string, []byte, bool) {
	i := bytes.IndexByte(l, ':')
	if i <= 0 || (i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\n' && l[i+1] != '\r') {
		return "", nil, false
	}
	key := string(l[:i])
	if strings.ContainsAny(key, " \"'{[#") {
		return "", nil, false
	}
	return key, bytes.TrimSpace(l[i+1:]), true
}

// scalar reads a one-line identity value: plain, or quoted (through
// yaml.v3, for its escapes); anything else is false.
func scalar(v []byte) (string, bool) {
	if len(v) == 0 {
		return "", true
	}
	switch v[0] {
	case '"', '\'':
		var s string
		if yaml.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	case '&', '*', '!', '|', '>', '{', '[', '%', '@', '`', '#':
		return "", false
	}
	if i := bytes.Index(v, []byte(" #")); i >= 0 {
		v = bytes.TrimRight(v[:i], " ")
	}
	return string(v), true
}

// continues reports whether the line after a value continues it (a
// multi-line scalar): the next line that is not blank is indented deeper.
func continues(lines *lineIdx, from, end, keyCol int) bool {
	for i := from; i < end; i++ {
		c := bytes.TrimLeft(lines.line(i), " ")
		if blank(c) {
			continue
		}
		return len(lines.line(i))-len(c) > keyCol
	}
	return false
}
