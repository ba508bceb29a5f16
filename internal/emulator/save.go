package emulator

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// SaveState writes st to path atomically: a temporary file in the same
// directory, synced, then renamed over path, so that a crash leaves either
// the old file or the new one.
func SaveState(path string, st *State) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save emulator state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := marshalState(w, st, filepath.Dir(path)); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("save emulator state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save emulator state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save emulator state: %w", err)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("save emulator state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save emulator state: %w", err)
	}
	return nil
}

// MarshalState renders st as a state file in canonical order, for a file in
// dir (logos read from files are written back as paths relative to dir when
// the files still hold them; other logos are written inline). The order is
// by identity within each list, except that the default organization comes
// first and members and users are listed by email, which is how people look
// for them.
func MarshalState(st *State, dir string) ([]byte, error) {
	var buf bytes.Buffer
	if err := marshalState(&buf, st, dir); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func marshalState(w io.Writer, st *State, dir string) error {
	st = st.clone()
	st.normalize()
	f := fileHead{Version: StateVersion, Options: st.Options}
	e := st.Environment
	for _, p := range e.Permissions {
		f.Environment.Permissions = append(f.Environment.Permissions, filePermission{
			Key: p.Key, ID: p.ID, Name: unlessEqual(p.Name, p.Key), Description: p.Description,
		})
	}
	for _, r := range e.Roles {
		f.Environment.Roles = append(f.Environment.Roles, fileRole{
			Key: r.Key, ID: r.ID, Name: unlessEqual(r.Name, r.Key), Description: r.Description, IsDefaultRole: r.IsDefaultRole, Permissions: r.Permissions,
		})
	}
	for _, fl := range e.FeatureFlags {
		ff := fileFlag{
			Key: fl.Key, Name: unlessEqual(fl.Name, fl.Key), Description: fl.Description, Type: fl.Type, Default: *flagNode(fl.Type, fl.Default),
		}
		fileFlagExtras(&ff, fl)
		f.Environment.FeatureFlags = append(f.Environment.FeatureFlags, ff)
	}
	for _, c := range e.PropertyCategories {
		f.Environment.PropertyCategories = append(f.Environment.PropertyCategories, fileCategory{ID: c.ID, Name: c.Name, Context: c.Context})
	}
	for _, p := range e.Properties {
		f.Environment.Properties = append(f.Environment.Properties, fileProperty{
			Key: p.Key, ID: p.ID, Name: unlessEqual(p.Name, p.Key), Description: p.Description, Type: p.Type,
			Context: p.Context, IsPrivate: p.IsPrivate, CategoryID: p.CategoryID,
		})
	}
	for _, c := range e.Connections {
		f.Environment.Connections = append(f.Environment.Connections, fileConnection{
			ID: c.ID, Name: c.Name, DisplayName: unlessEqual(c.DisplayName, c.Name), Strategy: c.Strategy, OrganizationCode: c.OrganizationCode,
		})
	}
	f.Environment.APIs = fileAPIs(&e)
	f.Environment.Applications = fileApplications(&e)
	if err := encodeYAML(w, &f); err != nil {
		return err
	}
	users := slices.Clone(st.Users)
	slices.SortStableFunc(users, func(a, b *User) int {
		return cmp.Or(boolCompare(a.Email == "", b.Email == ""), cmp.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)))
	})
	err := encodeList(w, "users", users, 1000, func(u *User) (fileUser, error) {
		fu := fileUser{
			ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, ProvidedID: u.ProvidedID, IsSuspended: u.IsSuspended,
			CreatedOn: fileTime(u.CreatedOn),
		}
		fileUserExtras(&fu, u)
		return fu, nil
	})
	if err != nil {
		return err
	}
	orgs := slices.Clone(st.Organizations)
	slices.SortStableFunc(orgs, func(a, b *Organization) int { return boolCompare(b.IsDefault, a.IsDefault) })
	return encodeList(w, "organizations", orgs, 20, func(o *Organization) (fileOrg, error) {
		return fileOrganization(st, o, dir)
	})
}

func fileOrganization(st *State, o *Organization, dir string) (fileOrg, error) {
	f := fileOrg{
		Code: o.Code, IsDefault: o.IsDefault, ExternalID: o.ExternalID, Name: o.Name, Handle: o.Handle, ThemeCode: o.ThemeCode,
		BackgroundColor: o.BackgroundColor, ButtonColor: o.ButtonColor, ButtonTextColor: o.ButtonTextColor, LinkColor: o.LinkColor,
		BackgroundColorDark: o.BackgroundColorDark, ButtonColorDark: o.ButtonColorDark,
		ButtonTextColorDark: o.ButtonTextColorDark, LinkColorDark: o.LinkColorDark,
		IsAutoMembershipEnabled: o.IsAutoMembershipEnabled, AllowedDomains: o.AllowedDomains,
		SenderName: o.SenderName, SenderEmail: o.SenderEmail, IsSuspended: o.IsSuspended,
		IsEnforceMFA: o.IsEnforceMFA, IsAutoJoinDomainList: o.IsAutoJoinDomainList, IsEnableAdvancedOrgs: o.IsEnableAdvancedOrgs,
		CreatedOn: fileTime(o.CreatedOn), SuspendedOn: fileTime(o.SuspendedOn), BillingCustomerID: o.BillingCustomerID,
	}
	if m := o.MFA; m != nil {
		f.MFA = &fileMFA{EnabledFactors: m.EnabledFactors, IsRecoveryCodesEnabled: m.IsRecoveryCodesEnabled}
	}
	if s := o.Sessions; s != nil {
		f.Sessions = &fileSessions{
			IsUseOrgSSOSessionPolicy: s.IsUseOrgSSOSessionPolicy, SSOSessionPersistenceMode: s.SSOSessionPersistenceMode,
			IsUseOrgAuthenticatedSessionLifetime: s.IsUseOrgAuthenticatedSessionLifetime, AuthenticatedSessionLifetime: s.AuthenticatedSessionLifetime,
		}
	}
	for _, id := range o.Connections {
		f.Connections = append(f.Connections, connectionRef(&st.Environment, id))
	}
	for k, v := range o.FeatureFlags {
		typ := FlagString
		if fl := st.Environment.flag(k); fl != nil {
			typ = fl.Type
		}
		setNode(&f.FeatureFlags, k, *flagNode(typ, v))
	}
	for k, v := range o.Properties {
		setNode(&f.Properties, k, yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
	}
	if len(o.Logos) > 0 {
		f.Logos = &fileLogos{}
		for typ, dst := range map[string]*yaml.Node{"light": &f.Logos.Light, "dark": &f.Logos.Dark} {
			if l := o.Logos[typ]; l != nil {
				*dst = *logoNode(l, dir)
			}
		}
	}
	for _, m := range o.Members {
		fm := fileMember{ID: m.UserID, Roles: m.Roles, Permissions: m.Permissions, JoinedOn: fileTime(m.JoinedOn)}
		if u := st.user(m.UserID); u != nil && u.Email != "" {
			fm.ID, fm.Email = "", u.Email
		}
		fileMemberExtras(&fm, &st.Environment, m)
		f.Members = append(f.Members, fm)
	}
	fileOrgExtras(&f, o)
	slices.SortStableFunc(f.Members, func(a, b fileMember) int {
		return cmp.Or(boolCompare(a.Email == "", b.Email == ""), cmp.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)), cmp.Compare(a.ID, b.ID))
	})
	return f, nil
}

// connectionRef names a connection as people do, by name, unless the name
// is shared and only the id is unambiguous.
func connectionRef(e *Environment, id string) string {
	c := e.connection(id)
	if c == nil || c.Name == "" {
		return id
	}
	if got, err := resolveConnection(e, c.Name); err != nil || got != id {
		return id
	}
	return c.Name
}

// logoNode writes a logo as the path it was read from, when that file, seen
// from dir, still holds the same bytes; otherwise inline.
func logoNode(l *Logo, dir string) *yaml.Node {
	if l.Source != "" {
		if data, err := os.ReadFile(l.Source); err == nil && bytes.Equal(data, l.Data) {
			if absDir, err := filepath.Abs(dir); err == nil {
				if rel, err := filepath.Rel(absDir, l.Source); err == nil {
					return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: filepath.ToSlash(rel)}
				}
			}
		}
	}
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "file_name"},
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: l.FileName},
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "data"},
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: base64.StdEncoding.EncodeToString(l.Data)},
	}}
}

func setNode(m *map[string]yaml.Node, k string, n yaml.Node) {
	if *m == nil {
		*m = map[string]yaml.Node{}
	}
	(*m)[k] = n
}

// unlessEqual leaves out a name that is its default (the loader fills it
// in again), so that saved files stay as terse as hand-written ones.
func unlessEqual(name, fallback string) string {
	if name == fallback {
		return ""
	}
	return name
}

// boolCompare orders false before true.
func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
