package emulator_test

import (
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func parse(t *testing.T, name, text string) *emulator.State {
	t.Helper()
	st, err := emulator.ParseState(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStateGolden pins the canonical form of a state file.
func TestStateGolden(t *testing.T) {
	got, err := emulator.MarshalState(parse(t, "state.yaml", fixture), ".")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "state.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("canonical state (-want +got):\n%s", diff)
	}
	// The canonical form reads back as the same state, and writes itself.
	again, err := emulator.MarshalState(parse(t, "state.yaml", string(got)), ".")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(got), string(again)); diff != "" {
		t.Errorf("canonical form is not a fixed point (-first +second):\n%s", diff)
	}
}

// TestStateRoundTrip changes a state through the API, saves it, and loads
// it back.
func TestStateRoundTrip(t *testing.T) {
	c := start(t, emulator.Options{})
	c.call("POST", "/api/v1/user", kinde.CreateUserRequest{
		Identities: []kinde.CreateUserIdentity{{Type: "email", Details: kinde.IdentityDetails{Email: "erin@globex.com"}}},
	}, http.StatusOK, nil)
	var created kinde.CreateOrganizationResponse
	c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{Name: "Globex", Handle: "globex", LinkColorDark: "#abc"}, http.StatusOK, &created)
	org := "/api/v1/organizations/" + created.Organization.Code
	c.call("PATCH", "/api/v1/organization/"+created.Organization.Code, kinde.UpdateOrganizationRequest{
		IsEnforceMFA: ptr(false), AllowedDomains: []string{"globex.com", "globex.io"}, IsSuspended: ptr(true),
	}, http.StatusOK, nil)
	c.call("POST", org+"/users", kinde.AddOrganizationUsersRequest{Users: []kinde.AddOrganizationUser{
		{ID: c.userID("erin@globex.com"), Roles: []string{"viewer"}, Permissions: []string{"billing:manage"}},
	}}, http.StatusOK, nil)
	c.call("PATCH", org+"/feature_flags/theme?value=true", nil, http.StatusOK, nil) // a str flag that looks like a bool
	c.call("PATCH", org+"/feature_flags/seats?value=12", nil, http.StatusOK, nil)
	c.call("PUT", org+"/properties/kp_org_zip?value=007", nil, http.StatusOK, nil)
	c.call("POST", org+"/connections/"+googleC, nil, http.StatusOK, nil)
	c.call("PUT", org+"/mfa", kinde.ReplaceOrganizationMFARequest{EnabledFactors: []string{"mfa:sms"}}, http.StatusOK, nil)
	c.call("PATCH", org+"/sessions", kinde.UpdateOrganizationSessionsRequest{AuthenticatedSessionLifetime: ptr(3600)}, http.StatusOK, nil)
	if status := uploadLogo(c, "light", "acme.png", png); status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}

	snap := c.e.Snapshot()
	for _, o := range snap.Organizations {
		if o.Code == created.Organization.Code && (o.CreatedOn.IsZero() || o.SuspendedOn.IsZero() || o.Members[0].JoinedOn.IsZero()) {
			t.Errorf("created org: created_on %v, suspended_on %v, joined_on %v: want all set", o.CreatedOn, o.SuspendedOn, o.Members[0].JoinedOn)
		}
	}
	path := filepath.Join(t.TempDir(), "state.yaml")
	if err := emulator.SaveState(path, snap); err != nil {
		t.Fatal(err)
	}
	loaded, err := emulator.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(snap, loaded); diff != "" {
		t.Errorf("load(save(snapshot)) (-snapshot +loaded):\n%s", diff)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("save left %d files, want only the state", len(entries))
	}
}

func TestLogoFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "logos"), 0o755)
	os.WriteFile(filepath.Join(dir, "logos", "acme.png"), png, 0o644)
	text := "version: 1\norganizations:\n  - {name: Acme, code: org_7d45b01ef13, logos: {light: logos/acme.png}}\n"
	st := parse(t, filepath.Join(dir, "state.yaml"), text)
	var logo *emulator.Logo
	for _, o := range st.Organizations {
		if o.Code == acme {
			logo = o.Logos["light"]
		}
	}
	if logo == nil || logo.FileName != "acme.png" || string(logo.Data) != string(png) {
		t.Fatalf("logo read from a file: %+v", logo)
	}
	for _, tt := range []struct {
		name, dir, want string
	}{
		{"beside the file", dir, "light: logos/acme.png"},
		{"elsewhere", filepath.Join(dir, "sub"), "light: ../logos/acme.png"},
	} {
		out, err := emulator.MarshalState(st, tt.dir)
		if err != nil || !strings.Contains(string(out), tt.want) {
			t.Errorf("%s: %v, want %q in\n%s", tt.name, err, tt.want, out)
		}
	}
	// Once the file no longer holds the logo, the bytes are written inline.
	os.WriteFile(filepath.Join(dir, "logos", "acme.png"), []byte("changed"), 0o644)
	out, _ := emulator.MarshalState(st, dir)
	if !strings.Contains(string(out), "file_name: acme.png") || !strings.Contains(string(out), "data: iVBORw0K") {
		t.Errorf("changed file: logo not inline in\n%s", out)
	}
}

func TestParseStateErrors(t *testing.T) {
	const env = "version: 1\nenvironment:\n  feature_flags: [{key: seats, type: int, default: 5}]\n  roles: [{key: admin}]\nusers: [{email: a@x.com}]\n"
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", "version: 1\norganisations: []\n", "state.yaml: yaml: unmarshal errors:\n  line 2: field organisations not found"},
		{"unknown org key", "version: 1\norganizations:\n  - {name: A, colour: red}\n", "line 3: field colour not found"},
		{"wrong version", "version: 2\n", "state.yaml:1:10: version: version must be 1"},
		{"org without a name", "version: 1\norganizations:\n  - code: org_1\n", "state.yaml:3:5: organizations[0]: an organization needs a name"},
		{"bad colour", "version: 1\norganizations:\n  - name: A\n    button_color: blue\n", "state.yaml:4:19: organizations[0].button_color: \"blue\" is not a colour"},
		{"flag of the wrong type", env + "organizations:\n  - name: A\n    feature_flags: {seats: many}\n", "state.yaml:8:28: organizations[0].feature_flags.seats: want an integer"},
		{"unknown flag", env + "organizations:\n  - name: A\n    feature_flags: {nope: 1}\n", "no feature flag \"nope\""},
		{"unknown member", env + "organizations:\n  - name: A\n    members: [{email: b@x.com}]\n", "state.yaml:8:15: organizations[0].members[0]: no user with email \"b@x.com\""},
		{"unknown role", env + "organizations:\n  - name: A\n    members: [{email: A@X.com, roles: [boss]}]\n", "organizations[0].members[0].roles[0]: no role \"boss\""},
		{"two defaults", "version: 1\norganizations:\n  - {name: A, is_default: true}\n  - {name: B, is_default: true}\n", "only one organization can be the default"},
		{"duplicate code", "version: 1\norganizations:\n  - {name: A, code: org_1}\n  - {name: B, code: org_1}\n", "duplicate organization code \"org_1\""},
		{"unknown connection", "version: 1\norganizations:\n  - {name: A, connections: [Google]}\n", "no connection named \"Google\""},
		{"bad time", "version: 1\norganizations:\n  - {name: A, created_on: yesterday}\n", "state.yaml:3:27: organizations[0].created_on: want an RFC 3339 time"},
		{"suspended_on without suspension", "version: 1\norganizations:\n  - {name: A, suspended_on: \"2025-01-01T00:00:00Z\"}\n", "suspended_on is only for a suspended organization"},
		{"role with an unknown permission", "version: 1\nenvironment:\n  roles: [{key: a, permissions: [p]}]\n", "state.yaml:3:34: environment.roles[0].permissions[0]: no permission \"p\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := emulator.ParseState("state.yaml", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	// Every problem is reported at once.
	_, err := emulator.ParseState("state.yaml", []byte("version: 2\norganizations:\n  - {code: org_1}\n"))
	if err == nil || strings.Count(err.Error(), "state.yaml:") != 2 {
		t.Errorf("want two problems, got %v", err)
	}
}

func TestOptionsAreKept(t *testing.T) {
	// A kindesync config used as a state keeps its options section.
	out, err := emulator.MarshalState(parse(t, "state.yaml", "version: 1\noptions: {missing_users: create}\n"), ".")
	if err != nil || !strings.Contains(string(out), "options:\n  missing_users: create\n") {
		t.Errorf("%v\n%s", err, out)
	}
	if _, err := emulator.ParseState("state.yaml", nil); err == nil || !strings.Contains(err.Error(), "state.yaml: the file is empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestEmptyStateHasADefaultOrganization(t *testing.T) {
	st := parse(t, "state.yaml", "version: 1\n")
	if len(st.Organizations) != 1 || !st.Organizations[0].IsDefault {
		t.Errorf("organizations of an empty state: %+v", st.Organizations)
	}
}
