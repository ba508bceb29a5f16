package kinde_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/kinde"
)

// TestEmulatorCatalogWrites drives every catalog write of the client
// against the emulator and reads the result back through the client.
func TestEmulatorCatalogWrites(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()
	str := func(s string) *string { return &s }

	permID, err := c.CreatePermission(ctx, &kinde.CatalogRequest{Key: str("audit:read"), Name: str("Read audit")})
	if err != nil || permID == "" {
		t.Fatalf("CreatePermission = %q, %v", permID, err)
	}
	roleID, err := c.CreateRole(ctx, &kinde.CatalogRequest{Key: str("auditor"), Name: str("Auditor"), Description: str("Reads logs")})
	if err != nil || roleID == "" {
		t.Fatalf("CreateRole = %q, %v", roleID, err)
	}
	if err := c.UpdateRolePermissions(ctx, roleID, []kinde.RolePermissionChange{{ID: permID}}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateRole(ctx, roleID, &kinde.CatalogRequest{Key: str("auditor"), Name: str("Auditors")}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdatePermission(ctx, permID, &kinde.CatalogRequest{Description: str("Audit log")}); err != nil {
		t.Fatal(err)
	}
	perms, err := c.GetRolePermissions(ctx, roleID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]kinde.Permission{{ID: permID, Key: "audit:read", Name: "Read audit", Description: "Audit log"}}, perms); diff != "" {
		t.Errorf("GetRolePermissions (-want +got):\n%s", diff)
	}
	roles, err := c.GetRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got *kinde.Role
	for i := range roles {
		if roles[i].ID == roleID {
			got = &roles[i]
		}
	}
	if diff := cmp.Diff(&kinde.Role{ID: roleID, Key: "auditor", Name: "Auditors", Description: "Reads logs"}, got); diff != "" {
		t.Errorf("role after update (-want +got):\n%s", diff)
	}
	if err := c.RemoveRolePermission(ctx, roleID, permID); err != nil {
		t.Fatal(err)
	}
	if perms, err := c.GetRolePermissions(ctx, roleID); err != nil || len(perms) != 0 {
		t.Errorf("GetRolePermissions after removal = %v, %v; want none", perms, err)
	}
	if err := c.DeleteRole(ctx, roleID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePermission(ctx, permID); err != nil {
		t.Fatal(err)
	}

	flag := &kinde.FeatureFlagRequest{Key: "beta", Name: "Beta", Type: kinde.FlagTypeInt, AllowOverrideLevel: "org", DefaultValue: "3"}
	if err := c.CreateFeatureFlag(ctx, flag); err != nil {
		t.Fatal(err)
	}
	flag.DefaultValue = "7"
	if err := c.UpdateFeatureFlag(ctx, flag); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEnvironmentFeatureFlagOverride(ctx, "beta"); err != nil {
		t.Fatal(err)
	}
	flags, err := c.GetEnvironmentFeatureFlags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := flags["beta"]; f.Type != kinde.FlagTypeInt || f.Value != "7" {
		t.Errorf("beta = %+v, want int 7", f)
	}
	if err := c.DeleteFeatureFlag(ctx, "beta"); err != nil {
		t.Fatal(err)
	}

	catID, err := c.CreateCategory(ctx, "Billing", kinde.ContextOrganization)
	if err != nil || catID == "" {
		t.Fatalf("CreateCategory = %q, %v", catID, err)
	}
	if _, err := c.CreateProperty(ctx, &kinde.CreatePropertyRequest{Name: "Tier", Key: "kp_org_tier", Type: kinde.PropertySingleLineText,
		Context: kinde.ContextOrganization, CategoryID: catID}); err != nil {
		t.Fatal(err)
	}
	props, err := c.GetProperties(ctx, kinde.ContextOrganization)
	if err != nil {
		t.Fatal(err)
	}
	var propID string
	for _, p := range props {
		if p.Key == "kp_org_tier" {
			propID = p.ID
		}
	}
	if err := c.UpdateProperty(ctx, propID, &kinde.UpdatePropertyRequest{Name: "Plan tier", IsPrivate: true, CategoryID: catID}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteProperty(ctx, propID); err != nil {
		t.Fatal(err)
	}
	if props, err = c.GetProperties(ctx, kinde.ContextOrganization); err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if p.Key == "kp_org_tier" {
			t.Errorf("kp_org_tier still listed after DeleteProperty")
		}
	}
}
