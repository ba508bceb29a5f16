package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

const (
	connGoogle = "conn_0192c16abb53b44277e597d31877ba5a"
	connGitHub = "conn_0192c16abb53b44277e597d31877ba5b"
	connSSO    = "conn_0192c16abb53b44277e597d31877ba5c"
)

// connState is an environment with two social connections and Acme's own
// SAML connection, which org_exist00001 manages (organization_code), and
// that org with all three enabled.
const connState = `version: 1
environment:
  connections:
    - {id: ` + connGoogle + `, name: Google, strategy: "oauth2:google"}
    - {id: ` + connGitHub + `, name: GitHub, strategy: "oauth2:github"}
    - {id: ` + connSSO + `, name: Acme SSO, strategy: "saml:okta", organization_code: org_exist00001}
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - {code: org_exist00001, name: Exist, connections: [Google, GitHub, Acme SSO]}
`

func orgConnections(e *emulatortest.Emulator, code string) []string {
	for _, o := range e.Snapshot().Organizations {
		if o.Code == code {
			c := slices.Clone(o.Connections)
			slices.Sort(c)
			return c
		}
	}
	return nil
}

// TestLiveConnectionRemovalRetried: the answer to removing a connection
// from an org is lost after Kinde removed it; the client sends the DELETE
// again, Kinde answers that the connection is not enabled, and apply counts
// the removal as done, as it does a 404 on other deletes.
func TestLiveConnectionRemovalRetried(t *testing.T) {
	e := emulatortest.StartYAML(t, connState, emulator.Options{})
	proxy := badServer(t, e.URL, "DELETE", "/api/v1/organizations/org_exist00001/connections/"+connGitHub, truncated(e, 1))
	cfg := writeConfig(t, head+"  - {code: org_exist00001, connections: [Google, Acme SSO]}\n")
	code, out, errs := cli(t, proxy, "apply", "-f", cfg, "--auto-approve", "--token", e.Token(), "-v")
	if code != 0 || !strings.Contains(errs, "(retry 1)") {
		t.Fatalf("apply: exit %d, want 0 after a retried removal\n%s%s", code, out, errs)
	}
	if got, want := orgConnections(e, "org_exist00001"), []string{connGoogle, connSSO}; !slices.Equal(got, want) {
		t.Errorf("connections = %v, want %v", got, want)
	}
}

// TestLiveSSOConnectionRemovalBlocked: a connections list that leaves out
// an org's enterprise (SSO) connection — here one the org manages itself —
// removes it only as a blocked delete: exit 3 and nothing written, however
// small the share; --allow-deletes lifts it.
func TestLiveSSOConnectionRemovalBlocked(t *testing.T) {
	e := emulatortest.StartYAML(t, connState, emulator.Options{})
	cfg := writeConfig(t, head+"  - {code: org_exist00001, connections: [Google, GitHub]}\n")
	all := []string{connGoogle, connGitHub, connSSO}
	for _, args := range [][]string{{"plan", "-f", cfg}, {"apply", "-f", cfg, "--auto-approve", "--max-delete-fraction", "1", "--allow-suspend"}} {
		code, _, errs := cli(t, e.URL, args...)
		if code != 3 || !strings.Contains(errs, "organization[org_exist00001].connection[Acme SSO]: turning off an enterprise (SSO) connection (saml:okta)") {
			t.Fatalf("%v: exit %d, want 3 naming the SSO connection\n%s", args, code, errs)
		}
		if got := orgConnections(e, "org_exist00001"); !slices.Equal(got, all) {
			t.Fatalf("%v: connections = %v, want all three kept", args, got)
		}
	}
	if code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "--allow-deletes"); code != 0 {
		t.Fatalf("apply --allow-deletes: exit %d\n%s", code, errs)
	}
	if got, want := orgConnections(e, "org_exist00001"), []string{connGoogle, connGitHub}; !slices.Equal(got, want) {
		t.Errorf("connections = %v, want %v", got, want)
	}
}
