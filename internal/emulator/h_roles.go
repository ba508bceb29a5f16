package emulator

import (
	"cmp"
	"net/http"
	"slices"
)

// Writes to roles, permissions and the permissions of roles. Roles and
// members refer to permissions, and members and invitations to roles, by
// key: a key that changes is renamed everywhere, and a role or permission
// deleted is taken away from everything holding it.

type roleRequest struct {
	Name                   *string `json:"name"`
	Description            *string `json:"description"`
	Key                    *string `json:"key"`
	IsDefaultRole          *bool   `json:"is_default_role"`
	AssignmentPermissionID *string `json:"assignment_permission_id"`
}

// check validates what a create or an update sends. A create needs a name
// and a key. The spec requires both on update too, but live Kinde keeps
// what an update leaves out (kinde-go, whose tests run against a live
// tenant, renames roles with the name alone), and so does the emulator.
func (req *roleRequest) check(e *Environment, self *Role) error {
	if self == nil && (req.Name == nil || req.Key == nil) {
		return badRequest("INVALID_REQUEST", "name and key are required.")
	}
	if (req.Name != nil && checkLength("name", *req.Name, 128) != nil) || (req.Key != nil && checkLength("key", *req.Key, 128) != nil) {
		return badRequest("INVALID_REQUEST", "name and key must be 1 to 128 characters.")
	}
	if req.Key != nil {
		if r := e.role(*req.Key); r != nil && r != self {
			return badRequest("ROLE_KEY_ALREADY_EXISTS", "A role with key %s exists.", *req.Key)
		}
	}
	// NO_PERMISSION_REQUIRED is the update's way to clear it.
	if p := req.AssignmentPermissionID; p != nil && *p != "" && *p != "NO_PERMISSION_REQUIRED" && e.permissionByID(*p) == nil {
		return badRequest("PERMISSION_INVALID", "No permission with id %s.", *p)
	}
	return nil
}

func (s *Server) createRole(c *call) (int, any, error) {
	var req roleRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	if err := req.check(e, nil); err != nil {
		return fail(err)
	}
	r := &Role{
		ID:  s.ids.next(idRole, func(id string) bool { return e.roleByID(id) != nil }),
		Key: *req.Key, Name: *req.Name, Description: deref(req.Description), IsDefaultRole: deref(req.IsDefaultRole),
	}
	e.Roles = append(e.Roles, r)
	return http.StatusCreated, createdResponse("role", r.ID), nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (c *call) roleFor() (*Role, error) {
	id := c.path("role_id")
	if r := c.st().Environment.roleByID(id); r != nil {
		return r, nil
	}
	return nil, badRequest("ROLE_INVALID", "No role with id %s.", id)
}

func (s *Server) getRole(c *call) (int, any, error) {
	r, err := c.roleFor()
	if err != nil {
		return fail(err)
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "role": map[string]any{
		"id": r.ID, "key": r.Key, "name": r.Name, "description": r.Description, "is_default_role": r.IsDefaultRole,
	}})
}

// updateRoles answers 201, as the spec has it.
func (s *Server) updateRoles(c *call) (int, any, error) {
	r, err := c.roleFor()
	if err != nil {
		return fail(err)
	}
	var req roleRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	st := c.st()
	if err := req.check(&st.Environment, r); err != nil {
		return fail(err)
	}
	if old := r.Key; req.Key != nil && *req.Key != old {
		st.forEachMember(func(_ *Organization, m *Member) { renameKey(m.Roles, old, *req.Key) })
		for _, o := range st.Organizations {
			for _, i := range o.Invites {
				renameKey(i.Roles, old, *req.Key)
			}
		}
		r.Key = *req.Key
	}
	if req.Name != nil {
		r.Name = *req.Name
	}
	if req.Description != nil {
		r.Description = *req.Description
	}
	if req.IsDefaultRole != nil {
		r.IsDefaultRole = *req.IsDefaultRole
	}
	return http.StatusCreated, success(), nil
}

func renameKey(keys []string, old, new string) {
	for i, k := range keys {
		if k == old {
			keys[i] = new
		}
	}
}

func removeKey(keys *[]string, key string) {
	*keys = slices.DeleteFunc(*keys, func(k string) bool { return k == key })
}

func (s *Server) deleteRole(c *call) (int, any, error) {
	r, err := c.roleFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.Roles = slices.DeleteFunc(st.Environment.Roles, func(x *Role) bool { return x == r })
	st.forEachMember(func(_ *Organization, m *Member) { removeKey(&m.Roles, r.Key) })
	for _, o := range st.Organizations {
		for _, i := range o.Invites {
			removeKey(&i.Roles, r.Key)
		}
	}
	return ok(success())
}

// updateRolePermissions adds the permissions listed and removes those with
// operation delete; every one is checked before anything changes. The
// answer lists the ids that were added or removed (not those that already
// were, or were not, there).
func (s *Server) updateRolePermissions(c *call) (int, any, error) {
	r, err := c.roleFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Permissions []struct {
			ID        string `json:"id"`
			Operation string `json:"operation"`
		} `json:"permissions"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if len(req.Permissions) > maxBulk {
		return fail(badRequest("TOO_MANY_PERMISSIONS", "At most %d permissions can be changed at once.", maxBulk))
	}
	e := &c.st().Environment
	for _, p := range req.Permissions {
		if e.permissionByID(p.ID) == nil {
			return fail(badRequest("PERMISSION_INVALID", "No permission with id %s.", p.ID))
		}
		if p.Operation != "" && p.Operation != "delete" {
			return fail(badRequest("INVALID_OPERATION", "operation must be delete or left out, not %s.", p.Operation))
		}
	}
	resp := struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Added   []string `json:"permissions_added"`
		Removed []string `json:"permissions_removed"`
	}{"OK", "Success", []string{}, []string{}}
	for _, p := range req.Permissions {
		key := e.permissionByID(p.ID).Key
		has := slices.Contains(r.Permissions, key)
		switch {
		case p.Operation == "delete" && has:
			removeKey(&r.Permissions, key)
			resp.Removed = append(resp.Removed, p.ID)
		case p.Operation == "" && !has:
			r.Permissions = append(r.Permissions, key)
			resp.Added = append(resp.Added, p.ID)
		}
	}
	return ok(resp)
}

func (s *Server) removeRolePermission(c *call) (int, any, error) {
	r, err := c.roleFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("permission_id")
	p := c.st().Environment.permissionByID(id)
	if p == nil {
		return fail(badRequest("PERMISSION_INVALID", "No permission with id %s.", id))
	}
	if !slices.Contains(r.Permissions, p.Key) {
		return fail(badRequest("PERMISSION_NOT_ASSIGNED", "Role %s does not have the permission %s.", r.Key, p.Key))
	}
	removeKey(&r.Permissions, p.Key)
	return ok(success())
}

type permissionRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Key         *string `json:"key"`
}

// createPermission answers the new id in permission.id as live Kinde does
// (kinde-go, tested against a live tenant, reads it there), though the
// spec's answer has only code and message.
func (s *Server) createPermission(c *call) (int, any, error) {
	var req permissionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	if req.Name == nil || req.Key == nil {
		return fail(badRequest("INVALID_REQUEST", "name and key are required."))
	}
	if err := cmp.Or(checkLength("name", *req.Name, 128), checkLength("key", *req.Key, 128)); err != nil {
		return fail(err)
	}
	if e.permission(*req.Key) != nil {
		return fail(badRequest("PERMISSION_KEY_ALREADY_EXISTS", "A permission with key %s exists.", *req.Key))
	}
	p := &Permission{
		ID:  s.ids.next(idPermission, func(id string) bool { return e.permissionByID(id) != nil }),
		Key: *req.Key, Name: *req.Name, Description: deref(req.Description),
	}
	e.Permissions = append(e.Permissions, p)
	return http.StatusCreated, createdResponse("permission", p.ID), nil
}

func (c *call) permissionFor() (*Permission, error) {
	id := c.path("permission_id")
	if p := c.st().Environment.permissionByID(id); p != nil {
		return p, nil
	}
	return nil, badRequest("PERMISSION_INVALID", "No permission with id %s.", id)
}

func (s *Server) updatePermissions(c *call) (int, any, error) {
	p, err := c.permissionFor()
	if err != nil {
		return fail(err)
	}
	var req permissionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	st := c.st()
	if req.Name != nil {
		if err := checkLength("name", *req.Name, 128); err != nil {
			return fail(err)
		}
	}
	if k := req.Key; k != nil && *k != p.Key {
		if err := checkLength("key", *k, 128); err != nil {
			return fail(err)
		}
		if st.Environment.permission(*k) != nil {
			return fail(badRequest("PERMISSION_KEY_ALREADY_EXISTS", "A permission with key %s exists.", *k))
		}
		for _, r := range st.Environment.Roles {
			renameKey(r.Permissions, p.Key, *k)
		}
		st.forEachMember(func(_ *Organization, m *Member) { renameKey(m.Permissions, p.Key, *k) })
		p.Key = *k
	}
	if req.Name != nil {
		p.Name = *req.Name
	}
	if req.Description != nil {
		p.Description = *req.Description
	}
	return ok(success())
}

func (s *Server) deletePermission(c *call) (int, any, error) {
	p, err := c.permissionFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.Permissions = slices.DeleteFunc(st.Environment.Permissions, func(x *Permission) bool { return x == p })
	for _, r := range st.Environment.Roles {
		removeKey(&r.Permissions, p.Key)
	}
	st.forEachMember(func(_ *Organization, m *Member) { removeKey(&m.Permissions, p.Key) })
	return ok(success())
}
