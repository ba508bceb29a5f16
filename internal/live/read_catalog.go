package live

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// catalogReader keeps the detail of the catalog lists ReadEnv reads anyway,
// and reads what only the catalog needs: the properties of the usr and app
// contexts, every category (the unfiltered list, with org and usr telling
// contexts apart: Kinde lists no category's context), and the permissions
// of the roles the files manage, one call each. Its methods do nothing on
// a nil reader, so that ReadEnv stays one path.
type catalogReader struct {
	c       plan.Catalog
	allCats []kinde.Category
	ctxOf   map[string]string // category id -> context
}

func newCatalogReader() *catalogReader {
	return &catalogReader{c: plan.Catalog{
		Roles: map[string]*spec.EnvRole{}, Permissions: map[string]*spec.EnvPermission{},
		Properties: map[string]*spec.EnvProperty{}, PropertyIDs: map[string]string{},
		Categories: map[string]*spec.EnvCategory{}, CategoryIDs: map[string]string{},
	}, ctxOf: map[string]string{}}
}

func ptr[T any](v T) *T { return &v }

func (r *catalogReader) roles(roles []kinde.Role) {
	if r == nil {
		return
	}
	for _, k := range roles {
		r.c.Roles[k.Key] = &spec.EnvRole{Key: k.Key, Name: ptr(k.Name), Description: ptr(k.Description), IsDefaultRole: ptr(k.IsDefaultRole)}
	}
}

func (r *catalogReader) permissions(perms []kinde.Permission) {
	if r == nil {
		return
	}
	for _, p := range perms {
		r.c.Permissions[p.Key] = &spec.EnvPermission{Key: p.Key, Name: ptr(p.Name), Description: ptr(p.Description)}
	}
}

// properties records one context's list; kindesync_state is kindesync's own.
func (r *catalogReader) properties(props []kinde.Property, context string) {
	if r == nil {
		return
	}
	for _, p := range props {
		if p.Key == plan.StatePropertyKey {
			continue
		}
		r.c.Properties[p.Key] = &spec.EnvProperty{Key: p.Key, Name: ptr(p.Name), Description: ptr(p.Description),
			Context: context, IsPrivate: ptr(p.IsPrivate)}
		r.c.PropertyIDs[p.Key] = p.ID
	}
}

func (r *catalogReader) categories(cats []kinde.Category, context string) {
	if r == nil {
		return
	}
	for _, c := range cats {
		r.ctxOf[c.ID] = context
	}
}

// tasks are the reads only the catalog needs, run with ReadEnv's own.
func (r *catalogReader) tasks(ctx context.Context, src Source, mu *sync.Mutex) []func() error {
	if r == nil {
		return nil
	}
	var out []func() error
	for _, context := range []string{kinde.ContextUser, kinde.ContextApplication} {
		out = append(out, func() error {
			props, err := src.GetProperties(ctx, context)
			mu.Lock()
			defer mu.Unlock()
			r.properties(props, context)
			return err
		})
	}
	out = append(out, func() error {
		cats, err := src.GetCategories(ctx, kinde.ContextUser)
		mu.Lock()
		defer mu.Unlock()
		r.categories(cats, kinde.ContextUser)
		return err
	}, func() error {
		cats, err := src.GetCategories(ctx, "")
		mu.Lock()
		defer mu.Unlock()
		r.allCats = cats
		return err
	})
	return out
}

// finish names categories and reads the permissions of the roles named
// (those in Kinde; a role the plan creates has none yet).
func (r *catalogReader) finish(ctx context.Context, src Source, env *plan.Env, roles []string) error {
	for _, c := range r.allCats {
		r.c.CategoryIDs[c.Name] = c.ID
		if c.Name == spec.StateCategory {
			continue
		}
		context := r.ctxOf[c.ID]
		if context == "" {
			context = kinde.ContextApplication
		}
		r.c.Categories[c.Name] = &spec.EnvCategory{Name: c.Name, Context: context}
	}
	if slices.Equal(roles, []string{AllRoles}) {
		roles = slices.Collect(maps.Keys(env.Roles))
	}
	var keys []string
	for _, k := range roles {
		if _, ok := env.Roles[k]; ok && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	perms := make([][]kinde.Permission, len(keys))
	err := parallel(ctx, len(keys), 8, func(i int) error {
		p, err := src.GetRolePermissions(ctx, env.Roles[keys[i]])
		if err != nil {
			return fmt.Errorf("reading the permissions of role %s: %w", keys[i], err)
		}
		perms[i] = p
		return nil
	})
	if err != nil {
		return err
	}
	for i, k := range keys {
		list := []string{}
		for _, p := range perms[i] {
			list = append(list, p.Key)
		}
		slices.Sort(list)
		r.c.Roles[k].Permissions = list
	}
	r.c.RolePermissionsRead = keys
	env.Catalog = &r.c
	return nil
}

// AllRoles, as the only role of Parts.RolePermissions, reads the
// permissions of every role (export).
const AllRoles = "*"

// envParts is what ReadLive reads of the environment.
func envParts(doc *spec.Document, all, connections bool) plan.Parts {
	p := plan.Parts{Connections: connections}
	if all {
		p.Catalog, p.RolePermissions = true, []string{AllRoles}
		return p
	}
	p.Catalog, p.RolePermissions = catalogParts(doc)
	return p
}

// catalogParts is what the environment's Read must cover for doc: the
// catalog in detail when the files have an environment section, with the
// permissions of every role whose permissions they manage.
func catalogParts(doc *spec.Document) (bool, []string) {
	e := doc.Environment
	if e == nil {
		return false, nil
	}
	var roles []string
	for _, r := range e.Roles {
		if r.Permissions != nil {
			roles = append(roles, r.Key)
		}
	}
	return true, roles
}
