package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func (c *client) userID(email string) string {
	c.t.Helper()
	var r kinde.GetUsersResponse
	c.call("GET", "/api/v1/users?email="+email, nil, http.StatusOK, &r)
	if len(r.Users) != 1 {
		c.t.Fatalf("users with email %s: %+v", email, r.Users)
	}
	return r.Users[0].ID
}

func (c *client) members(org string) map[string][]string {
	c.t.Helper()
	var r kinde.GetOrganizationUsersResponse
	c.call("GET", "/api/v1/organizations/"+org+"/users?page_size=500", nil, http.StatusOK, &r)
	out := map[string][]string{}
	for _, u := range r.OrganizationUsers {
		out[u.Email] = u.Roles
	}
	return out
}

func TestOrganizationUsers(t *testing.T) {
	c := start(t, emulator.Options{Now: newClock().Now})
	var r kinde.GetOrganizationUsersResponse
	c.call("GET", "/api/v1/organizations/"+acme+"/users?sort=email_asc", nil, http.StatusOK, &r)
	alice := c.userID("alice@acme.com")
	want := []kinde.OrganizationUser{
		{ID: alice, Email: "alice@acme.com", FullName: "Alice Liddell", FirstName: "Alice", LastName: "Liddell", Roles: []string{"admin"}, JoinedOn: epoch},
		{ID: bobID, Email: "bob@acme.com", FullName: "Bob", FirstName: "Bob", Roles: []string{"viewer"}, JoinedOn: epoch},
	}
	if diff := cmp.Diff(want, r.OrganizationUsers); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}

	// Filters keep members with all the keys listed; permissions count
	// those from roles.
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"roles=admin", 1}, {"roles=admin,viewer", 0}, {"permissions=reports:read", 2}, {"permissions=billing:manage", 1},
	} {
		c.call("GET", "/api/v1/organizations/"+acme+"/users?"+tt.query, nil, http.StatusOK, &r)
		if len(r.OrganizationUsers) != tt.want {
			t.Errorf("%s: %d members, want %d", tt.query, len(r.OrganizationUsers), tt.want)
		}
	}
}

func TestAddUpdateRemoveOrganizationUsers(t *testing.T) {
	c := start(t, emulator.Options{})
	carol := c.userID("carol@acme.com")
	var added kinde.AddOrganizationUsersResponse
	c.call("POST", "/api/v1/organizations/"+acme+"/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{
		{ID: carol, Roles: []string{"viewer"}, Permissions: []string{"billing:manage"}},
		{ID: bobID}, // already a member: not added again
	}}, http.StatusOK, &added)
	if diff := cmp.Diff([]string{carol}, added.UsersAdded); diff != "" {
		t.Errorf("users_added (-want +got):\n%s", diff)
	}

	var updated kinde.UpdateOrganizationUsersResponse
	c.call("PATCH", "/api/v1/organizations/"+acme+"/users", kinde.UpdateOrganizationUsersRequest{Users: []kinde.UpdateOrganizationUser{
		{ID: bobID, Operation: kinde.OperationDelete},
		{ID: carol, Roles: []string{"admin"}},
	}}, http.StatusOK, &updated)
	want := kinde.UpdateOrganizationUsersResponse{Code: "OK", Message: "Success", UsersAdded: []string{}, UsersUpdated: []string{carol}, UsersRemoved: []string{bobID}}
	if diff := cmp.Diff(want, updated); diff != "" {
		t.Errorf("PATCH users (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"alice@acme.com": {"admin"}, "carol@acme.com": {"admin"}}, c.members(acme)); diff != "" {
		t.Errorf("members after PATCH (-want +got):\n%s", diff)
	}

	c.call("DELETE", "/api/v1/organizations/"+acme+"/users/"+carol, nil, http.StatusOK, nil)
	status, body := c.do("DELETE", "/api/v1/organizations/"+acme+"/users/"+carol, nil)
	if status != http.StatusBadRequest || errorCode(t, body) != "USER_NOT_IN_ORGANIZATION" {
		t.Errorf("second remove: %d %s", status, body)
	}
}

func TestBulkLimit(t *testing.T) {
	c := start(t, emulator.Options{})
	users := make([]kinde.AddOrganizationUser, 101)
	updates := make([]kinde.UpdateOrganizationUser, 101)
	for i := range users {
		users[i] = kinde.AddOrganizationUser{ID: fmt.Sprintf("kp_%032d", i)}
		updates[i] = kinde.UpdateOrganizationUser{ID: users[i].ID, Operation: kinde.OperationDelete}
	}
	for _, tt := range []struct {
		method string
		body   any
	}{
		{"POST", kinde.AddOrganizationUsersRequest{Users: users}},
		{"PATCH", kinde.UpdateOrganizationUsersRequest{Users: updates}},
	} {
		status, body := c.do(tt.method, "/api/v1/organizations/"+acme+"/users", tt.body)
		if status != http.StatusBadRequest || errorCode(t, body) != "TOO_MANY_USERS" {
			t.Errorf("%s 101 users: %d %s, want 400 TOO_MANY_USERS", tt.method, status, body)
		}
	}
	// A rejected batch changes nothing, even its valid users.
	carol := c.userID("carol@acme.com")
	status, _ := c.do("POST", "/api/v1/organizations/"+acme+"/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{
		{ID: carol}, {ID: "kp_00000000000000000000000000000000"},
	}})
	if _, in := c.members(acme)["carol@acme.com"]; status != http.StatusBadRequest || in {
		t.Errorf("batch with an unknown user: status %d, carol added %v", status, in)
	}
}

func TestMemberRoles(t *testing.T) {
	c := start(t, emulator.Options{})
	var roles kinde.GetRolesResponse
	c.call("GET", "/api/v1/roles?sort=key_asc", nil, http.StatusOK, &roles)
	ids := map[string]string{}
	for _, r := range roles.Roles {
		ids[r.Key] = r.ID
	}
	path := "/api/v1/organizations/" + acme + "/users/" + bobID + "/roles"
	c.call("POST", path, kinde.CreateOrganizationUserRoleRequest{RoleID: ids["admin"]}, http.StatusOK, nil)
	var got kinde.GetOrganizationUserRolesResponse
	c.call("GET", path, nil, http.StatusOK, &got)
	want := []kinde.OrganizationUserRole{{ID: ids["admin"], Key: "admin", Name: "Admin"}, {ID: ids["viewer"], Key: "viewer", Name: "Viewer"}}
	if diff := cmp.Diff(want, got.Roles); diff != "" {
		t.Errorf("roles after add (-want +got):\n%s", diff)
	}
	c.call("DELETE", path+"/"+ids["viewer"], nil, http.StatusOK, nil)
	c.call("GET", path, nil, http.StatusOK, &got)
	if diff := cmp.Diff(want[:1], got.Roles); diff != "" {
		t.Errorf("roles after delete (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ method, path, code string }{
		{"DELETE", path + "/" + ids["viewer"], "ROLE_NOT_ASSIGNED"},
		{"DELETE", path + "/nope", "ROLE_INVALID"},
		{"GET", "/api/v1/organizations/" + acme + "/users/kp_00000000000000000000000000000000/roles", "USER_INVALID"},
	} {
		if status, body := c.do(tt.method, tt.path, nil); status != http.StatusBadRequest || errorCode(t, body) != tt.code {
			t.Errorf("%s %s: %d %s, want 400 %s", tt.method, tt.path, status, body, tt.code)
		}
	}
}

func TestMemberPermissions(t *testing.T) {
	c := start(t, emulator.Options{})
	var perms kinde.GetPermissionsResponse
	c.call("GET", "/api/v1/permissions", nil, http.StatusOK, &perms)
	ids := map[string]string{}
	for _, p := range perms.Permissions {
		ids[p.Key] = p.ID
	}
	var roles kinde.GetRolesResponse
	c.call("GET", "/api/v1/roles", nil, http.StatusOK, &roles)
	admin := roles.Roles[0]
	alice := c.userID("alice@acme.com")
	path := "/api/v1/organizations/" + acme + "/users/" + alice + "/permissions"

	// Alice has admin (reports:read, reports:write) and direct billing:manage
	// and reports:read. A direct permission has no roles; one granted both
	// ways shows its role, as Kinde cannot tell them apart (DESIGN §3).
	var got kinde.GetOrganizationUserPermissionsResponse
	c.call("GET", path+"?expand=roles", nil, http.StatusOK, &got)
	byRole := []kinde.PermissionRole{{ID: admin.ID, Key: "admin"}}
	want := []kinde.OrganizationUserPermission{
		{ID: ids["billing:manage"], Key: "billing:manage", Name: "Manage billing", Roles: []kinde.PermissionRole{}},
		{ID: ids["reports:read"], Key: "reports:read", Name: "Read reports", Roles: byRole},
		{ID: ids["reports:write"], Key: "reports:write", Name: "Write reports", Roles: byRole},
	}
	if diff := cmp.Diff(want, got.Permissions); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	// Without expand=roles the roles are left out.
	var bare kinde.GetOrganizationUserPermissionsResponse
	c.call("GET", path, nil, http.StatusOK, &bare)
	if len(bare.Permissions) != 3 || bare.Permissions[1].Roles != nil {
		t.Errorf("without expand: %+v", bare.Permissions)
	}

	c.call("DELETE", path+"/"+ids["billing:manage"], nil, http.StatusOK, nil)
	// reports:write comes from a role only: there is no direct grant to remove.
	if status, body := c.do("DELETE", path+"/"+ids["reports:write"], nil); status != http.StatusBadRequest || errorCode(t, body) != "PERMISSION_NOT_ASSIGNED" {
		t.Errorf("remove a role's permission: %d %s", status, body)
	}
	c.call("POST", "/api/v1/organizations/"+acme+"/users/"+bobID+"/permissions",
		kinde.CreateOrganizationUserPermissionRequest{PermissionID: ids["reports:write"]}, http.StatusOK, nil)
	var bobs kinde.GetOrganizationUserPermissionsResponse
	c.call("GET", "/api/v1/organizations/"+acme+"/users/"+bobID+"/permissions?expand=roles", nil, http.StatusOK, &bobs)
	var keys []string
	for _, p := range bobs.Permissions {
		keys = append(keys, p.Key)
	}
	if diff := cmp.Diff([]string{"reports:read", "reports:write"}, keys); diff != "" {
		t.Errorf("bob's permissions (-want +got):\n%s", diff)
	}
}

// With ConflictOnExistingMember, a bulk add naming a member answers 409 and
// adds no one, as Kinde's Terraform provider expects of Kinde.
func TestConflictOnExistingMember(t *testing.T) {
	c := start(t, emulator.Options{ConflictOnExistingMember: true})
	carol := c.userID("carol@acme.com")
	status, body := c.do("POST", "/api/v1/organizations/"+acme+"/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{
		{ID: carol}, {ID: bobID, Roles: []string{"admin"}},
	}})
	if status != http.StatusConflict || errorCode(t, body) != "USER_ALREADY_IN_ORGANIZATION" || !strings.Contains(string(body), bobID) {
		t.Errorf("adding a member: %d %s, want 409 USER_ALREADY_IN_ORGANIZATION naming %s", status, body, bobID)
	}
	if diff := cmp.Diff(map[string][]string{"alice@acme.com": {"admin"}, "bob@acme.com": {"viewer"}}, c.members(acme)); diff != "" {
		t.Errorf("members after the 409 (-want +got):\n%s", diff)
	}
	c.call("POST", "/api/v1/organizations/"+acme+"/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{{ID: carol}}}, http.StatusOK, nil)
}
