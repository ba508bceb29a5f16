package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// StateVersion is the only state file version this build reads and writes.
const StateVersion = 1

// LoadState reads and checks a state file. Logo paths in it are relative to
// the file.
func LoadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("emulator state: %w", err)
	}
	return ParseState(path, data)
}

// ParseState checks a state file's contents; name is the file's path, used
// in messages and to resolve logo paths. Every problem is reported, each as
// file:line:col: message.
func ParseState(name string, data []byte) (*State, error) {
	var f fileState
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty; a state needs at least \"version: %d\"", name, StateVersion)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	l := &loader{name: name, dir: filepath.Dir(name), byID: map[string]*User{}, byEmail: map[string]*User{}}
	st := l.state(&f)
	if len(l.problems) > 0 {
		// Only a file with problems is parsed a second time, for the lines
		// and columns: a million memberships parse in seconds, not twice.
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		errs := make([]error, len(l.problems))
		for i, p := range l.problems {
			errs[i] = l.locate(&root, p)
		}
		return nil, errors.Join(errs...)
	}
	st.normalize()
	return st, nil
}

type loader struct {
	name     string
	dir      string
	problems []problem
	// byID and byEmail index the users read so far (emails lower-cased):
	// members name them, and a scan per member would be quadratic.
	byID, byEmail map[string]*User
}

// problem is a message about the node at path (keys and indexes from the
// document root), located when the loading is over.
type problem struct {
	path []any
	msg  string
}

// errorf records a problem at the node found by path, or at the closest
// ancestor that exists.
func (l *loader) errorf(path []any, format string, args ...any) {
	l.problems = append(l.problems, problem{path: slices.Clone(path), msg: fmt.Sprintf(format, args...)})
}

func (l *loader) locate(root *yaml.Node, p problem) error {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	var where strings.Builder
	for _, p := range p.path {
		next := child(n, p)
		if next == nil {
			break
		}
		n = next
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&where, "[%d]", p)
		default:
			if where.Len() > 0 {
				where.WriteByte('.')
			}
			fmt.Fprint(&where, p)
		}
	}
	msg := p.msg
	if where.Len() > 0 {
		msg = where.String() + ": " + msg
	}
	return fmt.Errorf("%s:%d:%d: %s", l.name, n.Line, n.Column, msg)
}

func child(n *yaml.Node, p any) *yaml.Node {
	switch p := p.(type) {
	case int:
		if n.Kind == yaml.SequenceNode && p < len(n.Content) {
			return n.Content[p]
		}
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					return n.Content[i+1]
				}
			}
		}
	}
	return nil
}

func at(path ...any) []any { return path }

func (l *loader) state(f *fileState) *State {
	if f.Version != StateVersion {
		l.errorf(at("version"), "version must be %d", StateVersion)
	}
	st := &State{Options: f.Options}
	l.environment(&st.Environment, &f.Environment)
	l.users(st, f.Users)
	l.organizations(st, f.Organizations)
	l.connectionOrgs(st, f.Environment.Connections)
	l.applicationOrgs(st)
	return st
}

// unique reports a duplicate of key among those seen so far.
func (l *loader) unique(seen map[string]bool, key string, path []any, what string) {
	if seen[key] {
		l.errorf(path, "duplicate %s %q", what, key)
	}
	seen[key] = true
}

func (l *loader) environment(e *Environment, f *fileEnv) {
	seen := map[string]bool{}
	for i, p := range f.Permissions {
		path := at("environment", "permissions", i)
		if p.Key == "" {
			l.errorf(path, "a permission needs a key")
		}
		l.unique(seen, p.Key, path, "permission")
		e.Permissions = append(e.Permissions, &Permission{
			ID: or(p.ID, derivedID(idPermission, "permission:"+p.Key)), Key: p.Key,
			Name: or(p.Name, p.Key), Description: p.Description,
		})
	}
	seen = map[string]bool{}
	for i, r := range f.Roles {
		path := at("environment", "roles", i)
		if r.Key == "" {
			l.errorf(path, "a role needs a key")
		}
		l.unique(seen, r.Key, path, "role")
		for j, pk := range r.Permissions {
			if e.permission(pk) == nil {
				l.errorf(at("environment", "roles", i, "permissions", j), "no permission %q in environment.permissions", pk)
			}
		}
		e.Roles = append(e.Roles, &Role{
			ID: or(r.ID, derivedID(idRole, "role:"+r.Key)), Key: r.Key, Name: or(r.Name, r.Key),
			Description: r.Description, IsDefaultRole: r.IsDefaultRole, Permissions: r.Permissions,
		})
	}
	seen = map[string]bool{}
	for i, ff := range f.FeatureFlags {
		path := at("environment", "feature_flags", i)
		if ff.Key == "" {
			l.errorf(path, "a feature flag needs a key")
		}
		l.unique(seen, ff.Key, path, "feature flag")
		flag := &FeatureFlag{Key: ff.Key, Name: or(ff.Name, ff.Key), Description: ff.Description, Type: ff.Type}
		switch ff.Type {
		case FlagBool, FlagInt, FlagString, FlagJSON:
			flag.Default = zeroValue(ff.Type)
			if ff.Default.Kind != 0 {
				v, err := flagValueFromYAML(ff.Type, &ff.Default)
				if err != nil {
					l.errorf(append(path, "default"), "%v", err)
				}
				flag.Default = v
			}
		default:
			l.errorf(append(path, "type"), "type must be bool, int, str or json, not %q", ff.Type)
		}
		l.flagExtras(flag, ff, path)
		e.FeatureFlags = append(e.FeatureFlags, flag)
	}
	seen = map[string]bool{}
	for i, c := range f.PropertyCategories {
		path := at("environment", "property_categories", i)
		id := or(c.ID, derivedID(idCategory, "category:"+c.Name))
		l.unique(seen, id, path, "property category")
		ctx := or(c.Context, "org")
		l.oneOf(append(path, "context"), "context", ctx, "org", "usr", "app")
		e.PropertyCategories = append(e.PropertyCategories, &Category{ID: id, Name: c.Name, Context: ctx})
	}
	seen = map[string]bool{}
	for i, p := range f.Properties {
		path := at("environment", "properties", i)
		if p.Key == "" {
			l.errorf(path, "a property needs a key")
		}
		l.unique(seen, p.Key, path, "property")
		prop := &Property{
			ID: or(p.ID, derivedID(idProperty, "property:"+p.Key)), Key: p.Key, Name: or(p.Name, p.Key),
			Description: p.Description, Type: or(p.Type, "single_line_text"), Context: or(p.Context, "org"),
			IsPrivate: p.IsPrivate, CategoryID: p.CategoryID,
		}
		l.oneOf(append(path, "type"), "type", prop.Type, "single_line_text", "multi_line_text")
		l.oneOf(append(path, "context"), "context", prop.Context, "org", "usr", "app")
		if p.CategoryID != "" && find(e.PropertyCategories, func(c *Category) bool { return c.ID == p.CategoryID }) == nil {
			l.errorf(append(path, "category_id"), "no category %q in environment.property_categories", p.CategoryID)
		}
		e.Properties = append(e.Properties, prop)
	}
	seen = map[string]bool{}
	for i, c := range f.Connections {
		path := at("environment", "connections", i)
		if c.Name == "" {
			l.errorf(path, "a connection needs a name")
		}
		id := or(c.ID, derivedID(idConnection, "connection:"+c.Name))
		l.unique(seen, id, path, "connection id")
		e.Connections = append(e.Connections, &Connection{ID: id, Name: c.Name, DisplayName: or(c.DisplayName, c.Name), Strategy: c.Strategy, OrganizationCode: c.OrganizationCode})
	}
	l.applications(e, f.Applications)
	l.apis(e, f.APIs)
}

func (l *loader) oneOf(path []any, what, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	l.errorf(path, "%s must be one of %s, not %q", what, strings.Join(allowed, ", "), v)
}

func (l *loader) users(st *State, users []fileUser) {
	ids, emails := map[string]bool{}, map[string]bool{}
	for i, u := range users {
		path := at("users", i)
		if u.ID == "" && u.Email == "" {
			l.errorf(path, "a user needs an id or an email")
		}
		id := or(u.ID, derivedID(idUser, "user:"+strings.ToLower(u.Email)))
		l.unique(ids, id, path, "user id")
		if u.Email != "" {
			l.unique(emails, strings.ToLower(u.Email), path, "user email")
		}
		user := &User{
			ID: id, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
			ProvidedID: u.ProvidedID, IsSuspended: u.IsSuspended,
			CreatedOn: l.timestamp(append(path, "created_on"), u.CreatedOn),
		}
		l.userExtras(&st.Environment, user, u, path)
		st.Users = append(st.Users, user)
		if _, dup := l.byID[id]; !dup {
			l.byID[id] = user
		}
		if e := strings.ToLower(u.Email); e != "" && l.byEmail[e] == nil {
			l.byEmail[e] = user
		}
	}
}

func (l *loader) organizations(st *State, orgs []fileOrg) {
	codes, handles, externalIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	defaults := 0
	for i, f := range orgs {
		path := at("organizations", i)
		o := l.organization(st, f, path)
		l.unique(codes, o.Code, path, "organization code")
		if o.Handle != "" {
			l.unique(handles, o.Handle, append(path, "handle"), "handle")
		}
		if o.ExternalID != "" {
			l.unique(externalIDs, o.ExternalID, append(path, "external_id"), "external_id")
		}
		if o.IsDefault {
			defaults++
			if defaults > 1 {
				l.errorf(append(path, "is_default"), "only one organization can be the default")
			}
		}
		st.Organizations = append(st.Organizations, o)
	}
	if defaults == 0 {
		// Kinde always has a default organization; a state without one gets
		// one, as a new Kinde business does.
		st.Organizations = append(st.Organizations, &Organization{
			Code: derivedID(idOrg, "org:default"), IsDefault: true, Name: "Default Organization",
		})
	}
}

func (l *loader) organization(st *State, f fileOrg, path []any) *Organization {
	if f.Name == "" {
		l.errorf(path, "an organization needs a name")
	}
	code := f.Code
	if code == "" {
		code = derivedID(idOrg, "org:"+f.Name+"\x00"+f.ExternalID+"\x00"+f.Handle)
	}
	o := &Organization{
		Code: code, IsDefault: f.IsDefault, Name: f.Name, ExternalID: f.ExternalID, Handle: f.Handle, ThemeCode: f.ThemeCode,
		BackgroundColor: f.BackgroundColor, ButtonColor: f.ButtonColor, ButtonTextColor: f.ButtonTextColor, LinkColor: f.LinkColor,
		BackgroundColorDark: f.BackgroundColorDark, ButtonColorDark: f.ButtonColorDark,
		ButtonTextColorDark: f.ButtonTextColorDark, LinkColorDark: f.LinkColorDark,
		IsAutoMembershipEnabled: f.IsAutoMembershipEnabled, AllowedDomains: f.AllowedDomains,
		SenderName: f.SenderName, SenderEmail: f.SenderEmail, IsSuspended: f.IsSuspended,
		IsEnforceMFA: f.IsEnforceMFA, IsAutoJoinDomainList: f.IsAutoJoinDomainList, IsEnableAdvancedOrgs: f.IsEnableAdvancedOrgs,
		CreatedOn: l.timestamp(append(path, "created_on"), f.CreatedOn), BillingCustomerID: f.BillingCustomerID,
	}
	if f.SuspendedOn != "" {
		if !f.IsSuspended {
			l.errorf(append(path, "suspended_on"), "suspended_on is only for a suspended organization (is_suspended: true)")
		}
		o.SuspendedOn = l.timestamp(append(path, "suspended_on"), f.SuspendedOn)
	}
	if f.ThemeCode != "" {
		l.oneOf(append(path, "theme_code"), "theme_code", f.ThemeCode, themeCodes...)
	}
	for _, c := range o.colours() {
		if *c.p != "" {
			if _, err := parseColour(*c.p); err != nil {
				l.errorf(append(path, c.name), "%v", err)
			}
		}
	}
	if m := f.MFA; m != nil {
		for j, factor := range m.EnabledFactors {
			l.oneOf(append(path, "mfa", "enabled_factors", j), "factor", factor, mfaFactors...)
		}
		o.MFA = &MFA{EnabledFactors: m.EnabledFactors, IsRecoveryCodesEnabled: m.IsRecoveryCodesEnabled}
	}
	if s := f.Sessions; s != nil {
		if p := s.SSOSessionPersistenceMode; p != nil {
			l.oneOf(append(path, "sessions", "sso_session_persistence_mode"), "sso_session_persistence_mode", *p, "persistent", "non_persistent")
		}
		o.Sessions = &Sessions{
			IsUseOrgSSOSessionPolicy: s.IsUseOrgSSOSessionPolicy, SSOSessionPersistenceMode: s.SSOSessionPersistenceMode,
			IsUseOrgAuthenticatedSessionLifetime: s.IsUseOrgAuthenticatedSessionLifetime, AuthenticatedSessionLifetime: s.AuthenticatedSessionLifetime,
		}
	}
	for j, ref := range f.Connections {
		id, err := resolveConnection(&st.Environment, ref)
		if err != nil {
			l.errorf(append(path, "connections", j), "%v", err)
		}
		o.Connections = append(o.Connections, id)
	}
	for key, n := range f.FeatureFlags {
		fpath := append(path, "feature_flags", key)
		flag := st.Environment.flag(key)
		if flag == nil {
			l.errorf(fpath, "no feature flag %q in environment.feature_flags", key)
			continue
		}
		if !flag.allowsOrgOverride() {
			l.errorf(fpath, "flag %q has allow_override_level env: organizations cannot override it", key)
		}
		v, err := flagValueFromYAML(flag.Type, &n)
		if err != nil {
			l.errorf(fpath, "%v", err)
		}
		setKey(&o.FeatureFlags, key, v)
	}
	for key, n := range f.Properties {
		ppath := append(path, "properties", key)
		if p := st.Environment.property(key); p == nil || p.Context != "org" {
			l.errorf(ppath, "no org property %q in environment.properties", key)
		}
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			l.errorf(ppath, "a property value must be a scalar")
		}
		setKey(&o.Properties, key, n.Value)
	}
	if f.Logos != nil {
		for typ, n := range map[string]yaml.Node{"light": f.Logos.Light, "dark": f.Logos.Dark} {
			if n.Kind == 0 {
				continue
			}
			logo, err := l.logo(&n)
			if err != nil {
				l.errorf(append(path, "logos", typ), "%v", err)
				continue
			}
			if o.Logos == nil {
				o.Logos = map[string]*Logo{}
			}
			o.Logos[typ] = logo
		}
	}
	members := make(map[string]bool, len(f.Members))
	for j, m := range f.Members {
		mpath := append(path, "members", j)
		member := &Member{Roles: m.Roles, Permissions: m.Permissions, JoinedOn: l.timestamp(append(mpath, "joined_on"), m.JoinedOn)}
		switch u := l.byEmail[strings.ToLower(m.Email)]; {
		case m.Email != "" && m.ID != "":
			l.errorf(mpath, "a member is named by email or by id, not both")
		case m.Email != "" && u == nil:
			l.errorf(mpath, "no user with email %q in users", m.Email)
		case m.Email != "":
			member.UserID = u.ID
		case l.byID[m.ID] == nil:
			l.errorf(mpath, "no user with id %q in users", m.ID)
		default:
			member.UserID = m.ID
		}
		if member.UserID != "" && members[member.UserID] {
			l.errorf(mpath, "duplicate member")
		}
		members[member.UserID] = true
		for k, rk := range m.Roles {
			if st.Environment.role(rk) == nil {
				l.errorf(append(mpath, "roles", k), "no role %q in environment.roles", rk)
			}
		}
		for k, pk := range m.Permissions {
			if st.Environment.permission(pk) == nil {
				l.errorf(append(mpath, "permissions", k), "no permission %q in environment.permissions", pk)
			}
		}
		l.memberExtras(st, o, member, m, mpath)
		o.Members = append(o.Members, member)
	}
	l.orgExtras(st, o, f, path)
	return o
}
