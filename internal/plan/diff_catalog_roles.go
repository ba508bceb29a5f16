package plan

import (
	"github.com/kindesync/kindesync/internal/spec"
)

func (c *catalogDiff) roles() {
	if c.want.Roles == nil {
		return
	}
	var creates, deletes []int
	want := map[string]bool{}
	for _, w := range c.want.Roles {
		want[w.Key] = true
		h := c.have.Roles[w.Key]
		if h == nil {
			fields := map[string]any{"key": w.Key, "name": valueOf(w.Name)}
			if w.Description != nil && *w.Description != "" {
				fields["description"] = *w.Description
			}
			if valueOf(w.IsDefaultRole) {
				fields["is_default_role"] = true
			}
			// Its permissions follow as role_permission steps.
			c.early = append(c.early, Step{Action: Create, Kind: KindRole, Address: EnvAddress("role", w.Key),
				After: cloneFields(fields), Target: Target{Key: w.Key, Fields: fields}})
			creates = append(creates, len(c.early)-1)
			c.env.Roles[w.Key] = RolePlaceholder(w.Key)
			c.rolePermissions(w, nil)
			continue
		}
		before, after := map[string]any{}, map[string]any{}
		changed(before, after, "name", w.Name, valueOf(h.Name))
		changed(before, after, "description", w.Description, valueOf(h.Description))
		changed(before, after, "is_default_role", w.IsDefaultRole, valueOf(h.IsDefaultRole))
		if len(after) > 0 {
			// UpdateRoles requires name and key (the spec); the rest is
			// kept when left out.
			fields := map[string]any{"key": w.Key, "name": strOr(w.Name, valueOf(h.Name))}
			if w.Description != nil {
				fields["description"] = *w.Description
			}
			if w.IsDefaultRole != nil {
				fields["is_default_role"] = *w.IsDefaultRole
			}
			c.early = append(c.early, Step{Action: Update, Kind: KindRole, Address: EnvAddress("role", w.Key),
				Before: before, After: after, Target: Target{Key: w.Key, ID: c.env.Roles[w.Key], Fields: fields}})
		}
		c.rolePermissions(w, h)
	}
	for _, k := range sortedKeys(c.have.Roles) {
		if want[k] {
			continue
		}
		h := c.have.Roles[k]
		c.removedRoles[k] = true
		c.late = append(c.late, Step{Action: Delete, Kind: KindRole, Address: EnvAddress("role", k),
			Before: map[string]any{"key": k, "name": valueOf(h.Name)}, Target: Target{Key: k, ID: c.env.Roles[k]}})
		deletes = append(deletes, len(c.late)-1)
	}
	c.renames(creates, deletes)
}

// rolePermissions makes a role grant exactly the permissions the file
// lists, when it lists them; h is nil for a role the plan creates.
func (c *catalogDiff) rolePermissions(w *spec.EnvRole, h *spec.EnvRole) {
	if w.Permissions == nil {
		return
	}
	roleID := c.env.Roles[w.Key]
	var have map[string]bool
	var haveList []string
	if h != nil {
		have, haveList = set(h.Permissions), h.Permissions
	}
	managed := c.want.Permissions != nil
	listed := map[string]bool{}
	for _, p := range c.want.Permissions {
		listed[p.Key] = true
	}
	for _, p := range sortedCopy(w.Permissions) {
		pid, inKinde := c.env.Permissions[p]
		switch {
		case managed && !listed[p] && inKinde:
			c.d.problem(posOr(w.PermissionsPos, w.Pos), "environment.roles[%s].permissions: %q is not in environment.permissions (at %s), which removes it from Kinde: list it there or take it off the role",
				w.Key, p, c.want.Pos)
			continue
		case !inKinde:
			c.d.problem(posOr(w.PermissionsPos, w.Pos), "environment.roles[%s].permissions: unknown permission %q: it is neither in environment.permissions nor in Kinde%s", w.Key, p, c.permissionHint(p))
			continue
		}
		if have[p] {
			continue
		}
		c.early = append(c.early, Step{Action: Create, Kind: KindRolePermission, Address: EnvAddress("role", w.Key, "permission", p),
			After: p, Target: Target{Key: w.Key, ID: roleID, Fields: map[string]any{"permission_id": pid}}})
	}
	want := set(w.Permissions)
	for _, p := range sortedCopy(haveList) {
		if want[p] {
			continue
		}
		// A permission the plan deletes leaves its roles with it.
		if c.want.Permissions != nil && !listed[p] {
			continue
		}
		c.late = append(c.late, Step{Action: Delete, Kind: KindRolePermission, Address: EnvAddress("role", w.Key, "permission", p),
			Before: p, Target: Target{Key: w.Key, ID: roleID, Fields: map[string]any{"permission_id": c.env.Permissions[p]}}})
	}
}

func posOr(p, def spec.Pos) spec.Pos {
	if p == (spec.Pos{}) {
		return def
	}
	return p
}
