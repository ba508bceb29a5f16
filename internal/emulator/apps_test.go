package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

type createdApplication struct {
	Application struct {
		ID           string `json:"id"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	} `json:"application"`
}

func TestApplications(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	secrets := map[string]bool{}
	for _, typ := range []string{"reg", "spa", "m2m", "device"} {
		var created createdApplication
		c.call("POST", "/api/v1/applications", map[string]string{"name": "App " + typ, "type": typ}, http.StatusCreated, &created)
		if hasSecret := created.Application.ClientSecret != ""; hasSecret != (typ == "reg" || typ == "m2m") {
			t.Errorf("%s application: secret %v", typ, hasSecret)
		}
		secrets[created.Application.ClientSecret] = true
		if created.Application.ClientID != created.Application.ID {
			t.Errorf("client id %q, id %q", created.Application.ClientID, created.Application.ID)
		}
	}
	if len(secrets) != 3 {
		t.Errorf("secrets are not each application's own: %v", secrets)
	}
	c.wantRawError("POST", "/api/v1/applications", map[string]string{"name": "X", "type": "web"}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("POST", "/api/v1/applications", map[string]string{"name": "X", "type": "reg", "org_code": acme}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("POST", "/api/v1/applications", map[string]string{"name": "X", "type": "m2m", "org_code": "org_nope"}, http.StatusBadRequest, "ORGANIZATION_INVALID")

	// Six applications (two from the state), by name, in pages of four.
	var names []string
	token := ""
	for range 5 {
		var page struct {
			Applications []struct{ Name string } `json:"applications"`
			NextToken    string                  `json:"next_token"`
		}
		c.call("GET", "/api/v1/applications?sort=name_desc&page_size=4&next_token="+url.QueryEscape(token), nil, http.StatusOK, &page)
		for _, a := range page.Applications {
			names = append(names, a.Name)
		}
		if token = page.NextToken; token == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{"App spa", "App reg", "App m2m", "App device", "Acme Web", "Acme Jobs"}, names); diff != "" {
		t.Errorf("applications by name, descending (-want +got):\n%s", diff)
	}

	c.call("PATCH", "/api/v1/applications/"+acmeWeb, map[string]any{
		"name": "Acme Portal", "homepage_uri": "https://acme.com", "is_ask_for_name": false, "use_gravatar_fallback": true,
	}, http.StatusOK, nil)
	var got struct {
		Application struct {
			Name, Type  string
			LoginURI    string `json:"login_uri"`
			HomepageURI string `json:"homepage_uri"`
			AskForName  bool   `json:"is_ask_for_name"`
			Gravatar    bool   `json:"use_gravatar_fallback"`
			Secret      string `json:"client_secret"`
		} `json:"application"`
	}
	c.call("GET", "/api/v1/applications/"+acmeWeb, nil, http.StatusOK, &got)
	a := got.Application
	if a.Name != "Acme Portal" || a.LoginURI != "https://acme.com/login" || a.HomepageURI != "https://acme.com" || a.AskForName || !a.Gravatar || a.Secret == "" {
		t.Errorf("updated application: %+v", a)
	}
	c.wantError("GET", "/api/v1/applications/nope", nil, http.StatusBadRequest, "APPLICATION_INVALID")
	c.wantError("PATCH", "/api/v1/applications/nope", map[string]string{"name": "x"}, http.StatusBadRequest, "APPLICATION_INVALID")

	// Deleting an application takes it out of the APIs authorizing it.
	c.call("DELETE", "/api/v1/applications/"+acmeWeb, nil, http.StatusOK, nil)
	for _, api := range c.e.Snapshot().Environment.APIs {
		if len(api.Applications) != 0 {
			t.Errorf("API %s still authorizes %v", api.Name, api.Applications)
		}
	}
	c.wantError("DELETE", "/api/v1/applications/"+acmeWeb, nil, http.StatusBadRequest, "APPLICATION_INVALID")
}

func TestApplicationConnections(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	base := "/api/v1/applications/" + acmeWeb + "/connections"
	list := func() []string {
		var r struct {
			Connections []struct{ ID string } `json:"connections"`
		}
		c.call("GET", base, nil, http.StatusOK, &r)
		var ids []string
		for _, conn := range r.Connections {
			ids = append(ids, conn.ID)
		}
		return ids
	}
	if diff := cmp.Diff([]string{googleC}, list()); diff != "" {
		t.Errorf("connections from the state (-want +got):\n%s", diff)
	}
	const sso = "conn_01930000000000000000000000000001"
	c.call("POST", base+"/"+sso, nil, http.StatusOK, nil)
	c.call("POST", base+"/"+sso, nil, http.StatusOK, nil) // again: no change
	c.call("DELETE", base+"/"+googleC, nil, http.StatusOK, nil)
	if diff := cmp.Diff([]string{sso}, list()); diff != "" {
		t.Errorf("after enabling one and removing the other (-want +got):\n%s", diff)
	}
	c.wantError("DELETE", base+"/"+googleC, nil, http.StatusBadRequest, "CONNECTION_INVALID")
	c.wantError("POST", base+"/conn_nope", nil, http.StatusBadRequest, "CONNECTION_INVALID")
	c.wantError("GET", "/api/v1/applications/nope/connections", nil, http.StatusBadRequest, "APPLICATION_INVALID")

	// A connection deleted is no longer enabled anywhere.
	c.call("DELETE", "/api/v1/connections/"+sso, nil, http.StatusOK, nil)
	if got := list(); len(got) != 0 {
		t.Errorf("connections after the delete: %v", got)
	}
}

func TestAPIApplications(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	var jobs string
	for _, a := range c.e.Snapshot().Environment.Applications {
		if a.Name == "Acme Jobs" {
			jobs = a.ID
		}
	}
	path := "/api/v1/apis/" + reportsAPI + "/applications"
	body := map[string]any{"applications": []map[string]string{{"id": jobs}, {"id": acmeWeb, "operation": "delete"}}}
	var got struct {
		Connected    []string `json:"applications_connected"`
		Disconnected []string `json:"applications_disconnected"`
	}
	c.call("PATCH", path, body, http.StatusOK, &got)
	if !cmp.Equal([]string{jobs}, got.Connected) || !cmp.Equal([]string{acmeWeb}, got.Disconnected) {
		t.Errorf("first update: %+v", got)
	}
	c.call("PATCH", path, body, http.StatusOK, &got)
	if len(got.Connected)+len(got.Disconnected) != 0 {
		t.Errorf("the same update again: %+v", got)
	}
	var api struct {
		API struct {
			Applications []struct {
				ID, Type string
				IsActive bool `json:"is_active"`
			}
		} `json:"api"`
	}
	c.call("GET", "/api/v1/apis/"+reportsAPI, nil, http.StatusOK, &api)
	active := map[string]bool{}
	for _, a := range api.API.Applications {
		active[a.ID] = a.IsActive
		if a.ID == jobs && a.Type != "Machine to machine (M2M)" {
			t.Errorf("type of an m2m application: %q", a.Type)
		}
	}
	if diff := cmp.Diff(map[string]bool{jobs: true, acmeWeb: false}, active); diff != "" {
		t.Errorf("applications of the API (-want +got):\n%s", diff)
	}
	c.wantError("PATCH", path, map[string]any{"applications": []map[string]string{{"id": "nope"}}}, http.StatusBadRequest, "APPLICATION_INVALID")
	c.wantError("PATCH", path, map[string]any{"applications": []map[string]string{{"id": jobs, "operation": "add"}}}, http.StatusBadRequest, "INVALID_OPERATION")
	c.wantError("PATCH", "/api/v1/apis/nope/applications", map[string]any{"applications": []map[string]string{}}, http.StatusBadRequest, "API_INVALID")
}
