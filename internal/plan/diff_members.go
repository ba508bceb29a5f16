package plan

import (
	"maps"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/spec"
)

func memberLabel(m *spec.Member) string {
	if m.Email != "" {
		return m.Email
	}
	return m.ID
}

func memberAny(m *spec.Member) map[string]any {
	out := map[string]any{}
	if m.Email != "" {
		out["email"] = m.Email
	}
	if m.ID != "" {
		out["id"] = m.ID
	}
	if m.Roles != nil {
		out["roles"] = sortedCopy(m.Roles)
	}
	if m.Permissions != nil {
		out["permissions"] = sortedCopy(m.Permissions)
	}
	return out
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// members diffs membership, then each kept member's roles and direct
// permissions. Roles come with the org users list; permissions were read only
// for members whose permissions the files manage (DESIGN §3).
func (o *orgDiff) members() {
	if o.want.Members == nil {
		return
	}
	env := &o.d.live.Env
	byID := map[string]*spec.Member{}
	byEmail := map[string]*spec.Member{}
	for _, m := range o.have.Org.Members {
		byID[m.ID] = m
		if m.Email != "" {
			byEmail[strings.ToLower(m.Email)] = m
		}
	}
	kept := map[string]bool{}
	for _, w := range o.want.Members {
		o.checkKeys(w)
		var h *spec.Member
		if w.ID != "" {
			h = byID[w.ID]
		} else {
			h = byEmail[w.Email]
		}
		if h != nil {
			if kept[h.ID] {
				o.d.problem(w.Pos, "member %s is listed twice (by email and by id)", memberLabel(w))
				continue
			}
			kept[h.ID] = true
			if w.APIScopes != nil {
				o.scoped = append(o.scoped, scopedMember{want: w, userID: h.ID})
			}
			o.memberRoles(w, h)
			o.memberPermissions(w, h)
			continue
		}
		uid := w.ID
		if uid == "" {
			uid = env.Users[w.Email]
		}
		if uid == "" && o.d.doc.Options.MissingUsers == spec.MissingUsersInvite {
			if w.Email == "" {
				continue // an id names an existing user; CheckNames reports it
			}
			o.invite(w)
			if w.APIScopes != nil {
				o.scoped = append(o.scoped, scopedMember{want: w, invited: true})
			}
			continue
		}
		if uid == "" {
			if o.d.doc.Options.MissingUsers != spec.MissingUsersCreate {
				o.d.nameProblem(w.Pos, "no Kinde user has the email %s (options.missing_users: create would create one)", w.Email)
				continue
			}
			o.d.createUser(w.Email)
		} else if kept[uid] {
			o.d.problem(w.Pos, "member %s is listed twice (by email and by id)", memberLabel(w))
			continue
		}
		kept[uid] = true
		if w.APIScopes != nil {
			o.scoped = append(o.scoped, scopedMember{want: w, userID: uid})
		}
		o.add(Step{Action: Create, Kind: KindMember, Address: Address(o.label, "member", memberLabel(w)),
			After: memberAny(w), Target: Target{UserID: uid, Email: w.Email,
				Roles: sortedCopy(w.Roles), Permissions: sortedCopy(w.Permissions)}})
	}
	var gone []*spec.Member
	for _, h := range o.have.Org.Members {
		if !kept[h.ID] {
			gone = append(gone, h)
		}
	}
	slices.SortFunc(gone, func(a, b *spec.Member) int { return strings.Compare(memberLabel(a), memberLabel(b)) })
	for _, h := range gone {
		o.add(Step{Action: Delete, Kind: KindMember, Address: Address(o.label, "member", memberLabel(h)),
			Before: memberAny(h), Target: Target{UserID: h.ID, Email: h.Email}})
	}
	o.apiScopes()
}

// checkKeys reports role and permission keys the environment does not have.
func (o *orgDiff) checkKeys(w *spec.Member) {
	env := &o.d.live.Env
	for _, r := range w.Roles {
		if _, ok := env.Roles[r]; !ok {
			o.d.nameProblem(w.Pos, "member %s: unknown role %q", memberLabel(w), r)
		}
	}
	for _, p := range w.Permissions {
		if _, ok := env.Permissions[p]; !ok {
			o.d.nameProblem(w.Pos, "member %s: unknown permission %q", memberLabel(w), p)
		}
	}
}

func (o *orgDiff) memberRoles(w, h *spec.Member) {
	if w.Roles == nil {
		return
	}
	env := &o.d.live.Env
	addr := func(key string) string { return Address(o.label, "member", memberLabel(w), "role", key) }
	have := set(h.Roles)
	want := set(w.Roles)
	for _, r := range sortedCopy(w.Roles) {
		if !have[r] {
			o.add(Step{Action: Create, Kind: KindMemberRole, Address: addr(r), After: r,
				Target: Target{UserID: h.ID, Email: h.Email, Key: r, ID: env.Roles[r]}})
		}
	}
	for _, r := range sortedCopy(h.Roles) {
		if !want[r] {
			o.add(Step{Action: Delete, Kind: KindMemberRole, Address: addr(r), Before: r,
				Target: Target{UserID: h.ID, Email: h.Email, Key: r, ID: env.Roles[r]}})
		}
	}
}

// memberPermissions follows DESIGN §3: h.Permissions are the direct grants; a
// permission that also comes through a role is present when asked for, and
// never removed, because Kinde cannot say whether it is also direct. Only
// roles the member keeps count: one this plan removes takes its
// permissions with it.
func (o *orgDiff) memberPermissions(w, h *spec.Member) {
	if w.Permissions == nil {
		return
	}
	env := &o.d.live.Env
	addr := func(key string) string { return Address(o.label, "member", memberLabel(w), "permission", key) }
	direct := set(h.Permissions)
	keptRoles := set(h.Roles)
	if w.Roles != nil {
		keptRoles = set(w.Roles)
	}
	viaRole := map[string]bool{}
	for p, roles := range o.have.RolePermissions[h.ID] {
		for _, r := range roles {
			if keptRoles[r] {
				viaRole[p] = true
			}
		}
	}
	want := set(w.Permissions)
	for _, p := range sortedCopy(w.Permissions) {
		if !direct[p] && !viaRole[p] {
			o.add(Step{Action: Create, Kind: KindMemberPermission, Address: addr(p), After: p,
				Target: Target{UserID: h.ID, Email: h.Email, Key: p, ID: env.Permissions[p]}})
		}
	}
	for _, p := range sortedCopy(h.Permissions) {
		if !want[p] && !viaRole[p] {
			o.add(Step{Action: Delete, Kind: KindMemberPermission, Address: addr(p), Before: p,
				Target: Target{UserID: h.ID, Email: h.Email, Key: p, ID: env.Permissions[p]}})
		}
	}
	// A permission shown through roles this plan removes may also be a
	// direct grant that Kinde hid behind them. Once the roles go it would
	// surface, so remove it now: a delete of a grant that is not there is
	// answered 404 and counts as done, and with no role left to show it
	// the removal cannot recur.
	for _, p := range slices.Sorted(maps.Keys(mapKeys(o.have.RolePermissions[h.ID]))) {
		if !want[p] && !viaRole[p] && !direct[p] {
			o.add(Step{Action: Delete, Kind: KindMemberPermission, Address: addr(p), Before: p,
				Target: Target{UserID: h.ID, Email: h.Email, Key: p, ID: env.Permissions[p]}})
		}
	}
}

func mapKeys[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// createUser adds one user create step per email, however many orgs list it.
func (d *differ) createUser(email string) {
	if d.users[email] {
		return
	}
	d.users[email] = true
	d.env = append(d.env, Step{Action: Create, Kind: KindUser, Address: "user[" + email + "]",
		After: map[string]any{"email": email}, Target: Target{Email: email}})
}
