package kinde

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// GetOrganizationUsers lists every member of an organization with its role
// keys (next_token paging).
func (c *Client) GetOrganizationUsers(ctx context.Context, code string) ([]OrganizationUser, error) {
	return listNextToken(ctx, c, "GetOrganizationUsers", pathf("/api/v1/organizations/%s/users", code), nil, "organization_users",
		func(r *GetOrganizationUsersResponse) ([]OrganizationUser, string) {
			return r.OrganizationUsers, r.NextToken
		},
		func(u OrganizationUser) string { return u.ID })
}

// AddOrganizationUsers adds existing users, with role and permission keys,
// in requests of at most BulkLimit users. On an error the answer holds what
// the earlier requests added, and the error says which users were not sent.
func (c *Client) AddOrganizationUsers(ctx context.Context, code string, users []AddOrganizationUser) (*AddOrganizationUsersResponse, error) {
	out := &AddOrganizationUsersResponse{UsersAdded: []string{}}
	path := pathf("/api/v1/organizations/%s/users", code)
	done := 0
	for _, batch := range chunks(users, BulkLimit) {
		var r AddOrganizationUsersResponse
		err := c.send(ctx, "AddOrganizationUsers", http.MethodPost, path, nil, &AddOrganizationUsersRequest{Users: batch}, &r)
		if err != nil {
			return out, bulkError(done, len(batch), len(users), err)
		}
		out.Code, out.Message = r.Code, r.Message
		out.UsersAdded = append(out.UsersAdded, r.UsersAdded...)
		done += len(batch)
	}
	return out, nil
}

// UpdateOrganizationUsers sets members' roles and permissions, or removes
// them (Operation: OperationDelete), in requests of at most BulkLimit users.
// Errors are reported as for AddOrganizationUsers.
func (c *Client) UpdateOrganizationUsers(ctx context.Context, code string, users []UpdateOrganizationUser) (*UpdateOrganizationUsersResponse, error) {
	out := &UpdateOrganizationUsersResponse{UsersAdded: []string{}, UsersUpdated: []string{}, UsersRemoved: []string{}}
	path := pathf("/api/v1/organizations/%s/users", code)
	done := 0
	for _, batch := range chunks(users, BulkLimit) {
		var r UpdateOrganizationUsersResponse
		err := c.send(ctx, "UpdateOrganizationUsers", http.MethodPatch, path, nil, &UpdateOrganizationUsersRequest{Users: batch}, &r)
		if err != nil {
			return out, bulkError(done, len(batch), len(users), err)
		}
		out.Code, out.Message = r.Code, r.Message
		out.UsersAdded = append(out.UsersAdded, r.UsersAdded...)
		out.UsersUpdated = append(out.UsersUpdated, r.UsersUpdated...)
		out.UsersRemoved = append(out.UsersRemoved, r.UsersRemoved...)
		done += len(batch)
	}
	return out, nil
}

func bulkError(done, batch, total int, err error) error {
	if total <= BulkLimit {
		return err
	}
	return fmt.Errorf("users %d-%d of %d (the first %d were sent): %w", done+1, done+batch, total, done, err)
}

// RemoveOrganizationUser removes one member from an organization.
func (c *Client) RemoveOrganizationUser(ctx context.Context, code, userID string) error {
	return c.send(ctx, "RemoveOrganizationUser", http.MethodDelete,
		pathf("/api/v1/organizations/%s/users/%s", code, userID), nil, nil, nil)
}

// GetOrganizationUserRoles lists a member's roles in the org (no paging
// parameters in the spec; a next_token in the answer is followed).
func (c *Client) GetOrganizationUserRoles(ctx context.Context, code, userID string) ([]OrganizationUserRole, error) {
	return listCursor(ctx, c, "GetOrganizationUserRoles", pathf("/api/v1/organizations/%s/users/%s/roles", code, userID), nil, "roles",
		func(r *GetOrganizationUserRolesResponse) ([]OrganizationUserRole, string) {
			return r.Roles, r.NextToken
		},
		func(r OrganizationUserRole) string { return r.ID })
}

// CreateOrganizationUserRole gives a member a role, by role id.
func (c *Client) CreateOrganizationUserRole(ctx context.Context, code, userID, roleID string) error {
	return c.send(ctx, "CreateOrganizationUserRole", http.MethodPost,
		pathf("/api/v1/organizations/%s/users/%s/roles", code, userID), nil, &CreateOrganizationUserRoleRequest{RoleID: roleID}, nil)
}

// DeleteOrganizationUserRole takes a role, by id, from a member.
func (c *Client) DeleteOrganizationUserRole(ctx context.Context, code, userID, roleID string) error {
	return c.send(ctx, "DeleteOrganizationUserRole", http.MethodDelete,
		pathf("/api/v1/organizations/%s/users/%s/roles/%s", code, userID, roleID), nil, nil, nil)
}

// GetOrganizationUserPermissions lists a member's permissions in the org
// (not paged), asking for expand=roles so that each carries the roles that
// grant it: an empty Roles means granted directly (DESIGN §3).
func (c *Client) GetOrganizationUserPermissions(ctx context.Context, code, userID string) ([]OrganizationUserPermission, error) {
	var r GetOrganizationUserPermissionsResponse
	if err := c.getList(ctx, "GetOrganizationUserPermissions", pathf("/api/v1/organizations/%s/users/%s/permissions", code, userID),
		url.Values{"expand": {"roles"}}, "permissions", &r); err != nil {
		return nil, err
	}
	return r.Permissions, nil
}

// CreateOrganizationUserPermission grants a member a permission, by id.
func (c *Client) CreateOrganizationUserPermission(ctx context.Context, code, userID, permissionID string) error {
	return c.send(ctx, "CreateOrganizationUserPermission", http.MethodPost,
		pathf("/api/v1/organizations/%s/users/%s/permissions", code, userID), nil,
		&CreateOrganizationUserPermissionRequest{PermissionID: permissionID}, nil)
}

// DeleteOrganizationUserPermission takes a directly granted permission, by
// id, from a member.
func (c *Client) DeleteOrganizationUserPermission(ctx context.Context, code, userID, permissionID string) error {
	return c.send(ctx, "DeleteOrganizationUserPermission", http.MethodDelete,
		pathf("/api/v1/organizations/%s/users/%s/permissions/%s", code, userID, permissionID), nil, nil, nil)
}
