package render

import (
	"strings"
	"unicode/utf8"

	"github.com/kindesync/kindesync/internal/plan"
)

// In a ```diff block GitHub colours a line by its first character: + green,
// - red, ! orange; others stay plain. A step is shown so that its colour
// says what it does: a create is all +, a delete all -, an update is a !
// line with each changed field as - old and + new, and an assert (a
// write-only setting re-applied) a ! line with its values plain. Every line
// begins with one of those symbols or with spaces, so no value can close
// the fence.

// mdMark is the first character of a step's lines in a ```diff block.
func mdMark(a plan.Action) string {
	switch a {
	case plan.Create:
		return "+"
	case plan.Delete:
		return "-"
	}
	return "!"
}

// mdStepLines is a step in a ```diff block, lines longer than maxLine cut,
// the cuts marked with … and the colour kept.
func mdStepLines(s *plan.Step) []string {
	head := mdMark(s.Action) + " " + visible(s.Address)
	switch {
	case s.Action == plan.Assert:
		head += "  (write-only: Kinde cannot read it back)"
	case s.WriteOnly:
		head += "  (write-only)"
	}
	if n := stepNote(s); n != "" {
		head += "  (" + n + ")"
	}
	out := cutLine(nil, "", head)
	for _, l := range mdDetails(s) {
		out = cutLine(out, l[:1], l)
	}
	return out
}

// mdDetails is what a step changes, field by field, each line marked.
func mdDetails(s *plan.Step) []string {
	return stepDetails(s, mdChange)
}

// detailIndent puts a detail under its step's address.
const detailIndent = "     "

func mdChange(key string, before, after any, a plan.Action) []string {
	key = visible(key)
	switch a {
	case plan.Create:
		return []string{"+" + detailIndent + key + ": " + FormatValue(after)}
	case plan.Delete:
		return []string{"-" + detailIndent + key + ": " + FormatValue(before)}
	case plan.Assert:
		return []string{" " + detailIndent + key + ": " + FormatValue(after)}
	}
	bs, bok := before.(string)
	as, aok := after.(string)
	if bok && aok && (len(bs) > longString || len(as) > longString || strings.Contains(bs+as, "\n")) {
		return append([]string{" " + detailIndent + key + ":"}, mdLineDiff(bs, as)...)
	}
	return []string{
		"-" + detailIndent + key + ": " + FormatValue(before),
		"+" + detailIndent + key + ": " + FormatValue(after),
	}
}

// mdLineDiff shows a long string change line by line, each line marked as
// in a unified diff.
func mdLineDiff(before, after string) []string {
	return diffLines(before, after, func(mark, l string) string {
		return mark + detailIndent + "  " + visible(l)
	})
}

// cutLine appends l to out, cut into pieces of at most maxLine bytes (at
// character boundaries) when it is longer; each piece after the first
// starts with mark (to keep its colour) and an indent.
func cutLine(out []string, mark, l string) []string {
	if mark == "" {
		mark = " "
	}
	for len(l) > maxLine {
		i := maxLine - len(" …")
		for i > 0 && !utf8.RuneStart(l[i]) {
			i--
		}
		out = append(out, l[:i]+" …")
		l = mark + detailIndent + "… " + l[i:]
	}
	return append(out, l)
}
