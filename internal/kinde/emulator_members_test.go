package kinde_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func TestEmulatorMembers(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	users, err := c.GetOrganizationUsers(ctx, acmeOrg)
	if err != nil {
		t.Fatal(err)
	}
	want := []kinde.OrganizationUser{
		{ID: aliceID, Email: "alice@acme.com", FullName: "Alice Liddell", FirstName: "Alice", LastName: "Liddell", Roles: []string{"admin"}},
		{ID: bobID, Email: "bob@acme.com", FullName: "Bob", FirstName: "Bob", Roles: []string{"viewer"}},
	}
	// joined_on is the emulator's business (its tests check it).
	if diff := cmp.Diff(want, users, cmpopts.IgnoreFields(kinde.OrganizationUser{}, "JoinedOn")); diff != "" {
		t.Errorf("GetOrganizationUsers (-want +got):\n%s", diff)
	}

	added, err := c.AddOrganizationUsers(ctx, acmeOrg, []kinde.AddOrganizationUser{
		{ID: carolID, Roles: []string{"viewer"}, Permissions: []string{"billing:manage"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{carolID}, added.UsersAdded); diff != "" {
		t.Errorf("UsersAdded (-want +got):\n%s", diff)
	}
	env.wantMember(acmeOrg, carolID, []string{"viewer"}, []string{"billing:manage"}, true)

	upd, err := c.UpdateOrganizationUsers(ctx, acmeOrg, []kinde.UpdateOrganizationUser{
		{ID: carolID, Roles: []string{"admin"}},
		{ID: bobID, Operation: kinde.OperationDelete},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantUpd := &kinde.UpdateOrganizationUsersResponse{
		Code: "OK", Message: "Success", UsersAdded: []string{}, UsersUpdated: []string{carolID}, UsersRemoved: []string{bobID},
	}
	if diff := cmp.Diff(wantUpd, upd); diff != "" {
		t.Errorf("UpdateOrganizationUsers (-want +got):\n%s", diff)
	}
	// Roles were set, the permissions left out were left alone.
	env.wantMember(acmeOrg, carolID, []string{"admin"}, []string{"billing:manage"}, true)
	env.wantMember(acmeOrg, bobID, nil, nil, false)

	// An empty list is sent as [] and clears; a nil one is left out.
	if _, err := c.UpdateOrganizationUsers(ctx, acmeOrg, []kinde.UpdateOrganizationUser{{ID: carolID, Permissions: []string{}}}); err != nil {
		t.Fatal(err)
	}
	env.wantMember(acmeOrg, carolID, []string{"admin"}, nil, true)

	if err := c.RemoveOrganizationUser(ctx, acmeOrg, carolID); err != nil {
		t.Fatal(err)
	}
	env.wantMember(acmeOrg, carolID, nil, nil, false)
	err = env.failed("removing a non-member", c.RemoveOrganizationUser(ctx, acmeOrg, carolID))
	if kinde.StatusOf(err) != http.StatusBadRequest || !kinde.HasCode(err, "USER_NOT_IN_ORGANIZATION") {
		t.Errorf("removing a non-member: %v", err)
	}
	_, err = c.AddOrganizationUsers(ctx, acmeOrg, []kinde.AddOrganizationUser{{ID: "kp_nobody"}})
	if !kinde.HasCode(env.failed("adding an unknown user", err), "USER_INVALID") {
		t.Errorf("adding an unknown user: %v", err)
	}
	_, err = c.AddOrganizationUsers(ctx, acmeOrg, []kinde.AddOrganizationUser{{ID: bobID, Roles: []string{"nope"}}})
	if !kinde.HasCode(env.failed("adding with an unknown role", err), "ROLE_INVALID") {
		t.Errorf("adding with an unknown role: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorMemberRolesAndPermissions(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	roles, err := c.GetRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	perms, err := c.GetPermissions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roleID, permID := map[string]string{}, map[string]string{}
	for _, r := range roles {
		roleID[r.Key] = r.ID
	}
	for _, p := range perms {
		permID[p.Key] = p.ID
	}

	userRoles := func(user string) []kinde.OrganizationUserRole {
		t.Helper()
		got, err := c.GetOrganizationUserRoles(ctx, acmeOrg, user)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if diff := cmp.Diff([]kinde.OrganizationUserRole{{ID: roleID["viewer"], Key: "viewer", Name: "Viewer"}}, userRoles(bobID)); diff != "" {
		t.Errorf("bob's roles (-want +got):\n%s", diff)
	}
	if err := c.CreateOrganizationUserRole(ctx, acmeOrg, bobID, roleID["admin"]); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteOrganizationUserRole(ctx, acmeOrg, bobID, roleID["viewer"]); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]kinde.OrganizationUserRole{{ID: roleID["admin"], Key: "admin", Name: "Admin"}}, userRoles(bobID)); diff != "" {
		t.Errorf("bob's roles after add and delete (-want +got):\n%s", diff)
	}
	err = env.failed("deleting a role not held", c.DeleteOrganizationUserRole(ctx, acmeOrg, bobID, roleID["viewer"]))
	if !kinde.HasCode(err, "ROLE_NOT_ASSIGNED") {
		t.Errorf("deleting a role not held: %v", err)
	}

	// Permissions from roles carry those roles; direct ones carry none. Alice
	// has reports:read both directly and from admin: it shows its role, as in
	// Kinde, where the two cannot be told apart (DESIGN §3).
	admin := []kinde.PermissionRole{{ID: roleID["admin"], Key: "admin"}}
	permission := func(key string, roles []kinde.PermissionRole) kinde.OrganizationUserPermission {
		name := map[string]string{"reports:read": "Read reports", "reports:write": "Write reports", "billing:manage": "Manage billing"}[key]
		return kinde.OrganizationUserPermission{ID: permID[key], Key: key, Name: name, Roles: roles}
	}
	checkPerms := func(when, user string, want ...kinde.OrganizationUserPermission) {
		t.Helper()
		got, err := c.GetOrganizationUserPermissions(ctx, acmeOrg, user)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		// EquateEmpty would hide a null roles list; a direct grant must be [].
		for _, p := range got {
			if p.Roles == nil {
				t.Errorf("%s: permission %s has roles null, want a list", when, p.Key)
			}
		}
		opt := cmpopts.SortSlices(func(a, b kinde.OrganizationUserPermission) bool { return a.Key < b.Key })
		if diff := cmp.Diff(want, got, opt, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: permissions (-want +got):\n%s", when, diff)
		}
	}
	checkPerms("alice", aliceID,
		permission("billing:manage", []kinde.PermissionRole{}),
		permission("reports:read", admin),
		permission("reports:write", admin))

	if err := c.CreateOrganizationUserPermission(ctx, acmeOrg, bobID, permID["billing:manage"]); err != nil {
		t.Fatal(err)
	}
	checkPerms("bob with admin and a direct grant", bobID,
		permission("billing:manage", []kinde.PermissionRole{}),
		permission("reports:read", admin),
		permission("reports:write", admin))
	if err := c.DeleteOrganizationUserPermission(ctx, acmeOrg, bobID, permID["billing:manage"]); err != nil {
		t.Fatal(err)
	}
	checkPerms("bob after the direct grant is taken", bobID,
		permission("reports:read", admin),
		permission("reports:write", admin))
	// A permission that only comes from a role is not the member's to remove.
	err = env.failed("deleting a role's permission", c.DeleteOrganizationUserPermission(ctx, acmeOrg, bobID, permID["reports:read"]))
	if !kinde.HasCode(err, "PERMISSION_NOT_ASSIGNED") {
		t.Errorf("deleting a role's permission: %v", err)
	}
	env.wantMember(acmeOrg, bobID, []string{"admin"}, nil, true)
	env.sameCounts()
}

// Bulk writes are split at 100 users: 250 users take 3 requests of 100,
// 100 and 50, for the typed methods and for Call alike.
func TestEmulatorBulkSplitting(t *testing.T) {
	t.Parallel()
	env := startEmu(t, seeded(map[string]int{"users": 250, "roles": 1}))
	c, ctx := env.c, t.Context()
	path := "/api/v1/organizations/" + seededOrg + "/users"

	var add []kinde.AddOrganizationUser
	var del []kinde.UpdateOrganizationUser
	for i := range 250 {
		add = append(add, kinde.AddOrganizationUser{ID: seededUser(i), Roles: []string{"role_0000"}})
		del = append(del, kinde.UpdateOrganizationUser{ID: seededUser(i), Operation: kinde.OperationDelete})
	}
	res, err := c.AddOrganizationUsers(ctx, seededOrg, add)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.UsersAdded) != 250 {
		t.Errorf("AddOrganizationUsers: %d users added, want 250", len(res.UsersAdded))
	}
	if n := len(findOrg(env.emu.Snapshot(), seededOrg).Members); n != 250 {
		t.Errorf("the emulator holds %d members, want 250", n)
	}
	upd, err := c.UpdateOrganizationUsers(ctx, seededOrg, del)
	if err != nil {
		t.Fatal(err)
	}
	if len(upd.UsersRemoved) != 250 {
		t.Errorf("UpdateOrganizationUsers: %d users removed, want 250", len(upd.UsersRemoved))
	}
	// The generic entry point that apply uses splits the same way.
	var out kinde.AddOrganizationUsersResponse
	if err := c.Call(ctx, "AddOrganizationUsers", http.MethodPost, path, nil, &kinde.AddOrganizationUsersRequest{Users: add}, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.UsersAdded) != 250 {
		t.Errorf("Call AddOrganizationUsers: %d users added, want 250", len(out.UsersAdded))
	}

	wantCalls := map[string]int{"AddOrganizationUsers": 6, "UpdateOrganizationUsers": 3, "token": 1}
	if diff := cmp.Diff(wantCalls, env.c.Stats().Calls); diff != "" {
		t.Errorf("client calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantCalls, env.emu.Stats().Requests); diff != "" {
		t.Errorf("emulator requests (-want +got):\n%s", diff)
	}
	var sizes []int
	for _, x := range env.rec.exchanges() {
		if x.path != path {
			continue
		}
		var body struct{ Users []json.RawMessage }
		if err := json.Unmarshal(x.body, &body); err != nil {
			t.Fatalf("%s %s body: %v", x.method, x.path, err)
		}
		sizes = append(sizes, len(body.Users))
	}
	if diff := cmp.Diff([]int{100, 100, 50, 100, 100, 50, 100, 100, 50}, sizes); diff != "" {
		t.Errorf("users per request (-want +got):\n%s", diff)
	}
}

// wantMember checks a member's roles and direct permissions in the
// emulator's state, or with member false that the user is not a member.
func (env *emuEnv) wantMember(org, user string, roles, perms []string, member bool) {
	env.t.Helper()
	var got *emulator.Member
	for _, m := range findOrg(env.emu.Snapshot(), org).Members {
		if m.UserID == user {
			got = m
		}
	}
	switch {
	case !member && got != nil:
		env.t.Errorf("%s is still a member of %s: %+v", user, org, got)
	case member && got == nil:
		env.t.Errorf("%s is not a member of %s", user, org)
	case member:
		want := &emulator.Member{UserID: user, Roles: roles, Permissions: perms}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(emulator.Member{}, "JoinedOn")); diff != "" {
			env.t.Errorf("member %s of %s (-want +got):\n%s", user, org, diff)
		}
	}
}
