package plan

import (
	"fmt"
	"slices"
	"strings"
)

// maxReplacements is how many replacing keys a safety message names.
const maxReplacements = 3

// replacedBy finds, per org and collection, the roles (or permissions)
// given to the members who lose one in the same plan: a role replaced for
// many members trips the limit on removals, and its message should say
// what replaces it rather than read like a purge.
type replacedBy map[string]map[string][]string // org code -> collection -> keys, sorted

func replacements(steps []Step) replacedBy {
	losers := map[string]bool{} // org code, collection, member
	member := func(s *Step) string {
		if s.Target.UserID != "" {
			return s.Target.UserID
		}
		return s.Target.Email
	}
	for i := range steps {
		s := &steps[i]
		if s.Action == Delete && (s.Kind == KindMemberRole || s.Kind == KindMemberPermission) {
			losers[s.Target.OrgCode+"\x00"+collectionOf(s.Kind)+"\x00"+member(s)] = true
		}
	}
	out := replacedBy{}
	for i := range steps {
		s := &steps[i]
		c := collectionOf(s.Kind)
		if s.Action != Create || (s.Kind != KindMemberRole && s.Kind != KindMemberPermission) ||
			!losers[s.Target.OrgCode+"\x00"+c+"\x00"+member(s)] || s.Target.Key == "" {
			continue
		}
		if out[s.Target.OrgCode] == nil {
			out[s.Target.OrgCode] = map[string][]string{}
		}
		if keys := out[s.Target.OrgCode][c]; !slices.Contains(keys, s.Target.Key) {
			out[s.Target.OrgCode][c] = append(keys, s.Target.Key)
		}
	}
	return out
}

// suffix is "; replaced by admin" for a collection of an org whose removed
// items are replaced, or "".
func (r replacedBy) suffix(code, collection string) string {
	keys := slices.Clone(r[code][collection])
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	if len(keys) > maxReplacements {
		return fmt.Sprintf("; replaced by %s and %d more", strings.Join(keys[:maxReplacements], ", "), len(keys)-maxReplacements)
	}
	if len(keys) == 1 {
		return "; replaced by " + keys[0]
	}
	return "; replaced by " + strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
}
