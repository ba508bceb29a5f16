package kinde

import (
	"context"
	"net/http"
	"net/url"
)

// The environment catalog's writes (issue 14): roles, their permissions,
// permissions, feature flags, properties and categories. Creates are not
// retried after a 5xx (a repeat would fail on the key the first attempt may
// have made); the caller looks the object up instead.

// CatalogRequest is the body of CreateRole and UpdateRoles, CreatePermission
// and UpdatePermissions. Unset fields are left out: Kinde keeps what an
// update leaves out.
type CatalogRequest struct {
	Name          *string `json:"name,omitempty"`
	Description   *string `json:"description,omitempty"`
	Key           *string `json:"key,omitempty"`
	IsDefaultRole *bool   `json:"is_default_role,omitempty"`
}

// CreatedResponse is the answer of CreateRole, CreatePermission,
// CreateProperty and CreateCategory: the new object's id under its kind's
// name (live Kinde answers permission.id, which the spec leaves out).
type CreatedResponse struct {
	Code       string     `json:"code,omitempty"`
	Message    string     `json:"message,omitempty"`
	Role       *CreatedID `json:"role,omitempty"`
	Permission *CreatedID `json:"permission,omitempty"`
	Property   *CreatedID `json:"property,omitempty"`
	Category   *CreatedID `json:"category,omitempty"`
}

// CreatedID is {"id": ...}.
type CreatedID struct {
	ID string `json:"id"`
}

// ID is the id of whichever object was created.
func (r *CreatedResponse) ID() string {
	for _, c := range []*CreatedID{r.Role, r.Permission, r.Property, r.Category} {
		if c != nil {
			return c.ID
		}
	}
	return ""
}

// CreateRole creates a role and answers its id.
func (c *Client) CreateRole(ctx context.Context, req *CatalogRequest) (string, error) {
	var out CreatedResponse
	if err := c.send(ctx, "CreateRole", http.MethodPost, "/api/v1/roles", nil, req, &out); err != nil {
		return "", err
	}
	return out.ID(), nil
}

// UpdateRole changes a role's name, description or default flag.
func (c *Client) UpdateRole(ctx context.Context, id string, req *CatalogRequest) error {
	return c.send(ctx, "UpdateRoles", http.MethodPatch, "/api/v1/roles/"+url.PathEscape(id), nil, req, nil)
}

// DeleteRole deletes a role; Kinde takes it away from every member.
func (c *Client) DeleteRole(ctx context.Context, id string) error {
	return c.send(ctx, "DeleteRole", http.MethodDelete, "/api/v1/roles/"+url.PathEscape(id), nil, nil, nil)
}

// GetRolePermissions lists the permissions a role grants (next_token paging).
func (c *Client) GetRolePermissions(ctx context.Context, roleID string) ([]Permission, error) {
	return listNextToken(ctx, c, "GetRolePermissions", "/api/v1/roles/"+url.PathEscape(roleID)+"/permissions", nil, "permissions",
		func(r *GetPermissionsResponse) ([]Permission, string) { return r.Permissions, r.NextToken },
		func(p Permission) string { return p.ID })
}

// RolePermissionChange is one item of UpdateRolePermissions: Operation
// "delete" removes, "" adds.
type RolePermissionChange struct {
	ID        string `json:"id"`
	Operation string `json:"operation,omitempty"`
}

// UpdateRolePermissions adds and removes permissions of a role, at most
// BulkLimit at once.
func (c *Client) UpdateRolePermissions(ctx context.Context, roleID string, changes []RolePermissionChange) error {
	body := map[string]any{"permissions": changes}
	return c.send(ctx, "UpdateRolePermissions", http.MethodPatch, "/api/v1/roles/"+url.PathEscape(roleID)+"/permissions", nil, body, nil)
}

// RemoveRolePermission takes one permission from a role.
func (c *Client) RemoveRolePermission(ctx context.Context, roleID, permissionID string) error {
	return c.send(ctx, "RemoveRolePermission", http.MethodDelete,
		"/api/v1/roles/"+url.PathEscape(roleID)+"/permissions/"+url.PathEscape(permissionID), nil, nil, nil)
}

// CreatePermission creates a permission and answers its id.
func (c *Client) CreatePermission(ctx context.Context, req *CatalogRequest) (string, error) {
	var out CreatedResponse
	if err := c.send(ctx, "CreatePermission", http.MethodPost, "/api/v1/permissions", nil, req, &out); err != nil {
		return "", err
	}
	return out.ID(), nil
}

// UpdatePermission changes a permission's name or description.
func (c *Client) UpdatePermission(ctx context.Context, id string, req *CatalogRequest) error {
	return c.send(ctx, "UpdatePermissions", http.MethodPatch, "/api/v1/permissions/"+url.PathEscape(id), nil, req, nil)
}

// DeletePermission deletes a permission; Kinde takes it away from roles and members.
func (c *Client) DeletePermission(ctx context.Context, id string) error {
	return c.send(ctx, "DeletePermission", http.MethodDelete, "/api/v1/permissions/"+url.PathEscape(id), nil, nil, nil)
}

// FeatureFlagRequest is CreateFeatureFlag's body and UpdateFeatureFlag's
// query (which takes every field). DefaultValue is the value as text.
type FeatureFlagRequest struct {
	Name               string `json:"name"`
	Description        string `json:"description,omitempty"`
	Key                string `json:"key"`
	Type               string `json:"type"`
	AllowOverrideLevel string `json:"allow_override_level,omitempty"`
	DefaultValue       string `json:"default_value"`
}

// CreateFeatureFlag creates an environment feature flag.
func (c *Client) CreateFeatureFlag(ctx context.Context, req *FeatureFlagRequest) error {
	return c.send(ctx, "CreateFeatureFlag", http.MethodPost, "/api/v1/feature_flags", nil, req, nil)
}

// UpdateFeatureFlag replaces a flag's definition. Kinde cannot change the
// override level a flag was created with.
func (c *Client) UpdateFeatureFlag(ctx context.Context, req *FeatureFlagRequest) error {
	q := url.Values{}
	q.Set("name", req.Name)
	q.Set("description", req.Description)
	q.Set("type", req.Type)
	q.Set("allow_override_level", req.AllowOverrideLevel)
	q.Set("default_value", req.DefaultValue)
	return c.send(ctx, "UpdateFeatureFlag", http.MethodPut, "/api/v1/feature_flags/"+url.PathEscape(req.Key), q, nil, nil)
}

// DeleteFeatureFlag deletes a flag and every override of it.
func (c *Client) DeleteFeatureFlag(ctx context.Context, key string) error {
	return c.send(ctx, "DeleteFeatureFlag", http.MethodDelete, "/api/v1/feature_flags/"+url.PathEscape(key), nil, nil, nil)
}

// DeleteEnvironmentFeatureFlagOverride removes the environment's override of
// a flag, so that the environment's value is the flag's default again.
func (c *Client) DeleteEnvironmentFeatureFlagOverride(ctx context.Context, key string) error {
	return c.send(ctx, "DeleteEnvironementFeatureFlagOverride", http.MethodDelete, "/api/v1/environment/feature_flags/"+url.PathEscape(key), nil, nil, nil)
}

// UpdatePropertyRequest is UpdateProperty's body; name, is_private and
// category_id are required.
type UpdatePropertyRequest struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
	IsPrivate   bool    `json:"is_private"`
	CategoryID  string  `json:"category_id"`
}

// UpdateProperty changes a property definition (not its key, type or context).
func (c *Client) UpdateProperty(ctx context.Context, id string, req *UpdatePropertyRequest) error {
	return c.send(ctx, "UpdateProperty", http.MethodPut, "/api/v1/properties/"+url.PathEscape(id), nil, req, nil)
}

// DeleteProperty deletes a property definition and its values.
func (c *Client) DeleteProperty(ctx context.Context, id string) error {
	return c.send(ctx, "DeleteProperty", http.MethodDelete, "/api/v1/properties/"+url.PathEscape(id), nil, nil, nil)
}

// CreateCategory creates a property category and answers its id.
func (c *Client) CreateCategory(ctx context.Context, name, context string) (string, error) {
	var out CreatedResponse
	body := map[string]string{"name": name, "context": context}
	if err := c.send(ctx, "CreateCategory", http.MethodPost, "/api/v1/property_categories", nil, body, &out); err != nil {
		return "", err
	}
	return out.ID(), nil
}
