package emulator_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func (c *client) roleID(key string) string {
	c.t.Helper()
	for _, r := range c.e.Snapshot().Environment.Roles {
		if r.Key == key {
			return r.ID
		}
	}
	c.t.Fatalf("no role %s", key)
	return ""
}

func (c *client) permissionID(key string) string {
	c.t.Helper()
	for _, p := range c.e.Snapshot().Environment.Permissions {
		if p.Key == key {
			return p.ID
		}
	}
	c.t.Fatalf("no permission %s", key)
	return ""
}

// roleKeys lists the roles page by page (next_token) and returns the keys.
func (c *client) roleKeys(pageSize int) []string {
	c.t.Helper()
	var keys []string
	token := ""
	for range 10 {
		var r kinde.GetRolesResponse
		c.call("GET", "/api/v1/roles?sort=key_asc&page_size="+itoa(pageSize)+"&next_token="+url.QueryEscape(token), nil, http.StatusOK, &r)
		for _, role := range r.Roles {
			keys = append(keys, role.Key)
		}
		if token = r.NextToken; token == "" {
			return keys
		}
	}
	c.t.Fatal("paging does not end")
	return nil
}

func TestRoles(t *testing.T) {
	c := start(t, emulator.Options{})
	var created struct {
		Role struct{ ID string } `json:"role"`
	}
	c.call("POST", "/api/v1/roles", map[string]any{"key": "auditor", "name": "Auditor", "description": "Reads", "is_default_role": true}, http.StatusCreated, &created)
	var got struct {
		Role struct {
			ID, Key, Name, Description string
			IsDefaultRole              bool `json:"is_default_role"`
		} `json:"role"`
	}
	c.call("GET", "/api/v1/roles/"+created.Role.ID, nil, http.StatusOK, &got)
	if got.Role.Key != "auditor" || got.Role.Description != "Reads" || !got.Role.IsDefaultRole {
		t.Errorf("created role: %+v", got.Role)
	}
	if diff := cmp.Diff([]string{"admin", "auditor", "viewer"}, c.roleKeys(2)); diff != "" {
		t.Errorf("roles in pages of 2 (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"duplicate key", map[string]any{"key": "admin", "name": "Again"}, "ROLE_KEY_ALREADY_EXISTS"},
		{"no key", map[string]any{"name": "Nameless"}, "INVALID_REQUEST"},
		{"unknown assignment permission", map[string]any{"key": "x", "name": "X", "assignment_permission_id": "0192b7e8-b4f8-ca08-110d-2b22059662a8"}, "PERMISSION_INVALID"},
	} {
		t.Run(tt.name, func(t *testing.T) { c.wantError("POST", "/api/v1/roles", tt.body, http.StatusBadRequest, tt.code) })
	}

	// A new key follows the role into memberships.
	admin := c.roleID("admin")
	c.call("PATCH", "/api/v1/roles/"+admin, map[string]any{"key": "owner", "name": "Owner"}, http.StatusCreated, nil)
	alice := c.userID("alice@acme.com")
	if diff := cmp.Diff([]string{"owner"}, c.member(acme, alice).Roles); diff != "" {
		t.Errorf("alice's roles after the rename (-want +got):\n%s", diff)
	}
	c.wantError("PATCH", "/api/v1/roles/"+admin, map[string]any{"key": "viewer", "name": "Owner"}, http.StatusBadRequest, "ROLE_KEY_ALREADY_EXISTS")
	// An update without a key keeps it (live Kinde's behaviour, not the spec's).
	if status, body := c.doRaw("PATCH", "/api/v1/roles/"+admin, map[string]any{"description": "Runs it"}); status != http.StatusCreated {
		t.Errorf("update without name and key: %d %s", status, body)
	}
	c.call("GET", "/api/v1/roles/"+admin, nil, http.StatusOK, &got)
	if got.Role.Key != "owner" || got.Role.Name != "Owner" {
		t.Errorf("after an empty update: %+v", got.Role)
	}
	c.wantError("PATCH", "/api/v1/roles/nope", map[string]any{"key": "k", "name": "n"}, http.StatusBadRequest, "ROLE_INVALID")

	// A deleted role leaves the members that had it.
	c.call("DELETE", "/api/v1/roles/"+c.roleID("viewer"), nil, http.StatusOK, nil)
	if got := c.member(acme, bobID).Roles; got != nil {
		t.Errorf("bob's roles after the delete: %v", got)
	}
	c.wantError("GET", "/api/v1/roles/"+c.roleID("owner")+"x", nil, http.StatusBadRequest, "ROLE_INVALID")
	c.wantError("DELETE", "/api/v1/roles/nope", nil, http.StatusBadRequest, "ROLE_INVALID")
}

type rolePermissionsAnswer struct {
	Added   []string `json:"permissions_added"`
	Removed []string `json:"permissions_removed"`
}

func TestRolePermissions(t *testing.T) {
	c := start(t, emulator.Options{})
	viewer := "/api/v1/roles/" + c.roleID("viewer") + "/permissions"
	billing, read := c.permissionID("billing:manage"), c.permissionID("reports:read")
	body := map[string]any{"permissions": []map[string]string{{"id": billing}, {"id": read, "operation": "delete"}}}
	var got rolePermissionsAnswer
	c.call("PATCH", viewer, body, http.StatusOK, &got)
	if diff := cmp.Diff(rolePermissionsAnswer{[]string{billing}, []string{read}}, got); diff != "" {
		t.Errorf("first update (-want +got):\n%s", diff)
	}
	c.call("PATCH", viewer, body, http.StatusOK, &got)
	if diff := cmp.Diff(rolePermissionsAnswer{[]string{}, []string{}}, got); diff != "" {
		t.Errorf("the same update again (-want +got):\n%s", diff)
	}
	var perms kinde.GetPermissionsResponse
	c.call("GET", viewer, nil, http.StatusOK, &perms)
	if len(perms.Permissions) != 1 || perms.Permissions[0].Key != "billing:manage" {
		t.Errorf("viewer's permissions: %+v", perms.Permissions)
	}
	c.wantError("PATCH", viewer, map[string]any{"permissions": []map[string]string{{"id": "nope"}}}, http.StatusBadRequest, "PERMISSION_INVALID")
	c.wantError("PATCH", viewer, map[string]any{"permissions": []map[string]string{{"id": read, "operation": "add"}}}, http.StatusBadRequest, "INVALID_OPERATION")

	c.call("DELETE", viewer+"/"+billing, nil, http.StatusOK, nil)
	c.wantError("DELETE", viewer+"/"+billing, nil, http.StatusBadRequest, "PERMISSION_NOT_ASSIGNED")
	c.wantError("DELETE", viewer+"/nope", nil, http.StatusBadRequest, "PERMISSION_INVALID")
	c.wantError("DELETE", "/api/v1/roles/nope/permissions/"+billing, nil, http.StatusBadRequest, "ROLE_INVALID")
}

func TestPermissions(t *testing.T) {
	c := start(t, emulator.Options{})
	var created struct {
		Permission struct{ ID string } `json:"permission"`
	}
	c.call("POST", "/api/v1/permissions", map[string]string{"key": "audit:read", "name": "Read audit logs"}, http.StatusCreated, &created)
	if created.Permission.ID != c.permissionID("audit:read") {
		t.Errorf("create answered permission id %q", created.Permission.ID)
	}
	c.wantError("POST", "/api/v1/permissions", map[string]string{"key": "audit:read", "name": "Again"}, http.StatusBadRequest, "PERMISSION_KEY_ALREADY_EXISTS")
	c.wantError("POST", "/api/v1/permissions", map[string]string{"name": "Keyless"}, http.StatusBadRequest, "INVALID_REQUEST")

	var keys []string
	token := ""
	for range 10 {
		var page kinde.GetPermissionsResponse
		c.call("GET", "/api/v1/permissions?sort=name_asc&page_size=3&next_token="+url.QueryEscape(token), nil, http.StatusOK, &page)
		for _, p := range page.Permissions {
			keys = append(keys, p.Key)
		}
		if token = page.NextToken; token == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{"billing:manage", "audit:read", "reports:read", "reports:write"}, keys); diff != "" {
		t.Errorf("permissions by name, pages of 3 (-want +got):\n%s", diff)
	}

	// A new key follows the permission into roles and memberships.
	read := c.permissionID("reports:read")
	c.call("PATCH", "/api/v1/permissions/"+read, map[string]string{"key": "reports:view", "description": "See reports"}, http.StatusOK, nil)
	st := c.e.Snapshot()
	for _, r := range st.Environment.Roles {
		if r.Key == "viewer" {
			if diff := cmp.Diff([]string{"reports:view"}, r.Permissions); diff != "" {
				t.Errorf("viewer's permissions (-want +got):\n%s", diff)
			}
		}
	}
	alice := c.userID("alice@acme.com")
	if diff := cmp.Diff([]string{"billing:manage", "reports:view"}, c.member(acme, alice).Permissions); diff != "" {
		t.Errorf("alice's permissions (-want +got):\n%s", diff)
	}
	c.wantError("PATCH", "/api/v1/permissions/"+read, map[string]string{"key": "billing:manage"}, http.StatusBadRequest, "PERMISSION_KEY_ALREADY_EXISTS")
	c.wantError("PATCH", "/api/v1/permissions/nope", map[string]string{"name": "x"}, http.StatusBadRequest, "PERMISSION_INVALID")

	c.call("DELETE", "/api/v1/permissions/"+c.permissionID("billing:manage"), nil, http.StatusOK, nil)
	if diff := cmp.Diff([]string{"reports:view"}, c.member(acme, alice).Permissions); diff != "" {
		t.Errorf("alice's permissions after the delete (-want +got):\n%s", diff)
	}
	c.wantError("DELETE", "/api/v1/permissions/nope", nil, http.StatusBadRequest, "PERMISSION_INVALID")
}

func itoa(n int) string { return strconv.Itoa(n) }
