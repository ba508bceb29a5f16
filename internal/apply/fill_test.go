package apply

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/plan"
)

// TestFill: only a call's Refs are filled. Every other string, however
// much it looks like a placeholder, is sent as written, in the path and in
// the body alike.
func TestFill(t *testing.T) {
	vars := map[string]string{"{org_code}": "org_abc", "{user:a@b.com}": "kp_1", "{role:admin}": "r_1", "{user:{org_code}@b.com}": "kp_2"}
	tests := []struct {
		name     string
		call     plan.Call
		path     string
		body     any
		err      error
		errIsNot bool // an error, but not errUnresolved
	}{
		{
			name: "a new org's code and a new user's id in the path; a flag key that looks like one stays",
			call: plan.Call{Path: "/api/v1/organizations/%7Borg_code%7D/users/%7Buser:a@b.com%7D/roles/%7Brole:admin%7D",
				Refs: []plan.Ref{{Kind: plan.RefOrg, Segment: 4}, {Kind: plan.RefUser, Key: "a@b.com", Segment: 6}, {Kind: plan.RefRole, Key: "admin", Segment: 8}}},
			path: "/api/v1/organizations/org_abc/users/kp_1/roles/r_1",
		},
		{
			name: "a path segment of the user's is not a slot",
			call: plan.Call{Path: "/api/v1/organizations/org_x/feature_flags/%7Borg_code%7D"},
			path: "/api/v1/organizations/org_x/feature_flags/%7Borg_code%7D",
		},
		{
			name: "an email that holds a placeholder is one user",
			call: plan.Call{Path: "/api/v1/organizations/org_x/users/%7Buser:%7Borg_code%7D@b.com%7D/apis/a/scopes/s",
				Refs: []plan.Ref{{Kind: plan.RefUser, Key: "{org_code}@b.com", Segment: 6}}},
			path: "/api/v1/organizations/org_x/users/kp_2/apis/a/scopes/s",
		},
		{
			name: "a property keyed id holding {org_code} is a value",
			call: plan.Call{Path: "/api/v1/organizations/%7Borg_code%7D/properties", Refs: []plan.Ref{{Kind: plan.RefOrg, Segment: 4}},
				Body: map[string]any{"properties": map[string]any{"id": "{org_code}", "role_id": "{role:admin}", "x": "{user:a@b.com}"}}},
			path: "/api/v1/organizations/org_abc/properties",
			body: map[string]any{"properties": map[string]any{"id": "{org_code}", "role_id": "{role:admin}", "x": "{user:a@b.com}"}},
		},
		{
			name: "a bulk add fills the ids of new users only",
			call: plan.Call{Path: "/api/v1/organizations/org_x/users", Refs: []plan.Ref{{Kind: plan.RefUser, Key: "a@b.com", Pointer: "/users/1/id"}},
				Body: map[string]any{"users": []any{
					map[string]any{"id": "kp_9", "roles": []any{"{org_code}"}},
					map[string]any{"id": "{user:a@b.com}", "roles": []any{"{role:admin}"}},
				}}},
			path: "/api/v1/organizations/org_x/users",
			body: map[string]any{"users": []any{
				map[string]any{"id": "kp_9", "roles": []any{"{org_code}"}},
				map[string]any{"id": "kp_1", "roles": []any{"{role:admin}"}},
			}},
		},
		{
			name: "an id no earlier call made",
			call: plan.Call{Path: "/api/v1/organizations/org_x/users/%7Buser:c@d.com%7D/roles", Refs: []plan.Ref{{Kind: plan.RefUser, Key: "c@d.com", Segment: 6}}},
			err:  errUnresolved,
		},
		{
			name:     "a Ref whose place does not hold its placeholder is refused, never written over",
			call:     plan.Call{Path: "/api/v1/organizations/org_x/users", Refs: []plan.Ref{{Kind: plan.RefOrg, Segment: 4}}},
			errIsNot: true,
		},
		{
			name: "a body Ref on a user's value is refused",
			call: plan.Call{Path: "/p", Refs: []plan.Ref{{Kind: plan.RefOrg, Pointer: "/properties/id"}},
				Body: map[string]any{"properties": map[string]any{"id": "mine"}}},
			errIsNot: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := cmp.Diff(nil, tc.call.Body)
			path, body, err := fill(tc.call, vars)
			switch {
			case tc.err != nil || tc.errIsNot:
				if err == nil || errors.Is(err, errUnresolved) != (tc.err != nil) {
					t.Fatalf("fill: %v, want an error (errUnresolved: %v)", err, tc.err != nil)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if path != tc.path {
				t.Errorf("path = %s, want %s", path, tc.path)
			}
			if diff := cmp.Diff(tc.body, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if after := cmp.Diff(nil, tc.call.Body); after != before {
				t.Errorf("fill changed the call's own body")
			}
		})
	}
}
