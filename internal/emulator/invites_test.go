package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

type inviteAnswer struct {
	ID, Code, Email string
	FullName        string  `json:"full_name"`
	FirstName       *string `json:"first_name"`
	LastName        *string `json:"last_name"`
	CreatedOn       string  `json:"created_on"`
	AcceptedOn      *string `json:"accepted_on"`
	IsSent          bool    `json:"is_sent"`
	IsRevoked       bool    `json:"is_revoked"`
	InviteLink      string  `json:"invite_link"`
	Roles           []struct{ Key, Name string }
}

// inviteEmails lists an org's invitations page by page.
func (c *client) inviteEmails(org, query string) []string {
	c.t.Helper()
	var out []string
	token := ""
	for range 20 {
		var page struct {
			Invites   []inviteAnswer `json:"invites"`
			NextToken *string        `json:"next_token"`
		}
		c.call("GET", "/api/v1/organization/"+org+"/invites?page_size=2&"+query+"&next_token="+url.QueryEscape(token), nil, http.StatusOK, &page)
		for _, i := range page.Invites {
			out = append(out, i.Email)
		}
		if page.NextToken == nil {
			return out
		}
		token = *page.NextToken
	}
	c.t.Fatal("paging does not end")
	return nil
}

func TestInvites(t *testing.T) {
	clock := newClock()
	c := startExtra(t, emulator.Options{Now: clock.Now})
	base := "/api/v1/organization/" + acme + "/invites"
	var created struct {
		Invite inviteAnswer `json:"invite"`
	}
	c.call("POST", base, map[string]any{"email": "frank@acme.com", "first_name": "Frank", "roles": []string{"admin"}, "send_email": true}, http.StatusCreated, &created)
	inv := created.Invite
	if inv.Code == "" || inv.FullName != "Frank" || inv.LastName != nil || inv.AcceptedOn != nil || !inv.IsSent || inv.IsRevoked ||
		len(inv.Roles) != 1 || inv.Roles[0].Name != "Admin" || !strings.HasSuffix(inv.InviteLink, "/invitations/"+inv.Code) {
		t.Errorf("created invite: %+v", inv)
	}
	if inv.CreatedOn != clock.Now().UTC().Format(time.RFC3339) {
		t.Errorf("created_on %s, want the emulator's clock", inv.CreatedOn)
	}
	var one inviteAnswer
	c.call("GET", base+"/"+inv.Code, nil, http.StatusOK, &one)
	if diff := cmp.Diff(inv, one); diff != "" {
		t.Errorf("getOrganizationInvite (-create +get):\n%s", diff)
	}

	// Listing: pending only by default; revoked ones on request.
	if diff := cmp.Diff([]string{"dan@acme.com", "frank@acme.com"}, c.inviteEmails(acme, "sort=email_asc")); diff != "" {
		t.Errorf("pending invites (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"frank@acme.com", "eve@acme.com", "dan@acme.com"}, c.inviteEmails(acme, "sort=email_desc&include_revoked=true")); diff != "" {
		t.Errorf("all invites (-want +got):\n%s", diff)
	}

	c.call("DELETE", base+"/"+inv.Code, nil, http.StatusOK, nil)
	c.call("DELETE", base+"/"+inv.Code, nil, http.StatusOK, nil) // revoked already: still a success
	c.call("GET", base+"/"+inv.Code, nil, http.StatusOK, &one)
	if !one.IsRevoked {
		t.Error("the invite is not revoked")
	}
	c.wantError("GET", base+"/nope", nil, http.StatusNotFound, "INVITE_NOT_FOUND")
	c.wantError("DELETE", base+"/nope", nil, http.StatusNotFound, "INVITE_NOT_FOUND")
	c.wantError("GET", "/api/v1/organization/org_nope/invites/"+inv.Code, nil, http.StatusNotFound, "ORGANIZATION_NOT_FOUND")
	c.wantError("GET", "/api/v1/organization/org_nope/invites", nil, http.StatusBadRequest, "ORGANIZATION_INVALID")
	c.wantError("GET", base+"?page_size=501", nil, http.StatusBadRequest, "INVALID_PAGE_SIZE")
	c.wantError("GET", base+"?next_token=forged", nil, http.StatusBadRequest, "INVALID_NEXT_TOKEN")
	c.wantRawError("GET", base+"?sort=size", nil, http.StatusBadRequest, "INVALID_SORT")
}

func TestInviteRefusals(t *testing.T) {
	c := startExtra(t, emulator.Options{})
	base := "/api/v1/organization/" + acme + "/invites"
	long := strings.Repeat("a", 65)
	for _, tt := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"roles not a list", map[string]any{"email": "g@acme.com", "roles": "admin"}, "ROLES_INVALID_FORMAT"},
		{"roles of objects", map[string]any{"email": "g@acme.com", "roles": []map[string]string{{"key": "admin"}}}, "ROLES_INVALID_FORMAT"},
		{"no roles", map[string]any{"email": "g@acme.com"}, "ROLES_INVALID_FORMAT"},
		{"email too long", map[string]any{"email": strings.Repeat("e", 250) + "@a.co", "roles": []string{}}, "EMAIL_TOO_LONG"},
		{"first name too long", map[string]any{"email": "g@acme.com", "first_name": long, "roles": []string{}}, "FIRST_NAME_TOO_LONG"},
		{"last name too long", map[string]any{"email": "g@acme.com", "last_name": long, "roles": []string{}}, "LAST_NAME_TOO_LONG"},
	} {
		t.Run(tt.name, func(t *testing.T) { c.wantRawError("POST", base, tt.body, http.StatusBadRequest, tt.code) })
	}
	// 254 characters and 64-character names are allowed.
	c.call("POST", base, map[string]any{"email": strings.Repeat("e", 249) + "@a.co", "first_name": long[:64], "last_name": long[:64], "roles": []string{}}, http.StatusCreated, nil)
	c.wantError("POST", base, map[string]any{"email": "g@acme.com", "roles": []string{"boss"}}, http.StatusBadRequest, "ROLE_INVALID")
	c.wantError("POST", base, map[string]any{"email": "DAN@acme.com", "roles": []string{}}, http.StatusBadRequest, "INVITE_ALREADY_EXISTS")
	c.wantError("POST", "/api/v1/organization/"+syncedOrg+"/invites", map[string]any{"email": "g@acme.com", "roles": []string{}}, http.StatusBadRequest, "ORGANIZATION_DIRECTORY_SYNCED")
	c.wantError("POST", "/api/v1/organization/org_nope/invites", map[string]any{"email": "g@acme.com", "roles": []string{}}, http.StatusBadRequest, "ORGANIZATION_INVALID")
}

func TestInviteLimits(t *testing.T) {
	clock := newClock()
	// The fixture's acme has one active invitation and one revoked, both
	// created at the clock's start: two days before now.
	clock.Advance(48 * time.Hour)
	c := startExtra(t, emulator.Options{Now: clock.Now, TokenTTL: 96 * time.Hour, InviteActiveLimit: 4, InviteDailyLimit: 2})
	base := "/api/v1/organization/" + acme + "/invites"
	create := func(email string) string {
		var created struct {
			Invite inviteAnswer `json:"invite"`
		}
		c.call("POST", base, map[string]any{"email": email, "roles": []string{"viewer"}}, http.StatusCreated, &created)
		return created.Invite.Code
	}
	refused := func(email, code string) {
		t.Helper()
		c.wantError("POST", base, map[string]any{"email": email, "roles": []string{}}, http.StatusBadRequest, code)
	}
	first := create("u0@acme.com")
	create("u1@acme.com")
	refused("u2@acme.com", "INVITES_DAILY_LIMIT_REACHED")
	// A day later those two have aged out of the window.
	clock.Advance(24*time.Hour + time.Second)
	create("u2@acme.com")
	refused("u3@acme.com", "ACTIVE_INVITES_LIMIT_REACHED") // dan, u0, u1, u2
	// Revoking makes room among the active ones, not among the day's creations.
	c.call("DELETE", base+"/"+first, nil, http.StatusOK, nil)
	third := create("u3@acme.com")
	c.call("DELETE", base+"/"+third, nil, http.StatusOK, nil)
	refused("u4@acme.com", "INVITES_DAILY_LIMIT_REACHED")
}
