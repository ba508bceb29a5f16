package spec

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// syntaxProblem turns a yaml.v3 syntax error into a problem at the token at
// fault, with the source line and a caret under it. yaml.v3 reports the line
// where the enclosing block starts for parser errors, and some errors with no
// line at all; scanYAML finds the place for the mistakes people make by hand.
// Positions are found in text (interpolated) and shown in src, so that a
// value from the environment never appears in the excerpt.
func syntaxProblem(file string, src, text []byte, pm *posMap, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line, parserErr := 0, false
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserErrors[msg] {
			// yaml.v3 counts these from 0 and names the line where the
			// enclosing block starts, not the line at fault.
			line++
			parserErr = true
		}
	}
	l, c, why := safeLocate(text, msg, line)
	switch {
	case l > 0:
		msg += ": " + why
	case line > 0:
		l = line
		if parserErr {
			msg += " (in the block that starts on this line)"
		}
	default:
		l, c, why = badChar(text)
		if l > 0 {
			msg = why
		}
	}
	p := Problem{Pos: Pos{File: file}, Msg: boundText(msg)}
	if l == 0 {
		return p
	}
	if c == 0 {
		c = firstColumn(text, l)
	}
	p.Pos.Line, p.Pos.Col = pm.pos(l, c)
	if x := excerpt(src, p.Pos.Line, p.Pos.Col); x != "" {
		p.Msg += "\n" + x
	}
	return p
}

// safeLocate is locate on text, which is the user's input: a mistake in
// the scan must cost the better position, never the run.
func safeLocate(text []byte, msg string, line int) (l, c int, why string) {
	defer func() {
		if recover() != nil {
			l, c, why = 0, 0, ""
		}
	}()
	return locate(scanYAML(text), msg, line)
}

// aliasErr is yaml.v3's message for an alias to an anchor that does not
// exist, which carries no line.
var aliasErr = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// locate finds the place of the yaml.v3 error msg reported at line (0 when
// yaml.v3 gave none), and what to say about it; line 0 when it cannot.
func locate(s *yamlScan, msg string, line int) (int, int, string) {
	from := max(line, 1)
	switch {
	case msg == "found a tab character that violates indentation" || msg == "found character that cannot start any token":
		if l, c, ok := s.badTokenStart(from); ok {
			switch {
			case s.lines[l-1].text[c-1] != '\t':
			case strings.HasPrefix(msg, "found a tab"):
				return l, c, "indent with spaces"
			default:
				return l, c, "a tab where YAML expects spaces (YAML indents with spaces only)"
			}
			return l, c, "quote a value that starts with " + strconv.QuoteRune(s.lines[l-1].text[c-1])
		}
	case msg == "found unexpected end of stream" && s.openQuote[0] > 0:
		return s.openQuote[0], s.openQuote[1], "the quoted string that starts here is never closed"
	case (msg == "found unknown escape character" || msg == "did not find expected hexdecimal number") && s.badEscape[0] > 0:
		return s.badEscape[0], s.badEscape[1], `in double quotes a \ starts an escape such as \n or \x41: write \\ for a backslash, or use single quotes`
	case strings.HasPrefix(msg, "did not find expected ',' or "):
		if s.openFlow[0] >= from {
			return s.openFlow[0], s.openFlow[1], "the " + string(s.lines[s.openFlow[0]-1].text[s.openFlow[1]-1]) + " here is never closed"
		}
		if line > 0 {
			if l, c := s.find(map[byte]string{']': "[", '}': "{"}[msg[len(msg)-2]], from); l == line {
				return l, c, "in the flow collection that starts here"
			}
		}
	case msg == "did not find expected key" || msg == "did not find expected '-' indicator":
		a, ok := s.firstAnomaly(from)
		for _, q := range s.multiQuote {
			if q[0] >= from && (!ok || q[0] < a.line) {
				return q[0], q[1], "the quoted string that starts here runs on to line " + itoa(q[2]) + ": is its closing quote missing?"
			}
		}
		if ok {
			return a.line, a.col, a.msg
		}
	case msg == "could not find expected ':'" && line > 0:
		if in := s.lineAt(line); in != nil {
			return line, in.token, "a key needs a ':' (and a space) before its value"
		}
	case msg == "mapping values are not allowed in this context" && line > 0:
		return s.mappingValue(line)
	case msg == "block sequence entries are not allowed in this context" && line > 0:
		if in := s.lineAt(line); in != nil && len(in.colons) > 0 {
			t := s.lines[line-1].text
			if c := firstToken(t, in.colons[0]); c < len(t) && t[c] == '-' {
				return line, c + 1, "a list under a key starts on the next line, indented"
			}
		}
	case aliasErr.MatchString(msg):
		name := aliasErr.FindStringSubmatch(msg)[1]
		if l, c := s.find("*"+name, from); l > 0 {
			return l, c, "no anchor &" + name + " is defined before this alias"
		}
	}
	return 0, 0, ""
}

// mappingValue explains "mapping values are not allowed": a ':' where YAML
// reads a plain scalar, because the line is indented more than the key
// above it, because the line above lacks its ':', or because a value holds
// ": ".
func (s *yamlScan) mappingValue(line int) (int, int, string) {
	in := s.lineAt(line)
	if in == nil {
		return 0, 0, ""
	}
	if p := s.lineAt(s.prevContent(line)); p != nil && p.kind == lineBare {
		n := s.prevContent(line)
		return n, p.token, "this line has no ':' after its key, so YAML reads it and the next line as one value"
	}
	if in.cont {
		why := "this line is indented more than the line above, so YAML reads it as the rest of the value there"
		if n := s.prevContent(line); n > 0 {
			t := s.lines[n-1].text
			if c := s.lineAt(n).token - 1; c+1 < len(t) && t[c] == '-' && t[c+1] != ' ' {
				why += ` (is a space missing after the "-" on line ` + itoa(n) + "?)"
			}
		}
		return line, in.token, why
	}
	if len(in.colons) > 1 {
		return line, in.colons[1], `quote a value that holds ": "`
	}
	return 0, 0, ""
}

// lineAt is what the scan learnt about line n, or nil.
func (s *yamlScan) lineAt(n int) *lineInfo {
	if n < 1 || n >= len(s.info) {
		return nil
	}
	return s.info[n]
}

// prevContent is the number of the last line before line that the scan
// read as block context; 0 if none.
func (s *yamlScan) prevContent(line int) int {
	for n := line - 1; n > 0; n-- {
		if s.lineAt(n) != nil {
			return n
		}
	}
	return 0
}

// badTokenStart finds, from line from on, the first tab in indentation or
// after an indicator, or the first '@' or '`' where a token starts: the
// characters yaml.v3 refuses without naming them.
func (s *yamlScan) badTokenStart(from int) (int, int, bool) {
	for _, l := range s.lines[min(from, len(s.lines))-1:] {
		t := l.text
		i := l.indent
		for {
			if i < len(t) && t[i] == '\t' {
				return l.n, i + 1, true
			}
			if i+1 < len(t) && (t[i] == '-' || t[i] == '?') && (t[i+1] == ' ' || t[i+1] == '\t') {
				i++
				for i < len(t) && t[i] == ' ' {
					i++
				}
				continue
			}
			break
		}
		for j := i; j < len(t); j++ {
			if (t[j] == '@' || t[j] == '`') && (j == i || strings.ContainsRune(" [{,", t[j-1])) {
				return l.n, j + 1, true
			}
			if t[j] == '#' && (j == 0 || t[j-1] == ' ') {
				break
			}
		}
	}
	return 0, 0, false
}

// find is the first place of word at or after line from, as a token.
func (s *yamlScan) find(word string, from int) (int, int) {
	w := []rune(word)
	for _, l := range s.lines[min(from, len(s.lines))-1:] {
		t := l.text
		for j := 0; j+len(w) <= len(t); j++ {
			if string(t[j:j+len(w)]) == word && (j == 0 || strings.ContainsRune(" [{,:", t[j-1])) {
				return l.n, j + 1
			}
		}
	}
	return 0, 0
}

// firstColumn is the column of the first character of line l that is not
// a space, or 1.
func firstColumn(text []byte, l int) int {
	b, _ := lineBytes(text, l)
	n := 0
	for n < len(b) && b[n] == ' ' {
		n++
	}
	if n == len(b) {
		return 1
	}
	return n + 1
}

// maxSyntaxMsg bounds the message of a syntax error, in characters:
// yaml.v3 quotes parts of the input in some (an anchor's name).
const maxSyntaxMsg = 300

// boundText escapes what is not printable in s, as Go writes it, and cuts
// it to maxSyntaxMsg characters.
func boundText(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n++; n > maxSyntaxMsg {
			b.WriteString("…")
			break
		}
		if r == ' ' || unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// excerptWidth bounds the source line an excerpt shows, in characters.
const excerptWidth = 100

// excerpt shows line l of src with a caret under column col:
//
//	4 | \tname: x
//	  | ^
//
// Control and invisible characters are escaped, as Go writes them, so that
// the file cannot rewrite a terminal, and a long line is cut around the
// column.
func excerpt(src []byte, l, col int) string {
	b, ok := lineBytes(src, l)
	if !ok {
		return ""
	}
	var cells []string // what each character of the line shows as
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && w <= 1:
			cells = append(cells, fmt.Sprintf(`\x%02x`, b[0]))
		case r == ' ' || unicode.IsPrint(r):
			cells = append(cells, string(r))
		default:
			q := strconv.QuoteRuneToASCII(r)
			cells = append(cells, q[1:len(q)-1])
		}
		b = b[w:]
	}
	col = min(max(col, 1), len(cells)+1)
	// at[i] is the width of cells[:i].
	at := make([]int, len(cells)+1)
	for i, c := range cells {
		at[i+1] = at[i] + len([]rune(c))
	}
	start, end := 0, len(cells)
	prefix, suffix := "", ""
	for at[col-1]-at[start] > excerptWidth*2/3 {
		start++
		prefix = "…"
	}
	for at[end]-at[start] > excerptWidth {
		end--
		suffix = "…"
	}
	num := itoa(l)
	gutter := strings.Repeat(" ", len(num))
	return "  " + num + " | " + prefix + strings.Join(cells[start:end], "") + suffix + "\n" +
		"  " + gutter + " | " + strings.Repeat(" ", at[col-1]-at[start]+len([]rune(prefix))) + "^"
}

// lineBytes is line l of src, without its line break, ending lines where
// yaml.v3 does (cursor).
func lineBytes(src []byte, l int) ([]byte, bool) {
	n, start := 1, 0
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		brk := 0
		switch r {
		case '\r':
			brk = w
			if i+1 < len(src) && src[i+1] == '\n' {
				brk++
			}
		case '\n', 0x85, 0x2028, 0x2029:
			brk = w
		}
		if brk == 0 {
			i += w
			continue
		}
		if n == l {
			return src[start:i], true
		}
		n++
		i += brk
		start = i
	}
	if n == l {
		return src[start:], true
	}
	return nil, false
}
