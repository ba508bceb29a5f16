package emulator

import (
	"strings"
	"time"
)

// Reading the optional parts of a state file that state_extra.go models.
// Every one of them may be left out, so files written before they existed
// load as they did.

// timestamp reads an RFC 3339 time; "" is the zero time.
func (l *loader) timestamp(path []any, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		l.errorf(path, "want an RFC 3339 time such as 2025-01-02T15:04:05Z, not %q", s)
	}
	return t
}

func (l *loader) apis(e *Environment, apis []fileAPI) {
	ids, audiences, scopeIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, a := range apis {
		path := at("environment", "apis", i)
		if a.Name == "" || a.Audience == "" {
			l.errorf(path, "an API needs a name and an audience")
		}
		l.unique(audiences, a.Audience, append(path, "audience"), "API audience")
		api := &API{ID: or(a.ID, derivedID(idAPI, "api:"+a.Audience)), Name: a.Name, Audience: a.Audience}
		l.unique(ids, api.ID, path, "API id")
		keys := map[string]bool{}
		for j, sc := range a.Scopes {
			spath := append(path, "scopes", j)
			if sc.Key == "" {
				l.errorf(spath, "a scope needs a key")
			}
			l.unique(keys, sc.Key, spath, "scope")
			id := or(sc.ID, derivedID(idAPIScope, "api_scope:"+a.Audience+"\x00"+sc.Key))
			l.unique(scopeIDs, id, spath, "scope id")
			api.Scopes = append(api.Scopes, &APIScope{ID: id, Key: sc.Key, Description: sc.Description})
		}
		for j, id := range a.Applications {
			if e.application(id) == nil {
				l.errorf(append(path, "applications", j), "no application %q in environment.applications", id)
			}
		}
		api.Applications = a.Applications
		e.APIs = append(e.APIs, api)
	}
}

func (l *loader) flagExtras(flag *FeatureFlag, f fileFlag, path []any) {
	if f.AllowOverrideLevel != "" {
		l.oneOf(append(path, "allow_override_level"), "allow_override_level", f.AllowOverrideLevel, overrideLevels...)
	}
	flag.AllowOverrideLevel = f.AllowOverrideLevel
	if f.Override.Kind != 0 {
		v, err := flagValueFromYAML(flag.Type, &f.Override)
		if err != nil {
			l.errorf(append(path, "override"), "%v", err)
		}
		flag.Override = &v
	}
}

var overrideLevels = []string{"env", "org", "usr"}

// connectionOrgs checks, once organizations are read, that the managing
// organization of each enterprise connection exists.
func (l *loader) connectionOrgs(st *State, conns []fileConnection) {
	for i, c := range conns {
		if c.OrganizationCode != "" && st.org(c.OrganizationCode) == nil {
			l.errorf(at("environment", "connections", i, "organization_code"), "no organization with code %q", c.OrganizationCode)
		}
	}
}

var identityTypes = []string{"email", "username", "phone", "enterprise", "social"}

func (l *loader) userExtras(e *Environment, u *User, f fileUser, path []any) {
	u.Picture = f.Picture
	if f.EmailIdentityID != "" {
		if u.Email == "" {
			l.errorf(append(path, "email_identity_id"), "a user without an email has no email identity")
		}
		setPrimaryEmail(u, u.Email, f.EmailIdentityID)
	}
	ids := map[string]bool{}
	for i, fi := range f.Identities {
		ipath := append(path, "identities", i)
		l.oneOf(append(ipath, "type"), "type", fi.Type, identityTypes...)
		if fi.Name == "" {
			l.errorf(ipath, "an identity needs a name (its value)")
		}
		if fi.ConnectionID != "" && e.connection(fi.ConnectionID) == nil {
			l.errorf(append(ipath, "connection_id"), "no connection %q in environment.connections", fi.ConnectionID)
		}
		id := or(fi.ID, derivedID(idIdentity, "identity:"+u.ID+"\x00"+fi.Type+"\x00"+fi.Name))
		l.unique(ids, id, ipath, "identity id")
		u.Identities = append(u.Identities, &Identity{
			ID: id, Type: fi.Type, Name: fi.Name, ConnectionID: fi.ConnectionID,
			CreatedOn: l.timestamp(append(ipath, "created_on"), fi.CreatedOn),
		})
	}
}

func (l *loader) orgExtras(st *State, o *Organization, f fileOrg, path []any) {
	o.IsDirectorySynced = f.IsDirectorySynced
	codes := map[string]bool{}
	for i, fi := range f.Invites {
		ipath := append(path, "invites", i)
		if fi.Code == "" || fi.Email == "" {
			l.errorf(ipath, "an invite needs a code and an email")
		}
		l.unique(codes, fi.Code, ipath, "invite code")
		for j, rk := range fi.Roles {
			if st.Environment.role(rk) == nil {
				l.errorf(append(ipath, "roles", j), "no role %q in environment.roles", rk)
			}
		}
		o.Invites = append(o.Invites, &Invite{
			ID: or(fi.ID, derivedID(idInvite, "invite:"+o.Code+"\x00"+fi.Code)), Code: fi.Code,
			Email: fi.Email, FirstName: fi.FirstName, LastName: fi.LastName, Roles: fi.Roles,
			IsSent: fi.IsSent, IsRevoked: fi.IsRevoked,
			CreatedOn:  l.timestamp(append(ipath, "created_on"), fi.CreatedOn),
			AcceptedOn: l.timestamp(append(ipath, "accepted_on"), fi.AcceptedOn),
		})
	}
}

func (l *loader) memberExtras(st *State, o *Organization, m *Member, f fileMember, path []any) {
	for audience, keys := range f.APIScopes {
		apath := append(path, "api_scopes", audience)
		api := find(st.Environment.APIs, func(a *API) bool { return a.Audience == audience })
		if api == nil {
			l.errorf(apath, "no API with audience %q in environment.apis", audience)
			continue
		}
		for j, k := range keys {
			sc := api.scopeByKey(k)
			if sc == nil {
				l.errorf(append(apath, j), "API %q has no scope %q", audience, k)
				continue
			}
			if m.APIScopes == nil {
				m.APIScopes = map[string][]string{}
			}
			m.APIScopes[api.ID] = append(m.APIScopes[api.ID], sc.ID)
		}
	}
	ids := map[string]bool{}
	for i, ff := range f.MFA {
		fpath := append(path, "mfa_factors", i)
		if ff.Type == "" {
			l.errorf(fpath, "an MFA factor needs a type")
		}
		id := or(ff.ID, derivedID(idMFA, "mfa:"+o.Code+"\x00"+m.UserID+"\x00"+ff.Type+"\x00"+strings.ToLower(ff.Name)))
		l.unique(ids, id, fpath, "MFA factor id")
		m.MFA = append(m.MFA, &MFAFactor{
			ID: id, Type: ff.Type, Name: ff.Name, IsVerified: ff.IsVerified, UsageCount: ff.UsageCount,
			CreatedOn:  l.timestamp(append(fpath, "created_on"), ff.CreatedOn),
			LastUsedOn: l.timestamp(append(fpath, "last_used_on"), ff.LastUsedOn),
		})
	}
}

// Saving.

func fileTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func fileAPIs(e *Environment) []fileAPI {
	var out []fileAPI
	for _, a := range e.APIs {
		fa := fileAPI{ID: a.ID, Name: a.Name, Audience: a.Audience, Applications: a.Applications}
		for _, sc := range a.Scopes {
			fa.Scopes = append(fa.Scopes, fileAPIScope{Key: sc.Key, ID: sc.ID, Description: sc.Description})
		}
		out = append(out, fa)
	}
	return out
}

func fileFlagExtras(ff *fileFlag, fl *FeatureFlag) {
	ff.AllowOverrideLevel = fl.AllowOverrideLevel
	if fl.Override != nil {
		ff.Override = *flagNode(fl.Type, *fl.Override)
	}
}

func fileUserExtras(fu *fileUser, u *User) {
	fu.Picture = u.Picture
	fu.EmailIdentityID = u.EmailIdentityID
	for _, i := range u.Identities {
		fu.Identities = append(fu.Identities, fileIdentity{
			ID: i.ID, Type: i.Type, Name: i.Name, ConnectionID: i.ConnectionID, CreatedOn: fileTime(i.CreatedOn),
		})
	}
}

func fileOrgExtras(f *fileOrg, o *Organization) {
	f.IsDirectorySynced = o.IsDirectorySynced
	for _, i := range o.Invites {
		f.Invites = append(f.Invites, fileInvite{
			Code: i.Code, ID: i.ID, Email: i.Email, FirstName: i.FirstName, LastName: i.LastName, Roles: i.Roles,
			IsSent: i.IsSent, IsRevoked: i.IsRevoked, CreatedOn: fileTime(i.CreatedOn), AcceptedOn: fileTime(i.AcceptedOn),
		})
	}
}

func fileMemberExtras(fm *fileMember, e *Environment, m *Member) {
	for apiID, scopeIDs := range m.APIScopes {
		api := e.api(apiID)
		if api == nil {
			continue
		}
		for _, id := range scopeIDs {
			if sc := api.scope(id); sc != nil {
				if fm.APIScopes == nil {
					fm.APIScopes = map[string][]string{}
				}
				fm.APIScopes[api.Audience] = append(fm.APIScopes[api.Audience], sc.Key)
			}
		}
	}
	for _, f := range m.MFA {
		fm.MFA = append(fm.MFA, fileMFAFactor{
			ID: f.ID, Type: f.Type, Name: f.Name, IsVerified: f.IsVerified, UsageCount: f.UsageCount,
			CreatedOn: fileTime(f.CreatedOn), LastUsedOn: fileTime(f.LastUsedOn),
		})
	}
}
