package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

type apiList struct {
	APIs []struct {
		ID, Name, Audience string
		Scopes             []struct{ ID, Key string }
	} `json:"apis"`
}

func TestAPIs(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	var created struct {
		API struct{ ID string } `json:"api"`
	}
	c.call("POST", "/api/v1/apis", map[string]string{"name": "Analytics", "audience": "https://analytics.acme.com"}, http.StatusOK, &created)
	if len(created.API.ID) != 32 {
		t.Errorf("new API id %q, want 32 hex digits", created.API.ID)
	}
	var list apiList
	c.call("GET", "/api/v1/apis?expand=scopes", nil, http.StatusOK, &list)
	var got []string
	for _, a := range list.APIs {
		got = append(got, a.Name)
	}
	if diff := cmp.Diff([]string{"Analytics", "Billing", "Reports"}, got); diff != "" {
		t.Errorf("APIs by name (-want +got):\n%s", diff)
	}
	if n := len(list.APIs[2].Scopes); n != 2 {
		t.Errorf("Reports lists %d scopes with expand=scopes, want 2", n)
	}
	list = apiList{}
	c.call("GET", "/api/v1/apis", nil, http.StatusOK, &list)
	if list.APIs[2].Scopes != nil {
		t.Errorf("scopes listed without expand: %+v", list.APIs[2])
	}

	for _, tt := range []struct {
		name string
		body map[string]string
		code string
	}{
		{"duplicate audience", map[string]string{"name": "Again", "audience": "https://reports.acme.com"}, "API_AUDIENCE_ALREADY_EXISTS"},
		{"name too long", map[string]string{"name": strings.Repeat("n", 65), "audience": "x"}, "INVALID_REQUEST"},
		{"no audience", map[string]string{"name": "x", "audience": ""}, "INVALID_REQUEST"},
	} {
		t.Run(tt.name, func(t *testing.T) { c.wantError("POST", "/api/v1/apis", tt.body, http.StatusBadRequest, tt.code) })
	}

	var one struct {
		API struct {
			Audience     string
			Scopes       []struct{ ID, Key string }
			Applications []any
		} `json:"api"`
	}
	c.call("GET", "/api/v1/apis/"+reportsAPI, nil, http.StatusOK, &one)
	if one.API.Audience != "https://reports.acme.com" || len(one.API.Scopes) != 2 || one.API.Applications == nil {
		t.Errorf("getAPI: %+v", one.API)
	}
	c.wantError("GET", "/api/v1/apis/nope", nil, http.StatusBadRequest, "API_INVALID")
	c.wantError("DELETE", "/api/v1/apis/nope", nil, http.StatusBadRequest, "API_INVALID")

	// Deleting an API takes its scopes away from the members holding them.
	c.call("DELETE", "/api/v1/apis/"+reportsAPI, nil, http.StatusOK, nil)
	if m := c.member(acme, c.userID("alice@acme.com")); m.APIScopes != nil {
		t.Errorf("alice still holds %v", m.APIScopes)
	}
	c.wantError("GET", "/api/v1/apis/"+reportsAPI, nil, http.StatusBadRequest, "API_INVALID")
}

func TestAPIScopes(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	base := "/api/v1/apis/" + reportsAPI + "/scopes"
	var created struct {
		Scope struct{ ID string } `json:"scope"`
	}
	c.call("POST", base, map[string]string{"key": "admin:reports", "description": "Administer"}, http.StatusOK, &created)
	if !strings.HasPrefix(created.Scope.ID, "api_scope_") {
		t.Errorf("new scope id %q", created.Scope.ID)
	}
	c.wantError("POST", base, map[string]string{"key": "admin:reports"}, http.StatusBadRequest, "SCOPE_KEY_ALREADY_EXISTS")
	c.wantError("POST", base, map[string]string{"key": "has space"}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("POST", base, map[string]string{"key": strings.Repeat("k", 65)}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("POST", "/api/v1/apis/nope/scopes", map[string]string{"key": "k"}, http.StatusBadRequest, "API_INVALID")

	c.call("PATCH", base+"/"+created.Scope.ID, map[string]string{"description": "Administer reports"}, http.StatusOK, nil)
	var one struct {
		Scope struct{ Key, Description string } `json:"scope"`
	}
	c.call("GET", base+"/"+created.Scope.ID, nil, http.StatusOK, &one)
	if one.Scope.Key != "admin:reports" || one.Scope.Description != "Administer reports" {
		t.Errorf("getAPIScope: %+v", one.Scope)
	}
	var list struct {
		Scopes []struct{ Key string } `json:"scopes"`
	}
	c.call("GET", base, nil, http.StatusOK, &list)
	if len(list.Scopes) != 3 {
		t.Errorf("scopes: %+v", list.Scopes)
	}

	// Deleting a scope takes it away from members.
	c.call("DELETE", base+"/"+readReports, nil, http.StatusOK, nil)
	if m := c.member(acme, c.userID("alice@acme.com")); m.APIScopes != nil {
		t.Errorf("alice still holds %v", m.APIScopes)
	}
	c.wantError("DELETE", base+"/"+readReports, nil, http.StatusBadRequest, "SCOPE_INVALID")
	c.wantError("GET", base+"/"+readReports, nil, http.StatusBadRequest, "SCOPE_INVALID")
}

func TestOrganizationUserAPIScopes(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	alice := c.userID("alice@acme.com")
	path := func(org, user, api, scope string) string {
		return "/api/v1/organizations/" + org + "/users/" + user + "/apis/" + api + "/scopes/" + scope
	}
	var write struct{ ID string }
	c.call("GET", "/api/v1/apis/"+reportsAPI+"/scopes", nil, http.StatusOK, nil)
	for _, s := range c.e.Snapshot().Environment.APIs {
		for _, sc := range s.Scopes {
			if sc.Key == "write:reports" {
				write.ID = sc.ID
			}
		}
	}
	c.call("POST", path(acme, bobID, reportsAPI, write.ID), nil, http.StatusOK, nil)
	c.call("POST", path(acme, bobID, reportsAPI, write.ID), nil, http.StatusOK, nil) // again: no change
	c.call("POST", path(acme, alice, reportsAPI, write.ID), nil, http.StatusOK, nil)
	want := map[string][]string{reportsAPI: {readReports, write.ID}}
	if diff := cmp.Diff(want, c.member(acme, alice).APIScopes, cmpSorted()); diff != "" {
		t.Errorf("alice's API scopes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{reportsAPI: {write.ID}}, c.member(acme, bobID).APIScopes); diff != "" {
		t.Errorf("bob's API scopes (-want +got):\n%s", diff)
	}

	carol := c.userID("carol@acme.com")
	for _, tt := range []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"not a member", "POST", path(acme, carol, reportsAPI, write.ID), 400, "USER_NOT_IN_ORGANIZATION"},
		{"unknown user", "POST", path(acme, "kp_nope", reportsAPI, write.ID), 400, "USER_INVALID"},
		{"unknown org", "POST", path("org_nope", alice, reportsAPI, write.ID), 400, "ORGANIZATION_INVALID"},
		{"unknown API", "POST", path(acme, alice, "nope", write.ID), 400, "API_INVALID"},
		{"scope of no API", "POST", path(acme, alice, reportsAPI, "api_scope_nope"), 400, "SCOPE_INVALID"},
		{"delete what is not granted", "DELETE", path(acme, bobID, reportsAPI, readReports), 400, "SCOPE_NOT_ASSIGNED"},
	} {
		t.Run(tt.name, func(t *testing.T) { c.wantError(tt.method, tt.path, nil, tt.status, tt.code) })
	}

	c.call("DELETE", path(acme, bobID, reportsAPI, write.ID), nil, http.StatusOK, nil)
	if got := c.member(acme, bobID).APIScopes; got != nil {
		t.Errorf("bob's API scopes after delete: %v", got)
	}
}

func TestOrganizationUserMFA(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	alice := c.userID("alice@acme.com")
	mfa := "/api/v1/organizations/" + acme + "/users/" + alice + "/mfa"
	var got struct {
		MFA struct {
			ID, Type, Name, CreatedOn string
			IsVerified                bool `json:"is_verified"`
		} `json:"mfa"`
	}
	c.call("GET", mfa, nil, http.StatusOK, &got)
	if got.MFA.ID != aliceSMSMF || got.MFA.Type != "sms" {
		t.Errorf("alice's MFA: %+v, want the latest factor, %s", got.MFA, aliceSMSMF)
	}

	c.wantError("GET", "/api/v1/organizations/org_nope/users/"+alice+"/mfa", nil, http.StatusNotFound, "ORGANIZATION_NOT_FOUND")
	c.wantError("GET", "/api/v1/organizations/"+acme+"/users/kp_nope/mfa", nil, http.StatusNotFound, "USER_NOT_FOUND")
	c.wantError("GET", "/api/v1/organizations/"+acme+"/users/"+c.userID("carol@acme.com")+"/mfa", nil, http.StatusBadRequest, "USER_NOT_IN_ORGANIZATION")
	c.wantError("GET", "/api/v1/organizations/"+acme+"/users/"+bobID+"/mfa", nil, http.StatusNotFound, "MFA_NOT_FOUND")
	c.wantError("DELETE", mfa+"/mfa_nope", nil, http.StatusNotFound, "MFA_FACTOR_NOT_FOUND")

	c.call("DELETE", mfa+"/"+aliceSMSMF, nil, http.StatusOK, nil)
	c.call("GET", mfa, nil, http.StatusOK, &got)
	if got.MFA.ID != aliceEmailMF || !got.MFA.IsVerified {
		t.Errorf("after resetting sms: %+v", got.MFA)
	}
	c.wantError("DELETE", mfa+"/"+aliceSMSMF, nil, http.StatusNotFound, "MFA_FACTOR_NOT_FOUND")
	c.call("DELETE", mfa, nil, http.StatusOK, nil)
	c.call("DELETE", mfa, nil, http.StatusOK, nil) // nothing left: still a success
	c.wantError("GET", mfa, nil, http.StatusNotFound, "MFA_NOT_FOUND")
	if m := c.member(acme, alice); m.MFA != nil {
		t.Errorf("factors after reset all: %+v", m.MFA)
	}
}
