package spec

import (
	"strconv"
	"strings"
)

// colonsIn lists the columns of the ':' in t[from:] that a mapping would
// take as a key's end: followed by a space, a tab or the line's end, and
// outside quotes and brackets; a comment ends the search.
func colonsIn(t []rune, from int) []int {
	var out []int
	depth := 0
	for i := from; i < len(t); i++ {
		switch c := t[i]; {
		case (c == '"' || c == '\'') && (i == from || t[i-1] == ' ' || t[i-1] == '[' || t[i-1] == '{' || t[i-1] == ','):
			for i++; i < len(t) && t[i] != c; i++ {
				if c == '"' && t[i] == '\\' {
					i++
				}
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == '#' && (i == from || t[i-1] == ' '):
			return out
		case c == ':' && depth <= 0 && (i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\t'):
			out = append(out, i+1)
		}
	}
	return out
}

func hasColon(t []rune, from int) bool { return len(colonsIn(t, from)) > 0 }

// firstToken is the index of the first character from i that is not a
// space or a tab.
func firstToken(t []rune, i int) int {
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	return i
}

func isBlank(t []rune) bool {
	i := firstToken(t, 0)
	return i == len(t) || t[i] == '#'
}

func hasPrefix(t []rune, p string) bool {
	return strings.HasPrefix(string(t), p) && (len(t) == len(p) || t[len(p)] == ' ')
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return itoa(n) + " spaces"
}

var itoa = strconv.Itoa

// goodEscape says whether t, which follows a \ in a double-quoted string,
// is an escape YAML knows (\x, \u and \U with their hex digits).
func goodEscape(t []rune) bool {
	digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[t[0]]
	if digits == 0 {
		return strings.ContainsRune("0abt\tnvfre \"/\\N_LP", t[0])
	}
	if len(t) <= digits {
		return false
	}
	for _, r := range t[1 : 1+digits] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
