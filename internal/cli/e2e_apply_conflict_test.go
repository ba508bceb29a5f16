package cli

import (
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// conflictState has Acme holding the handle "acme", and Other without one.
const conflictState = `version: 1
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - {code: org_acme00001, name: Acme, external_id: acme, handle: acme}
  - {code: org_other0001, name: Other}
`

// TestApplyHandleConflictIsAFailure: Kinde answers "already" when a handle
// is another org's. That is a failure of the call that asked for it, never
// "already done": the update must not be reported as applied. (A create that
// meets it adopts an org only if every identity it was given matches:
// kinde's TestFinders.)
func TestApplyHandleConflictIsAFailure(t *testing.T) {
	for _, tc := range []struct{ name, org string }{
		{"update", "  - {code: org_other0001, handle: acme}\n"},
		{"update with other fields", "  - {code: org_other0001, handle: acme, name: Other Inc}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := emulatortest.StartYAML(t, conflictState, emulator.Options{})
			cfg := writeConfig(t, "version: 1\norganizations:\n"+tc.org)
			code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
			if code != 1 || !strings.Contains(out+errs, "HANDLE_ALREADY_EXISTS") {
				t.Errorf("apply: exit %d, want 1 naming Kinde's refusal\n%s%s", code, out, errs)
			}
			st := e.Snapshot()
			acme, other := findOrg(t, st, "org_acme00001"), findOrg(t, st, "org_other0001")
			if acme.Name != "Acme" || acme.SenderName != "" || acme.ExternalID != "acme" {
				t.Errorf("Acme was changed by another org's steps: %+v", acme)
			}
			if other.Handle != "" {
				t.Errorf("Other's handle = %q, want none", other.Handle)
			}
			if n := len(st.Organizations); n != 3 {
				t.Errorf("%d organizations, want 3", n)
			}
		})
	}
}
