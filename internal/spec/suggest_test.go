package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClosest(t *testing.T) {
	valid := []string{"admin", "viewer", "billing", "reports:read", "reports:write", "kp_org_city", "dev"}
	for _, c := range []struct{ name, want string }{
		{"admn", "admin"},    // one deletion
		{"Admin", "admin"},   // case only
		{"VIEWER", "viewer"}, // case only, even far in edits
		{"viewr", "viewer"},  // one deletion
		{"reports.read", "reports:read"},
		{"reports:wirte", "reports:write"}, // a swap is two edits
		{"kp_org_ctiy", "kp_org_city"},
		{"billng", "billing"},
		{"owner", ""}, // nothing is close
		{"de", "dev"}, // one edit in a short name
		{"qa", ""},    // "dev" is two edits from "qa": no typo
		{"", ""},
		{strings.Repeat("a", 300), ""}, // too long to compare
	} {
		if got := Closest(c.name, valid); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// Ties go to the name that sorts first, whatever the order given.
	if got := Closest("cat", []string{"hat", "bat"}); got != "bat" {
		t.Errorf("Closest(cat) = %q, want bat", got)
	}
}

func TestNameHint(t *testing.T) {
	many := make([]string, 25)
	for i := range many {
		many[i] = fmt.Sprintf("role_%02d", i)
	}
	for _, c := range []struct {
		desc, name, what string
		valid            []string
		want             string
	}{
		{"suggestion and list", "admn", "roles", []string{"viewer", "admin"},
			` (did you mean "admin"? known roles: "admin", "viewer")`},
		{"list only", "owner", "roles", []string{"viewer", "admin", "admin"},
			` (known roles: "admin", "viewer")`},
		{"none at all", "owner", "roles", nil, ` (there are no roles)`},
		{"capped", "role_7", "roles", many,
			` (did you mean "role_07"? known roles: "role_00", "role_01", "role_02", "role_03", "role_04", "role_05", "role_06", "role_07", "role_08", "role_09" and 15 more)`},
		{"escaped", "ad\x1bmin", "roles", []string{"ad\x1b[31mmin", "admin"},
			` (did you mean "admin"? known roles: "ad\x1b[31mmin", "admin")`},
		{"long names cut", "x", "flags", []string{strings.Repeat("é", 60)},
			` (known flags: "` + strings.Repeat("é", maxNameShown-1) + `"…)`},
	} {
		if got := NameHint(c.name, c.what, c.valid); got != c.want {
			t.Errorf("%s: NameHint(%q)\n got %s\nwant %s", c.desc, c.name, got, c.want)
		}
	}
}

// TestCheckNamesDidYouMean gives each kind of name CheckNames checks a near
// miss: the message keeps the place and the field, and adds the closest
// valid name and the valid names.
func TestCheckNamesDidYouMean(t *testing.T) {
	at := Pos{"org.yaml", 7, 9}
	org := func(f func(o *Organization)) *Document {
		o := &Organization{Code: "org_1", Pos: Pos{"org.yaml", 2, 5}}
		f(o)
		return &Document{Organizations: []*Organization{o}}
	}
	member := func(f func(m *Member)) *Document {
		return org(func(o *Organization) {
			m := &Member{Pos: Pos{"org.yaml", 5, 9}, Email: "alice@example.com"}
			f(m)
			o.Members = []*Member{m}
		})
	}
	cat := testCatalog()
	cat.APIs = map[string]map[string]bool{"https://api.example.com": {"read:reports": true, "write:reports": true}}
	for _, c := range []struct {
		kind string
		doc  *Document
		want string
	}{
		{"member role", member(func(m *Member) { m.Roles, m.RolesPos = []string{"admn"}, at }),
			`org.yaml:7:9: organizations[0].members[0].roles[0]: unknown role "admn" (did you mean "admin"? known roles: "admin", "viewer")`},
		{"invitation role", org(func(o *Organization) {
			o.Invitations = []*Invitation{{Email: "bob@example.com", Roles: []string{"Viewer"}, RolesPos: at}}
		}),
			`org.yaml:7:9: organizations[0].invitations[0].roles[0]: unknown role "Viewer" (did you mean "viewer"? known roles: "admin", "viewer")`},
		{"permission", member(func(m *Member) { m.Permissions, m.PermissionsPos = []string{"reports.read"}, at }),
			`org.yaml:7:9: organizations[0].members[0].permissions[0]: unknown permission "reports.read" (did you mean "reports:read"? known permissions: "billing:*", "reports:read")`},
		{"feature flag", org(func(o *Organization) {
			o.FeatureFlags = []FlagOverride{{Pos: at, Key: "dark_mod", Value: FlagValue{Type: FlagBool, Bool: true}}}
		}),
			`org.yaml:7:9: organizations[0].feature_flags.dark_mod: unknown feature flag (did you mean "dark_mode"? known feature flags: "dark_mode", "label", "seats", "tier")`},
		{"property", org(func(o *Organization) { o.Properties = []PropertyValue{{Pos: at, Key: "kp_org_ctiy", Value: "Sydney"}} }),
			`org.yaml:7:9: organizations[0].properties.kp_org_ctiy: unknown organization property (did you mean "kp_org_city"? known organization properties: "kp_org_city")`},
		{"connection name", org(func(o *Organization) { o.Connections = []Ref{{Pos: at, Value: "google"}} }),
			`org.yaml:7:9: organizations[0].connections[0]: unknown connection "google" (did you mean "Google"? known connections: "GitHub", "Google", "Shared")`},
		{"connection id", org(func(o *Organization) { o.Connections = []Ref{{Pos: at, Value: "conn_gogle"}} }),
			`org.yaml:7:9: organizations[0].connections[0]: unknown connection "conn_gogle" (did you mean "conn_google"? known connections: "GitHub", "Google", "Shared")`},
		{"connection, nothing close", org(func(o *Organization) { o.Connections = []Ref{{Pos: at, Value: "Okta"}} }),
			`org.yaml:7:9: organizations[0].connections[0]: unknown connection "Okta" (known connections: "GitHub", "Google", "Shared")`},
		{"API", member(func(m *Member) {
			m.APIScopes = []APIScopes{{Pos: at, API: "https://api.example.org", Scopes: []string{"read:reports"}}}
		}),
			`org.yaml:7:9: organizations[0].members[0].api_scopes.https://api.example.org: unknown API, give its audience or id (did you mean "https://api.example.com"? known APIs: "https://api.example.com")`},
		{"API scope", member(func(m *Member) {
			m.APIScopes = []APIScopes{{Pos: at, API: "https://api.example.com", Scopes: []string{"read:report"}}}
		}),
			`org.yaml:7:9: organizations[0].members[0].api_scopes.https://api.example.com: the API has no scope "read:report" (did you mean "read:reports"? known scopes: "read:reports", "write:reports")`},
	} {
		if diff := cmp.Diff(c.want, c.doc.CheckNames(cat).Error()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.kind, diff)
		}
	}
}

// TestCheckNamesEmptyCatalog checks that one unknown name repeated in many
// members gets the same hint each time, and that an empty catalog says so.
func TestCheckNamesEmptyCatalog(t *testing.T) {
	doc := &Document{Organizations: []*Organization{{Code: "org_1", Pos: Pos{"a.yaml", 1, 3},
		Members: []*Member{{Email: "a@example.com", Roles: []string{"admin"}}, {Email: "b@example.com", Roles: []string{"admin"}}}}}}
	got := doc.CheckNames(&Catalog{Roles: map[string]bool{}}).Error()
	want := `a.yaml:1:3: organizations[0].members[0].roles[0]: unknown role "admin" (there are no roles)
a.yaml:1:3: organizations[0].members[1].roles[0]: unknown role "admin" (there are no roles)`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
