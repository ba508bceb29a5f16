package apply

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFill(t *testing.T) {
	vars := map[string]string{"{org_code}": "org_abc", "{user:a@b.com}": "kp_1"}
	tests := []struct {
		in, want string
		err      bool
	}{
		{"/api/v1/organizations/{org_code}/users", "/api/v1/organizations/org_abc/users", false},
		{"/api/v1/organizations/%7Borg_code%7D/users/%7Buser:a@b.com%7D/roles", "/api/v1/organizations/org_abc/users/kp_1/roles", false},
		{"/api/v1/organizations/org_x/users", "/api/v1/organizations/org_x/users", false},
		{"/api/v1/organizations/{org_code}/users/{user:c@d.com}/roles", "", true},
	}
	for _, tc := range tests {
		got, err := fill(tc.in, vars)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("fill(%q) = %q, %v; want %q (error %v)", tc.in, got, err, tc.want, tc.err)
		}
		if tc.err && !errors.Is(err, errUnresolved) {
			t.Errorf("fill(%q) error %v is not errUnresolved", tc.in, err)
		}
	}
}

func TestFillAny(t *testing.T) {
	vars := map[string]string{"{user:a@b.com}": "kp_1"}
	body := map[string]any{"users": []any{map[string]any{"id": "{user:a@b.com}", "roles": []any{"admin"}}}, "note": "a {brace} inside", "value": "{json}"}
	got, err := fillAny(body, vars)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"users": []any{map[string]any{"id": "kp_1", "roles": []any{"admin"}}}, "note": "a {brace} inside", "value": "{json}"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fillAny (-want +got):\n%s", diff)
	}
	if _, err := fillAny(map[string]any{"id": "{user:x@y.com}"}, vars); !errors.Is(err, errUnresolved) {
		t.Errorf("unresolved placeholder: err %v", err)
	}
}

// TestFillAnyCatalog: the ids of catalog objects the plan creates are
// filled in id fields only; a user's text that looks like a placeholder is
// sent as written.
func TestFillAnyCatalog(t *testing.T) {
	vars := map[string]string{"{role:auditor}": "r_1", "{permission:audit:read}": "p_1", "{category:Billing}": "c_1"}
	body := map[string]any{
		"permissions": []any{map[string]any{"id": "{permission:audit:read}"}},
		"category_id": "{category:Billing}",
		"description": "{role:auditor}",
		"name":        "{permission:other}",
	}
	got, err := fillAny(body, vars)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"permissions": []any{map[string]any{"id": "p_1"}},
		"category_id": "c_1",
		"description": "{role:auditor}",
		"name":        "{permission:other}",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fillAny (-want +got):\n%s", diff)
	}
	if _, err := fillAny(map[string]any{"id": "{role:missing}"}, vars); !errors.Is(err, errUnresolved) {
		t.Errorf("an unknown created role's id: %v, want errUnresolved", err)
	}
}
