package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestReliabilityBulkAddAnswerLost: the answer to a bulk add of members is
// lost after the add was made, so apply sends it again. Kinde answers the
// repeat as the spec documents (200), or with a 409 as Kinde's Terraform
// provider expects (ConflictOnExistingMember); either way apply counts the
// add as done, exits 0, and a plan shows no changes.
func TestReliabilityBulkAddAnswerLost(t *testing.T) {
	const users = "/api/v1/organizations/org_exist00001/users"
	for _, conflict := range []bool{false, true} {
		t.Run(fmt.Sprint("409=", conflict), func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, relState()+badState, emulator.Options{DuplicateExternalIDs: true, ConflictOnExistingMember: conflict})
			proxy := badServer(t, e.URL, "POST", users, truncated(e, 1))
			code, out, errs := cli(t, proxy, "apply", "-f", writeConfig(t, badConfig), "--auto-approve", "--token", e.Token())
			if code != 0 || strings.Contains(errs, "FAILED") {
				t.Fatalf("apply: exit %d\n%s%s", code, tail(out, 1500), tail(errs, 1500))
			}
			// The proxy forwarded the first send to Exist and cut its answer;
			// the repeat reached the emulator, which found the member there
			// (a 409 with the knob). Fresh's add went through once.
			if n := e.Stats().Requests["AddOrganizationUsers"]; n != 3 {
				t.Errorf("AddOrganizationUsers reached the emulator %d times, want 3: Exist's send and its repeat, and Fresh's", n)
			}
			if c, out, errs := cli(t, e.URL, "plan", "-f", writeConfig(t, badConfig), "--detailed-exitcode"); c != 0 {
				t.Errorf("plan after apply: exit %d\n%s%s", c, out, errs)
			}
		})
	}
}
