package live

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/spec"
)

// ReadOrg reads the given parts of one org into the spec shape.
func ReadOrg(ctx context.Context, src Source, s kinde.OrganizationSummary, p plan.Parts, env *plan.Env) (*plan.LiveOrg, error) {
	return readOrg(ctx, src, s, p, env, nil)
}

// readOrg is ReadOrg with the details, when already read by code, given.
func readOrg(ctx context.Context, src Source, s kinde.OrganizationSummary, p plan.Parts, env *plan.Env, full *kinde.Organization) (*plan.LiveOrg, error) {
	lo := summaryOrg(s)
	o := lo.Org
	if p.Details {
		if full == nil {
			var err error
			if full, err = src.GetOrganization(ctx, s.Code); err != nil {
				return nil, err
			}
		}
		fillDetails(o, full)
	}
	if p.Members {
		users, err := src.GetOrganizationUsers(ctx, s.Code)
		if err != nil {
			return nil, err
		}
		o.Members = make([]*spec.Member, 0, len(users))
		for _, u := range users {
			roles := slices.Clone(u.Roles)
			if roles == nil {
				roles = []string{}
			}
			slices.Sort(roles)
			o.Members = append(o.Members, &spec.Member{ID: u.ID, Email: strings.ToLower(u.Email), Roles: roles})
		}
		slices.SortFunc(o.Members, func(a, b *spec.Member) int { return strings.Compare(a.ID, b.ID) })
		ids, err := readPermissions(ctx, src, lo, p)
		if err != nil {
			return nil, err
		}
		// Record the ids, not the emails, so that a saved plan's re-read
		// covers the same members.
		p.Permissions, p.PermissionEmails = ids, nil
	}
	if p.Flags {
		flags, err := src.GetOrganizationFeatureFlags(ctx, s.Code)
		if err != nil {
			return nil, err
		}
		o.FeatureFlags = []spec.FlagOverride{}
		for k, f := range flags {
			v, err := parseFlag(f)
			if err != nil {
				continue // a value kindesync cannot type is not one it manages
			}
			if def, ok := env.Flags[k]; ok && def.Default == v {
				continue // inherited, not an override (DESIGN §3)
			}
			o.FeatureFlags = append(o.FeatureFlags, spec.FlagOverride{Key: k, Value: v})
		}
		slices.SortFunc(o.FeatureFlags, func(a, b spec.FlagOverride) int { return strings.Compare(a.Key, b.Key) })
	}
	if p.Properties {
		props, err := src.GetOrganizationPropertyValues(ctx, s.Code)
		if err != nil {
			return nil, err
		}
		o.Properties = []spec.PropertyValue{}
		for _, pv := range props {
			if pv.Value == nil || *pv.Value == "" {
				continue
			}
			if pv.Key == plan.StatePropertyKey {
				lo.State = plan.ParseState(*pv.Value)
				continue
			}
			o.Properties = append(o.Properties, spec.PropertyValue{Key: pv.Key, Value: *pv.Value})
		}
		slices.SortFunc(o.Properties, func(a, b spec.PropertyValue) int { return strings.Compare(a.Key, b.Key) })
	}
	if p.Connections {
		conns, err := src.GetOrganizationConnections(ctx, s.Code)
		if err != nil {
			return nil, err
		}
		o.Connections = []spec.Ref{}
		for _, c := range conns {
			o.Connections = append(o.Connections, spec.Ref{Value: c.ID})
		}
		slices.SortFunc(o.Connections, func(a, b spec.Ref) int { return strings.Compare(a.Value, b.Value) })
	}
	if p.Logos {
		logos, err := src.ReadOrganizationLogo(ctx, s.Code)
		if err != nil {
			return nil, err
		}
		for _, l := range logos {
			lo.Logos[l.Type] = true
		}
	}
	if p.Invitations {
		inv, err := readInvites(ctx, src, s.Code)
		if err != nil {
			return nil, err
		}
		lo.Invites = inv
	}
	lo.Parts = p
	return lo, nil
}

// readPermissions reads the direct and role-granted permissions of the
// members whose permissions the files manage, a few at a time, and returns
// their ids, sorted.
func readPermissions(ctx context.Context, src Source, lo *plan.LiveOrg, p plan.Parts) ([]string, error) {
	want := map[string]bool{}
	for _, id := range p.Permissions {
		want[id] = true
	}
	emails := map[string]bool{}
	for _, e := range p.PermissionEmails {
		emails[e] = true
	}
	var members []*spec.Member
	for _, m := range lo.Org.Members {
		if p.AllPermissions || want[m.ID] || emails[m.Email] {
			members = append(members, m)
		}
	}
	lo.RolePermissions = map[string]map[string][]string{}
	var ids []string
	if !p.AllPermissions {
		for _, m := range members {
			ids = append(ids, m.ID) // members are sorted by id
		}
	}
	var mu sync.Mutex
	return ids, parallel(ctx, len(members), 8, func(i int) error {
		m := members[i]
		perms, err := src.GetOrganizationUserPermissions(ctx, lo.Org.Code, m.ID)
		if err != nil {
			return err
		}
		direct, viaRole := []string{}, map[string][]string{}
		for _, pm := range perms {
			if len(pm.Roles) == 0 {
				direct = append(direct, pm.Key)
			} else {
				for _, r := range pm.Roles {
					viaRole[pm.Key] = append(viaRole[pm.Key], r.Key)
				}
			}
		}
		slices.Sort(direct)
		mu.Lock()
		m.Permissions = direct
		if len(viaRole) > 0 {
			lo.RolePermissions[m.ID] = viaRole
		}
		mu.Unlock()
		return nil
	})
}

// hexColour normalises a colour Kinde gives back as {raw, hex, hsl}.
func hexColour(c *kinde.Color) *string {
	if c == nil {
		return nil
	}
	v := c.Hex
	if v == "" {
		v = c.Raw
	}
	if v == "" {
		return nil
	}
	v = NormalizeColour(v)
	return &v
}

// NormalizeColour lower-cases a hex colour and expands #rgb to #rrggbb, so
// that what the file says and what Kinde gives back compare equal.
func NormalizeColour(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "#") {
		s = "#" + s
	}
	if len(s) == 4 {
		s = string([]byte{'#', s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	return s
}

func strPtr(s string) *string { return &s }

func fillDetails(o *spec.Organization, f *kinde.Organization) {
	o.Name, o.ExternalID, o.Handle = strPtr(f.Name), strPtr(f.ExternalID), strPtr(f.Handle)
	o.IsAutoMembershipEnabled = &f.IsAutoMembershipEnabled
	if f.ThemeCode != "" {
		o.ThemeCode = strPtr(f.ThemeCode)
	}
	o.BackgroundColor, o.ButtonColor = hexColour(f.BackgroundColor), hexColour(f.ButtonColor)
	o.ButtonTextColor, o.LinkColor = hexColour(f.ButtonTextColor), hexColour(f.LinkColor)
	o.BackgroundColorDark, o.ButtonColorDark = hexColour(f.BackgroundColorDark), hexColour(f.ButtonColorDark)
	o.ButtonTextColorDark, o.LinkColorDark = hexColour(f.ButtonTextColorDark), hexColour(f.LinkColorDark)
	o.AllowedDomains = slices.Clone(f.AllowedDomains)
	if o.AllowedDomains == nil {
		o.AllowedDomains = []string{}
	}
	o.SenderName, o.SenderEmail = strPtr(f.SenderName), strPtr(f.SenderEmail)
	o.IsSuspended = &f.IsSuspended
}
