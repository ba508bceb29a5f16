package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// orgopsState is two organizations with external ids and handles, for the
// commands that take --org.
func orgopsState(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.yaml")
	writePlanInput(t, path, applyState(`  - {code: org_1ccfb819462, external_id: acme, handle: acme-inc, name: Acme}
  - {code: org_3eefd0316b8, external_id: globex, handle: globex, name: Globex}
  - {code: org_5aa5aa5aa51, external_id: twin, name: Twin One}
`))
	return path
}

// TestExportOrgByKey: export --org takes a code, an external_id or a handle;
// a name that matches no organization, or two, is an error that writes
// nothing.
func TestExportOrgByKey(t *testing.T) {
	state := orgopsState(t)
	for _, ref := range []string{"org_1ccfb819462", "acme", "acme-inc"} {
		code, out, errs := kindesync(t, "export", "--emulator", state, "--org", ref)
		if code != 0 {
			t.Fatalf("export --org %s exited %d:\n%s", ref, code, errs)
		}
		if !strings.Contains(out, "code: org_1ccfb819462") || strings.Contains(out, "org_3eefd0316b8") {
			t.Errorf("export --org %s wrote:\n%s", ref, out)
		}
	}
	code, out, errs := kindesync(t, "export", "--emulator", state, "--org", "nosuch")
	if code != 1 || out != "" || !strings.Contains(errs, `no organization has the code, external_id or handle "nosuch"`) {
		t.Errorf("export --org nosuch: exit %d, stdout %q, stderr:\n%s", code, out, errs)
	}
}

// TestBillingOnExistingOrgSaysSoOnce: billing on an organization that
// exists plans nothing; a plan without other changes says so on stderr,
// once, and still shows no changes.
func TestBillingOnExistingOrgSaysSoOnce(t *testing.T) {
	state := orgopsState(t)
	desired := filepath.Join(t.TempDir(), "desired.yaml")
	writePlanInput(t, desired, `version: 1
organizations:
  - code: org_1ccfb819462
    billing: {create_customer: true, plan_code: pro}
`)
	code, out, errs := kindesync(t, "plan", "-f", desired, "--emulator", state, "--detailed-exitcode")
	if code != 0 || out != "No changes. Kinde matches the configuration.\n" {
		t.Fatalf("plan exited %d:\n%s%s", code, out, errs)
	}
	if n := strings.Count(errs, "billing is honoured only when kindesync creates an organization"); n != 1 {
		t.Errorf("stderr says it %d times, want once:\n%s", n, errs)
	}
	before, _ := os.ReadFile(state)
	if code, _, errs := kindesync(t, "apply", "-f", desired, "--emulator", state, "--auto-approve"); code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, errs)
	}
	if after, _ := os.ReadFile(state); string(after) != string(before) {
		t.Errorf("apply of billing on an existing org changed the state file")
	}
}

// TestAPIScopesStateTooLong: a file granting more member API scopes than
// kindesync_state can record is refused at plan time, naming the limit;
// nothing is written. One fewer member fits, and converges.
func TestAPIScopesStateTooLong(t *testing.T) {
	// With one API, scope keys of 12 characters and no other tracked
	// setting, 135 members of one scope each fit in 4,096 characters
	// (docs/operations.md); 136 do not.
	for _, c := range []struct {
		members int
		exit    int
	}{{136, 1}, {135, 0}} {
		var users, state, file strings.Builder
		for i := range c.members {
			fmt.Fprintf(&users, "  - {id: kp_%032d, email: m%d@acme.com}\n", i, i)
			fmt.Fprintf(&state, "      - {email: m%d@acme.com}\n", i)
			fmt.Fprintf(&file, "      - {email: m%d@acme.com, api_scopes: {https://api.acme.com: [read:reports]}}\n", i)
		}
		dir := t.TempDir()
		live, desired := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "desired.yaml")
		writePlanInput(t, live, `version: 1
environment:
  apis:
    - {id: 7ccd126599aa422a771abcb341596881, name: Reports, audience: https://api.acme.com, scopes: [{key: "read:reports"}]}
users:
`+users.String()+`organizations:
  - code: org_1ccfb819462
    name: Acme
    members:
`+state.String())
		writePlanInput(t, desired, "version: 1\norganizations:\n  - code: org_1ccfb819462\n    members:\n"+file.String())
		code, out, errs := kindesync(t, "plan", "-f", desired, "--emulator", live)
		if code != c.exit {
			t.Fatalf("%d members: plan exited %d, want %d:\n%s", c.members, code, c.exit, errs)
		}
		if c.exit == 1 {
			if out != "" || !strings.Contains(errs, "kindesync_state would be 4") || !strings.Contains(errs, "more than the 4096 kindesync writes") {
				t.Errorf("%d members: stdout %q, stderr:\n%s", c.members, out, errs)
			}
			checkWritesNothing(t, desired, live, 1, nil)
			continue
		}
		// The grants, the kindesync_state write, and the category and property
		// it is created in.
		checkConverges(t, desired, live, c.members+3, nil)
	}
}

// TestInvitationsDirectorySynced: Kinde refuses invitations to an
// organization managed by directory sync. apply says so for that
// organization, in words a user can act on, and still applies the others.
func TestInvitationsDirectorySynced(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.yaml")
	writePlanInput(t, state, applyState(`  - {code: org_1ccfb819462, external_id: acme, name: Acme, is_directory_synced: true}
  - {code: org_3eefd0316b8, external_id: globex, name: Globex}
`))
	desired := filepath.Join(t.TempDir(), "desired.yaml")
	writePlanInput(t, desired, `version: 1
organizations:
  - code: org_1ccfb819462
    invitations: [{email: new@example.org, roles: [admin]}]
  - code: org_3eefd0316b8
    invitations: [{email: new@example.org, roles: [viewer]}]
`)
	code, _, errs := kindesync(t, "apply", "-f", desired, "--emulator", state, "--auto-approve")
	if code != 1 {
		t.Fatalf("apply exited %d, want 1:\n%s", code, errs)
	}
	if !strings.Contains(errs, "organization org_1ccfb819462 is managed by directory sync, and Kinde refuses invitations to it") ||
		!strings.Contains(errs, "ORGANIZATION_DIRECTORY_SYNCED") {
		t.Errorf("apply does not say why acme failed:\n%s", errs)
	}
	// globex got its invitation: planning it alone shows no changes.
	only := filepath.Join(t.TempDir(), "globex.yaml")
	writePlanInput(t, only, `version: 1
organizations:
  - code: org_3eefd0316b8
    invitations: [{email: new@example.org, roles: [viewer]}]
`)
	checkNoChanges(t, "globex after apply", only, state, nil)
}
