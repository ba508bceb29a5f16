package spec

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testCatalog() *Catalog {
	return &Catalog{
		Roles:       map[string]bool{"admin": true, "viewer": true},
		Permissions: map[string]bool{"reports:read": true, "billing:*": true},
		Flags:       map[string]FlagType{"dark_mode": FlagBool, "seats": FlagInt, "tier": FlagString, "label": FlagString},
		Properties:  map[string]bool{"kp_org_city": true},
		Connections: map[string]string{
			"conn_google": "Google", "conn_github": "GitHub",
			"conn_shared_1": "Shared", "conn_shared_2": "Shared",
		},
		UserEmails: map[string]bool{"alice@example.com": true},
		UserIDs:    map[string]bool{"kp_alice": true},
	}
}

func TestCheckNames(t *testing.T) {
	chdir(t, filepath.Join(corpus, "valid"))
	doc, err := testLoader.Load("names.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := `names.yaml:4:40: organizations[0].connections[2]: unknown connection "Okta" (known connections: "GitHub", "Google", "Shared")
names.yaml:4:46: organizations[0].connections[3]: unknown connection "conn_missing" (known connections: "GitHub", "Google", "Shared")
names.yaml:4:60: organizations[0].connections[4]: "GitHub" is the same connection as "conn_github" (first at line 4)
names.yaml:4:68: organizations[0].connections[5]: connection name "Shared" is ambiguous (conn_shared_1, conn_shared_2): use the id
names.yaml:7:7: organizations[0].feature_flags.seats: this is an integer flag, but the value is the string "50"
names.yaml:8:7: organizations[0].feature_flags.tier: this is a string flag, but the value is the integer 3
names.yaml:9:7: organizations[0].feature_flags.retired: unknown feature flag (known feature flags: "dark_mode", "label", "seats", "tier")
names.yaml:13:7: organizations[0].properties.kp_usr_city: unknown organization property (did you mean "kp_org_city"? known organization properties: "kp_org_city")
names.yaml:16:16: organizations[0].members[0].roles[1]: unknown role "owner" (known roles: "admin", "viewer")
names.yaml:17:22: organizations[0].members[0].permissions[1]: unknown permission "reports:delete" (known permissions: "billing:*", "reports:read")
names.yaml:18:9: organizations[0].members[1]: no Kinde user has the email new@example.com (options.missing_users: create would create one)
names.yaml:20:9: organizations[0].members[3]: no Kinde user has the id kp_ghost`
	if diff := cmp.Diff(want, doc.CheckNames(testCatalog()).Error()); diff != "" {
		t.Errorf("CheckNames (-want +got):\n%s", diff)
	}

	// Users that may be created are no problem, whether the catalog or the
	// file says so; unknown ids still are.
	c := testCatalog()
	c.CreateMissingUsers = true
	if got := doc.CheckNames(c).Error(); strings.Contains(got, "new@example.com") || !strings.Contains(got, "kp_ghost") {
		t.Errorf("CheckNames with CreateMissingUsers:\n%s", got)
	}
	doc.Options.MissingUsers = MissingUsersCreate
	if got := doc.CheckNames(testCatalog()).Error(); strings.Contains(got, "new@example.com") {
		t.Errorf("CheckNames with missing_users: create:\n%s", got)
	}

	// A catalog that knows nothing checks nothing.
	if got := doc.CheckNames(&Catalog{}); got.Err() != nil {
		t.Errorf("CheckNames(empty catalog) = %v", got)
	}
}

// TestCheckNamesHandBuilt covers documents not read from a file, such as
// the plan package's tests build: messages fall back to the org's place.
func TestCheckNamesHandBuilt(t *testing.T) {
	doc := &Document{Organizations: []*Organization{
		{Code: "org_1", Pos: Pos{"a.yaml", 3, 5}, Members: []*Member{{Email: "alice@example.com", Roles: []string{"ghost"}}}},
		{Code: "org_2", Pos: Pos{"b.yaml", 1, 5}, FeatureFlags: []FlagOverride{{Key: "dark_mode", Value: FlagValue{Type: FlagInt, Int: 1}}}},
	}}
	want := Problems{
		{Pos{"a.yaml", 3, 5}, `organizations[0].members[0].roles[0]: unknown role "ghost" (known roles: "admin", "viewer")`},
		{Pos{"b.yaml", 1, 5}, `organizations[0].feature_flags.dark_mode: this is a bool flag, but the value is the integer 1`},
	}
	if diff := cmp.Diff(want, doc.CheckNames(testCatalog())); diff != "" {
		t.Errorf("CheckNames (-want +got):\n%s", diff)
	}
}

func TestConnectionID(t *testing.T) {
	c := testCatalog()
	for ref, want := range map[string]string{"conn_google": "conn_google", "Google": "conn_google", "GitHub": "conn_github"} {
		if got, err := c.ConnectionID(ref); err != nil || got != want {
			t.Errorf("ConnectionID(%q) = %q, %v; want %q", ref, got, err, want)
		}
	}
	if _, err := c.ConnectionID("google"); err == nil {
		t.Error("ConnectionID(google) succeeded; names are case-sensitive")
	}
}
