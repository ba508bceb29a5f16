package spec

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var update = flag.Bool("update", false, "rewrite golden files and the committed schema")

// corpus is testdata/spec at the repository root.
var corpus = filepath.Join("..", "..", "testdata", "spec")

// testEnv is the environment of every corpus file: tests never read the
// process environment.
var testEnv = map[string]string{
	"EXT_ID":      "acme",
	"ORG_NAME":    "Acme Inc",
	"DOMAINS":     "[acme.com, acme.example]",
	"ADMIN_EMAIL": "Admin@Acme.com",
	"LONG":        "a value much longer than the reference to it",
	"LINES":       "first\nsecond",
	"EMPTY":       "",
	// Secrets: never shown in a message (secret-in-message.yaml).
	"API_SECRET":   "kinde-api-s3cr3t-9f8e7d",
	"SHORT_SECRET": "x9",
}

var testLoader = &Loader{LookupEnv: func(name string) (string, bool) {
	v, ok := testEnv[name]
	return v, ok
}}

// chdir moves the test into dir, so that messages and paths read as
// they would for a user who runs kindesync there.
func chdir(t *testing.T, dir string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(abs)
}

func ptr[T any](v T) *T { return &v }

// ignorePos leaves positions to the invalid corpus, which checks them in
// every message.
var ignorePos = cmpopts.IgnoreTypes(Pos{})

func TestLoadValid(t *testing.T) {
	defaults := Options{MissingUsers: MissingUsersError}
	tests := []struct {
		file string
		want *Document
	}{
		{"three-state.yaml", &Document{Options: defaults, Organizations: []*Organization{
			{Code: "org_absent"},
			{Code: "org_empty", AllowedDomains: []string{}, Connections: []Ref{}, FeatureFlags: []FlagOverride{},
				Properties: []PropertyValue{}, Logos: &Logos{}, MFA: &MFA{EnabledFactors: []string{}}, Sessions: &Sessions{},
				Members: []*Member{}},
			{Code: "org_values", Name: ptr("Values"), IsSuspended: ptr(false), AllowedDomains: []string{"b.example", "a.example"},
				Members: []*Member{
					{Email: "roles-absent@example.com"},
					{Email: "roles-empty@example.com", Roles: []string{}, Permissions: []string{}},
					{Email: "roles-set@example.com", Roles: []string{"admin", "viewer"}, Permissions: []string{"reports:read"}},
				}},
		}}},
		{"typed.yaml", &Document{Options: Options{DeleteUnlistedOrganizations: true, MissingUsers: MissingUsersCreate},
			Organizations: []*Organization{{ExternalID: ptr("typed"),
				FeatureFlags: []FlagOverride{
					{Key: "on", Value: FlagValue{Type: FlagBool, Bool: true}},
					{Key: "off", Value: FlagValue{Type: FlagBool, Bool: false}},
					{Key: "seats", Value: FlagValue{Type: FlagInt, Int: 50}},
					{Key: "negative", Value: FlagValue{Type: FlagInt, Int: -3}},
					{Key: "hex", Value: FlagValue{Type: FlagInt, Int: 16}},
					{Key: "quoted", Value: FlagValue{Type: FlagString, String: "50"}},
					{Key: "word", Value: FlagValue{Type: FlagString, String: "hello"}},
					{Key: "yes_is_a_string", Value: FlagValue{Type: FlagString, String: "yes"}},
				},
				Properties: []PropertyValue{
					{Key: "city", Value: "Sydney"}, {Key: "number", Value: "42"}, {Key: "float", Value: "1.50"},
					{Key: "bool", Value: "true"}, {Key: "quoted", Value: "007"}, {Key: "empty", Value: ""},
				},
				Sessions: &Sessions{AuthenticatedSessionLifetime: ptr[int64](0), SSOSessionPersistenceMode: ptr("non_persistent")},
			}}}},
		{"normalised.yaml", &Document{Options: defaults, Organizations: []*Organization{{
			Handle: ptr("colours"), BackgroundColor: ptr("#aabbcc"), ButtonColor: ptr("#a0b1c2"), LinkColor: ptr("#ffffff"),
			SenderEmail: ptr("no-reply@example.com"),
			Logos:       &Logos{Light: filepath.Join("logos", "light.png")},
			Members:     []*Member{{Email: "alice@example.com"}, {ID: "kp_123"}},
		}}}},
		{"interpolation.yaml", &Document{Options: defaults, Organizations: []*Organization{{
			ExternalID:     ptr("acme"),
			Name:           ptr("Acme Inc (acme)"),
			SenderName:     ptr("costs $$5 and ${NOT_A_VAR}"),
			AllowedDomains: []string{"acme.com", "acme.example"},
			Members:        []*Member{{Email: "admin@acme.com", Roles: []string{"admin"}}},
		}}, Interpolated: []Interpolation{
			{"EXT_ID", "acme"}, {"ORG_NAME", "Acme Inc"}, {"EXT_ID", "acme"},
			{"DOMAINS", "[acme.com, acme.example]"}, {"ADMIN_EMAIL", "Admin@Acme.com"},
		}}},
		{"anchors.yaml", &Document{Options: defaults, Organizations: []*Organization{
			{Code: "org_a", Members: []*Member{
				{Email: "alice@example.com", Roles: []string{"admin", "viewer"}},
				{Email: "bob@example.com", Roles: []string{"admin", "viewer"}},
			}},
			{Code: "org_b", ThemeCode: ptr("dark"), IsSuspended: ptr(true), Members: []*Member{
				{Email: "alice@example.com", Roles: []string{"admin", "viewer"}},
			}},
		}}},
		{"multi", &Document{Options: Options{MissingUsers: MissingUsersCreate},
			Organizations: []*Organization{{Code: "org_a"}, {Code: "org_b"}},
			Files:         []string{filepath.Join("multi", "a.yaml"), filepath.Join("multi", "b.yml")}}},
	}
	chdir(t, filepath.Join(corpus, "valid"))
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := testLoader.Load(tt.file)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if tt.want.Files == nil {
				tt.want.Files = []string{tt.file}
			}
			if diff := cmp.Diff(tt.want, got, ignorePos); diff != "" {
				t.Errorf("Load(%s) (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

// TestPositions checks the places the model keeps for later messages
// (plan, CheckNames), including across an interpolated value that is
// longer than its reference.
func TestPositions(t *testing.T) {
	chdir(t, filepath.Join(corpus, "valid"))
	doc, err := testLoader.Load("interpolation.yaml", "three-state.yaml")
	if err != nil {
		t.Fatal(err)
	}
	org := doc.Organizations[0]
	got := []Pos{org.Pos, org.Members[0].Pos, org.Members[0].RolesPos, doc.Organizations[3].Members[2].PermissionsPos}
	want := []Pos{
		{"interpolation.yaml", 3, 5},
		{"interpolation.yaml", 8, 9},
		{"interpolation.yaml", 9, 16},
		{"three-state.yaml", 28, 22},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}
