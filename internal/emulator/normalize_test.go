package emulator_test

import (
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// TestOrgWritesLeaveStateNormalized: a write confined to one organization
// normalizes only it (a whole normalize costs a third of a second at a
// million memberships); the state it leaves must be the one a whole
// normalize gives, whatever order the request listed things in.
func TestOrgWritesLeaveStateNormalized(t *testing.T) {
	c := start(t, emulator.Options{})
	carol := c.userID("carol@acme.com")
	org := "/api/v1/organizations/" + acme
	writes := []struct {
		method, path string
		body         any
	}{
		{"POST", org + "/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{
			{ID: carol, Roles: []string{"viewer", "admin"}, Permissions: []string{"reports:write", "billing:manage"}}}}},
		{"PATCH", org + "/users", kinde.UpdateOrganizationUsersRequest{Users: []kinde.UpdateOrganizationUser{
			{ID: bobID, Roles: []string{"viewer", "admin"}}}}},
		{"DELETE", org + "/users/" + bobID + "/roles/" + c.roleID("viewer"), nil},
		{"PATCH", org + "/feature_flags/seats?value=7", nil},
		{"DELETE", org + "/feature_flags/dark_mode", nil},
		{"PATCH", org + "/properties", map[string]any{"properties": map[string]any{"kp_org_zip": "2000", "kp_org_city": ""}}},
		{"DELETE", org + "/connections/" + googleC, nil},
		{"PATCH", "/api/v1/organization/" + acme, map[string]any{"name": "Acme 2", "allowed_domains": []string{"b.com", "a.com", "b.com"}}},
		{"DELETE", org + "/users/" + carol, nil},
	}
	for _, w := range writes {
		if status, body := c.do(w.method, w.path, w.body); status >= 300 {
			t.Fatalf("%s %s: %d %s", w.method, w.path, status, body)
		}
		if !c.e.Normalized() {
			t.Errorf("after %s %s the state is not in canonical order", w.method, w.path)
		}
	}
}
