package cli

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// unlisted answers the environment's connection list without the
// connections hidden, the way live Kinde may leave out the SSO connection an
// org manages itself (KINDE-FACTS: unknown whether the list shows it). The
// org's own list still names it, as the emulator answers.
func unlisted(e *emulatortest.Emulator, hidden ...string) misbehave {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		var resp map[string]any
		if err := json.Unmarshal(forward(e, r), &resp); err != nil {
			return false
		}
		conns, _ := resp["connections"].([]any)
		resp["connections"] = slices.DeleteFunc(conns, func(c any) bool {
			m, _ := c.(map[string]any)
			id, _ := m["id"].(string)
			return slices.Contains(hidden, id)
		})
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp) //nolint:errcheck // the client sees a short answer
		return true
	}
}

// TestLiveUnlistedConnectionKept: a connection enabled on an org that the
// environment's connection list does not return (here Acme's own SAML
// connection) is never removed by a connections list that leaves it out:
// the plan keeps it and says so, apply leaves it enabled. Before, it was
// planned as a removal under its bare id, with no strategy to mark it as
// SSO, so only the delete fraction stood between the file and the
// customer's sign-in.
func TestLiveUnlistedConnectionKept(t *testing.T) {
	e := emulatortest.StartYAML(t, connState, emulator.Options{})
	proxy := badServer(t, e.URL, "GET", "/api/v1/connections", unlisted(e, connSSO))
	via := func(args ...string) (int, string, string) {
		return cli(t, proxy, append(args, "--token", e.Token())...)
	}
	note := "organization[org_exist00001].connection[" + connSSO + "]: connection ID enabled on the org is not in the environment's connection list; kept"
	all := []string{connGoogle, connGitHub, connSSO}

	// Leaving it out of a list that changes nothing else: no steps, a note.
	same := writeConfig(t, head+"  - {code: org_exist00001, connections: [Google, GitHub]}\n")
	code, out, errs := via("plan", "-f", same, "--detailed-exitcode")
	if code != 0 || !strings.Contains(out, "No changes") || !strings.Contains(errs, "note: "+note) {
		t.Fatalf("plan: exit %d, want 0 with the note\n%s%s", code, out, errs)
	}
	// Beside a real change, and with every limit lifted: the note is in the
	// plan, and the connection stays.
	fewer := writeConfig(t, head+"  - {code: org_exist00001, connections: [Google]}\n")
	code, out, errs = via("apply", "-f", fewer, "--auto-approve", "--allow-deletes")
	if code != 0 || !strings.Contains(out, "Note: "+note) || strings.Contains(out, "connection["+connSSO+"]\n") {
		t.Fatalf("apply: exit %d, want 0, the note and no removal of %s\n%s%s", code, connSSO, out, errs)
	}
	if got, want := orgConnections(e, "org_exist00001"), []string{connGoogle, connSSO}; !slices.Equal(got, want) {
		t.Fatalf("connections = %v, want %v", got, want)
	}
	if code, _, errs := via("apply", "-f", same, "--auto-approve"); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, errs)
	}
	if got := orgConnections(e, "org_exist00001"); !slices.Equal(got, all) {
		t.Fatalf("connections = %v, want %v", got, all)
	}
	// An apply with nothing to do still says it.
	if code, out, errs := via("apply", "-f", same, "--auto-approve"); code != 0 || !strings.Contains(out, "No changes") || !strings.Contains(errs, "note: "+note) {
		t.Fatalf("apply: exit %d, want 0 with the note\n%s%s", code, out, errs)
	}

	// Export names it by id; that file plans no changes and needs no note.
	exported := filepath.Join(t.TempDir(), "export.yaml")
	if code, _, errs := via("export", "-o", exported); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	code, out, errs = via("plan", "-f", exported, "--detailed-exitcode")
	if code != 0 || strings.Contains(errs, "note:") {
		t.Fatalf("plan of the export: exit %d, want no changes and no note\n%s%s", code, out, errs)
	}
	if code, _, errs := via("validate", "-f", exported, "--remote"); code != 0 {
		t.Fatalf("validate --remote of the export: exit %d\n%s", code, errs)
	}

	// Its id cannot be enabled on another org: nothing says what it is.
	other := writeConfig(t, head+"  - {code: org_default00, connections: [Google, "+connSSO+"]}\n  - {code: org_exist00001, connections: [Google, GitHub]}\n")
	code, _, errs = via("plan", "-f", other)
	if code != 1 || !strings.Contains(errs, "orgs.yaml:3:") || !strings.Contains(errs, "cannot enable it here") {
		t.Fatalf("plan enabling it elsewhere: exit %d, want 1 at its place\n%s", code, errs)
	}
}
