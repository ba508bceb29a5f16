package emulator_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

func (c *client) identityNames(userID string) []string {
	c.t.Helper()
	var page identitiesPage
	c.call("GET", "/api/v1/users/"+userID+"/identities", nil, http.StatusOK, &page)
	var out []string
	for _, i := range page.Identities {
		out = append(out, i.Type+":"+i.Name)
	}
	return out
}

// TestIdentityByID follows kinde-go's identities test: a user created
// without an email gets one as its first email identity, a second email
// can become the primary, and either can be deleted, ids staying with
// their values throughout.
func TestIdentityByID(t *testing.T) {
	c := start(t, emulator.Options{})
	var user struct{ ID string }
	c.call("POST", "/api/v1/user", map[string]any{"profile": map[string]string{"given_name": "Gus"}}, http.StatusOK, &user)
	ids := "/api/v1/users/" + user.ID + "/identities"
	var first, second struct {
		Identity struct{ ID string } `json:"identity"`
	}
	c.call("POST", ids, map[string]string{"type": "email", "value": "gus@acme.com"}, http.StatusCreated, &first)
	c.call("POST", ids, map[string]string{"type": "email", "value": "gus@globex.com"}, http.StatusCreated, &second)
	if diff := cmp.Diff([]string{"email:gus@acme.com", "email:gus@globex.com"}, c.identityNames(user.ID)); diff != "" {
		t.Errorf("identities (-want +got):\n%s", diff)
	}

	var got struct {
		ID, Name  string
		IsPrimary bool `json:"is_primary"`
	}
	var both struct {
		ID       string
		Name     string
		Identity struct{ ID, Name string } `json:"identity"`
	}
	c.call("GET", "/api/v1/identities/"+second.Identity.ID, nil, http.StatusOK, &both)
	if both.Name != "gus@globex.com" || both.Identity.ID != second.Identity.ID || both.Identity.Name != both.Name {
		t.Errorf("second identity, flat and under identity: %+v", both)
	}
	c.call("GET", "/api/v1/identities/"+second.Identity.ID, nil, http.StatusOK, &got)
	if got.Name != "gus@globex.com" || got.IsPrimary {
		t.Errorf("second identity: %+v", got)
	}
	c.call("PATCH", "/api/v1/identities/"+second.Identity.ID, map[string]bool{"is_primary": true}, http.StatusOK, nil)
	c.call("GET", "/api/v1/identities/"+second.Identity.ID, nil, http.StatusOK, &got)
	if got.Name != "gus@globex.com" || !got.IsPrimary {
		t.Errorf("second identity made primary: %+v", got)
	}
	var data userData
	c.call("GET", "/api/v1/user?id="+user.ID, nil, http.StatusOK, &data)
	if data.PreferredEmail != "gus@globex.com" {
		t.Errorf("preferred email %q after the swap", data.PreferredEmail)
	}

	// A snapshot keeps the ids where they are.
	path := t.TempDir() + "/state.yaml"
	if err := emulator.SaveState(path, c.e.Snapshot()); err != nil {
		t.Fatal(err)
	}
	loaded, err := emulator.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c.e.Snapshot(), loaded); diff != "" {
		t.Errorf("load(save(snapshot)) (-snapshot +loaded):\n%s", diff)
	}

	c.call("DELETE", "/api/v1/identities/"+first.Identity.ID, nil, http.StatusOK, nil)
	if diff := cmp.Diff([]string{"email:gus@globex.com"}, c.identityNames(user.ID)); diff != "" {
		t.Errorf("after deleting the first (-want +got):\n%s", diff)
	}
	c.wantError("GET", "/api/v1/identities/"+first.Identity.ID, nil, http.StatusBadRequest, "IDENTITY_INVALID")
	c.wantError("PATCH", "/api/v1/identities/identity_nope", map[string]bool{"is_primary": true}, http.StatusBadRequest, "IDENTITY_INVALID")
	c.wantError("DELETE", "/api/v1/identities/identity_nope", nil, http.StatusBadRequest, "IDENTITY_INVALID")

	// Deleting the primary email promotes the next one; the last leaves none.
	c.call("POST", ids, map[string]string{"type": "email", "value": "gus@initech.com"}, http.StatusCreated, nil)
	c.call("DELETE", "/api/v1/identities/"+second.Identity.ID, nil, http.StatusOK, nil)
	c.call("GET", "/api/v1/user?id="+user.ID, nil, http.StatusOK, &data)
	if data.PreferredEmail != "gus@initech.com" {
		t.Errorf("preferred email %q after deleting the primary", data.PreferredEmail)
	}
}

func TestPhoneIdentitiesAreE164(t *testing.T) {
	c := start(t, emulator.Options{})
	ids := "/api/v1/users/" + bobID + "/identities"
	for _, tt := range []struct{ value, country string }{
		{"55251234", "am"}, {"0412 345 678", "au"}, {"(202) 555-0123", "us"}, {"+442071838750", ""}, {"0612345678", "it"},
	} {
		c.call("POST", ids, map[string]string{"type": "phone", "value": tt.value, "phone_country_id": tt.country}, http.StatusCreated, nil)
	}
	want := []string{"email:bob@acme.com", "phone:+37455251234", "phone:+61412345678", "phone:+12025550123", "phone:+442071838750", "phone:+390612345678"}
	if diff := cmp.Diff(want, c.identityNames(bobID)); diff != "" {
		t.Errorf("phones (-want +got):\n%s", diff)
	}
	c.wantError("POST", ids, map[string]string{"type": "phone", "value": "12ab", "phone_country_id": "us"}, http.StatusBadRequest, "INVALID_PHONE_NUMBER")
	c.wantError("POST", ids, map[string]string{"type": "phone", "value": "5551234", "phone_country_id": "zz"}, http.StatusBadRequest, "INVALID_PHONE_COUNTRY")
}
