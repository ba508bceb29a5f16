package emulator_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

// Unknown request fields are ignored, as Kinde ignores them, and counted
// and logged so that kindesync's tests can refuse them.
func TestUnknownFieldsIgnoredAndRecorded(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	c := start(t, emulator.Options{Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logged = append(logged, fmt.Sprintf(format, args...))
	}})
	c.e.AllowUnknownFields()

	c.call("PATCH", "/api/v1/organization/"+acme, map[string]any{"name": "Acme 2", "is_custom_auth_connections_enabled": true}, 200, nil)
	c.call("POST", "/api/v1/user", map[string]any{
		"profile":    map[string]any{"given_name": "Dan", "email": "dan@acme.com"},
		"identities": []any{map[string]any{"type": "email", "details": map[string]any{"email": "dan@acme.com", "verified": true}}},
	}, 200, nil)
	c.call("POST", "/api/v1/organizations/"+acme+"/users", map[string]any{
		"users": []any{map[string]any{"id": bobID, "Roles": []string{"admin"}, "extra": 1}},
	}, 200, nil)

	var org struct{ Name string }
	c.call("GET", "/api/v1/organization?code="+acme, nil, 200, &org)
	if org.Name != "Acme 2" {
		t.Errorf("name = %q: the known field of a request with an unknown one was not applied", org.Name)
	}
	want := map[string]int{
		"updateOrganization is_custom_auth_connections_enabled": 1,
		"createUser profile.email":                              1,
		"createUser identities[].details.verified":              1,
		"AddOrganizationUsers users[].extra":                    1, // "Roles" matches roles, as encoding/json does
	}
	if diff := cmp.Diff(want, c.e.Stats().UnknownFields); diff != "" {
		t.Errorf("UnknownFields (-want +got):\n%s", diff)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(logged, "\n"), "createUser: ignored unknown request fields: identities[].details.verified, profile.email") {
		t.Errorf("no log line for the unknown fields of createUser:\n%s", strings.Join(logged, "\n"))
	}
}

// Unknown field names are the client's: the log and the counters get them
// quoted when they hold control characters, and at most 20 a request.
func TestUnknownFieldsAreSanitized(t *testing.T) {
	c := start(t, emulator.Options{})
	c.e.AllowUnknownFields()
	body := map[string]any{"name": "Acme", "\x1b[31mred": 1}
	for i := range 30 {
		body[fmt.Sprintf("f%02d", i)] = i
	}
	c.call("PATCH", "/api/v1/organization/"+acme, body, 200, nil)
	got := c.e.Stats().UnknownFields
	if len(got) != 20 || got[`updateOrganization "\x1b[31mred"`] != 1 {
		t.Errorf("UnknownFields = %v: want 20, the escape quoted", got)
	}
}
