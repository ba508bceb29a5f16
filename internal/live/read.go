package live

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/spec"
)

// Source is the part of the Kinde client that reading live state uses.
type Source interface {
	GetOrganizations(ctx context.Context) ([]kinde.OrganizationSummary, error)
	GetOrganization(ctx context.Context, code string) (*kinde.Organization, error)
	GetOrganizationUsers(ctx context.Context, code string) ([]kinde.OrganizationUser, error)
	GetOrganizationUserPermissions(ctx context.Context, code, userID string) ([]kinde.OrganizationUserPermission, error)
	GetOrganizationFeatureFlags(ctx context.Context, code string) (map[string]kinde.FeatureFlagValue, error)
	GetOrganizationPropertyValues(ctx context.Context, code string) ([]kinde.PropertyValue, error)
	GetOrganizationConnections(ctx context.Context, code string) ([]kinde.Connection, error)
	ReadOrganizationLogo(ctx context.Context, code string) ([]kinde.Logo, error)

	GetRoles(ctx context.Context) ([]kinde.Role, error)
	GetRolePermissions(ctx context.Context, roleID string) ([]kinde.Permission, error)
	GetPermissions(ctx context.Context) ([]kinde.Permission, error)
	GetEnvironmentFeatureFlags(ctx context.Context) (map[string]kinde.FeatureFlagValue, error)
	GetProperties(ctx context.Context, context string) ([]kinde.Property, error)
	GetCategories(ctx context.Context, context string) ([]kinde.Category, error)
	GetConnections(ctx context.Context) ([]kinde.Connection, error)
	GetUsersByEmail(ctx context.Context, emails []string) ([]kinde.User, error)
	GetUsers(ctx context.Context, opts *kinde.GetUsersOptions) ([]kinde.User, error)
	GetAPIs(ctx context.Context) ([]kinde.API, error)
	GetOrganizationInvites(ctx context.Context, code string) ([]kinde.OrganizationInvite, error)
}

// partsFor derives from a desired org what must be read to diff it.
func partsFor(o *spec.Organization) plan.Parts {
	p := plan.Parts{
		Members:     o.Members != nil,
		Flags:       o.FeatureFlags != nil,
		Connections: o.Connections != nil,
		Logos:       o.Logos != nil,
		// kindesync_state lives among the property values.
		Properties:  o.Properties != nil || o.Logos != nil || plan.Fingerprint(o) != "" || o.Billing != nil || managesAPIScopes(o),
		Invitations: o.Invitations != nil,
	}
	for _, name := range plan.ManagedFields(o) {
		if !inSummary[name] {
			p.Details = true
		}
	}
	for _, m := range o.Members {
		if m.Permissions == nil {
			continue
		}
		if m.ID != "" {
			p.Permissions = append(p.Permissions, m.ID)
		} else {
			p.PermissionEmails = append(p.PermissionEmails, m.Email)
		}
	}
	return p
}

func managesAPIScopes(o *spec.Organization) bool {
	for _, m := range o.Members {
		if m.APIScopes != nil {
			return true
		}
	}
	return false
}

// needAPIs reports whether a document grants members API scopes, the only
// use of the environment's API list.
func needAPIs(doc *spec.Document) bool {
	for _, o := range doc.Organizations {
		if managesAPIScopes(o) {
			return true
		}
	}
	return false
}

// readAPIs reads the environment's APIs and their scopes.
func readAPIs(ctx context.Context, src Source, env *plan.Env) error {
	apis, err := src.GetAPIs(ctx)
	if err != nil {
		return fmt.Errorf("reading APIs: %w", err)
	}
	env.APIs = []plan.API{}
	for _, a := range apis {
		p := plan.API{ID: a.ID, Audience: a.Audience, Scopes: map[string]string{}}
		for _, s := range a.Scopes {
			p.Scopes[s.Key] = s.ID
		}
		env.APIs = append(env.APIs, p)
	}
	sort.Slice(env.APIs, func(i, j int) bool { return env.APIs[i].ID < env.APIs[j].ID })
	return nil
}

// AllParts is what export reads: everything.
func AllParts() plan.Parts {
	return plan.Parts{Details: true, Members: true, AllPermissions: true, Flags: true, Properties: true, Connections: true, Logos: true, Invitations: true}
}

// inSummary are the fields the organizations list already returns, so an org
// managing only these needs no GET of its own.
var inSummary = map[string]bool{"name": true, "external_id": true, "is_auto_membership_enabled": true}

// ReadEnv reads the environment catalog. Users are looked up separately.
func ReadEnv(ctx context.Context, src Source, needConnections bool) (plan.Env, error) {
	return ReadEnvParts(ctx, src, plan.Parts{Connections: needConnections})
}

// ReadEnvParts reads the environment: with parts.Catalog the catalog in
// detail too (read_catalog.go), with the permissions of parts.RolePermissions.
// parts.NoPermissions and NoCategories leave out lists no step or check
// needs: a one-org plan is a dozen calls, and two of them would be waste.
func ReadEnvParts(ctx context.Context, src Source, parts plan.Parts) (plan.Env, error) {
	needConnections := parts.Connections
	env := plan.Env{Roles: map[string]string{}, Permissions: map[string]string{}, Flags: map[string]plan.Flag{},
		Properties: map[string]bool{}, Users: map[string]string{}}
	var cat *catalogReader
	if parts.Catalog {
		cat = newCatalogReader()
	}
	var mu sync.Mutex
	tasks := []func() error{
		func() error {
			roles, err := src.GetRoles(ctx)
			mu.Lock()
			defer mu.Unlock()
			for _, r := range roles {
				env.Roles[r.Key] = r.ID
			}
			cat.roles(roles)
			return err
		},
		func() error {
			flags, err := src.GetEnvironmentFeatureFlags(ctx)
			mu.Lock()
			defer mu.Unlock()
			for k, f := range flags {
				v, perr := parseFlag(f)
				if perr != nil {
					return fmt.Errorf("environment feature flag %q: %w", k, perr)
				}
				env.Flags[k] = plan.Flag{Type: v.Type, Default: v}
			}
			return err
		},
		func() error {
			props, err := src.GetProperties(ctx, "org")
			mu.Lock()
			defer mu.Unlock()
			for _, p := range props {
				if p.Key == plan.StatePropertyKey {
					env.StateProperty = true
				} else {
					env.Properties[p.Key] = true
				}
			}
			cat.properties(props, "org")
			return err
		},
	}
	if !parts.NoPermissions || parts.Catalog {
		tasks = append(tasks, func() error {
			perms, err := src.GetPermissions(ctx)
			mu.Lock()
			defer mu.Unlock()
			for _, p := range perms {
				env.Permissions[p.Key] = p.ID
			}
			cat.permissions(perms)
			return err
		})
	}
	if !parts.NoCategories || parts.Catalog {
		tasks = append(tasks, func() error {
			cats, err := src.GetCategories(ctx, "org")
			mu.Lock()
			defer mu.Unlock()
			for _, c := range cats {
				if env.OrgCategoryID == "" || c.Name == "kindesync" {
					env.OrgCategoryID = c.ID
				}
			}
			cat.categories(cats, "org")
			return err
		})
	}
	tasks = append(tasks, cat.tasks(ctx, src, &mu)...)
	if needConnections {
		tasks = append(tasks, func() error {
			conns, err := src.GetConnections(ctx)
			mu.Lock()
			defer mu.Unlock()
			for _, c := range conns {
				env.Connections = append(env.Connections, plan.Connection{ID: c.ID, Name: c.Name, Strategy: c.Strategy})
			}
			return err
		})
	}
	if err := parallel(ctx, len(tasks), len(tasks), func(i int) error { return tasks[i]() }); err != nil {
		return plan.Env{}, err
	}
	sort.Slice(env.Connections, func(i, j int) bool { return env.Connections[i].ID < env.Connections[j].ID })
	if cat != nil {
		if err := cat.finish(ctx, src, &env, parts.RolePermissions); err != nil {
			return plan.Env{}, err
		}
	}
	return env, nil
}

// parseFlag turns Kinde's string flag value into a typed one.
func parseFlag(f kinde.FeatureFlagValue) (spec.FlagValue, error) {
	switch f.Type {
	case kinde.FlagTypeBool:
		switch strings.ToLower(f.Value) {
		case "true":
			return spec.FlagValue{Type: spec.FlagBool, Bool: true}, nil
		case "false", "":
			return spec.FlagValue{Type: spec.FlagBool}, nil
		}
		return spec.FlagValue{}, fmt.Errorf("bool value %q", f.Value)
	case kinde.FlagTypeInt:
		var n int64
		if f.Value != "" {
			if _, err := fmt.Sscan(f.Value, &n); err != nil {
				return spec.FlagValue{}, fmt.Errorf("int value %q", f.Value)
			}
		}
		return spec.FlagValue{Type: spec.FlagInt, Int: n}, nil
	case kinde.FlagTypeString:
		return spec.FlagValue{Type: spec.FlagString, String: f.Value}, nil
	case string(spec.FlagJSON):
		// Made in Kinde's dashboard only, but read, shown and overridable
		// like the others: an environment holding one must not stop a run.
		v := f.Value
		if v == "" {
			v = "{}"
		}
		c, err := spec.CanonicalJSON(v)
		if err != nil {
			return spec.FlagValue{}, fmt.Errorf("json value %q: %w", v, err)
		}
		return spec.FlagValue{Type: spec.FlagJSON, String: c}, nil
	}
	return spec.FlagValue{}, fmt.Errorf("unknown type %q", f.Type)
}

// parallel runs n tasks with at most width at once and returns the first
// error; the others still finish (their results are discarded by callers).
func parallel(ctx context.Context, n, width int, task func(i int) error) error {
	if width < 1 {
		width = 1
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, width)
	for i := 0; i < n; i++ {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := task(i); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}
