package emulator_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

// TestExtraStateRoundTrip: every optional part of the state file survives
// load -> save -> load, both as written and after changes through the API.
func TestExtraStateRoundTrip(t *testing.T) {
	st := parse(t, "state.yaml", extraFixture)
	out, err := emulator.MarshalState(st, ".")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(st, parse(t, "state.yaml", string(out))); diff != "" {
		t.Errorf("load(save(load(file))) (-first +second):\n%s\n%s", diff, out)
	}
	for _, want := range []string{
		"is_directory_synced: true", "allow_override_level: org", "override: 7", "organization_code: org_7d45b01ef13",
		"audience: https://reports.acme.com", "https://reports.acme.com:", "mfa_factors:", "invites:", "identities:",
		"picture: https://example.com/alice.png", "org_code: org_7d45b01ef13", "is_ask_for_name: true", "applications: [5e2b7c1a9d3f4e6a8b0c2d4e6f8a0b1c]", `created_on: "2025-01-02T03:04:05Z"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("saved state lacks %q:\n%s", want, out)
		}
	}

	c := startExtra(t, emulator.Options{})
	c.call("POST", "/api/v1/apis/"+reportsAPI+"/scopes", map[string]string{"key": "admin:reports"}, http.StatusOK, nil)
	c.call("POST", "/api/v1/organizations/"+acme+"/users/"+bobID+"/apis/"+reportsAPI+"/scopes/"+readReports, nil, http.StatusOK, nil)
	c.call("DELETE", "/api/v1/organizations/"+acme+"/users/"+c.userID("alice@acme.com")+"/mfa/"+aliceSMSMF, nil, http.StatusOK, nil)
	c.call("POST", "/api/v1/feature_flags", map[string]string{"key": "beta", "name": "Beta", "type": "str", "allow_override_level": "usr", "default_value": "off"}, http.StatusCreated, nil)
	c.call("PATCH", "/api/v1/environment/feature_flags/beta", map[string]string{"value": "on"}, http.StatusOK, nil)
	c.call("POST", "/api/v1/roles", map[string]string{"key": "auditor", "name": "Auditor"}, http.StatusCreated, nil)
	c.call("POST", "/api/v1/permissions", map[string]string{"key": "audit:read", "name": "Audit"}, http.StatusCreated, nil)
	c.call("POST", "/api/v1/connections", map[string]string{"name": "Globex SSO", "strategy": "saml:custom", "organization_code": acme}, http.StatusCreated, nil)
	c.call("POST", "/api/v1/users/"+bobID+"/identities", map[string]string{"type": "username", "value": "bobby"}, http.StatusCreated, nil)
	c.call("PATCH", "/api/v1/user?id="+bobID, map[string]string{"picture": "https://example.com/bob.png"}, http.StatusOK, nil)
	c.call("POST", "/api/v1/organization/"+acme+"/invites", map[string]any{"email": "gus@acme.com", "last_name": "Grand", "roles": []string{"admin"}}, http.StatusCreated, nil)
	c.call("DELETE", "/api/v1/organization/"+acme+"/invites/4f1c2a7b9e3d6a10", nil, http.StatusOK, nil)
	var app struct {
		Application struct{ ID string } `json:"application"`
	}
	c.call("POST", "/api/v1/applications", map[string]string{"name": "Globex Web", "type": "spa"}, http.StatusCreated, &app)
	c.call("PATCH", "/api/v1/applications/"+app.Application.ID, map[string]any{"redirect_uris": []string{"https://globex.com/cb"}, "is_allow_faceless_auth": true}, http.StatusOK, nil)
	c.call("POST", "/api/v1/applications/"+app.Application.ID+"/connections/"+googleC, nil, http.StatusOK, nil)
	c.call("PATCH", "/api/v1/apis/"+reportsAPI+"/applications", map[string]any{"applications": []map[string]string{{"id": app.Application.ID}}}, http.StatusOK, nil)
	snap := c.e.Snapshot()
	path := filepath.Join(t.TempDir(), "state.yaml")
	if err := emulator.SaveState(path, snap); err != nil {
		t.Fatal(err)
	}
	loaded, err := emulator.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(snap, loaded); diff != "" {
		t.Errorf("load(save(snapshot)) (-snapshot +loaded):\n%s", diff)
	}
}

func TestParseExtraStateErrors(t *testing.T) {
	const env = "version: 1\nenvironment:\n  roles: [{key: admin}]\n  apis: [{name: R, audience: r, scopes: [{key: read}]}]\nusers: [{email: a@x.com}]\n"
	tests := []struct {
		name, text, want string
	}{
		{"API without audience", "version: 1\nenvironment:\n  apis: [{name: R}]\n", "environment.apis[0]: an API needs a name and an audience"},
		{"duplicate audience", "version: 1\nenvironment:\n  apis: [{name: R, audience: r}, {name: S, audience: r}]\n", "duplicate API audience \"r\""},
		{"duplicate scope", "version: 1\nenvironment:\n  apis: [{name: R, audience: r, scopes: [{key: a}, {key: a}]}]\n", "duplicate scope \"a\""},
		{"bad override level", "version: 1\nenvironment:\n  feature_flags: [{key: f, type: bool, allow_override_level: team}]\n", "allow_override_level must be one of env, org, usr"},
		{"override of the wrong type", "version: 1\nenvironment:\n  feature_flags: [{key: f, type: int, override: many}]\n", "environment.feature_flags[0].override: want an integer"},
		{"connection of no org", "version: 1\nenvironment:\n  connections: [{name: S, organization_code: org_nope}]\n", "no organization with code \"org_nope\""},
		{"bad identity type", "version: 1\nusers:\n  - {email: b@x.com, identities: [{type: fax, name: b}]}\n", "users[0].identities[0].type: type must be one of"},
		{"unknown API of a member", env + "organizations:\n  - {name: A, members: [{email: a@x.com, api_scopes: {nope: [read]}}]}\n", "no API with audience \"nope\""},
		{"unknown scope of a member", env + "organizations:\n  - {name: A, members: [{email: a@x.com, api_scopes: {r: [write]}}]}\n", "API \"r\" has no scope \"write\""},
		{"bad time", env + "organizations:\n  - {name: A, members: [{email: a@x.com, mfa_factors: [{type: sms, created_on: yesterday}]}]}\n", "mfa_factors[0].created_on: want an RFC 3339 time"},
		{"invite of an unknown role", env + "organizations:\n  - {name: A, invites: [{code: c1, email: b@x.com, roles: [boss]}]}\n", "organizations[0].invites[0].roles[0]: no role \"boss\""},
		{"application of no type", "version: 1\nenvironment:\n  applications: [{name: A, type: web}]\n", "environment.applications[0].type: type must be one of reg, spa, m2m, device"},
		{"application of an unknown org", "version: 1\nenvironment:\n  applications: [{name: A, type: m2m, org_code: org_nope}]\n", "environment.applications[0].org_code: no organization"},
		{"unknown setting", "version: 1\nenvironment:\n  applications: [{name: A, type: reg, settings: {dark: true}}]\n", "applications[0].settings.dark"},
		{"API of an unknown application", "version: 1\nenvironment:\n  apis: [{name: R, audience: r, applications: [nope]}]\n", "environment.apis[0].applications[0]: no application \"nope\""},
		{"duplicate invite", env + "organizations:\n  - {name: A, invites: [{code: c1, email: b@x.com}, {code: c1, email: c@x.com}]}\n", "duplicate invite code \"c1\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := emulator.ParseState("state.yaml", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
