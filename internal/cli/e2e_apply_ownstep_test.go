package cli

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// lockedFlagState has a flag organizations may not override (its
// allow_override_level is env), which the config's catalog does not
// declare: only Kinde can refuse the override, at apply.
const lockedFlagState = `version: 1
environment:
  feature_flags:
    - {key: locked, type: bool, default: false, allow_override_level: env}
    - {key: frozen, type: str, default: a, allow_override_level: env}
    - {key: seats, type: int, default: 5}
  properties:
    - {key: kp_org_city, name: City}
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - {code: org_acme00001, name: Acme, external_id: acme}
`

// TestApplyRefusedOverrideFailsOnlyItsStep: Kinde refuses an org override
// of a flag whose allow_override_level is env. That fails the override's own
// step, with a message that says why; the org's other steps (an override
// after it, a property, a rename, a new org's create) are carried out; apply
// exits 1 and counts the refusal as failed, never as done.
func TestApplyRefusedOverrideFailsOnlyItsStep(t *testing.T) {
	e := emulatortest.StartYAML(t, lockedFlagState, emulator.Options{})
	cfg := writeConfig(t, `version: 1
organizations:
  - external_id: acme
    name: Acme Inc
    feature_flags: {frozen: b, locked: true, seats: 7}
    properties: {kp_org_city: Paris}
  - external_id: beta
    name: Beta
    feature_flags: {locked: true, seats: 9}
`)
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 1 {
		t.Fatalf("apply: exit %d, want 1\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"FAILED organization[org_acme00001]: 3 done, 2 failed, 0 skipped: 2 calls failed:\n" +
			`    organization[org_acme00001].feature_flag[frozen]: organizations cannot override feature flag "frozen": Kinde refuses it`,
		`    organization[org_acme00001].feature_flag[locked]: organizations cannot override feature flag "locked": Kinde refuses it`,
		"FEATURE_FLAG_OVERRIDE_NOT_ALLOWED",
		"Apply finished: 5 steps done",
		"2 of 2 groups failed",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("apply's report lacks %q:\n%s", want, errs)
		}
	}
	if !regexp.MustCompile(`FAILED organization\[beta\] \(org_\w+\): 2 done, 1 failed, 0 skipped`).MatchString(errs) {
		t.Errorf("apply's report lacks beta's failure:\n%s", errs)
	}
	st := e.Snapshot()
	acme := findOrg(t, st, "org_acme00001")
	got := map[string]any{"name": acme.Name, "flags": acme.FeatureFlags, "props": acme.Properties}
	want := map[string]any{"name": "Acme Inc", "flags": map[string]string{"seats": "7"}, "props": map[string]string{"kp_org_city": "Paris"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("acme after apply (-want +got):\n%s", diff)
	}
	var beta *emulator.Organization
	for _, o := range st.Organizations {
		if o.ExternalID == "beta" {
			beta = o
		}
	}
	if beta == nil || !cmp.Equal(beta.FeatureFlags, map[string]string{"seats": "9"}) {
		t.Errorf("beta after apply: %+v, want created with seats 9 and no locked override", beta)
	}
	// What is left is exactly what was refused.
	code, out, errs = cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode")
	if code != 2 || strings.Count(out, "feature_flag[locked]") != 2 || strings.Count(out, "feature_flag[frozen]") != 1 || strings.Contains(out, "seats") ||
		strings.Contains(out, "kp_org_city") || !strings.Contains(out, "3 to create, 0 to update, 0 to delete") {
		t.Errorf("plan after apply: exit %d, want 2 with the three refused overrides only\n%s%s", code, out, errs)
	}
}

// TestApplyFailedUserFailsOnlyItsOrgs: a user create Kinde refuses
// (missing_users: create) fails its own step and the orgs whose members
// name that user; the other users are created and the other orgs applied.
// Before, the first failed user stopped the environment's steps, so every
// later user was missing and every org that needed one failed too.
func TestApplyFailedUserFailsOnlyItsOrgs(t *testing.T) {
	e := emulatortest.StartYAML(t, `version: 1
environment:
  roles: [{key: viewer, name: Viewer}]
users: [{id: kp_00000000000000000000000000000001, email: old@acme.com}]
organizations: [{code: org_default00, is_default: true, name: Default}]
`, emulator.Options{})
	// The refused email sorts first: its create is the environment's first call.
	refuse := func(w http.ResponseWriter, r *http.Request, _ int) bool {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		if !bytes.Contains(b, []byte("aaa-refused@acme.com")) {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"errors":[{"code":"INVALID_EMAIL","message":"The email is not allowed."}]}`)
		return true
	}
	base := badServer(t, e.URL, http.MethodPost, "/api/v1/user", refuse)
	cfg := writeConfig(t, `version: 1
options: {missing_users: create}
organizations:
  - external_id: needs
    name: Needs
    members: [{email: aaa-refused@acme.com}, {email: new1@acme.com}]
  - external_id: fine
    name: Fine
    members: [{email: new1@acme.com, roles: [viewer]}, {email: new2@acme.com}]
  - external_id: old
    name: Old
    members: [{email: old@acme.com}]
`)
	// The proxy is not the audience of the emulator's tokens.
	code, out, errs := cli(t, base, "apply", "-f", cfg, "--auto-approve", "--token", e.Token())
	if code != 1 {
		t.Fatalf("apply: exit %d, want 1\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"FAILED environment: 2 done, 1 failed, 0 skipped: user[aaa-refused@acme.com]: kinde: createUser POST /api/v1/user: 400 Bad Request: The email is not allowed. (INVALID_EMAIL)",
		"FAILED organization[needs] (org_",
		"needs the id of user aaa-refused@acme.com: depends on an earlier step that did not complete",
		"Apply finished: 8 steps done",
		"2 of 4 groups failed",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("apply's report lacks %q:\n%s", want, errs)
		}
	}
	st := e.Snapshot()
	users := map[string]string{}
	for _, u := range st.Users {
		users[u.Email] = u.ID
	}
	if _, ok := users["aaa-refused@acme.com"]; ok || users["new1@acme.com"] == "" || users["new2@acme.com"] == "" {
		t.Errorf("users after apply: %v, want new1 and new2 created, aaa-refused not", users)
	}
	members := map[string][]string{}
	for _, o := range st.Organizations {
		for _, m := range o.Members {
			members[o.ExternalID] = append(members[o.ExternalID], m.UserID)
		}
	}
	want := map[string][]string{
		"fine": {users["new1@acme.com"], users["new2@acme.com"]},
		"old":  {users["old@acme.com"]},
	}
	if diff := cmp.Diff(want, members, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("members after apply (-want +got):\n%s", diff)
	}
}
