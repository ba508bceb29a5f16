package kinde

import (
	"context"
	"fmt"
	"strings"
)

// The kinds of catalog object FindCatalog looks up.
const (
	CatalogRole       = "role"
	CatalogPermission = "permission"
	CatalogFlag       = "feature_flag"
	CatalogProperty   = "property"
	CatalogCategory   = "property_category"
)

// Found is a catalog object FindCatalog found: its id (a flag's is its key)
// and the fields of its create that Kinde's list shows, by the create's
// field names, so that a caller can tell its own create from another one.
type Found struct {
	ID     string
	Fields map[string]any
}

// FindCatalog looks up the catalog object of this kind with this key (a
// category: name, in context), as apply does after a create whose answer was
// lost: nil if there is none. The lists show only some of a create's fields:
// a flag shows its type and the environment's value, not its name.
func (c *Client) FindCatalog(ctx context.Context, kind, key, context string) (*Found, error) {
	switch kind {
	case CatalogRole:
		roles, err := c.GetRoles(ctx)
		for _, r := range roles {
			if err == nil && r.Key == key {
				return &Found{r.ID, map[string]any{"key": r.Key, "name": r.Name, "description": r.Description, "is_default_role": r.IsDefaultRole}}, nil
			}
		}
		return nil, err
	case CatalogPermission:
		perms, err := c.GetPermissions(ctx)
		for _, p := range perms {
			if err == nil && p.Key == key {
				return &Found{p.ID, map[string]any{"key": p.Key, "name": p.Name, "description": p.Description}}, nil
			}
		}
		return nil, err
	case CatalogFlag:
		flags, err := c.GetEnvironmentFeatureFlags(ctx)
		if f, ok := flags[key]; ok && err == nil {
			v := f.Value
			if f.Type == FlagTypeBool {
				v = strings.ToLower(v) // "True" is true, as the plan reads it
			}
			return &Found{key, map[string]any{"type": f.Type, "default_value": v}}, nil
		}
		return nil, err
	case CatalogProperty:
		props, err := c.GetProperties(ctx, "")
		for _, p := range props {
			if err == nil && p.Key == key {
				return &Found{p.ID, map[string]any{"key": p.Key, "name": p.Name, "description": p.Description, "is_private": p.IsPrivate}}, nil
			}
		}
		return nil, err
	case CatalogCategory:
		return c.findCategory(ctx, key, context)
	}
	return nil, fmt.Errorf("no look-up for catalog kind %q", kind)
}

// findCategory finds a category by name in its context. The list filters
// by usr or org only: one of another context (app) is one of the whole list
// that neither filtered list holds.
func (c *Client) findCategory(ctx context.Context, name, context string) (*Found, error) {
	filter := context
	if context != ContextUser && context != ContextOrganization {
		filter = ""
	}
	cats, err := c.GetCategories(ctx, filter)
	if err != nil {
		return nil, err
	}
	for _, cat := range cats {
		if cat.Name != name {
			continue
		}
		if filter == "" {
			in, err := c.categoryInContext(ctx, cat.ID)
			if err != nil {
				return nil, err
			}
			if in {
				continue // a usr or org one of the same name
			}
		}
		return &Found{cat.ID, map[string]any{"name": cat.Name}}, nil
	}
	return nil, nil
}

// categoryInContext reports whether the usr or org list holds a category.
func (c *Client) categoryInContext(ctx context.Context, id string) (bool, error) {
	for _, context := range []string{ContextUser, ContextOrganization} {
		cats, err := c.GetCategories(ctx, context)
		if err != nil {
			return false, err
		}
		for _, cat := range cats {
			if cat.ID == id {
				return true, nil
			}
		}
	}
	return false, nil
}
