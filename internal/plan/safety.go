package plan

import "fmt"

// DefaultMaxDeleteFraction is DESIGN §4's limit: a run may remove at most a
// quarter of a collection's items in one org...
const DefaultMaxDeleteFraction = 0.25

// ...once the collection holds this many items; below it, single removals
// from small collections would trip the limit all the time.
const minGuardedItems = 8

// collectionOf names the collection a delete step removes from, for the
// safety limits; "" means the step is not counted there.
func collectionOf(k Kind) string {
	switch k {
	case KindMember:
		return "members"
	case KindMemberRole:
		return "member roles"
	case KindMemberPermission:
		return "member permissions"
	case KindFeatureFlag:
		return "feature flag overrides"
	case KindProperty:
		return "property values"
	case KindConnection:
		return "connections"
	case KindLogo:
		return "logos"
	case KindMemberAPIScope:
		return "member API scopes"
	case KindInvitation:
		return "invitations"
	}
	return ""
}

// liveCount is the number of items a collection holds in a live org.
func liveCount(lo *LiveOrg, collection string) int {
	o := lo.Org
	switch collection {
	case "members":
		return len(o.Members)
	case "member roles":
		n := 0
		for _, m := range o.Members {
			n += len(m.Roles)
		}
		return n
	case "member permissions":
		n := 0
		for _, m := range o.Members {
			n += len(m.Permissions)
		}
		return n
	case "feature flag overrides":
		return len(o.FeatureFlags)
	case "property values":
		return len(o.Properties)
	case "connections":
		return len(o.Connections)
	case "logos":
		return len(lo.Logos)
	case "member API scopes":
		return lo.State.scopeCount()
	case "invitations":
		if lo.Invites == nil {
			return 0
		}
		return len(lo.Invites.Pending)
	}
	return 0
}

// safety evaluates the limits of DESIGN §4 over the planned steps and returns
// one message per limit hit, or nil with AllowDeletes.
func (d *differ) safety(orgSteps [][]Step) []string {
	if d.opt.AllowDeletes {
		return nil
	}
	n := 0
	for _, s := range orgSteps {
		n += len(s)
	}
	steps := make([]Step, 0, n) // sized: a full plan's steps, grown by doubling, were its largest garbage
	for _, s := range orgSteps {
		steps = append(steps, s...)
	}
	out := Safety(steps, d.live.Orgs, d.opt.MaxDeleteFraction)
	out = append(out, SSORemovals(steps)...)
	if !d.opt.AllowSuspend {
		out = append(out, Suspensions(steps)...)
	}
	return out
}

// Safety names every limit of DESIGN §4 that steps hit against the live
// orgs they were planned from: any org deletion, and removing more than frac
// of a collection of minGuardedItems or more in one org. apply --plan
// evaluates it again on what it re-read, so that a saved plan cannot carry
// deletions past the limits on the strength of its own "blocked" list.
func Safety(steps []Step, live []*LiveOrg, frac float64) []string {
	if CheckFraction(frac) != nil {
		frac = 0 // the strictest: a limit that is not a number allows nothing
	}
	byCode := map[string]*LiveOrg{}
	for _, lo := range live {
		byCode[lo.Org.Code] = lo
	}
	var out []string
	deletes := map[string]map[string]int{} // org code -> collection -> removals
	var orgs []string
	var order = map[string][]string{}
	for _, s := range steps {
		if s.Action != Delete {
			continue
		}
		code := s.Target.OrgCode
		if s.CatalogRemoval() && s.Kind != KindRolePermission {
			out = append(out, fmt.Sprintf("%s: deleting a %s from the environment", s.Address, catalogNoun(s.Kind)))
			continue
		}
		if s.Kind == KindOrganization {
			out = append(out, fmt.Sprintf("%s: deleting an organization", s.Address))
			continue
		}
		c := collectionOf(s.Kind)
		if c == "" || code == "" {
			continue
		}
		if deletes[code] == nil {
			deletes[code] = map[string]int{}
			orgs = append(orgs, code)
		}
		if deletes[code][c] == 0 {
			order[code] = append(order[code], c)
		}
		deletes[code][c]++
	}
	repl := replacements(steps)
	for _, code := range orgs {
		lo := byCode[code]
		if lo == nil {
			continue
		}
		for _, c := range order[code] {
			n, total := deletes[code][c], liveCount(lo, c)
			if total >= minGuardedItems && float64(n) > frac*float64(total) {
				out = append(out, fmt.Sprintf("%s: removing %d of %d %s (more than %.0f%%)%s",
					Address(code), n, total, c, frac*100, repl.suffix(code, c)))
			}
		}
	}
	return out
}
