package spec

import (
	"slices"
	"strconv"
	"strings"
)

// minRedacted is the shortest value redact replaces anywhere in a message;
// shorter ones (a 1, a true) are replaced only where a message quotes
// them, lest every digit of "organizations[1]" become ${N}.
const minRedacted = 6

// redact rewrites messages so that they never show what a ${NAME} stood
// for: a secret interpolated into a field must not reach a CI log through
// a validation message. Each value, as written, lower-cased (emails are)
// and Go-quoted (%q), is replaced by ${NAME}; the position and the field's
// path still say where the problem is.
func redact(ps Problems, vars []Interpolation) {
	if len(vars) == 0 || len(ps) == 0 {
		return
	}
	// Longer values first, so that a value containing another is replaced whole.
	vars = slices.Clone(vars)
	slices.SortStableFunc(vars, func(a, b Interpolation) int { return len(b.Value) - len(a.Value) })
	var pairs []string
	for _, v := range vars {
		val := strings.TrimSpace(v.Value) // YAML trims plain scalars
		if val == "" {
			continue
		}
		ref := "${" + v.Name + "}"
		pairs = append(pairs, strconv.Quote(val), `"`+ref+`"`)
		if lower := strings.ToLower(val); lower != val {
			pairs = append(pairs, strconv.Quote(lower), `"`+ref+`"`)
		}
		if len(val) >= minRedacted {
			pairs = append(pairs, val, ref)
			if lower := strings.ToLower(val); lower != val {
				pairs = append(pairs, lower, ref)
			}
			if q := strconv.Quote(val); q[1:len(q)-1] != val {
				pairs = append(pairs, q[1:len(q)-1], ref)
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	r := strings.NewReplacer(pairs...)
	for i := range ps {
		ps[i].Msg = r.Replace(ps[i].Msg)
	}
}

// Redact applies redact to problems found after loading (CheckNames, the
// diff), with the replacements of every file of d.
func (d *Document) Redact(ps Problems) {
	redact(ps, d.Interpolated)
}
