package spec

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Catalog is what the Kinde environment holds, for CheckNames. The caller
// builds it from the API, so that this package needs no HTTP. A nil map
// means that kind of name is not checked (for instance because the
// credentials may not list it); an empty one means Kinde has none.
type Catalog struct {
	Roles       map[string]bool     // role keys
	Permissions map[string]bool     // permission keys
	Flags       map[string]FlagType // feature flag keys and their types
	Properties  map[string]bool     // property keys usable on organizations
	Connections map[string]string   // connection id -> name
	UserEmails  map[string]bool     // lower-case emails of existing users
	UserIDs     map[string]bool     // ids of existing users
	// APIs maps each API's id, and its audience, to its scope keys.
	APIs map[string]map[string]bool
	// CreateMissingUsers accepts members whose email has no user, as
	// options.missing_users: create does.
	CreateMissingUsers bool
}

var errUnknownConnection = errors.New("unknown connection")

// ConnectionID resolves a connection reference from a file: a value that
// is a connection id is that connection; otherwise it is a name, which must
// name exactly one connection.
func (c *Catalog) ConnectionID(ref string) (string, error) {
	if _, ok := c.Connections[ref]; ok {
		return ref, nil
	}
	var ids []string
	for id, name := range c.Connections {
		if name == ref {
			ids = append(ids, id)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("%w %q", errUnknownConnection, ref)
	case 1:
		return ids[0], nil
	default:
		slices.Sort(ids)
		return "", fmt.Errorf("connection name %q is ambiguous (%s): use the id", ref, strings.Join(ids, ", "))
	}
}

// CheckNames reports every name in d that c does not know, and every flag
// value whose type is not the flag's, each at its place in the file.
func (d *Document) CheckNames(c *Catalog) Problems { return d.CheckNamesOf(c, nil) }

// CheckNamesOf checks the organizations keep accepts (all with a nil keep):
// a partial plan read only their names. Problems keep the entries' indexes.
func (d *Document) CheckNamesOf(c *Catalog, keep func(*Organization) bool) Problems {
	var probs Problems
	createUsers := c.CreateMissingUsers || d.Options.MissingUsers == MissingUsersCreate || d.Options.MissingUsers == MissingUsersInvite
	index := map[string]int{} // organizations seen per file: the org's index in its file
	hints := c.hints()
	for _, o := range d.Organizations {
		i := index[o.Pos.File]
		index[o.Pos.File]++
		if keep != nil && !keep(o) {
			continue
		}
		at := func(p Pos, path, format string, args ...any) {
			if p == (Pos{}) {
				p = o.Pos
			}
			probs.add(p, "organizations[%d].%s: %s", i, path, fmt.Sprintf(format, args...))
		}
		if c.Connections != nil {
			seen := map[string]Ref{}
			for j, r := range o.Connections {
				id, err := c.ConnectionID(r.Value)
				path := fmt.Sprintf("connections[%d]", j)
				if errors.Is(err, errUnknownConnection) {
					at(r.Pos, path, "%v%s", err, hints.connections(r.Value))
				} else if err != nil {
					at(r.Pos, path, "%v", err)
				} else if first, dup := seen[id]; dup {
					at(r.Pos, path, "%q is the same connection as %q (first at %s)", r.Value, first.Value, first.Pos.relativeTo(r.Pos.File))
				} else {
					seen[id] = r
				}
			}
		}
		if c.Flags != nil {
			for _, f := range o.FeatureFlags {
				switch t, ok := c.Flags[f.Key]; {
				case !ok:
					at(f.Pos, "feature_flags."+f.Key, "unknown feature flag%s", hints.flags.hint(f.Key))
				case t != f.Value.Type:
					at(f.Pos, "feature_flags."+f.Key, "this is %s, but the value is %s", flagTypeName(t), flagValueText(f.Value))
				}
			}
		}
		if c.Properties != nil {
			for _, p := range o.Properties {
				if !c.Properties[p.Key] {
					at(p.Pos, "properties."+p.Key, "unknown organization property%s", hints.properties.hint(p.Key))
				}
			}
		}
		if c.Roles != nil {
			for j, inv := range o.Invitations {
				for k, r := range inv.Roles {
					if !c.Roles[r] {
						at(inv.RolesPos, fmt.Sprintf("invitations[%d].roles[%d]", j, k), "unknown role %q%s", r, hints.roles.hint(r))
					}
				}
			}
		}
		for j, m := range o.Members {
			path := fmt.Sprintf("members[%d]", j)
			switch {
			case m.Email != "" && c.UserEmails != nil && !createUsers && !c.UserEmails[m.Email]:
				at(m.Pos, path, "no Kinde user has the email %s (options.missing_users: create would create one)", m.Email)
			case m.ID != "" && c.UserIDs != nil && !c.UserIDs[m.ID]:
				at(m.Pos, path, "no Kinde user has the id %s", m.ID)
			}
			if c.Roles != nil {
				for k, r := range m.Roles {
					if !c.Roles[r] {
						at(m.RolesPos, fmt.Sprintf("%s.roles[%d]", path, k), "unknown role %q%s", r, hints.roles.hint(r))
					}
				}
			}
			if c.APIs != nil {
				for _, g := range m.APIScopes {
					keys, ok := c.APIs[g.API]
					if !ok {
						at(g.Pos, path+".api_scopes."+g.API, "unknown API, give its audience or id%s", hints.apis.hint(g.API))
						continue
					}
					for _, s := range g.Scopes {
						if !keys[s] {
							at(g.Pos, path+".api_scopes."+g.API, "the API has no scope %q%s", s, newNameSet("scopes", keys).hint(s))
						}
					}
				}
			}
			if c.Permissions != nil {
				for k, p := range m.Permissions {
					if !c.Permissions[p] {
						at(m.PermissionsPos, fmt.Sprintf("%s.permissions[%d]", path, k), "unknown permission %q%s", p, hints.permissions.hint(p))
					}
				}
			}
		}
	}
	d.Redact(probs)
	probs.Sort()
	return probs
}

func flagTypeName(t FlagType) string {
	switch t {
	case FlagBool:
		return "a bool flag"
	case FlagInt:
		return "an integer flag"
	case FlagString:
		return "a string flag"
	case FlagJSON:
		return "a json flag (its value is an object)"
	}
	return fmt.Sprintf("of type %q", string(t))
}

func flagValueText(v FlagValue) string {
	switch v.Type {
	case FlagBool:
		return fmt.Sprintf("the bool %t", v.Bool)
	case FlagInt:
		return fmt.Sprintf("the integer %d", v.Int)
	case FlagJSON:
		return "an object"
	}
	return fmt.Sprintf("the string %q", v.String)
}

// catalogHints offers, for each kind of name of a catalog, the closest
// valid name and the list of them (NameHint); built once per CheckNames.
type catalogHints struct {
	roles, permissions, flags, properties, apis *nameList
	connNames                                   *nameList
	connIDs                                     []string
}

func (c *Catalog) hints() *catalogHints {
	h := &catalogHints{
		roles:       newNameSet("roles", c.Roles),
		permissions: newNameSet("permissions", c.Permissions),
		properties:  newNameSet("organization properties", c.Properties),
	}
	flags := make([]string, 0, len(c.Flags))
	for k := range c.Flags {
		flags = append(flags, k)
	}
	h.flags = newNameList("feature flags", flags)
	apis := make([]string, 0, len(c.APIs))
	for k := range c.APIs {
		apis = append(apis, k)
	}
	h.apis = newNameList("APIs", apis)
	names := make([]string, 0, len(c.Connections))
	for id, name := range c.Connections {
		names = append(names, name)
		h.connIDs = append(h.connIDs, id)
	}
	slices.Sort(h.connIDs)
	h.connNames = newNameList("connections", names)
	return h
}

// connections lists connection names only (ids are long and say little),
// but a mistyped id is still matched against the ids.
func (h *catalogHints) connections(ref string) string {
	if strings.HasPrefix(ref, "conn_") {
		if id := Closest(ref, h.connIDs); id != "" {
			return suggestion(id, h.connNames.known())
		}
	}
	return h.connNames.hint(ref)
}
