package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mfaState: alice (u1) has two factors in acme, bob (u2) none.
func mfaState(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.yaml")
	writePlanInput(t, path, applyState(`  - code: org_1ccfb819462
    external_id: acme
    handle: acme-inc
    name: Acme
    members:
      - email: u1@acme.com
        mfa_factors:
          - {id: mfa_0193000000000000000000000000aaaa, type: sms, name: "+61400000000", is_verified: true, usage_count: 3, created_on: "2026-11-01T10:00:00Z"}
          - {id: mfa_0193000000000000000000000000bbbb, type: authenticator_app, is_verified: true, created_on: "2026-11-20T10:00:00Z"}
      - email: u2@acme.com
`))
	return path
}

func TestMFAShow(t *testing.T) {
	state := mfaState(t)
	// By handle and email, text: the most recent factor, as Kinde answers.
	code, out, errs := kindesync(t, "mfa", "show", "--emulator", state, "--org", "acme-inc", "--user", "U1@acme.com")
	want := `organization: org_1ccfb819462
user: kp_00000000000000000000000000000001
email: u1@acme.com
mfa:
  id: mfa_0193000000000000000000000000bbbb
  type: authenticator_app
  verified: true
  usage_count: 0
  created_on: 2026-11-20T10:00:00Z
`
	if code != 0 || out != want {
		t.Errorf("mfa show exited %d:\n%s\nwant:\n%s%s", code, out, want, errs)
	}
	// By external_id and id, json; a member without a factor has mfa null.
	code, out, errs = kindesync(t, "mfa", "show", "--emulator", state, "--org", "acme", "--user", "kp_00000000000000000000000000000002", "--format", "json")
	var got mfaJSON
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.MFA != nil || got.Organization != "org_1ccfb819462" || !strings.Contains(out, `"mfa": null`) {
		t.Errorf("mfa show --format json exited %d:\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--org", "nosuch", "--user", "u1@acme.com"}, `--org: no organization has the code, external_id or handle "nosuch"`},
		{[]string{"--org", "acme", "--user", "nobody@acme.com"}, "--user: no Kinde user has the email nobody@acme.com"},
		{[]string{"--org", "acme", "--user", "kp_00000000000000000000000000000009"}, "USER_NOT_IN_ORGANIZATION"},
	} {
		code, out, errs := kindesync(t, append([]string{"mfa", "show", "--emulator", state}, c.args...)...)
		if code != 1 || out != "" || !strings.Contains(errs, c.msg) {
			t.Errorf("mfa show %q: exit %d, stdout %q, stderr:\n%s", c.args, code, out, errs)
		}
	}
}

func TestMFAReset(t *testing.T) {
	state := mfaState(t)
	before, _ := os.ReadFile(state)
	base := []string{"mfa", "reset", "--emulator", state, "--org", "org_1ccfb819462", "--user", "u1@acme.com"}
	// No terminal and no --auto-approve: refused, nothing written.
	code, _, errs := kindesync(t, append(base, "--factor", "mfa_0193000000000000000000000000bbbb")...)
	if code != 1 || !strings.Contains(errs, "pass --auto-approve") {
		t.Errorf("mfa reset without a terminal: exit %d:\n%s", code, errs)
	}
	// --factor and --all together, or neither: a usage error.
	for _, extra := range [][]string{{"--all", "--factor", "x"}, {}} {
		if code, _, errs := kindesync(t, append(base, extra...)...); code != 1 {
			t.Errorf("mfa reset %q: exit %d, want 1:\n%s", extra, code, errs)
		}
	}
	if after, _ := os.ReadFile(state); string(after) != string(before) {
		t.Fatal("a refused mfa reset changed the state")
	}
	journal := filepath.Join(t.TempDir(), "journal.jsonl")
	code, _, errs = kindesync(t, append(base, "--factor", "mfa_0193000000000000000000000000bbbb", "--auto-approve", "--journal", journal)...)
	if code != 0 || !strings.Contains(errs, "reset MFA factor mfa_0193000000000000000000000000bbbb of u1@acme.com (ResetOrgUserMFA)") {
		t.Fatalf("mfa reset --factor exited %d:\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(readFile(t, journal)), "\n")
	if len(lines) > 0 && strings.Contains(lines[0], `"event":"start"`) {
		lines = lines[1:] // the run's first line, before any write
	}
	if len(lines) != 2 || !strings.Contains(lines[0], `"event":"begin"`) || !strings.Contains(lines[1], `"ok":true`) ||
		!strings.Contains(lines[1], `"op":"ResetOrgUserMFA"`) || !strings.Contains(lines[1], "member[u1@acme.com].mfa[mfa_0193000000000000000000000000bbbb]") {
		t.Errorf("journal:\n%s", strings.Join(lines, "\n"))
	}
	// The other factor is what show answers now; resetting the gone one
	// again fails and says nothing was reset.
	if _, out, _ := kindesync(t, "mfa", "show", "--emulator", state, "--org", "acme", "--user", "u1@acme.com"); !strings.Contains(out, "mfa_0193000000000000000000000000aaaa") {
		t.Errorf("after the reset, mfa show:\n%s", out)
	}
	code, _, errs = kindesync(t, append(base, "--factor", "mfa_0193000000000000000000000000bbbb", "--auto-approve")...)
	if code != 1 || !strings.Contains(errs, "MFA_FACTOR_NOT_FOUND") || !strings.Contains(errs, "nothing was reset") {
		t.Errorf("resetting a gone factor: exit %d:\n%s", code, errs)
	}
	if code, _, errs = kindesync(t, append(base, "--all", "--auto-approve")...); code != 0 {
		t.Fatalf("mfa reset --all exited %d:\n%s", code, errs)
	}
	if _, out, _ := kindesync(t, "mfa", "show", "--emulator", state, "--org", "acme", "--user", "u1@acme.com"); !strings.Contains(out, "mfa: none") {
		t.Errorf("after reset --all, mfa show:\n%s", out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
