package spec

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxListed is how many valid names an unknown-name message lists; a
// larger catalog ends the list with "and N more", so that an environment
// with thousands of roles cannot flood a terminal or a CI log.
const MaxListed = 10

// maxNameShown cuts each name a message quotes: names come from Kinde and
// from the file, and either may be long.
const maxNameShown = 48

// NameHint is the tail of a message about an unknown name: the closest
// valid name, if one is close enough to be a typo, and the valid names
// (what is their plural, "roles"), capped at MaxListed. Names are quoted
// with Go's escapes, so that a control character in a name from Kinde
// cannot reach a terminal raw.
func NameHint(name, what string, valid []string) string {
	return newNameList(what, valid).hint(name)
}

// Closest is the valid name nearest to name: one that differs only in case,
// else the one fewest edits away, if that is few enough for a typo (ties go
// to the name that sorts first). It is "" when nothing is close.
func Closest(name string, valid []string) string {
	if len(name) > maxTypoLen {
		return ""
	}
	lower := strings.ToLower(name)
	best, bestD := "", typoLimit(name)
	for _, v := range valid {
		if strings.EqualFold(v, name) {
			return v
		}
		if abs(len(v)-len(name)) > bestD {
			continue
		}
		d := editDistance(lower, strings.ToLower(v))
		if d < bestD || d == bestD && (best == "" || v < best) {
			best, bestD = v, d
		}
	}
	return best
}

// maxTypoLen bounds the names Closest compares: the edit distance costs the
// product of the lengths, and a name this long is no typo.
const maxTypoLen = 256

// typoLimit is how many edits still read as a typo of name: one in a short
// name (two edits turn "dev" into "qa"), more in a long one.
func typoLimit(name string) int {
	switch n := utf8.RuneCountInString(name); {
	case n <= 3:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// nameList is one kind of name of a catalog, sorted once, with the hints
// already given: one unknown name repeated in many members costs one search.
type nameList struct {
	what  string
	names []string
	memo  map[string]string
}

func newNameList(what string, valid []string) *nameList {
	names := slices.Clone(valid)
	slices.Sort(names)
	return &nameList{what: what, names: slices.Compact(names), memo: map[string]string{}}
}

func newNameSet(what string, valid map[string]bool) *nameList {
	names := make([]string, 0, len(valid))
	for k := range valid {
		names = append(names, k)
	}
	return newNameList(what, names)
}

func (l *nameList) hint(name string) string {
	if h, ok := l.memo[name]; ok {
		return h
	}
	h := suggestion(Closest(name, l.names), l.known())
	if len(l.memo) < maxFileProblems {
		l.memo[name] = h
	}
	return h
}

// suggestion is " (did you mean "x"? known ...)", without the question
// when there is no closest name.
func suggestion(closest, known string) string {
	if closest == "" {
		return " (" + known + ")"
	}
	return " (did you mean " + quoteName(closest) + "? " + known + ")"
}

// known lists the valid names, at most MaxListed of them.
func (l *nameList) known() string {
	if len(l.names) == 0 {
		return "there are no " + l.what
	}
	var b strings.Builder
	b.WriteString("known " + l.what + ": ")
	for i, n := range l.names {
		if i == MaxListed {
			b.WriteString(" and " + strconv.Itoa(len(l.names)-MaxListed) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteName(n))
	}
	return b.String()
}

// quoteName quotes a name for a message, cut to maxNameShown characters.
func quoteName(s string) string {
	if utf8.RuneCountInString(s) > maxNameShown {
		r := []rune(s)
		return strconv.Quote(string(r[:maxNameShown-1])) + "…"
	}
	return strconv.Quote(s)
}
