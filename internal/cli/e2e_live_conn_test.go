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
