package plan

import (
	"fmt"
	"path"
	"strings"

	"github.com/kindesync/kindesync/internal/spec"
)

// Selection makes a plan partial: only the orgs it matches are read,
// diffed and applied (plan --org, plan --changed-from). A nil Selection is
// the whole document.
type Selection struct {
	// Patterns are globs (path.Match syntax; \ escapes a metacharacter)
	// matched against an org's code, external_id and handle.
	Patterns []string `json:"patterns"`
	// Organizations are the plan's names of the orgs the selection matched
	// (codes, or for new orgs external_id or handle), sorted: apply --plan
	// carries out steps of these orgs and of the environment only.
	Organizations []string `json:"organizations"`
	// Reasons say why each org was selected (--changed-from), for people.
	Reasons []string `json:"reasons,omitempty"`
	// DeleteUnlisted says delete_unlisted_organizations was on, and so
	// applied inside the selection only.
	DeleteUnlisted bool `json:"delete_unlisted,omitempty"`
}

// CheckPatterns returns an error naming the first malformed pattern.
func CheckPatterns(patterns []string) error {
	for _, p := range patterns {
		if p == "" {
			return fmt.Errorf("--org: an empty pattern matches nothing")
		}
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("--org %q: %w", p, err)
		}
	}
	return nil
}

// EscapeGlob quotes the glob metacharacters of an exact identity.
func EscapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// matchAny reports whether any non-empty value matches any pattern.
func (s *Selection) matchAny(values ...string) bool {
	for _, v := range values {
		if v == "" {
			continue
		}
		for _, p := range s.Patterns {
			if ok, _ := path.Match(p, v); ok {
				return true
			}
		}
	}
	return false
}

// MatchesEntry reports whether a file entry is selected. A nil selection
// selects everything.
func (s *Selection) MatchesEntry(o *spec.Organization) bool {
	return s == nil || s.matchAny(o.Code, deref(o.ExternalID), deref(o.Handle))
}

// MatchesLive reports whether a live org is inside the selection.
func (s *Selection) MatchesLive(o *spec.Organization) bool {
	return s == nil || s.matchAny(o.Code, deref(o.ExternalID), deref(o.Handle))
}

// Exact returns the patterns as literal strings when none of them is a
// glob, for reading the selected orgs one by one by code.
func (s *Selection) Exact() ([]string, bool) {
	var out []string
	for _, p := range s.Patterns {
		lit, ok := literal(p)
		if !ok {
			return nil, false
		}
		out = append(out, lit)
	}
	return out, true
}

// literal unescapes a pattern that holds no unescaped metacharacter.
func literal(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*', '?', '[':
			return "", false
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteByte(p[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// Outside lists the orgs of steps that lie outside the plan's selection,
// for apply --plan to refuse a plan whose steps and selection disagree.
// Environment steps ("") are inside every selection.
func (p *Plan) Outside() []string {
	if p.Selection == nil {
		return nil
	}
	in := map[string]bool{"": true}
	for _, o := range p.Selection.Organizations {
		in[o] = true
	}
	var out []string
	for _, st := range p.Steps {
		if !in[st.Organization] {
			in[st.Organization] = true // named once
			out = append(out, st.Organization)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
