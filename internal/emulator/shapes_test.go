package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

// Connection lists are flat, as live Kinde sends them, on both endpoints.
func TestConnectionsAreFlat(t *testing.T) {
	c := start(t, emulator.Options{})
	for _, path := range []string{"/api/v1/connections", "/api/v1/organizations/" + acme + "/connections"} {
		var r struct {
			Connections []map[string]any `json:"connections"`
		}
		c.call("GET", path, nil, http.StatusOK, &r)
		if len(r.Connections) == 0 {
			t.Fatalf("%s: no connections", path)
		}
		got := r.Connections[0]
		want := map[string]any{"id": googleC, "name": "Google", "display_name": "Google", "strategy": "oauth2:google"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: first connection (-want +got):\n%s", path, diff)
		}
	}
}

// raw decodes a JSON answer generically, to see nulls and absent fields.
func raw(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return m
}

// Nullable fields are null when unset, never "", and times are RFC 3339
// from the emulator's clock.
func TestNullsAndTimestamps(t *testing.T) {
	clock := newClock()
	c := start(t, emulator.Options{Now: clock.Now})
	const def = "org_1ccfb819462"

	_, body := c.do("GET", "/api/v1/organization?code="+def, nil)
	org := raw(t, body)
	for _, k := range []string{"handle", "external_id", "logo", "logo_dark", "favicon_svg", "favicon_fallback", "sender_name", "sender_email", "suspended_on"} {
		if v, ok := org[k]; !ok || v != nil {
			t.Errorf("default org %s = %#v (present %v), want null", k, v, ok)
		}
	}
	if org["created_on"] != epoch {
		t.Errorf("created_on = %v, want the emulator's start %s", org["created_on"], epoch)
	}

	_, body = c.do("GET", "/api/v1/organizations", nil)
	var list struct{ Organizations []map[string]any }
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	for _, o := range list.Organizations {
		if o["code"] == def && (o["handle"] != nil || o["external_id"] != nil) {
			t.Errorf("default org in the list: %v, want null handle and external_id", o)
		}
	}

	clock.Advance(time.Hour)
	c.call("PATCH", "/api/v1/organization/"+acme, map[string]any{"is_suspended": true}, http.StatusOK, nil)
	clock.Advance(time.Hour)
	c.call("PATCH", "/api/v1/organization/"+acme, map[string]any{"is_suspended": true, "name": "Acme"}, http.StatusOK, nil)
	_, body = c.do("GET", "/api/v1/organization?code="+acme, nil)
	if got := raw(t, body)["suspended_on"]; got != "2025-01-01T01:00:00Z" {
		t.Errorf("suspended_on = %v, want the time of the suspension, not of a later update", got)
	}
	c.call("PATCH", "/api/v1/organization/"+acme, map[string]any{"is_suspended": false}, http.StatusOK, nil)
	_, body = c.do("GET", "/api/v1/organization?code="+acme, nil)
	if got, ok := raw(t, body)["suspended_on"]; !ok || got != nil {
		t.Errorf("suspended_on after unsuspending = %#v, want null", got)
	}

	c.call("POST", "/api/v1/organizations/"+acme+"/users", map[string]any{"users": []any{map[string]any{"id": c.userID("carol@acme.com")}}}, http.StatusOK, nil)
	_, body = c.do("GET", "/api/v1/organizations/"+acme+"/users?sort=email_asc", nil)
	var users struct {
		OrganizationUsers []map[string]any `json:"organization_users"`
	}
	if err := json.Unmarshal(body, &users); err != nil {
		t.Fatal(err)
	}
	bob, carol := users.OrganizationUsers[1], users.OrganizationUsers[2]
	for _, k := range []string{"last_name", "picture", "last_accessed_on"} {
		if v, ok := bob[k]; !ok || v != nil {
			t.Errorf("bob's %s = %#v, want null", k, v)
		}
	}
	if bob["joined_on"] != epoch || carol["joined_on"] != "2025-01-01T02:00:00Z" {
		t.Errorf("joined_on: bob %v (want %s), carol %v (want the time of the add)", bob["joined_on"], epoch, carol["joined_on"])
	}
}
