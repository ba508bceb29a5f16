package spec

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// interpolate replaces every ${NAME} in src with the environment's value
// before the YAML is parsed (DESIGN §2), so a variable may stand for any
// piece of YAML. $${ is a literal ${. An unset variable or a malformed
// reference is a problem at its own place and is left in the text as
// written, so that the rest of the file is still checked.
//
// The returned posMap translates positions in the result back to src; it
// is nil when nothing was replaced, which is the common and fast case.
func interpolate(file string, src []byte, lookup func(string) (string, bool)) ([]byte, *posMap, Problems) {
	if !bytes.Contains(src, []byte("${")) {
		return src, nil, nil
	}
	var (
		out   = make([]byte, 0, len(src))
		in    = cursor{line: 1, col: 1}
		o     = cursor{line: 1, col: 1}
		m     = &posMap{}
		probs Problems
	)
	for i := 0; i < len(src); {
		if src[i] == '$' && i+2 < len(src) && src[i+1] == '$' && src[i+2] == '{' {
			out = append(out, "${"...)
			in.advance(src[i : i+3])
			o.advance([]byte("${"))
			i += 3
			m.segs = append(m.segs, seg{out: o.at(), in: in.at()})
			continue
		}
		if src[i] == '$' && i+1 < len(src) && src[i+1] == '{' {
			name, n := varRef(src[i:])
			val, set := "", false
			if name != "" {
				val, set = lookup(name)
			}
			switch {
			case name == "":
				probs.add(Pos{file, in.line, in.col}, "bad variable reference: write ${NAME} (letters, digits, _) or $${ for a literal ${")
			case !set:
				probs.add(Pos{file, in.line, in.col}, "environment variable %s is not set", name)
			default:
				// Everything the value produces maps back to the ${ that named it.
				m.segs = append(m.segs, seg{out: o.at(), in: in.at(), pinned: true})
				m.vars = append(m.vars, Interpolation{Name: name, Value: val})
				out = append(out, val...)
				o.advance([]byte(val))
				in.advance(src[i : i+n])
				i += n
				m.segs = append(m.segs, seg{out: o.at(), in: in.at()})
				continue
			}
		}
		_, w := utf8.DecodeRune(src[i:])
		out = append(out, src[i:i+w]...)
		in.advance(src[i : i+w])
		o.advance(src[i : i+w])
		i += w
	}
	return out, m, probs
}

// varRef parses ${NAME} at the start of b, returning the name and the
// length of the reference, or "" when it is malformed.
func varRef(b []byte) (string, int) {
	for j := 2; j < len(b); j++ {
		c := b[j]
		switch {
		case c == '}' && j > 2:
			return string(b[2:j]), j + 1
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > 2 && '0' <= c && c <= '9':
		default:
			return "", 0
		}
	}
	return "", 0
}

// cursor follows a line and column the way yaml.v3 counts them: columns
// in characters, and \r\n, \r, \n, NEL, LS and PS each ending a line.
type cursor struct {
	line, col int
	afterCR   bool
}

func (c *cursor) at() [2]int { return [2]int{c.line, c.col} }

func (c *cursor) advance(b []byte) {
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		b = b[w:]
		switch r {
		case '\n':
			if !c.afterCR {
				c.line, c.col = c.line+1, 1
			}
		case '\r', 0x85, 0x2028, 0x2029:
			c.line, c.col = c.line+1, 1
		default:
			c.col++
		}
		c.afterCR = r == '\r'
	}
}

// posMap maps a position in interpolated text to the source: after each
// replacement a segment records where output and input stand.
type posMap struct {
	segs []seg
	vars []Interpolation // the replacements made, for redact
}

type seg struct {
	out, in [2]int // line, column
	pinned  bool   // inside a replaced value: every position maps to in
}

// uses returns the replacements made; m may be nil.
func (m *posMap) uses() []Interpolation {
	if m == nil {
		return nil
	}
	return m.vars
}

func (m *posMap) pos(line, col int) (int, int) {
	if m == nil {
		return line, col
	}
	i := sort.Search(len(m.segs), func(i int) bool {
		o := m.segs[i].out
		return o[0] > line || o[0] == line && o[1] > col
	}) - 1
	if i < 0 {
		return line, col
	}
	s := m.segs[i]
	switch {
	case s.pinned:
		return s.in[0], s.in[1]
	case s.out[0] == line:
		return s.in[0], s.in[1] + col - s.out[1]
	default:
		return s.in[0] + line - s.out[0], col
	}
}
