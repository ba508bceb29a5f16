package emulator_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// orgPages lists organizations page by page and returns the codes of each page.
func orgPages(c *client, query string) [][]string {
	c.t.Helper()
	var pages [][]string
	token := ""
	for {
		q := query
		if token != "" {
			q += "&next_token=" + url.QueryEscape(token)
		}
		var r kinde.GetOrganizationsResponse
		c.call("GET", "/api/v1/organizations?"+q, nil, http.StatusOK, &r)
		var codes []string
		for _, o := range r.Organizations {
			codes = append(codes, o.Name)
		}
		pages = append(pages, codes)
		if token = r.NextToken; token == "" {
			return pages
		}
		if len(pages) > 10 {
			c.t.Fatal("paging does not end")
		}
	}
}

func TestNextTokenPaging(t *testing.T) {
	c := start(t, emulator.Options{})
	for _, name := range []string{"Charlie", "Bravo", "Echo"} {
		c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{Name: name}, http.StatusOK, nil)
	}
	tests := []struct {
		query string
		want  [][]string
	}{
		{"page_size=3&sort=name_asc", [][]string{{"Acme", "Bravo", "Charlie"}, {"Default Organization", "Echo"}}},
		{"page_size=2&sort=name_desc", [][]string{{"Echo", "Default Organization"}, {"Charlie", "Bravo"}, {"Acme"}}},
		{"page_size=5&sort=name_asc", [][]string{{"Acme", "Bravo", "Charlie", "Default Organization", "Echo"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, orgPages(c, tt.query)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.query, diff)
		}
	}

	// The token remembers where it was, not how far: deleting an org that
	// was already served does not skip one that was not.
	var first kinde.GetOrganizationsResponse
	c.call("GET", "/api/v1/organizations?page_size=2&sort=name_asc", nil, http.StatusOK, &first)
	c.call("DELETE", "/api/v1/organization/"+acme, nil, http.StatusOK, nil)
	var second kinde.GetOrganizationsResponse
	c.call("GET", "/api/v1/organizations?page_size=2&sort=name_asc&next_token="+url.QueryEscape(first.NextToken), nil, http.StatusOK, &second)
	if len(second.Organizations) == 0 || second.Organizations[0].Name != "Charlie" {
		t.Errorf("second page after a delete starts with %+v, want Charlie", second.Organizations)
	}

	for _, q := range []string{"page_size=501", "page_size=0", "next_token=garbage"} {
		if status, _ := c.do("GET", "/api/v1/organizations?"+q, nil); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, status)
		}
	}
	// A token is only good for the listing and order it came from.
	c.call("GET", "/api/v1/organizations?page_size=1&sort=name_asc", nil, http.StatusOK, &first)
	if status, _ := c.do("GET", "/api/v1/organizations?sort=name_desc&next_token="+url.QueryEscape(first.NextToken), nil); status != http.StatusBadRequest {
		t.Errorf("token of another order: status %d, want 400", status)
	}
	if status, _ := c.do("GET", "/api/v1/roles?page_size=501", nil); status != http.StatusBadRequest {
		t.Errorf("roles page_size=501: status %d, want 400", status)
	}
}

func TestStartingAfterPaging(t *testing.T) {
	c := start(t, emulator.Options{})
	for i := range 3 {
		c.call("POST", "/api/v1/properties", kinde.CreatePropertyRequest{
			Name: fmt.Sprint("P", i), Key: fmt.Sprint("kp_org_p", i), Type: "single_line_text", Context: "org",
			CategoryID: "cat_0192b7e8b4f8ca08110d2b22059662a8",
		}, http.StatusCreated, nil)
	}
	// Five org properties (two from the state, three new), one user property.
	pages := func(size int) (out [][]string) {
		after := ""
		for {
			path := fmt.Sprintf("/api/v1/properties?context=org&page_size=%d", size)
			if after != "" {
				path += "&starting_after=" + after
			}
			var r kinde.GetPropertiesResponse
			c.call("GET", path, nil, http.StatusOK, &r)
			var keys []string
			for _, p := range r.Properties {
				keys = append(keys, p.Key)
				after = p.ID
			}
			out = append(out, keys)
			if !r.HasMore {
				return out
			}
		}
	}
	for _, size := range []int{2, 3} {
		got := pages(size)
		var all []string
		for _, p := range got {
			all = append(all, p...)
		}
		if wantPages := (5 + size - 1) / size; len(got) != wantPages || len(all) != 5 {
			t.Errorf("page_size %d: pages %v, want %d pages of 5 keys", size, got, wantPages)
		}
	}

	var conns kinde.GetConnectionsResponse
	c.call("GET", "/api/v1/connections?page_size=1", nil, http.StatusOK, &conns)
	if len(conns.Connections) != 1 || !conns.HasMore {
		t.Errorf("first connection page: %+v", conns)
	}
	c.call("GET", "/api/v1/connections?page_size=1&starting_after="+conns.Connections[0].Connection.ID, nil, http.StatusOK, &conns)
	if len(conns.Connections) != 1 || conns.HasMore {
		t.Errorf("second connection page: %+v", conns)
	}
	if status, _ := c.do("GET", "/api/v1/connections?page_size=501", nil); status != http.StatusBadRequest {
		t.Errorf("connections page_size=501: status %d, want 400", status)
	}
}

func TestEnvironmentLookups(t *testing.T) {
	c := start(t, emulator.Options{})
	var roles kinde.GetRolesResponse
	c.call("GET", "/api/v1/roles?sort=name_desc", nil, http.StatusOK, &roles)
	if len(roles.Roles) != 2 || roles.Roles[0].Key != "viewer" {
		t.Errorf("roles by name desc: %+v", roles.Roles)
	}
	var perms kinde.GetPermissionsResponse
	c.call("GET", "/api/v1/roles/"+roles.Roles[1].ID+"/permissions", nil, http.StatusOK, &perms)
	var keys []string
	for _, p := range perms.Permissions {
		keys = append(keys, p.Key)
	}
	if diff := cmp.Diff([]string{"reports:read", "reports:write"}, keys); diff != "" {
		t.Errorf("admin's permissions (-want +got):\n%s", diff)
	}

	var cats kinde.GetCategoriesResponse
	c.call("GET", "/api/v1/property_categories?context=org", nil, http.StatusOK, &cats)
	if len(cats.Categories) != 1 {
		t.Errorf("categories: %+v", cats)
	}
	var created struct {
		Category struct{ ID string } `json:"category"`
	}
	c.call("POST", "/api/v1/property_categories", map[string]string{"name": "kindesync", "context": "org"}, http.StatusCreated, &created)
	var prop kinde.CreatePropertyResponse
	c.call("POST", "/api/v1/properties", kinde.CreatePropertyRequest{
		Name: "kindesync state", Key: "kindesync_state", Type: "multi_line_text", Context: "org", IsPrivate: true, CategoryID: created.Category.ID,
	}, http.StatusCreated, &prop)
	if status, body := c.do("POST", "/api/v1/properties", kinde.CreatePropertyRequest{
		Name: "again", Key: "kindesync_state", Type: "single_line_text", Context: "org", CategoryID: created.Category.ID,
	}); status != http.StatusBadRequest || errorCode(t, body) != "PROPERTY_KEY_ALREADY_EXISTS" {
		t.Errorf("duplicate property: %d %s", status, body)
	}
	c.call("PUT", "/api/v1/organizations/"+acme+"/properties/kindesync_state?value=sha256:abc", nil, http.StatusOK, nil)
}

func TestUsers(t *testing.T) {
	c := start(t, emulator.Options{})
	var r kinde.GetUsersResponse
	c.call("GET", "/api/v1/users?email="+url.QueryEscape("BOB@acme.com,carol@acme.com")+"&expand=organizations", nil, http.StatusOK, &r)
	var got []string
	for _, u := range r.Users {
		got = append(got, fmt.Sprint(u.Email, u.Organizations))
	}
	if diff := cmp.Diff([]string{"carol@acme.com[]", "bob@acme.com[" + acme + "]"}, got, cmpSorted()); diff != "" {
		t.Errorf("users by email (-want +got):\n%s", diff)
	}

	var created kinde.CreateUserResponse
	c.call("POST", "/api/v1/user", kinde.CreateUserRequest{
		Profile:          &kinde.UserProfile{GivenName: "Dan", FamilyName: "Dare"},
		OrganizationCode: acme,
		Identities:       []kinde.CreateUserIdentity{{Type: "email", Details: kinde.IdentityDetails{Email: "dan@acme.com"}}},
	}, http.StatusOK, &created)
	if len(created.ID) != len("kp_")+32 || !created.Created {
		t.Errorf("created user %+v", created)
	}
	if id := c.userID("dan@acme.com"); id != created.ID {
		t.Errorf("user by email: %s, want %s", id, created.ID)
	}
	if _, in := c.members(acme)["dan@acme.com"]; !in {
		t.Error("the new user is not a member of the organization_code given")
	}
	status, body := c.do("POST", "/api/v1/user", kinde.CreateUserRequest{
		Identities: []kinde.CreateUserIdentity{{Type: "email", Details: kinde.IdentityDetails{Email: "DAN@acme.com"}}},
	})
	if status != http.StatusBadRequest || errorCode(t, body) != "USER_ALREADY_EXISTS" {
		t.Errorf("duplicate email: %d %s", status, body)
	}

	var pages int
	for token := ""; pages < 10; pages++ {
		var page kinde.GetUsersResponse
		c.call("GET", "/api/v1/users?page_size=2&next_token="+url.QueryEscape(token), nil, http.StatusOK, &page)
		if token = page.NextToken; token == "" {
			break
		}
	}
	if pages != 1 {
		t.Errorf("4 users in pages of 2: %d further pages, want 1", pages)
	}
}
