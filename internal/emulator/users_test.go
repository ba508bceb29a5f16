package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

type userData struct {
	ID             string
	PreferredEmail string `json:"preferred_email"`
	Username       string
	FirstName      string `json:"first_name"`
	LastName       string `json:"last_name"`
	Picture        string
	IsSuspended    bool `json:"is_suspended"`
	CreatedOn      string
	Organizations  []string
	Identities     []struct{ Type, Identity string }
}

func TestUserRecord(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	alice := c.userID("alice@acme.com")
	var got userData
	c.call("GET", "/api/v1/user?id="+alice+"&expand=organizations,identities", nil, http.StatusOK, &got)
	want := userData{
		ID: alice, PreferredEmail: "alice@acme.com", Username: "alice", FirstName: "Alice", Picture: "https://example.com/alice.png",
		Organizations: []string{acme},
		Identities:    []struct{ Type, Identity string }{{"email", "alice@acme.com"}, {"username", "alice"}},
	}
	if diff := cmp.Diff(want, got, cmpIgnoreCreatedOn); diff != "" {
		t.Errorf("getUserData (-want +got):\n%s", diff)
	}
	c.wantError("GET", "/api/v1/user?id=kp_nope", nil, http.StatusBadRequest, "USER_INVALID")
	c.wantError("GET", "/api/v1/user?id="+alice+"&expand=friends", nil, http.StatusBadRequest, "INVALID_EXPAND")

	var updated struct {
		GivenName   string  `json:"given_name"`
		FamilyName  string  `json:"family_name"`
		IsSuspended bool    `json:"is_suspended"`
		Picture     *string `json:"picture"`
	}
	c.call("PATCH", "/api/v1/user?id="+alice, map[string]any{"family_name": "Liddell", "is_suspended": true, "picture": ""}, http.StatusOK, &updated)
	if updated.GivenName != "Alice" || updated.FamilyName != "Liddell" || !updated.IsSuspended || updated.Picture != nil {
		t.Errorf("updateUser: %+v", updated)
	}
	got = userData{}
	c.call("GET", "/api/v1/user?id="+alice, nil, http.StatusOK, &got)
	if got.LastName != "Liddell" || !got.IsSuspended || got.Picture != "" {
		t.Errorf("after update: %+v", got)
	}
	c.wantError("PATCH", "/api/v1/user?id="+alice, map[string]any{"given_name": strings.Repeat("a", 65)}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("PATCH", "/api/v1/user?id=kp_nope", map[string]any{"given_name": "x"}, http.StatusBadRequest, "USER_INVALID")

	// Deleting a user ends its memberships.
	c.call("DELETE", "/api/v1/user?id="+alice+"&is_delete_profile=true", nil, http.StatusOK, nil)
	if _, in := c.members(acme)["alice@acme.com"]; in {
		t.Error("a deleted user is still a member")
	}
	c.wantError("DELETE", "/api/v1/user?id="+alice, nil, http.StatusBadRequest, "USER_INVALID")
}

var cmpIgnoreCreatedOn = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".CreatedOn" }, cmp.Ignore())

type identitiesPage struct {
	Identities []struct {
		ID, Type, Name, Email string
		ConnectionID          *string `json:"connection_id"`
		IsPrimary             *bool   `json:"is_primary"`
	} `json:"identities"`
	HasMore bool `json:"has_more"`
}

func TestUserIdentities(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	bob := "/api/v1/users/" + bobID + "/identities"
	var created struct {
		Identity struct{ ID string } `json:"identity"`
	}
	c.call("POST", bob, map[string]string{"type": "username", "value": "bobby"}, http.StatusCreated, &created)
	c.call("POST", bob, map[string]string{"type": "social", "value": "bob@gmail.com", "connection_id": googleC}, http.StatusCreated, nil)
	c.call("POST", bob, map[string]string{"type": "phone", "value": "+61400000001", "phone_country_id": "au"}, http.StatusCreated, nil)
	for _, tt := range []struct {
		name string
		body map[string]string
		code string
	}{
		{"taken username", map[string]string{"type": "username", "value": "ALICE"}, "IDENTITY_ALREADY_EXISTS"},
		{"taken email", map[string]string{"type": "email", "value": "carol@acme.com"}, "IDENTITY_ALREADY_EXISTS"},
		{"not an email", map[string]string{"type": "email", "value": "bob"}, "INVALID_EMAIL"},
		{"phone without a country", map[string]string{"type": "phone", "value": "412345678"}, "INVALID_PHONE_COUNTRY"},
		{"taken phone", map[string]string{"type": "phone", "value": "0400 000 001", "phone_country_id": "AU"}, "IDENTITY_ALREADY_EXISTS"},
		{"social without a connection", map[string]string{"type": "social", "value": "b"}, "CONNECTION_INVALID"},
	} {
		t.Run(tt.name, func(t *testing.T) { c.wantError("POST", bob, tt.body, http.StatusBadRequest, tt.code) })
	}
	c.wantRawError("POST", bob, map[string]string{"type": "fax", "value": "1"}, http.StatusBadRequest, "INVALID_IDENTITY_TYPE")
	c.wantError("POST", "/api/v1/users/kp_nope/identities", map[string]string{"type": "username", "value": "x"}, http.StatusBadRequest, "USER_INVALID")

	// Four identities (the email one, three added), two per page, in the
	// order they were added; the first of each type is its primary.
	var all []string
	after := ""
	for range 5 {
		var page identitiesPage
		c.call("GET", bob+"?page_size=2&starting_after="+after, nil, http.StatusOK, &page)
		for _, i := range page.Identities {
			all = append(all, fmt.Sprint(i.Type, ":", i.Name, " primary=", *i.IsPrimary, " connection=", i.ConnectionID != nil))
			after = i.ID
		}
		if !page.HasMore {
			break
		}
	}
	want := []string{
		"email:bob@acme.com primary=true connection=false", "username:bobby primary=true connection=false",
		"social:bob@gmail.com primary=true connection=true", "phone:+61400000001 primary=true connection=false",
	}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("bob's identities (-want +got):\n%s", diff)
	}
	c.wantError("GET", bob+"?starting_after=identity_nope", nil, http.StatusBadRequest, "INVALID_CURSOR")
	c.wantError("GET", bob+"?page_size=501", nil, http.StatusBadRequest, "INVALID_PAGE_SIZE")
	var got userData
	c.call("GET", "/api/v1/user?id="+bobID, nil, http.StatusOK, &got)
	if got.Username != "bobby" {
		t.Errorf("username from the identity: %q", got.Username)
	}
}
