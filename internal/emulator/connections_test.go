package emulator_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
)

func (c *client) connection(id string) *emulator.Connection {
	c.t.Helper()
	for _, conn := range c.e.Snapshot().Environment.Connections {
		if conn.ID == id {
			return conn
		}
	}
	return nil
}

func (c *client) orgConnections(org string) []string {
	c.t.Helper()
	for _, o := range c.e.Snapshot().Organizations {
		if o.Code == org {
			return o.Connections
		}
	}
	return nil
}

type createdID struct {
	Connection struct{ ID string } `json:"connection"`
}

func TestConnectionsCRUD(t *testing.T) {
	c := start(t, emulator.Options{})
	var app struct {
		Application struct{ ID string } `json:"application"`
	}
	c.call("POST", "/api/v1/applications", map[string]string{"name": "Web", "type": "reg"}, http.StatusCreated, &app)
	var created createdID
	c.call("POST", "/api/v1/connections", map[string]any{
		"name": "GitHub", "display_name": "Sign in with GitHub", "strategy": "oauth2:github", "enabled_applications": []string{app.Application.ID},
	}, http.StatusCreated, &created)
	c.wantError("POST", "/api/v1/connections", map[string]any{"name": "X", "strategy": "oauth2:github", "enabled_applications": []string{"nope"}}, http.StatusBadRequest, "APPLICATION_INVALID")
	id := created.Connection.ID
	var got struct {
		Connection struct {
			ID, Name, Strategy string
			DisplayName        string `json:"display_name"`
		} `json:"connection"`
	}
	c.call("GET", "/api/v1/connections/"+id, nil, http.StatusOK, &got)
	if got.Connection.Name != "GitHub" || got.Connection.DisplayName != "Sign in with GitHub" || got.Connection.Strategy != "oauth2:github" {
		t.Errorf("created connection: %+v", got.Connection)
	}
	c.wantError("GET", "/api/v1/connections/conn_nope", nil, http.StatusBadRequest, "CONNECTION_INVALID")
	c.wantRawError("POST", "/api/v1/connections", map[string]string{"name": "X", "strategy": "oauth2:myspace"}, http.StatusBadRequest, "INVALID_STRATEGY")
	c.wantError("POST", "/api/v1/connections", map[string]string{"display_name": "X", "strategy": "oauth2:google"}, http.StatusBadRequest, "INVALID_REQUEST")

	c.call("PATCH", "/api/v1/connections/"+id, map[string]string{"display_name": "GitHub login"}, http.StatusOK, nil)
	if conn := c.connection(id); conn.Name != "GitHub" || conn.DisplayName != "GitHub login" {
		t.Errorf("after update: %+v", conn)
	}
	c.call("PUT", "/api/v1/connections/"+id, map[string]string{"name": "GH"}, http.StatusOK, nil)
	if conn := c.connection(id); conn.Name != "GH" || conn.DisplayName != "GH" {
		t.Errorf("after replace: %+v", conn)
	}
	c.wantError("PATCH", "/api/v1/connections/conn_nope", map[string]string{"name": "x"}, http.StatusNotFound, "CONNECTION_NOT_FOUND")
	c.wantError("PUT", "/api/v1/connections/conn_nope", map[string]string{"name": "x"}, http.StatusNotFound, "CONNECTION_NOT_FOUND")

	// Deleting disables it everywhere.
	c.call("DELETE", "/api/v1/connections/"+googleC, nil, http.StatusOK, nil)
	if slices.Contains(c.orgConnections(acme), googleC) {
		t.Error("acme keeps a deleted connection")
	}
	c.wantError("DELETE", "/api/v1/connections/"+googleC, nil, http.StatusNotFound, "CONNECTION_NOT_FOUND")
}

func TestOrganizationManagedConnection(t *testing.T) {
	c := start(t, emulator.Options{})
	// The spec's options are a oneOf of three object schemas that neither
	// exclude other properties nor have a discriminator: every object
	// matches all three, so no request with options passes the contract.
	// This one goes around it.
	status, body := c.doRaw("POST", "/api/v1/connections", map[string]any{
		"name": "Acme Okta", "strategy": "saml:okta", "organization_code": acme,
		"options": map[string]any{"saml_entity_id": "acme", "home_realm_domains": []string{"acme.com"}},
	})
	var created createdID
	if err := json.Unmarshal(body, &created); status != http.StatusCreated || err != nil {
		t.Fatalf("create: %d %s", status, body)
	}
	conn := c.connection(created.Connection.ID)
	if conn == nil || conn.OrganizationCode != acme || conn.DisplayName != "Acme Okta" {
		t.Fatalf("org-managed connection: %+v", conn)
	}
	if !slices.Contains(c.orgConnections(acme), conn.ID) {
		t.Error("the connection is not enabled for the organization managing it")
	}
	c.wantError("POST", "/api/v1/connections", map[string]any{"name": "x", "strategy": "saml:okta", "organization_code": "org_nope"}, http.StatusBadRequest, "ORGANIZATION_INVALID")
	c.wantError("POST", "/api/v1/connections", map[string]any{"name": "x", "strategy": "oauth2:google", "organization_code": acme}, http.StatusBadRequest, "INVALID_STRATEGY")
	c.wantRawError("POST", "/api/v1/connections", map[string]any{"name": "x", "strategy": "saml:okta", "options": "yes"}, http.StatusBadRequest, "INVALID_REQUEST")
}

// Kinde's connection, property and category ids are time-ordered, so their
// lists (by id) come in creation order, which clients rely on.
func TestCreatedListInCreationOrder(t *testing.T) {
	c := start(t, emulator.Options{})
	var want []string
	for _, name := range []string{"Zeta", "Alpha", "Mu"} {
		var created createdID
		c.call("POST", "/api/v1/connections", map[string]string{"name": name, "strategy": "oauth2:github"}, http.StatusCreated, &created)
		want = append(want, created.Connection.ID)
	}
	var list struct {
		Connections []struct{ ID string } `json:"connections"`
	}
	c.call("GET", "/api/v1/connections?page_size=500", nil, http.StatusOK, &list)
	var got []string
	for _, conn := range list.Connections {
		got = append(got, conn.ID)
	}
	if len(got) != 5 || !slices.Equal(got[2:], want) {
		t.Errorf("connections %v, want the fixture's two then %v", got, want)
	}
	var cats []string
	for _, name := range []string{"Zeta", "Alpha"} {
		var created struct {
			Category struct{ ID string } `json:"category"`
		}
		c.call("POST", "/api/v1/property_categories", map[string]string{"name": name, "context": "org"}, http.StatusCreated, &created)
		cats = append(cats, created.Category.ID)
	}
	if !slices.IsSorted(cats) {
		t.Errorf("category ids %v do not grow", cats)
	}
}
