package spec

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// String formats p as file:line:col, leaving out what is unknown (a file
// that cannot be read has no line).
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	return b.String()
}

// Problem is one thing wrong with the input, at a place in a file.
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) String() string {
	if p.Pos == (Pos{}) {
		return p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is every problem found, so that a user fixes them all in one go
// (DESIGN §2). Load and CheckNames return them sorted by file, line and column.
type Problems []Problem

// MaxShown is how many problems Error lists; a longer list ends with
// "and N more problems", so that a file with a mistake repeated (by an
// alias, or in every member) cannot flood a terminal or a CI log.
const MaxShown = 200

// Error lists the problems one per line, without a trailing newline, so that
// editors and CI annotators can parse each line as file:line:col: message.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i == MaxShown {
			fmt.Fprintf(&b, "\nand %d more problems", len(ps)-MaxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Err returns ps as an error, or nil when there is no problem; a nil
// Problems stored in an error interface would not compare equal to nil.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Sort orders the problems by file, line, column and message.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// add appends a problem, unless the list already holds maxFileProblems:
// then one last problem says that more were left out. Aliases and merged
// files can repeat one mistake without end; memory must not follow.
func (ps *Problems) add(pos Pos, format string, args ...any) {
	switch n := len(*ps); {
	case n < maxFileProblems:
		*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	case (*ps)[n-1].Msg != problemsLeftOut:
		*ps = append(*ps, Problem{Pos: pos, Msg: problemsLeftOut})
	}
}

var problemsLeftOut = fmt.Sprintf("more than %d problems; the rest are not listed", maxFileProblems)

// relativeTo names p for a message about a place in file: just the line
// when p is in the same file, the full place otherwise.
func (p Pos) relativeTo(file string) string {
	if p.File == file && p.Line > 0 {
		return "line " + strconv.Itoa(p.Line)
	}
	return p.String()
}
