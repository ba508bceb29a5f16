package emulator_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func TestOrganizationFeatureFlags(t *testing.T) {
	c := start(t, emulator.Options{})
	path := "/api/v1/organizations/" + acme + "/feature_flags"
	get := func() map[string]kinde.FeatureFlagValue {
		var r kinde.GetOrganizationFeatureFlagsResponse
		c.call("GET", path, nil, http.StatusOK, &r)
		return r.FeatureFlags
	}
	// Inherited values are listed with overrides, unmarked (DESIGN §3).
	want := map[string]kinde.FeatureFlagValue{
		"dark_mode": {Type: "bool", Value: "true"},
		"seats":     {Type: "int", Value: "5"},
		"theme":     {Type: "str", Value: "blue"},
	}
	if diff := cmp.Diff(want, get()); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}

	c.call("PATCH", path+"/seats?value=50", nil, http.StatusOK, nil)
	c.call("DELETE", path+"/dark_mode", nil, http.StatusOK, nil)
	want["seats"] = kinde.FeatureFlagValue{Type: "int", Value: "50"}
	want["dark_mode"] = kinde.FeatureFlagValue{Type: "bool", Value: "false"}
	if diff := cmp.Diff(want, get()); diff != "" {
		t.Errorf("flags after override and delete (-want +got):\n%s", diff)
	}
	c.call("DELETE", path, nil, http.StatusOK, nil) // every override
	want["seats"] = kinde.FeatureFlagValue{Type: "int", Value: "5"}
	if diff := cmp.Diff(want, get()); diff != "" {
		t.Errorf("flags after deleting all overrides (-want +got):\n%s", diff)
	}
	var env kinde.GetEnvironmentFeatureFlagsResponse
	c.call("GET", "/api/v1/environment/feature_flags", nil, http.StatusOK, &env)
	if got := env.FeatureFlags["seats"].Value; got != "5" {
		t.Errorf("environment seats = %q, want the default 5", got)
	}

	for _, tt := range []struct{ path, code string }{
		{path + "/seats?value=many", "FEATURE_FLAG_VALUE_INVALID"},
		{path + "/dark_mode?value=yes", "FEATURE_FLAG_VALUE_INVALID"},
		{path + "/nope?value=1", "FEATURE_FLAG_INVALID"},
	} {
		if status, body := c.do("PATCH", tt.path, nil); status != http.StatusBadRequest || errorCode(t, body) != tt.code {
			t.Errorf("PATCH %s: %d %s, want 400 %s", tt.path, status, body, tt.code)
		}
	}
}

func TestOrganizationProperties(t *testing.T) {
	c := start(t, emulator.Options{})
	path := "/api/v1/organizations/" + acme + "/properties"
	get := func() map[string]*string {
		var r kinde.GetPropertyValuesResponse
		c.call("GET", path, nil, http.StatusOK, &r)
		out := map[string]*string{}
		for _, p := range r.Properties {
			out[p.Key] = p.Value
		}
		return out
	}
	// Every org property is listed, null where the org has no value; user
	// properties are not.
	if diff := cmp.Diff(map[string]*string{"kp_org_city": ptr("Sydney"), "kp_org_zip": nil}, get()); diff != "" {
		t.Errorf("properties (-want +got):\n%s", diff)
	}
	c.call("PATCH", path, map[string]any{"properties": map[string]any{"kp_org_zip": 2000, "kp_org_city": nil}}, http.StatusOK, nil)
	if diff := cmp.Diff(map[string]*string{"kp_org_city": nil, "kp_org_zip": ptr("2000")}, get()); diff != "" {
		t.Errorf("after PATCH (-want +got):\n%s", diff)
	}
	c.call("PUT", path+"/kp_org_city?value=Perth", nil, http.StatusOK, nil)
	if got := get()["kp_org_city"]; got == nil || *got != "Perth" {
		t.Errorf("after PUT: kp_org_city = %v", got)
	}
	if status, body := c.do("PUT", path+"/kp_usr_nick?value=x", nil); status != http.StatusBadRequest || errorCode(t, body) != "PROPERTY_INVALID" {
		t.Errorf("PUT a user property: %d %s", status, body)
	}
}

func TestOrganizationConnections(t *testing.T) {
	c := start(t, emulator.Options{})
	path := "/api/v1/organizations/" + acme + "/connections"
	get := func() []string {
		var r kinde.GetConnectionsResponse
		c.call("GET", path, nil, http.StatusOK, &r)
		var names []string
		for _, e := range r.Connections {
			names = append(names, e.Connection.Name)
		}
		return names
	}
	if diff := cmp.Diff([]string{"Google"}, get()); diff != "" {
		t.Errorf("connections (-want +got):\n%s", diff)
	}
	var all kinde.GetConnectionsResponse
	c.call("GET", "/api/v1/connections", nil, http.StatusOK, &all)
	var email string
	for _, e := range all.Connections {
		if e.Connection.Name == "Email" {
			email = e.Connection.ID
		}
	}
	c.call("POST", path+"/"+email, nil, http.StatusOK, nil)
	c.call("DELETE", path+"/"+googleC, nil, http.StatusOK, nil)
	if diff := cmp.Diff([]string{"Email"}, get()); diff != "" {
		t.Errorf("after enable and remove (-want +got):\n%s", diff)
	}
	if status, _ := c.do("DELETE", path+"/"+googleC, nil); status != http.StatusBadRequest {
		t.Errorf("removing a disabled connection: status %d, want 400", status)
	}
}

// png is the start of a PNG file: enough for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")

func uploadLogo(c *client, typ, name string, data []byte) int {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("logo", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.URL+"/api/v1/organizations/"+acme+"/logos/"+typ, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := c.send(req)
	return resp.StatusCode
}

func TestOrganizationLogos(t *testing.T) {
	c := start(t, emulator.Options{})
	if status := uploadLogo(c, "dark", "acme-dark.png", png); status != http.StatusOK {
		t.Fatalf("upload: status %d", status)
	}
	if status := uploadLogo(c, "light", "notes.txt", []byte("not an image")); status != http.StatusBadRequest {
		t.Errorf("upload of text: status %d, want 400", status)
	}
	var r kinde.ReadLogoResponse
	c.call("GET", "/api/v1/organizations/"+acme+"/logos", nil, http.StatusOK, &r)
	want := []kinde.Logo{{Type: "dark", FileName: "acme-dark.png", Path: "/logo_dark?p_org_code=" + acme}}
	if diff := cmp.Diff(want, r.Logos); diff != "" {
		t.Errorf("logos (-want +got):\n%s", diff)
	}
	var org kinde.Organization
	c.call("GET", "/api/v1/organization?code="+acme, nil, http.StatusOK, &org)
	if org.LogoDark == "" || org.Logo != "" {
		t.Errorf("org logo URLs: light %q, dark %q", org.Logo, org.LogoDark)
	}
	c.call("DELETE", "/api/v1/organizations/"+acme+"/logos/dark", nil, http.StatusOK, nil)
	// The spec's answer when there is no logo to delete.
	c.call("DELETE", "/api/v1/organizations/"+acme+"/logos/dark", nil, http.StatusNoContent, nil)
}

func TestMFAAndSessionsAreWriteOnly(t *testing.T) {
	c := start(t, emulator.Options{})
	c.call("PUT", "/api/v1/organizations/"+acme+"/mfa", kinde.ReplaceOrganizationMFARequest{
		EnabledFactors: []string{"mfa:email", "mfa:authenticator_app"}, IsRecoveryCodesEnabled: ptr(false),
	}, http.StatusOK, nil)
	c.call("PATCH", "/api/v1/organizations/"+acme+"/sessions", kinde.UpdateOrganizationSessionsRequest{
		SSOSessionPersistenceMode: ptr("persistent"), AuthenticatedSessionLifetime: ptr(86400),
	}, http.StatusOK, nil)
	c.call("PATCH", "/api/v1/organizations/"+acme+"/sessions", kinde.UpdateOrganizationSessionsRequest{
		IsUseOrgSSOSessionPolicy: ptr(true),
	}, http.StatusOK, nil)
	var o *emulator.Organization
	for _, x := range c.e.Snapshot().Organizations {
		if x.Code == acme {
			o = x
		}
	}
	wantMFA := &emulator.MFA{EnabledFactors: []string{"mfa:authenticator_app", "mfa:email"}, IsRecoveryCodesEnabled: ptr(false)}
	if diff := cmp.Diff(wantMFA, o.MFA); diff != "" {
		t.Errorf("MFA in state (-want +got):\n%s", diff)
	}
	// PATCH merges: the second call keeps what the first set.
	wantSessions := &emulator.Sessions{IsUseOrgSSOSessionPolicy: ptr(true), SSOSessionPersistenceMode: ptr("persistent"), AuthenticatedSessionLifetime: ptr(int64(86400))}
	if diff := cmp.Diff(wantSessions, o.Sessions); diff != "" {
		t.Errorf("sessions in state (-want +got):\n%s", diff)
	}
}
