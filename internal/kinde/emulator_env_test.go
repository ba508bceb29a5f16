package kinde_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/kinde"
)

func TestEmulatorEnvironmentLookups(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()
	st := env.emu.Snapshot()

	roles, err := c.GetRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wantRoles []kinde.Role
	for _, r := range st.Environment.Roles {
		wantRoles = append(wantRoles, kinde.Role{ID: r.ID, Key: r.Key, Name: r.Name})
	}
	if diff := cmp.Diff(wantRoles, roles); diff != "" {
		t.Errorf("GetRoles (-want +got):\n%s", diff)
	}

	perms, err := c.GetPermissions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wantPerms []kinde.Permission
	for _, p := range st.Environment.Permissions {
		wantPerms = append(wantPerms, kinde.Permission{ID: p.ID, Key: p.Key, Name: p.Name})
	}
	if diff := cmp.Diff(wantPerms, perms, cmpopts.SortSlices(func(a, b kinde.Permission) bool { return a.Key < b.Key })); diff != "" {
		t.Errorf("GetPermissions (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		context string
		want    []string
	}{
		{"", []string{"kp_org_city", "kp_org_zip", "kp_usr_nick"}},
		{kinde.ContextOrganization, []string{"kp_org_city", "kp_org_zip"}},
		{kinde.ContextUser, []string{"kp_usr_nick"}},
		{kinde.ContextApplication, nil},
	} {
		props, err := c.GetProperties(ctx, tt.context)
		if err != nil {
			t.Fatalf("GetProperties(%q): %v", tt.context, err)
		}
		var keys []string
		for _, p := range props {
			keys = append(keys, p.Key)
		}
		if diff := cmp.Diff(tt.want, keys, cmpSorted, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("GetProperties(%q) keys (-want +got):\n%s", tt.context, diff)
		}
	}
	for _, tt := range []struct {
		key  string
		want bool
	}{{"kp_usr_nick", true}, {"kp_org_city", true}, {"kindesync_state", false}} {
		if got, err := c.FindProperty(ctx, tt.key); err != nil || got != tt.want {
			t.Errorf("FindProperty(%q) = %v, %v; want %v", tt.key, got, err, tt.want)
		}
	}

	cats, err := c.GetCategories(ctx, kinde.ContextOrganization)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]kinde.Category{{ID: generalCat, Name: "General"}}, cats); diff != "" {
		t.Errorf("GetCategories(org) (-want +got):\n%s", diff)
	}

	conns, err := c.GetConnections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantConns := []kinde.Connection{
		{ID: googleConn, Name: "Google", DisplayName: "Google", Strategy: "oauth2:google"},
		{ID: emailConn, Name: "Email", DisplayName: "Email", Strategy: "email:password"},
	}
	if diff := cmp.Diff(wantConns, conns); diff != "" {
		t.Errorf("GetConnections (-want +got):\n%s", diff)
	}
	env.sameCounts()
}

// CreateProperty makes the kindesync_state property (DESIGN §3); there is
// no typed CreateCategory, so apply would use Call, as here.
func TestEmulatorCreatePropertyAndCategory(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	var cat struct {
		Code     string `json:"code"`
		Category struct {
			ID string `json:"id"`
		} `json:"category"`
	}
	err := c.Call(ctx, "CreateCategory", http.MethodPost, "/api/v1/property_categories", nil,
		map[string]string{"name": "kindesync", "context": kinde.ContextOrganization}, &cat)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Category.ID == "" {
		t.Fatalf("CreateCategory answered %+v, with no id", cat)
	}
	cats, err := c.GetCategories(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]kinde.Category{{ID: generalCat, Name: "General"}, {ID: cat.Category.ID, Name: "kindesync"}}, cats,
		cmpopts.SortSlices(func(a, b kinde.Category) bool { return a.ID < b.ID })); diff != "" {
		t.Errorf("categories after CreateCategory (-want +got):\n%s", diff)
	}

	req := &kinde.CreatePropertyRequest{
		Name: "kindesync state", Description: "Fingerprint of write-only settings", Key: "kindesync_state",
		Type: kinde.PropertySingleLineText, Context: kinde.ContextOrganization, IsPrivate: true, CategoryID: cat.Category.ID,
	}
	created, err := c.CreateProperty(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	props, err := c.GetProperties(ctx, kinde.ContextOrganization)
	if err != nil {
		t.Fatal(err)
	}
	var got *kinde.Property
	for i := range props {
		if props[i].Key == "kindesync_state" {
			got = &props[i]
		}
	}
	want := &kinde.Property{ID: created.Property.ID, Key: "kindesync_state", Name: "kindesync state", IsPrivate: true, Description: "Fingerprint of write-only settings"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the created property as listed (-want +got):\n%s", diff)
	}
	// The new org property takes values at once.
	if err := c.UpdateOrganizationProperty(ctx, acmeOrg, "kindesync_state", "sha256:abc"); err != nil {
		t.Fatal(err)
	}
	if v := findOrg(env.emu.Snapshot(), acmeOrg).Properties["kindesync_state"]; v != "sha256:abc" {
		t.Errorf("kindesync_state of acme = %q", v)
	}

	_, err = c.CreateProperty(ctx, req)
	if !kinde.HasCode(env.failed("creating it twice", err), "PROPERTY_KEY_ALREADY_EXISTS") {
		t.Errorf("creating it twice: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorUsers(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	ids := func(users []kinde.User) []string {
		var out []string
		for _, u := range users {
			out = append(out, u.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		opts *kinde.GetUsersOptions
		want []string
	}{
		{"all", nil, []string{aliceID, bobID, carolID}},
		{"by id", &kinde.GetUsersOptions{UserIDs: []string{aliceID, carolID}}, []string{aliceID, carolID}},
		{"by email, any case", &kinde.GetUsersOptions{Emails: []string{"CAROL@acme.com", "bob@ACME.com"}}, []string{bobID, carolID}},
		{"unknown email", &kinde.GetUsersOptions{Emails: []string{"nobody@acme.com"}}, nil},
	} {
		users, err := c.GetUsers(ctx, tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, ids(users), cmpSorted, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("GetUsers %s (-want +got):\n%s", tt.name, diff)
		}
	}
	users, err := c.GetUsers(ctx, &kinde.GetUsersOptions{UserIDs: []string{aliceID}, Expand: "organizations,identities"})
	if err != nil {
		t.Fatal(err)
	}
	want := []kinde.User{{
		ID: aliceID, Email: "alice@acme.com", FirstName: "Alice", LastName: "Liddell",
		Organizations: []string{acmeOrg},
		Identities:    []kinde.UserIdentitySummary{{Type: "email", Identity: "alice@acme.com"}},
	}}
	if diff := cmp.Diff(want, users, cmpopts.IgnoreFields(kinde.User{}, "CreatedOn")); diff != "" {
		t.Errorf("GetUsers expanded (-want +got):\n%s", diff)
	}

	byEmail, err := c.GetUsersByEmail(ctx, []string{"ALICE@acme.com", "alice@acme.com", " bob@acme.com ", "nobody@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{aliceID, bobID}, ids(byEmail), cmpSorted); diff != "" {
		t.Errorf("GetUsersByEmail (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ email, want string }{
		{"carol@ACME.com", carolID}, {"nobody@acme.com", ""},
	} {
		if got, err := c.FindUserByEmail(ctx, tt.email); err != nil || got != tt.want {
			t.Errorf("FindUserByEmail(%q) = %q, %v; want %q", tt.email, got, err, tt.want)
		}
	}

	created, err := c.CreateUser(ctx, kinde.NewEmailUser("dave@acme.com"))
	if err != nil {
		t.Fatal(err)
	}
	if !created.Created || created.ID == "" {
		t.Errorf("CreateUser = %+v", created)
	}
	if got, err := c.FindUserByEmail(ctx, "Dave@Acme.com"); err != nil || got != created.ID {
		t.Errorf("FindUserByEmail of the new user = %q, %v; want %q", got, err, created.ID)
	}
	// A plus sign survives the query string.
	plus, err := c.CreateUser(ctx, kinde.NewEmailUser("frank+ops@acme.com"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.FindUserByEmail(ctx, "frank+ops@acme.com"); err != nil || got != plus.ID {
		t.Errorf("FindUserByEmail(frank+ops@acme.com) = %q, %v; want %q", got, err, plus.ID)
	}
	// A user created into an org is a member of it.
	req := kinde.NewEmailUser("erin@acme.com")
	req.OrganizationCode, req.Profile = acmeOrg, &kinde.UserProfile{GivenName: "Erin", FamilyName: "Example"}
	erin, err := c.CreateUser(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	env.wantMember(acmeOrg, erin.ID, nil, nil, true)

	_, err = c.CreateUser(ctx, kinde.NewEmailUser("ALICE@acme.com"))
	if !kinde.HasCode(env.failed("creating an existing email", err), "USER_ALREADY_EXISTS") {
		t.Errorf("creating an existing email: %v", err)
	}
	env.sameCounts()
}

// GetUsersByEmail asks for 50 emails per call: 120 emails take 3 calls of
// getUsers, each answered in one page.
func TestEmulatorUsersByEmailBatches(t *testing.T) {
	t.Parallel()
	env := startEmu(t, seeded(map[string]int{"users": 130}))
	var emails []string
	for i := range 120 {
		emails = append(emails, fmt.Sprintf("U%05d@example.com", i))
	}
	users, err := env.c.GetUsersByEmail(t.Context(), emails)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 120 {
		t.Errorf("GetUsersByEmail found %d users, want 120", len(users))
	}
	if got := env.c.Stats().Calls["getUsers"]; got != 3 {
		t.Errorf("getUsers called %d times, want 3", got)
	}
	env.sameCounts()
}
