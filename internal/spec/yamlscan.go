package spec

import "bytes"

// yamlscan is a rough reading of a YAML file, line by line, that is only
// used after yaml.v3 has refused the file: yaml.v3 names the line where the
// enclosing block starts, and not always that, while a user needs the token
// at fault. It follows the indentation of block collections, quoted strings,
// flow collections and block scalars well enough for the mistakes people
// make by hand; where it is unsure it says nothing and the caller keeps
// yaml.v3's own position.

// srcLine is one line of the file, without its line break.
type srcLine struct {
	n      int    // line number, from 1
	text   []rune // the line, in characters (yaml.v3 counts columns in characters)
	indent int    // leading spaces
}

// lineKind says what a line of block context ends with, for the next line.
type lineKind int

const (
	lineNone   lineKind = iota // blank, comment, or not read
	lineOpener                 // "key:" or "-" with nothing after: a block follows
	lineValue                  // a key or item with a plain scalar value
	lineClosed                 // a value that ended on this line (quoted, flow, alias)
	lineBare                   // a plain scalar with no ':' where a key was expected
	lineBlock                  // "key: |" or ">": a block scalar follows
)

// lineInfo is what the scan learnt about a line of block context.
type lineInfo struct {
	kind   lineKind
	token  int   // column (from 1) of the first token after indentation and "- "
	colons []int // columns of ':' followed by a space or the line end, outside quotes
	cont   bool  // the line continues a plain scalar of an earlier line
}

// anomaly is a place the scan found wrong, with why.
type anomaly struct {
	line, col int
	msg       string
}

type level struct {
	indent int
	seq    bool
}

type yamlScan struct {
	lines []srcLine
	info  []*lineInfo // by line number; nil for lines not read as block context
	// anomalies in block structure, in file order.
	anomalies []anomaly
	// openQuote and openFlow are where a quoted string or a flow collection
	// starts that is still open at the end of the file.
	openQuote, openFlow [2]int
	// multiQuote lists quoted strings that run over a line end (legal, but
	// the likely cause of a later error): their start and end lines.
	multiQuote [][3]int
	badEscape  [2]int // the first unknown escape in a double-quoted string
	gaveUp     int    // the line where the scan met something it does not follow; 0 if none
}

func splitLines(text []byte) []srcLine {
	out := make([]srcLine, 0, bytes.Count(text, []byte{'\n'})+1)
	start := 0
	emit := func(end int) {
		t := []rune(string(text[start:end]))
		n := 0
		for n < len(t) && t[n] == ' ' {
			n++
		}
		out = append(out, srcLine{n: len(out) + 1, text: t, indent: n})
	}
	for i := 0; i < len(text); {
		w := 0 // the length of the line break at i: \n, \r, \r\n, NEL, LS, PS
		switch c := text[i]; {
		case c == '\n':
			w = 1
		case c == '\r':
			w = 1
			if i+1 < len(text) && text[i+1] == '\n' {
				w = 2
			}
		case c == 0xc2 && i+1 < len(text) && text[i+1] == 0x85:
			w = 2
		case c == 0xe2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xa8 || text[i+2] == 0xa9):
			w = 3
		}
		if w == 0 {
			i++
			continue
		}
		emit(i)
		i += w
		start = i
	}
	if start < len(text) || len(out) == 0 {
		emit(len(text))
	}
	return out
}

// scanYAML reads text as described above.
func scanYAML(text []byte) *yamlScan {
	s := &yamlScan{lines: splitLines(text)}
	s.info = make([]*lineInfo, len(s.lines)+1)
	var (
		stack    = []level{{indent: -1}}
		prev     = lineOpener // the document itself takes a block
		prevLine *lineInfo
		quote    rune   // the quote of a string that is open at a line end
		qStart   [2]int // where it started
		flows    [][2]int
		block    = -2 // in a block scalar: the indentation its parent has; -2 when not
		blockInd = -1 // the block scalar's text indentation, once known
		blockAt  int
	)
	for _, l := range s.lines {
		t := l.text
		start := 0
		switch {
		case quote != 0:
			end, ok := s.quoted(t, 0, quote, l.n)
			if !ok {
				continue
			}
			s.multiQuote = append(s.multiQuote, [3]int{qStart[0], qStart[1], l.n})
			quote = 0
			start = end
			if len(flows) == 0 {
				// The rest of the line follows a closed value.
				if c := firstToken(t, start); c < len(t) && t[c] != '#' && t[c] != ':' {
					s.anomaly(l.n, c+1, "text after the quoted string that starts on line "+itoa(qStart[0]))
				}
				prev = lineClosed
				continue
			}
		case len(flows) > 0:
		case block != -2:
			ind, blank := l.indent, isBlank(t)
			if blank || ind > block {
				if !blank && blockInd < 0 {
					blockInd = ind
				} else if !blank && ind < blockInd {
					s.anomaly(l.n, ind+1, "this line is indented "+spaces(ind)+", less than the text of the block scalar on line "+itoa(blockAt)+" ("+spaces(blockInd)+")")
				}
				continue
			}
			block, blockInd = -2, -1
		}
		if len(flows) > 0 {
			flows, quote, qStart = s.flow(t, start, l.n, flows)
			if len(flows) == 0 && quote == 0 {
				prev = lineClosed
			}
			continue
		}
		if isBlank(t) {
			continue
		}
		if l.indent == 0 && (hasPrefix(t, "---") || hasPrefix(t, "...") || t[0] == '%') {
			if t[0] == '%' {
				s.giveUp(l.n)
				return s
			}
			stack, prev, prevLine = []level{{indent: -1}}, lineOpener, nil
			continue
		}
		info := &lineInfo{}
		s.info[l.n] = info
		ind := l.indent
		if ind < len(t) && t[ind] == '\t' {
			s.anomaly(l.n, ind+1, "a tab in the indentation: YAML indents with spaces only")
			s.giveUp(l.n)
			return s
		}
		// Place the line's first token among the open blocks.
		isDash := t[ind] == '-' && (ind+1 == len(t) || t[ind+1] == ' ' || t[ind+1] == '\t')
		popped := -1 // the indentation of the innermost block the line left
		for len(stack) > 1 && stack[len(stack)-1].indent > ind {
			popped = stack[len(stack)-1].indent
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1]
		switch {
		case top.indent == ind && top.seq && !isDash:
			// A compact list ("key:\n- a") ends at a key of its parent.
			if len(stack) > 2 && stack[len(stack)-2].indent == ind {
				stack = stack[:len(stack)-1]
			} else {
				s.anomaly(l.n, ind+1, "a list item (\"- \") is expected at this indentation, as on the lines above")
			}
		case top.indent == ind && !top.seq && isDash:
			if prev == lineOpener && popped < 0 {
				stack = append(stack, level{ind, true})
			} else {
				s.anomaly(l.n, ind+1, "a list item (\"- \") where a key is expected: the keys above are indented "+spaces(ind))
			}
		case top.indent == ind:
		case popped >= 0:
			s.anomaly(l.n, ind+1, "this line is indented "+spaces(ind)+", which matches no block above it (the lines around are indented "+itoa(max(top.indent, 0))+" and "+itoa(popped)+")")
		case prev == lineOpener:
			stack = append(stack, level{ind, isDash})
		case (prev == lineValue || prev == lineBare) && !isDash:
			info.cont = true
		default:
			s.anomaly(l.n, ind+1, "this line is indented more than the line above, which holds a complete value")
		}
		if info.cont {
			info.kind, info.token = prevLine.kind, ind+1
			info.colons = colonsIn(t, ind)
			prevLine = info
			continue
		}
		// Nested indicators: "- - x", "- key: value".
		pos := ind
		for pos < len(t) && t[pos] == '-' && (pos+1 == len(t) || t[pos+1] == ' ') {
			next := firstToken(t, pos+1)
			if next >= len(t) || t[next] == '#' {
				pos = len(t)
				break
			}
			if next > pos+1 && t[next] == '\t' {
				break
			}
			if hasColon(t, next) || t[next] == '-' && next+1 < len(t) && t[next+1] == ' ' {
				stack = append(stack, level{next, t[next] == '-'})
			}
			pos = next
		}
		info.token = pos + 1
		info.colons = colonsIn(t, pos)
		prev, quote, qStart, flows, block = s.rest(t, pos, l.n, stack[len(stack)-1].indent, pos > ind, info)
		if block != -2 {
			blockAt = l.n
		}
		prevLine = info
	}
	if quote != 0 {
		s.openQuote = qStart
	}
	if len(flows) > 0 {
		s.openFlow = flows[0]
	}
	return s
}

// rest reads a line of block context from its first token: a key and its
// value, or a value alone.
func (s *yamlScan) rest(t []rune, pos, n, parent int, item bool, info *lineInfo) (kind lineKind, quote rune, qStart [2]int, flows [][2]int, block int) {
	block = -2
	v := pos
	if pos < len(t) && (t[pos] == '"' || t[pos] == '\'') {
		end, ok := s.quoted(t, pos+1, t[pos], n)
		if !ok {
			info.kind = lineClosed
			return lineClosed, t[pos], [2]int{n, pos + 1}, nil, -2
		}
		c := firstToken(t, end)
		if c < len(t) && t[c] == ':' {
			v = firstToken(t, c+1)
		} else {
			if c < len(t) && t[c] != '#' {
				s.anomaly(n, c+1, "text after a quoted string")
			}
			info.kind = lineClosed
			return lineClosed, 0, qStart, nil, -2
		}
	} else if len(info.colons) > 0 && t[pos] != '[' && t[pos] != '{' {
		v = firstToken(t, info.colons[0])
	}
	switch {
	case v >= len(t) || t[v] == '#':
		kind = lineOpener
	case t[v] == '|' || t[v] == '>':
		kind, block = lineBlock, parent
	case t[v] == '"' || t[v] == '\'':
		end, ok := s.quoted(t, v+1, t[v], n)
		if !ok {
			kind, quote, qStart = lineClosed, t[v], [2]int{n, v + 1}
			break
		}
		if c := firstToken(t, end); c < len(t) && t[c] != '#' {
			s.anomaly(n, c+1, "text after a quoted string")
		}
		kind = lineClosed
	case t[v] == '[' || t[v] == '{':
		flows, quote, qStart = s.flow(t, v, n, nil)
		kind = lineClosed
	case v == pos && len(info.colons) == 0 && !item:
		kind = lineBare
	default:
		kind = lineValue
	}
	info.kind = kind
	return kind, quote, qStart, flows, block
}

// quoted reads a quoted string from t[i] to its closing quote; it returns
// the index after the quote, or false when the line ends first.
func (s *yamlScan) quoted(t []rune, i int, q rune, n int) (int, bool) {
	for ; i < len(t); i++ {
		switch {
		case q == '\'' && t[i] == '\'':
			if i+1 < len(t) && t[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, true
		case q == '"' && t[i] == '\\':
			if i+1 < len(t) && !goodEscape(t[i+1:]) && s.badEscape[0] == 0 {
				s.badEscape = [2]int{n, i + 1}
			}
			i++
		case q == '"' && t[i] == '"':
			return i + 1, true
		}
	}
	return 0, false
}

// flow follows a flow collection from t[i] over brackets and quoted
// strings, with the openers still open.
func (s *yamlScan) flow(t []rune, i, n int, open [][2]int) ([][2]int, rune, [2]int) {
	for ; i < len(t); i++ {
		switch c := t[i]; {
		case c == '[' || c == '{':
			open = append(open, [2]int{n, i + 1})
		case c == ']' || c == '}':
			if len(open) == 0 {
				return nil, 0, [2]int{}
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return nil, 0, [2]int{}
			}
		case c == '"' || c == '\'':
			end, ok := s.quoted(t, i+1, c, n)
			if !ok {
				return open, c, [2]int{n, i + 1}
			}
			i = end - 1
		case c == '#' && (i == 0 || t[i-1] == ' '):
			return open, 0, [2]int{}
		}
	}
	return open, 0, [2]int{}
}

func (s *yamlScan) anomaly(line, col int, msg string) {
	if s.gaveUp == 0 {
		s.anomalies = append(s.anomalies, anomaly{line, col, msg})
	}
}

func (s *yamlScan) giveUp(line int) {
	if s.gaveUp == 0 {
		s.gaveUp = line
	}
}

// firstAnomaly is the first anomaly on or after line from.
func (s *yamlScan) firstAnomaly(from int) (anomaly, bool) {
	for _, a := range s.anomalies {
		if a.line >= from {
			return a, true
		}
	}
	return anomaly{}, false
}
