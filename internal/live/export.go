package live

import (
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/spec"
)

// Export turns live state into desired state: what a file must say for plan
// to show no changes. Defaults and unset values are left out (left out means
// unmanaged, so they stay as they are); write-only settings and logos are
// absent because Kinde cannot give them back. Orgs come sorted by code.
func Export(live *plan.Live) []*spec.Organization {
	names := map[string]string{}
	for _, c := range live.Env.Connections {
		names[c.ID] = c.Name
	}
	out := make([]*spec.Organization, 0, len(live.Orgs))
	for _, lo := range live.Orgs {
		out = append(out, exportOrg(lo, names))
	}
	slices.SortFunc(out, func(a, b *spec.Organization) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func nonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return p
}

func onlyTrue(p *bool) *bool {
	if p == nil || !*p {
		return nil
	}
	return p
}

func exportOrg(lo *plan.LiveOrg, connNames map[string]string) *spec.Organization {
	l := lo.Org
	o := &spec.Organization{
		Code: l.Code, ExternalID: nonEmpty(l.ExternalID), Name: l.Name, Handle: nonEmpty(l.Handle),
		ThemeCode:       nonEmpty(l.ThemeCode),
		BackgroundColor: nonEmpty(l.BackgroundColor), ButtonColor: nonEmpty(l.ButtonColor),
		ButtonTextColor: nonEmpty(l.ButtonTextColor), LinkColor: nonEmpty(l.LinkColor),
		BackgroundColorDark: nonEmpty(l.BackgroundColorDark), ButtonColorDark: nonEmpty(l.ButtonColorDark),
		ButtonTextColorDark: nonEmpty(l.ButtonTextColorDark), LinkColorDark: nonEmpty(l.LinkColorDark),
		IsAutoMembershipEnabled: onlyTrue(l.IsAutoMembershipEnabled),
		SenderName:              nonEmpty(l.SenderName), SenderEmail: nonEmpty(l.SenderEmail),
		IsSuspended: onlyTrue(l.IsSuspended),
	}
	if len(l.AllowedDomains) > 0 {
		o.AllowedDomains = plan.NormDomains(l.AllowedDomains)
	}
	if l.Connections != nil {
		o.Connections = []spec.Ref{}
		for _, c := range l.Connections {
			v := c.Value
			if n := connNames[v]; n != "" && uniqueName(connNames, n) {
				v = n // names read better; ids where a name is ambiguous
			}
			o.Connections = append(o.Connections, spec.Ref{Value: v})
		}
	}
	if l.FeatureFlags != nil {
		o.FeatureFlags = slices.Clone(l.FeatureFlags)
	}
	if l.Properties != nil {
		o.Properties = slices.Clone(l.Properties)
	}
	if lo.Invites != nil {
		o.Invitations = []*spec.Invitation{}
		for _, p := range lo.Invites.Pending {
			i := &spec.Invitation{Email: p.Email, Roles: slices.Clone(p.Roles)}
			if p.FirstName != "" {
				i.FirstName = &p.FirstName
			}
			if p.LastName != "" {
				i.LastName = &p.LastName
			}
			o.Invitations = append(o.Invitations, i)
		}
	}
	if l.Members != nil {
		o.Members = make([]*spec.Member, 0, len(l.Members))
		for _, m := range l.Members {
			// Empty roles and permissions are left out like any unset value.
			e := &spec.Member{Email: m.Email}
			if len(m.Roles) > 0 {
				e.Roles = slices.Clone(m.Roles)
			}
			if len(m.Permissions) > 0 {
				e.Permissions = slices.Clone(m.Permissions)
			}
			if e.Email == "" {
				e.ID = m.ID
			}
			o.Members = append(o.Members, e)
		}
		slices.SortFunc(o.Members, func(a, b *spec.Member) int {
			return strings.Compare(a.Email+"\x00"+a.ID, b.Email+"\x00"+b.ID)
		})
	}
	return o
}

func uniqueName(names map[string]string, n string) bool {
	count := 0
	for _, v := range names {
		if v == n {
			count++
		}
	}
	return count == 1
}
