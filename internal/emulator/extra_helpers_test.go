package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// extraFixture holds, besides what fixture has, every optional part of the
// state file that the routes outside kindesync's own use read and write.
const extraFixture = `version: 1
environment:
  permissions:
    - {key: reports:read, name: Read reports}
    - {key: reports:write, name: Write reports}
  roles:
    - {key: admin, name: Admin, permissions: [reports:read, reports:write]}
    - {key: viewer, name: Viewer, permissions: [reports:read]}
  feature_flags:
    - {key: dark_mode, type: bool, default: false, allow_override_level: org}
    - {key: seats, type: int, default: 5, override: 7}
  property_categories:
    - {id: cat_0192b7e8b4f8ca08110d2b22059662a8, name: General, context: org}
  properties:
    - {key: kp_org_city, name: City, category_id: cat_0192b7e8b4f8ca08110d2b22059662a8}
  connections:
    - {id: conn_0192c16abb53b44277e597d31877ba5b, name: Google, strategy: "oauth2:google"}
    - {id: conn_01930000000000000000000000000001, name: Acme SSO, strategy: "saml:okta", organization_code: org_7d45b01ef13}
  apis:
    - id: 7ccd126599aa422a771abcb341596881
      name: Reports
      audience: https://reports.acme.com
      scopes:
        - {key: read:reports, id: api_scope_0193ab57965aef77b2b687d0ef673713, description: Read reports}
        - {key: write:reports}
      applications: [5e2b7c1a9d3f4e6a8b0c2d4e6f8a0b1c]
    - {name: Billing, audience: https://billing.acme.com}
  applications:
    - id: 5e2b7c1a9d3f4e6a8b0c2d4e6f8a0b1c
      name: Acme Web
      type: reg
      login_uri: https://acme.com/login
      redirect_uris: [https://acme.com/callback]
      connections: [Google]
      settings: {is_ask_for_name: true}
    - {name: Acme Jobs, type: m2m, org_code: org_7d45b01ef13}
users:
  - email: alice@acme.com
    first_name: Alice
    picture: https://example.com/alice.png
    identities:
      - {type: username, name: alice, created_on: "2025-01-02T03:04:05Z"}
  - {id: kp_5ce676e5d6a24bc9aac2fba35a46e958, email: bob@acme.com, first_name: Bob}
  - {email: carol@acme.com, first_name: Carol}
organizations:
  - {code: org_1ccfb819462, is_default: true, name: Default Organization}
  - code: org_7d45b01ef13
    name: Acme
    connections: [Google, Acme SSO]
    members:
      - email: alice@acme.com
        roles: [admin]
        api_scopes: {"https://reports.acme.com": [read:reports]}
        mfa_factors:
          - {id: mfa_0193278a00ac29b3f6d4e4d462d55c47, type: email, name: alice@acme.com, is_verified: true, usage_count: 3, created_on: "2025-01-01T00:00:00Z", last_used_on: "2025-02-01T00:00:00Z"}
          - {id: mfa_0193278a00ac29b3f6d4e4d462d55c48, type: sms, name: "+61400000000", created_on: "2025-03-01T00:00:00Z"}
      - {id: kp_5ce676e5d6a24bc9aac2fba35a46e958, roles: [viewer]}
    invites:
      - {code: 4f1c2a7b9e3d6a10, email: dan@acme.com, first_name: Dan, roles: [viewer], created_on: "2025-01-01T00:00:00Z"}
      - {code: 4f1c2a7b9e3d6a11, email: eve@acme.com, is_revoked: true, created_on: "2025-01-01T00:00:00Z"}
  - {code: org_3e1d2c3b4a5, name: Synced, is_directory_synced: true}
`

const (
	reportsAPI   = "7ccd126599aa422a771abcb341596881"
	readReports  = "api_scope_0193ab57965aef77b2b687d0ef673713"
	aliceEmailMF = "mfa_0193278a00ac29b3f6d4e4d462d55c47"
	aliceSMSMF   = "mfa_0193278a00ac29b3f6d4e4d462d55c48"
	syncedOrg    = "org_3e1d2c3b4a5"
	acmeWeb      = "5e2b7c1a9d3f4e6a8b0c2d4e6f8a0b1c"
)

func startExtra(t *testing.T, opts emulator.Options) *client {
	t.Helper()
	e := emulatortest.StartYAML(t, extraFixture, opts)
	return &client{t: t, e: e, token: e.Token()}
}

// wantError checks a refusal's status and code.
func (c *client) wantError(method, path string, body any, status int, code string) {
	c.t.Helper()
	got, data := c.do(method, path, body)
	if got != status || errorCode(c.t, data) != code {
		c.t.Errorf("%s %s: %d %s, want %d %s", method, path, got, data, status, code)
	}
}

func (c *client) member(org, userID string) *emulator.Member {
	c.t.Helper()
	for _, o := range c.e.Snapshot().Organizations {
		if o.Code == org {
			for _, m := range o.Members {
				if m.UserID == userID {
					return m
				}
			}
		}
	}
	return nil
}

// doRaw is do for a request that contract.Transport would refuse to send,
// because it breaks the spec (or the spec cannot be met, see
// TestOrganizationManagedConnection): it goes around it.
func (c *client) doRaw(method, path string, body any) (int, []byte) {
	c.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest(method, c.e.URL+path, bytes.NewReader(data))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, got
}

// wantRawError is wantError for a request that breaks the spec: the
// emulator must refuse it too.
func (c *client) wantRawError(method, path string, body any, status int, code string) {
	c.t.Helper()
	got, data := c.doRaw(method, path, body)
	if got != status || errorCode(c.t, data) != code {
		c.t.Errorf("%s %s: %d %s, want %d %s", method, path, got, data, status, code)
	}
}
