package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCompileRefs: Compile makes a Ref from a target's typed fields only (an
// empty OrgCode or UserID, a catalog id equal to the placeholder of the key
// the step names), never from a user's text in the form of a placeholder.
func TestCompileRefs(t *testing.T) {
	newOrg := Target{OrgKey: "beta", ExternalID: "beta"}
	old := Target{OrgCode: "org_acme00001"}
	with := func(t Target, f func(*Target)) Target { f(&t); return t }
	tests := []struct {
		name string
		step Step
		want []Ref
	}{
		{"a property keyed id holding {org_code}, new org",
			Step{Action: Create, Kind: KindProperty, Organization: "beta", Target: with(newOrg, func(t *Target) { t.Key, t.Value = "id", "{org_code}" })},
			[]Ref{{Kind: RefOrg, Segment: 4}}},
		{"the same, existing org",
			Step{Action: Create, Kind: KindProperty, Organization: "acme", Target: with(old, func(t *Target) { t.Key, t.Value = "id", "{org_code}" })},
			nil},
		{"a flag keyed {org_code}",
			Step{Action: Create, Kind: KindFeatureFlag, Organization: "acme", Target: with(old, func(t *Target) { t.Key, t.Value = "{org_code}", "{user:a@b.com}" })},
			nil},
		{"a new user whose email holds a placeholder, with a role key that looks like one",
			Step{Action: Create, Kind: KindMember, Organization: "beta", Target: with(newOrg, func(t *Target) { t.Email, t.Roles = "{org_code}@b.com", []string{"{role:admin}"} })},
			[]Ref{{Kind: RefOrg, Segment: 4}, {Kind: RefUser, Key: "{org_code}@b.com", Pointer: "/users/0/id"}}},
		{"an existing member given a role the plan creates",
			Step{Action: Create, Kind: KindMemberRole, Organization: "acme", Target: with(old, func(t *Target) { t.UserID, t.Key, t.ID = "kp_1", "admin", "{role:admin}" })},
			[]Ref{{Kind: RefRole, Key: "admin", Pointer: "/role_id"}}},
		{"a live role id in the form of another role's placeholder is an id",
			Step{Action: Create, Kind: KindMemberRole, Organization: "acme", Target: with(old, func(t *Target) { t.UserID, t.Key, t.ID = "kp_1", "x", "{role:admin}" })},
			nil},
		{"a new user's API scope",
			Step{Action: Create, Kind: KindMemberAPIScope, Organization: "beta", Target: with(newOrg, func(t *Target) { t.Email, t.APIID, t.ID = "a@b.com", "api_1", "{user:a@b.com}" })},
			[]Ref{{Kind: RefOrg, Segment: 4}, {Kind: RefUser, Key: "a@b.com", Segment: 6}}},
		{"a role permission of a created role and permission",
			Step{Action: Create, Kind: KindRolePermission, After: "audit:read",
				Target: Target{Key: "auditor", ID: "{role:auditor}", Fields: map[string]any{"permission_id": "{permission:audit:read}"}}},
			[]Ref{{Kind: RefRole, Key: "auditor", Segment: 4}, {Kind: RefPermission, Key: "audit:read", Pointer: "/permissions/0/id"}}},
		{"a catalog property of a created category; its description looks like one",
			Step{Action: Create, Kind: KindEnvProperty,
				Target: Target{Key: "city", Fields: map[string]any{"category_id": "{category:Places}", "description": "{category_id}"}}},
			[]Ref{{Kind: RefCategory, Key: "Places", Pointer: "/category_id"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := Compile([]Step{tc.step})
			var got []Ref
			for _, c := range calls {
				got = append(got, c.Refs...)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Refs (-want +got):\n%s", diff)
			}
		})
	}
}
