package kinde_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/kinde"
)

const findFixture = `version: 1
environment:
  roles:
    - {key: admin, name: Admin, description: Runs it, is_default_role: true}
  permissions:
    - {key: reports:read, name: Read reports}
  feature_flags:
    - {key: dark_mode, type: bool, default: true}
    - {key: seats, type: int, default: 5}
  property_categories:
    - {id: cat_0192b7e8b4f8ca08110d2b22059662a8, name: Billing, context: org}
    - {id: cat_0192b7e8b4f8ca08110d2b22059662a9, name: Profile, context: usr}
    - {id: cat_0192b7e8b4f8ca08110d2b22059662aa, name: Apps, context: app}
    - {id: cat_0192b7e8b4f8ca08110d2b22059662ab, name: Profile, context: app}
  properties:
    - {key: kp_tier, id: prop_fe86bdbe587ad7783ca98cf722ced122, name: Tier, type: single_line_text, context: org, is_private: true, category_id: cat_0192b7e8b4f8ca08110d2b22059662a8}
organizations:
  - {code: org_default00, is_default: true, name: Default}
`

// TestFindCatalog: each kind is found by its key (a category by name in
// its context) with the fields its list shows, named as its create's
// fields are; a key not there is nil.
func TestFindCatalog(t *testing.T) {
	t.Parallel()
	env := startEmu(t, findFixture)
	st := env.emu.Snapshot()
	for _, tt := range []struct {
		kind, key, context string
		want               *kinde.Found
	}{
		{kinde.CatalogRole, "admin", "", &kinde.Found{ID: st.Environment.Roles[0].ID,
			Fields: map[string]any{"key": "admin", "name": "Admin", "description": "Runs it", "is_default_role": true}}},
		{kinde.CatalogRole, "viewer", "", nil},
		{kinde.CatalogPermission, "reports:read", "", &kinde.Found{ID: st.Environment.Permissions[0].ID,
			Fields: map[string]any{"key": "reports:read", "name": "Read reports", "description": ""}}},
		{kinde.CatalogPermission, "reports:write", "", nil},
		{kinde.CatalogFlag, "dark_mode", "", &kinde.Found{ID: "dark_mode", Fields: map[string]any{"type": "bool", "default_value": "true"}}},
		{kinde.CatalogFlag, "seats", "", &kinde.Found{ID: "seats", Fields: map[string]any{"type": "int", "default_value": "5"}}},
		{kinde.CatalogFlag, "theme", "", nil},
		{kinde.CatalogProperty, "kp_tier", "", &kinde.Found{ID: "prop_fe86bdbe587ad7783ca98cf722ced122",
			Fields: map[string]any{"key": "kp_tier", "name": "Tier", "description": "", "is_private": true}}},
		{kinde.CatalogProperty, "kp_city", "", nil},
		{kinde.CatalogCategory, "Billing", "org", &kinde.Found{ID: "cat_0192b7e8b4f8ca08110d2b22059662a8", Fields: map[string]any{"name": "Billing"}}},
		{kinde.CatalogCategory, "Billing", "usr", nil},
		{kinde.CatalogCategory, "Profile", "usr", &kinde.Found{ID: "cat_0192b7e8b4f8ca08110d2b22059662a9", Fields: map[string]any{"name": "Profile"}}},
		{kinde.CatalogCategory, "Profile", "app", &kinde.Found{ID: "cat_0192b7e8b4f8ca08110d2b22059662ab", Fields: map[string]any{"name": "Profile"}}}, // not the usr one
		{kinde.CatalogCategory, "Billing", "app", nil},
		{kinde.CatalogCategory, "Apps", "app", &kinde.Found{ID: "cat_0192b7e8b4f8ca08110d2b22059662aa", Fields: map[string]any{"name": "Apps"}}},
	} {
		got, err := env.c.FindCatalog(t.Context(), tt.kind, tt.key, tt.context)
		if err != nil {
			t.Errorf("FindCatalog(%s %s): %v", tt.kind, tt.key, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FindCatalog(%s %s %s) (-want +got):\n%s", tt.kind, tt.key, tt.context, diff)
		}
	}
	if _, err := env.c.FindCatalog(t.Context(), "api", "x", ""); err == nil {
		t.Error("FindCatalog of an unknown kind: no error")
	}
}
