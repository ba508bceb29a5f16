package spec

import "bytes"

// hasAnchor reports what may be an anchor (&name): an entry cut down
// could take with it what a kept one refers to. "R & D" is none.
func hasAnchor(l []byte) bool {
	for i := bytes.IndexByte(l, '&'); i >= 0; {
		if (i == 0 || l[i-1] == ' ' || l[i-1] == '[' || l[i-1] == '{' || l[i-1] == ',') && i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\n' && l[i+1] != '\r' {
			return true
		}
		j := bytes.IndexByte(l[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isItem(content []byte) bool {
	return len(content) > 0 && content[0] == '-' && (len(content) == 1 || content[1] == ' ' || content[1] == '\n' || content[1] == '\r')
}

// blank is an empty or comment-only line (without its indentation).
func blank(c []byte) bool {
	if len(c) == 0 || c[0] == '#' {
		return true
	}
	// Only line ends and spaces: what trimming them would leave empty.
	for _, b := range c {
		if b != ' ' && b != '\r' && b != '\n' {
			return false
		}
	}
	return true
}

func stripComment(l []byte) []byte {
	if i := bytes.Index(l, []byte(" #")); i >= 0 {
		return l[:i]
	}
	return l
}

// lineIdx holds where each line of text starts, and len(text) last: no
// pointers, which a million []byte would be for the collector to scan.
type lineIdx struct {
	text []byte
	at   []int32
}

func (x *lineIdx) n() int            { return len(x.at) - 1 }
func (x *lineIdx) line(i int) []byte { return x.text[x.at[i]:x.at[i+1]] }

// entryLines indexes text's lines, each ending after its newline; the last
// may lack one. text is at most math.MaxInt32 bytes.
func entryLines(text []byte) *lineIdx {
	x := &lineIdx{text: text, at: make([]int32, 0, len(text)/24+2)}
	for pos := 0; pos < len(text); {
		x.at = append(x.at, int32(pos))
		i := bytes.IndexByte(text[pos:], '\n')
		if i < 0 {
			pos = len(text)
		} else {
			pos += i + 1
		}
	}
	x.at = append(x.at, int32(len(text)))
	return x
}

// otherBreaks reports a line break yaml.v3 counts and the line index does
// not (a lone \r, NEL, LS, PS): the index's line numbers would not be
// those of yaml's positions.
func otherBreaks(text []byte) bool {
	for _, br := range []string{"\u0085", "\u2028", "\u2029"} {
		if bytes.Contains(text, []byte(br)) {
			return true
		}
	}
	for i := bytes.IndexByte(text, '\r'); i >= 0; {
		if i+1 == len(text) || text[i+1] != '\n' {
			return true
		}
		j := bytes.IndexByte(text[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
