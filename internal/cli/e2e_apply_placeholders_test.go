package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// placeholderState has catalog keys in the form of kindesync's
// placeholders: a role, a flag (a path segment) and properties keyed like
// the id fields apply fills.
const placeholderState = `version: 1
environment:
  roles:
    - {key: "{org_code}", name: Braces}
  feature_flags:
    - {key: "{org_code}", type: str, default: x}
  properties:
    - {key: id, name: Id}
    - {key: role_id, name: Role id}
    - {key: "{category_id}", name: Category}
users: [{id: kp_00000000000000000000000000000001, email: old@acme.com}]
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - {code: org_acme00001, name: Acme, external_id: acme}
`

// TestApplyPlaceholderLookalikesWrittenAsGiven: user values in the form of
// the placeholders apply fills ({org_code}, {user:EMAIL}, {role:KEY},
// {category_id}) are written as given, in bodies and in paths, for an
// existing org and for one the same apply creates, with a user it creates.
// Before Refs, a property keyed id holding "{org_code}" was written as the
// org's code, and the flag keyed "{org_code}" was sent to the org's code as
// a flag key.
func TestApplyPlaceholderLookalikesWrittenAsGiven(t *testing.T) {
	e := emulatortest.StartYAML(t, placeholderState, emulator.Options{})
	props := `{id: "{org_code}", role_id: "{user:new@acme.com}", "{category_id}": "{role:{org_code}}"}`
	cfg := writeConfig(t, `version: 1
options: {missing_users: create}
organizations:
  - external_id: acme
    name: "{org_code}"
    properties: `+props+`
    feature_flags: {"{org_code}": "{org_code}"}
    members:
      - {email: old@acme.com, roles: ["{org_code}"]}
  - external_id: beta
    name: "{user:new@acme.com}"
    properties: `+props+`
    feature_flags: {"{org_code}": "{user:new@acme.com}"}
    members:
      - {email: new@acme.com, roles: ["{org_code}"]}
      - {email: "{org_code}@acme.com"}
`)
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 0 {
		t.Fatalf("apply: exit %d, want 0\n%s%s", code, out, errs)
	}
	st := e.Snapshot()
	users := map[string]string{}
	for _, u := range st.Users {
		users[u.ID] = u.Email
	}
	wantProps := map[string]string{"id": "{org_code}", "role_id": "{user:new@acme.com}", "{category_id}": "{role:{org_code}}"}
	type org struct {
		Name         string
		Props, Flags map[string]string
		Members      []string
	}
	got := map[string]org{}
	for _, o := range st.Organizations {
		if o.ExternalID == "" {
			continue
		}
		g := org{Name: o.Name, Props: o.Properties, Flags: o.FeatureFlags}
		for _, m := range o.Members {
			g.Members = append(g.Members, users[m.UserID])
		}
		slices.Sort(g.Members)
		got[o.ExternalID] = g
	}
	want := map[string]org{
		"acme": {Name: "{org_code}", Props: wantProps, Flags: map[string]string{"{org_code}": "{org_code}"},
			Members: []string{"old@acme.com"}},
		"beta": {Name: "{user:new@acme.com}", Props: wantProps, Flags: map[string]string{"{org_code}": "{user:new@acme.com}"},
			Members: []string{"new@acme.com", "{org_code}@acme.com"}}, // sorted
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("orgs after apply (-want +got):\n%s", diff)
	}
	// The members' roles (a key "{org_code}") are checked by the plan.
	code, out, errs = cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode")
	if code != 0 || !strings.Contains(out, "No changes") {
		t.Errorf("plan after apply: exit %d, want 0\n%s%s", code, out, errs)
	}
}
