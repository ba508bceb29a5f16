package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// fixture is the state most tests start from.
const fixture = `version: 1
environment:
  permissions:
    - {key: reports:read, name: Read reports}
    - {key: reports:write, name: Write reports}
    - {key: billing:manage, name: Manage billing}
  roles:
    - {key: admin, name: Admin, permissions: [reports:read, reports:write]}
    - {key: viewer, name: Viewer, permissions: [reports:read]}
  feature_flags:
    - {key: dark_mode, type: bool, default: false}
    - {key: seats, type: int, default: 5}
    - {key: theme, type: str, default: blue}
  property_categories:
    - {id: cat_0192b7e8b4f8ca08110d2b22059662a8, name: General, context: org}
  properties:
    - {key: kp_org_city, name: City, category_id: cat_0192b7e8b4f8ca08110d2b22059662a8}
    - {key: kp_org_zip, name: Postcode}
    - {key: kp_usr_nick, name: Nickname, context: usr}
  connections:
    - {id: conn_0192c16abb53b44277e597d31877ba5b, name: Google, strategy: "oauth2:google"}
    - {name: Email, strategy: "email:password"}
users:
  - {email: alice@acme.com, first_name: Alice, last_name: Liddell}
  - {id: kp_5ce676e5d6a24bc9aac2fba35a46e958, email: bob@acme.com, first_name: Bob}
  - {email: carol@acme.com, first_name: Carol}
organizations:
  - {code: org_1ccfb819462, is_default: true, name: Default Organization}
  - code: org_7d45b01ef13
    external_id: acme
    name: Acme
    handle: acme
    background_color: "#FFF"
    link_color: "#0056F1"
    is_enforce_mfa: true
    connections: [Google]
    feature_flags: {dark_mode: true}
    properties: {kp_org_city: Sydney}
    members:
      - {email: alice@acme.com, roles: [admin], permissions: [billing:manage, reports:read]}
      - {id: kp_5ce676e5d6a24bc9aac2fba35a46e958, roles: [viewer]}
`

const (
	acme    = "org_7d45b01ef13"
	bobID   = "kp_5ce676e5d6a24bc9aac2fba35a46e958"
	googleC = "conn_0192c16abb53b44277e597d31877ba5b"
)

// client is an authenticated caller of one emulator.
type client struct {
	t     *testing.T
	e     *emulatortest.Emulator
	token string
}

func start(t *testing.T, opts emulator.Options) *client {
	t.Helper()
	e := emulatortest.StartYAML(t, fixture, opts)
	return &client{t: t, e: e, token: e.Token()}
}

// do sends a request with a JSON body (nil: none) and returns the status
// and the body.
func (c *client) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.e.URL+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, data := c.send(req)
	return resp.StatusCode, data
}

func (c *client) send(req *http.Request) (*http.Response, []byte) {
	c.t.Helper()
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.e.Client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, data
}

// call sends a request, checks the status and decodes the answer into out
// (unless nil).
func (c *client) call(method, path string, body any, want int, out any) {
	c.t.Helper()
	got, data := c.do(method, path, body)
	if got != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, got, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

// errorCode returns the code of an error body in either of the spec's shapes.
func errorCode(t *testing.T, data []byte) string {
	t.Helper()
	var list struct {
		Errors []struct{ Code string } `json:"errors"`
	}
	if json.Unmarshal(data, &list) == nil && len(list.Errors) == 1 {
		return list.Errors[0].Code
	}
	var obj struct {
		Errors struct{ Code string } `json:"errors"`
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatalf("not an error body: %s", data)
	}
	return obj.Errors.Code
}

// fakeClock is the injected clock of token expiry and the rate limiter.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// epoch is the fake clock's start as the API writes it.
const epoch = "2025-01-01T00:00:00Z"

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// cmpSorted compares string lists as sets.
func cmpSorted() cmp.Option { return cmpopts.SortSlices(func(a, b string) bool { return a < b }) }
