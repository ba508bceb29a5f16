package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/spec"
)

// Members' API scopes (addOrganizationUserAPIScope and its delete) have no
// read in Kinde: kindesync keeps the set it granted in kindesync_state and
// diffs the file against that set, so removals are exact.

// MaxStateLength is the longest kindesync_state value kindesync writes.
// Kinde does not document the limit of a single_line_text property value;
// past this a plan refuses rather than truncate what it must remember.
const MaxStateLength = 4096

// MemberKey is how kindesync_state names a member: a short hash of the
// member's identity as the file writes it (email, else user id), so that an
// entry costs 12 characters rather than an email's or an id's 35, and is
// known before a user this plan creates has an id. A file that switches a
// member from email to id starts that member's set afresh: every scope is
// granted again (harmless), but a removal made in the same change is missed.
func MemberKey(m *spec.Member) string {
	s := "id:" + m.ID
	if m.Email != "" {
		s = "email:" + strings.ToLower(m.Email)
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:5])
}

func (s State) scopeCount() int {
	n := 0
	for _, members := range s.Scopes {
		for _, keys := range members {
			n += len(keys)
		}
	}
	return n
}

func (s State) cloneScopes() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for api, members := range s.Scopes {
		out[api] = maps.Clone(members)
	}
	return out
}

// scopedMember is a member of the file whose api_scopes are managed, with the
// user it is once the plan has run.
type scopedMember struct {
	want    *spec.Member
	userID  string // "" for a user this plan creates
	invited bool   // no user: invited, not added (missing_users: invite)
}

// apiByRef resolves an API the file names by id, else by audience.
func (o *orgDiff) apiByRef(ref string) *API {
	apis := o.d.live.Env.APIs
	for i := range apis {
		if apis[i].ID == ref {
			return &apis[i]
		}
	}
	for i := range apis {
		if apis[i].Audience == ref {
			return &apis[i]
		}
	}
	return nil
}

type scopeGrant struct{ api, key string }

// apiScopes plans the grants and removals of the members in o.scoped, and
// the kindesync_state entries after them. Entries of anyone the file no
// longer lists (removed from the org by this plan, as members are managed
// exactly) are dropped, as Kinde drops their grants with the membership.
func (o *orgDiff) apiScopes() {
	if o.want.Members == nil {
		return
	}
	present := map[string]bool{}
	for _, m := range o.want.Members {
		present[MemberKey(m)] = true
	}
	next := o.state.cloneScopes()
	for _, sm := range o.scoped {
		w := sm.want
		if sm.invited {
			o.d.problem(w.Pos, "member %s: api_scopes cannot be granted to an invited user (no Kinde user has this email yet): grant them once the invitation is accepted", memberLabel(w))
			continue
		}
		key := MemberKey(w)
		last := map[scopeGrant]bool{}
		for api, members := range next {
			for _, s := range members[key] {
				last[scopeGrant{api, s}] = true
			}
			delete(members, key)
		}
		want := map[scopeGrant]bool{}
		for _, g := range w.APIScopes {
			api := o.apiByRef(g.API)
			if api == nil {
				o.d.nameProblem(g.Pos, "member %s: unknown API %q (give its audience or id)", memberLabel(w), g.API)
				continue
			}
			for _, s := range g.Scopes {
				if _, ok := api.Scopes[s]; !ok {
					o.d.nameProblem(g.Pos, "member %s: API %s has no scope %q", memberLabel(w), api.Audience, s)
					continue
				}
				want[scopeGrant{api.ID, s}] = true
			}
		}
		for _, g := range sortedGrants(want) {
			if !last[g] {
				o.add(o.scopeStep(Assert, sm, g))
			}
			if next[g.api] == nil {
				next[g.api] = map[string][]string{}
			}
			next[g.api][key] = append(next[g.api][key], g.key)
		}
		for _, g := range sortedGrants(last) {
			if want[g] {
				continue
			}
			if api := o.apiByID(g.api); api == nil || api.Scopes[g.key] == "" {
				continue // the API or scope is gone, and with it the grant
			}
			o.add(o.scopeStep(Delete, sm, g))
		}
	}
	for api, members := range next {
		for k, keys := range members {
			if !present[k] || len(keys) == 0 {
				delete(members, k)
				continue
			}
			slices.Sort(keys)
		}
		if len(members) == 0 {
			delete(next, api)
		}
	}
	if len(next) == 0 {
		next = nil
	}
	if !scopesEqual(next, o.state.Scopes) {
		o.state.Scopes = next
		o.writes = true
	}
}

func (o *orgDiff) apiByID(id string) *API {
	for i := range o.d.live.Env.APIs {
		if a := &o.d.live.Env.APIs[i]; a.ID == id {
			return a
		}
	}
	return nil
}

func (o *orgDiff) scopeStep(a Action, sm scopedMember, g scopeGrant) Step {
	api := o.apiByID(g.api)
	s := Step{Action: a, Kind: KindMemberAPIScope, WriteOnly: a == Assert,
		Address: Address(o.label, "member", memberLabel(sm.want), "api_scope", api.Audience+" "+g.key),
		Target:  Target{UserID: sm.userID, Email: sm.want.Email, APIID: g.api, Key: g.key, ID: api.Scopes[g.key]}}
	v := map[string]any{"api": api.Audience, "scope": g.key}
	if a == Delete {
		s.Before = v
	} else {
		s.After = v
	}
	return s
}

func sortedGrants(m map[scopeGrant]bool) []scopeGrant {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, func(a, b scopeGrant) int {
		if c := strings.Compare(a.api, b.api); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}

func scopesEqual(a, b map[string]map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for api, am := range a {
		bm, ok := b[api]
		if !ok || len(am) != len(bm) {
			return false
		}
		for k, keys := range am {
			if !slices.Equal(keys, bm[k]) {
				return false
			}
		}
	}
	return true
}

// checkStateSize refuses a kindesync_state value past MaxStateLength.
func (o *orgDiff) checkStateSize() {
	if !o.writes {
		return
	}
	if n := len(o.state.Encode()); n > MaxStateLength {
		o.d.problem(o.want.Pos, "organization %s: kindesync_state would be %d characters, more than the %d kindesync writes; "+
			"it holds %d member API scope grants, which Kinde cannot list back: grant fewer through the file (see docs/operations.md)",
			o.label, n, MaxStateLength, o.state.scopeCount())
	}
}
