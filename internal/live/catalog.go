package live

import (
	"context"
	"sort"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/spec"
)

// CatalogOf is the environment as spec.CheckNames wants it, with the users
// known from live org members and from the look-ups.
func CatalogOf(live *plan.Live, doc *spec.Document) *spec.Catalog {
	e := &live.Env
	c := &spec.Catalog{
		Roles: map[string]bool{}, Permissions: map[string]bool{}, Flags: map[string]spec.FlagType{},
		Properties: map[string]bool{}, UserEmails: map[string]bool{}, UserIDs: map[string]bool{},
		CreateMissingUsers: doc.Options.MissingUsers == spec.MissingUsersCreate || doc.Options.MissingUsers == spec.MissingUsersInvite,
	}
	for k := range e.Roles {
		c.Roles[k] = true
	}
	for k := range e.Permissions {
		c.Permissions[k] = true
	}
	for k, f := range e.Flags {
		c.Flags[k] = f.Type
	}
	for k := range e.Properties {
		c.Properties[k] = true
	}
	addFileCatalog(c, doc.Environment)
	if e.Connections != nil {
		c.Connections = map[string]string{}
		for _, conn := range e.Connections {
			c.Connections[conn.ID] = conn.Name
		}
		// An id enabled on an org that the environment's list lacks (an
		// org-managed SSO connection may be one) is known by its id: export
		// writes it so, and the plan keeps it (issue 12).
		for _, lo := range live.Orgs {
			for _, r := range lo.Org.Connections {
				if _, ok := c.Connections[r.Value]; !ok {
					c.Connections[r.Value] = r.Value
				}
			}
		}
	}
	for email, id := range e.Users {
		if !strings.HasPrefix(email, "id:") {
			c.UserEmails[email] = true
		}
		c.UserIDs[id] = true
	}
	if e.APIs != nil {
		c.APIs = map[string]map[string]bool{}
		for _, a := range e.APIs {
			keys := map[string]bool{}
			for k := range a.Scopes {
				keys[k] = true
			}
			c.APIs[a.ID] = keys
			if _, taken := c.APIs[a.Audience]; !taken {
				c.APIs[a.Audience] = keys
			}
		}
	}
	// The members' ids go in only where the document names members by id:
	// CheckNames looks ids up for those alone, and a set of every member's
	// id is tens of bytes a membership at the peak of a large plan.
	byID := docMemberIDs(doc)
	for _, lo := range live.Orgs {
		for _, m := range lo.Org.Members {
			if byID[m.ID] {
				c.UserIDs[m.ID] = true
			}
			if m.Email != "" {
				c.UserEmails[strings.ToLower(m.Email)] = true
			}
		}
	}
	return c
}

// docMemberIDs is the set of user ids the document's members are named by.
func docMemberIDs(doc *spec.Document) map[string]bool {
	ids := map[string]bool{}
	for _, o := range doc.Organizations {
		for _, m := range o.Members {
			if m.ID != "" {
				ids[m.ID] = true
			}
		}
	}
	return ids
}

// RemoteCatalog reads only what validate --remote needs: the environment and
// the users the document names.
func RemoteCatalog(ctx context.Context, src Source, doc *spec.Document) (*spec.Catalog, error) {
	needConn := false
	emails, ids := map[string]bool{}, map[string]bool{}
	for _, o := range doc.Organizations {
		needConn = needConn || o.Connections != nil
		for _, m := range o.Members {
			if m.Email != "" {
				emails[m.Email] = true
			} else {
				ids[m.ID] = true
			}
		}
	}
	env, err := ReadEnv(ctx, src, needConn)
	if err != nil {
		return nil, err
	}
	if needAPIs(doc) {
		if err := readAPIs(ctx, src, &env); err != nil {
			return nil, err
		}
	}
	live := &plan.Live{Env: env}
	if needConn {
		if live.Orgs, err = unlistedConnections(ctx, src, doc, env); err != nil {
			return nil, err
		}
	}
	found, err := findUsers(ctx, src, emails, ids)
	if err != nil {
		return nil, err
	}
	for _, u := range found {
		live.Env.Users[strings.ToLower(u.Email)] = u.ID
		live.Env.Users["id:"+u.ID] = u.ID
	}
	return CatalogOf(live, doc), nil
}

// addFileCatalog adds what the files' environment section defines: the
// plan creates it before any org uses it. A flag's type is the file's (a
// type the file changes is refused by the plan). What the section removes
// stays known here; the plan refuses its use naming both places.
func addFileCatalog(c *spec.Catalog, e *spec.Environment) {
	if e == nil {
		return
	}
	for _, r := range e.Roles {
		c.Roles[r.Key] = true
	}
	for _, p := range e.Permissions {
		c.Permissions[p.Key] = true
	}
	for _, f := range e.FeatureFlags {
		c.Flags[f.Key] = f.Type
	}
	for _, p := range e.Properties {
		if p.Context == "org" {
			c.Properties[p.Key] = true
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
