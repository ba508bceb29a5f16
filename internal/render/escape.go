package render

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Every string a plan shows may come from a file or from Kinde, and either
// may be hostile: a value holding ESC can rewrite a terminal, a newline can
// forge a plan line, a right-to-left override can make a reviewer read
// something else. visible is applied to every such string, in text and in
// markdown.

// Visible is visible, for what the commands print to stderr beside a
// plan (--changed-from's reasons name entries by their identities).
func Visible(s string) string { return visible(s) }

// visible returns s with each character that could control a terminal, end
// a line or reorder text written as a Go escape (\n, \x1b, \u202e), and
// each byte that is not UTF-8 as \xNN. Ordinary text is returned as it is.
func visible(s string) string {
	i := firstHidden(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		// range yields utf8.RuneError for each bad byte; that rune is
		// also written escaped, so a forged U+FFFD is told apart only by
		// the input, which is acceptable.
		if hidden(r) {
			b.WriteString(escapeRune(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func firstHidden(s string) int {
	for i, r := range s {
		if hidden(r) {
			return i
		}
	}
	return -1
}

// hidden reports the characters visible escapes: C0 (tab and newline
// included: one value is one line), DEL, C1, bidirectional controls, the
// line and paragraph separators, and bad UTF-8.
func hidden(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0:
		return true
	case r == utf8.RuneError:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func escapeRune(r rune) string {
	if r == utf8.RuneError {
		return `\ufffd`
	}
	q := strconv.QuoteRuneToASCII(r)
	return q[1 : len(q)-1]
}

// longestRun is the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// codeSpan puts s in a markdown code span, where GitHub renders no
// markup, no HTML, no @mention and no #123 reference. The delimiter is
// longer than any run of backticks in s, so that s cannot close it.
func codeSpan(s string) string {
	s = visible(s)
	tick := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return tick + s + tick
}
