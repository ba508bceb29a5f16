package emulator

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// Organization members, their roles and their permissions.

// maxBulk is Kinde's limit on users per bulk add or update.
const maxBulk = 100

func (s *Server) getOrganizationUsers(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	order, err := c.sortOrder("name_asc", "name_desc", "email_asc", "email_desc")
	if err != nil {
		return fail(err)
	}
	st := c.st()
	wantRoles, wantPerms := list(c.query("roles")), list(c.query("permissions"))
	var members []kinde.OrganizationUser
	for _, m := range o.Members {
		// Both filters keep members that have all the keys listed.
		effective := st.effectivePermissions(m)
		if !containsAll(m.Roles, wantRoles) || !containsAll(effective, wantPerms) {
			continue
		}
		members = append(members, s.memberView(st, m))
	}
	desc := strings.HasSuffix(order, "_desc")
	key := func(u kinde.OrganizationUser) string {
		switch {
		case strings.HasPrefix(order, "name"):
			return sortKey(strings.ToLower(u.FullName), u.ID)
		case strings.HasPrefix(order, "email"):
			return sortKey(strings.ToLower(u.Email), u.ID)
		}
		return u.ID
	}
	slices.SortFunc(members, func(a, b kinde.OrganizationUser) int {
		if desc {
			return cmp.Compare(key(b), key(a))
		}
		return cmp.Compare(key(a), key(b))
	})
	page, next, err := pageByToken(c, "organization_users:"+o.Code, order, desc, members, key)
	if err != nil {
		return fail(err)
	}
	resp := getOrganizationUsersJSON{Code: "OK", Message: "Success", OrganizationUsers: []orgUserJSON{}, NextToken: next}
	for _, u := range page {
		resp.OrganizationUsers = append(resp.OrganizationUsers, nullOrgUserJSON(u))
	}
	return ok(resp)
}

func (s *Server) memberView(st *State, m *Member) kinde.OrganizationUser {
	v := kinde.OrganizationUser{ID: m.UserID, Roles: nonNilList(slices.Clone(m.Roles)), JoinedOn: s.timestamp(m.JoinedOn)}
	if u := st.user(m.UserID); u != nil {
		v.Email, v.FirstName, v.LastName, v.IsSuspended = u.Email, u.FirstName, u.LastName, u.IsSuspended
		v.FullName = strings.TrimSpace(u.FirstName + " " + u.LastName)
	}
	return v
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// effectivePermissions are a member's direct permissions and those of its
// roles, sorted.
func (st *State) effectivePermissions(m *Member) []string {
	out := slices.Clone(m.Permissions)
	for _, rk := range m.Roles {
		if r := st.Environment.role(rk); r != nil {
			out = append(out, r.Permissions...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// checkKeys rejects role and permission keys that the environment lacks.
func (st *State) checkKeys(roles, perms []string) error {
	for _, k := range roles {
		if st.Environment.role(k) == nil {
			return badRequest("ROLE_INVALID", "No role with key %s.", k)
		}
	}
	for _, k := range perms {
		if st.Environment.permission(k) == nil {
			return badRequest("PERMISSION_INVALID", "No permission with key %s.", k)
		}
	}
	return nil
}

func (s *Server) addOrganizationUsers(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req kinde.AddOrganizationUsersRequest
	if err := c.decode(&req, false); err != nil {
		return fail(err)
	}
	if len(req.Users) > maxBulk {
		return fail(badRequest("TOO_MANY_USERS", "At most %d users can be added at once.", maxBulk))
	}
	st := c.st()
	// Every user is checked before any is added: a bad request changes nothing.
	for _, u := range req.Users {
		if st.user(u.ID) == nil {
			return fail(badRequest("USER_INVALID", "No user with id %s.", u.ID))
		}
		if err := st.checkKeys(u.Roles, u.Permissions); err != nil {
			return fail(err)
		}
	}
	if s.opts.ConflictOnExistingMember {
		var members []string
		for _, u := range req.Users {
			if o.member(u.ID) != nil {
				members = append(members, u.ID)
			}
		}
		if len(members) > 0 {
			return fail(&apiError{http.StatusConflict, "USER_ALREADY_IN_ORGANIZATION", fmt.Sprintf("Already members of %s: %s.", o.Code, strings.Join(members, ", "))})
		}
	}
	resp := kinde.AddOrganizationUsersResponse{Code: "OK", Message: "Success", UsersAdded: []string{}}
	for _, u := range req.Users {
		m := o.member(u.ID)
		if m == nil {
			m = &Member{UserID: u.ID, JoinedOn: s.now()}
			o.Members = append(o.Members, m)
			resp.UsersAdded = append(resp.UsersAdded, u.ID)
		}
		m.Roles = append(m.Roles, u.Roles...)
		m.Permissions = append(m.Permissions, u.Permissions...)
	}
	return ok(resp)
}

// updateOrganizationUsers adds users that are not members, removes those
// with operation "delete", and for members sets the roles and permissions
// sent (a list left out is left alone).
func (s *Server) updateOrganizationUsers(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req kinde.UpdateOrganizationUsersRequest
	if err := c.decode(&req, false); err != nil {
		return fail(err)
	}
	if len(req.Users) > maxBulk {
		return fail(badRequest("TOO_MANY_USERS", "At most %d users can be updated at once.", maxBulk))
	}
	st := c.st()
	for _, u := range req.Users {
		if st.user(u.ID) == nil {
			return fail(badRequest("USER_INVALID", "No user with id %s.", u.ID))
		}
		if u.Operation != "" && u.Operation != kinde.OperationDelete {
			return fail(badRequest("INVALID_OPERATION", "operation must be delete or left out, not %s.", u.Operation))
		}
		if err := st.checkKeys(u.Roles, u.Permissions); err != nil {
			return fail(err)
		}
	}
	resp := kinde.UpdateOrganizationUsersResponse{Code: "OK", Message: "Success", UsersAdded: []string{}, UsersUpdated: []string{}, UsersRemoved: []string{}}
	for _, u := range req.Users {
		m := o.member(u.ID)
		switch {
		case u.Operation == kinde.OperationDelete:
			if m != nil {
				o.Members = slices.DeleteFunc(o.Members, func(x *Member) bool { return x == m })
				resp.UsersRemoved = append(resp.UsersRemoved, u.ID)
			}
		case m == nil:
			o.Members = append(o.Members, &Member{UserID: u.ID, Roles: slices.Clone(u.Roles), Permissions: slices.Clone(u.Permissions), JoinedOn: s.now()})
			resp.UsersAdded = append(resp.UsersAdded, u.ID)
		default:
			if u.Roles != nil {
				m.Roles = slices.Clone(u.Roles)
			}
			if u.Permissions != nil {
				m.Permissions = slices.Clone(u.Permissions)
			}
			resp.UsersUpdated = append(resp.UsersUpdated, u.ID)
		}
	}
	return ok(resp)
}

// memberFor finds the member a call names by org_code and user_id.
func (c *call) memberFor() (*Organization, *Member, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return nil, nil, err
	}
	id := c.path("user_id")
	if c.st().user(id) == nil {
		return nil, nil, badRequest("USER_INVALID", "No user with id %s.", id)
	}
	m := o.member(id)
	if m == nil {
		return nil, nil, badRequest("USER_NOT_IN_ORGANIZATION", "User %s is not a member of %s.", id, o.Code)
	}
	return o, m, nil
}

func (s *Server) removeOrganizationUser(c *call) (int, any, error) {
	o, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	o.Members = slices.DeleteFunc(o.Members, func(x *Member) bool { return x == m })
	return ok(success())
}

func (s *Server) getOrganizationUserRoles(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetOrganizationUserRolesResponse{Code: "OK", Message: "Success", Roles: []kinde.OrganizationUserRole{}}
	for _, k := range m.Roles {
		if r := c.st().Environment.role(k); r != nil {
			resp.Roles = append(resp.Roles, kinde.OrganizationUserRole{ID: r.ID, Key: r.Key, Name: r.Name})
		}
	}
	return ok(resp)
}

func (s *Server) createOrganizationUserRole(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	var req kinde.CreateOrganizationUserRoleRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	r := c.st().Environment.roleByID(req.RoleID)
	if r == nil {
		return fail(badRequest("ROLE_INVALID", "No role with id %s.", req.RoleID))
	}
	// Adding a role the member has already changes nothing.
	if !slices.Contains(m.Roles, r.Key) {
		m.Roles = append(m.Roles, r.Key)
	}
	return ok(success())
}

func (s *Server) deleteOrganizationUserRole(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("role_id")
	r := c.st().Environment.roleByID(id)
	if r == nil {
		return fail(badRequest("ROLE_INVALID", "No role with id %s.", id))
	}
	if !slices.Contains(m.Roles, r.Key) {
		return fail(badRequest("ROLE_NOT_ASSIGNED", "The user does not have the role %s in this organization.", r.Key))
	}
	m.Roles = slices.DeleteFunc(m.Roles, func(k string) bool { return k == r.Key })
	return ok(success())
}

// orgUserPermissionBare is organization_user_permission without roles: the
// spec types roles as a list (not nullable), and Kinde fills it only with
// expand=roles, so without it the field is left out.
type orgUserPermissionBare struct {
	ID          string `json:"id"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// getOrganizationUserPermissions lists direct permissions and those coming
// from the member's roles; with expand=roles each lists the roles granting
// it, and a direct one has none (DESIGN §3). One granted both ways lists its
// roles, as in Kinde, where the two cannot be told apart.
func (s *Server) getOrganizationUserPermissions(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	expand := slices.Contains(list(c.query("expand")), "roles")
	var full []kinde.OrganizationUserPermission
	var bare []orgUserPermissionBare
	for _, k := range st.effectivePermissions(m) {
		p := st.Environment.permission(k)
		if p == nil {
			continue
		}
		if !expand {
			bare = append(bare, orgUserPermissionBare{ID: p.ID, Key: p.Key, Name: p.Name, Description: p.Description})
			continue
		}
		v := kinde.OrganizationUserPermission{ID: p.ID, Key: p.Key, Name: p.Name, Description: p.Description, Roles: []kinde.PermissionRole{}}
		for _, rk := range m.Roles {
			if r := st.Environment.role(rk); r != nil && slices.Contains(r.Permissions, k) {
				v.Roles = append(v.Roles, kinde.PermissionRole{ID: r.ID, Key: r.Key})
			}
		}
		full = append(full, v)
	}
	if !expand {
		return ok(struct {
			Code        string                  `json:"code"`
			Message     string                  `json:"message"`
			Permissions []orgUserPermissionBare `json:"permissions"`
		}{"OK", "Success", nonNilSlice(bare)})
	}
	return ok(kinde.GetOrganizationUserPermissionsResponse{Code: "OK", Message: "Success", Permissions: nonNilSlice(full)})
}

func (s *Server) createOrganizationUserPermission(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	var req kinde.CreateOrganizationUserPermissionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	p := c.st().Environment.permissionByID(req.PermissionID)
	if p == nil {
		return fail(badRequest("PERMISSION_INVALID", "No permission with id %s.", req.PermissionID))
	}
	if !slices.Contains(m.Permissions, p.Key) {
		m.Permissions = append(m.Permissions, p.Key)
	}
	return ok(success())
}

func (s *Server) deleteOrganizationUserPermission(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("permission_id")
	p := c.st().Environment.permissionByID(id)
	if p == nil {
		return fail(badRequest("PERMISSION_INVALID", "No permission with id %s.", id))
	}
	// Only a direct grant can be removed; one from a role stays with the role.
	if !slices.Contains(m.Permissions, p.Key) {
		return fail(badRequest("PERMISSION_NOT_ASSIGNED", "The user has no direct permission %s in this organization.", p.Key))
	}
	m.Permissions = slices.DeleteFunc(m.Permissions, func(k string) bool { return k == p.Key })
	return ok(success())
}
