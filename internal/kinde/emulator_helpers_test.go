package kinde_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

// These tests drive the real client through the emulator over loopback.
// Every request the client sends and every answer the emulator gives passes
// through emulatortest's contract transport, so either side drifting from
// the spec fails the test.

// emuSecret is distinctive so that a leak is found by a plain substring
// search; the emulator's default "emulator" would also match innocent text.
const emuSecret = "emu-s3cret-Qx7pZ2vL9k"

// emuFixture is the state most tests start from.
const emuFixture = `version: 1
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
    - {id: conn_0192c16abb53b44277e597d31877ba5c, name: Email, strategy: "email:password"}
users:
  - {id: kp_a11ce000000000000000000000000001, email: alice@acme.com, first_name: Alice, last_name: Liddell}
  - {id: kp_b0b00000000000000000000000000002, email: bob@acme.com, first_name: Bob}
  - {id: kp_ca401000000000000000000000000003, email: Carol@Acme.com, first_name: Carol}
organizations:
  - {code: org_1ccfb819462, is_default: true, name: Default Organization}
  - code: org_7d45b01ef13
    external_id: acme
    name: Acme
    handle: acme
    connections: [Google]
    feature_flags: {dark_mode: true}
    properties: {kp_org_city: Sydney}
    members:
      - {id: kp_a11ce000000000000000000000000001, roles: [admin], permissions: [billing:manage, reports:read]}
      - {id: kp_b0b00000000000000000000000000002, roles: [viewer]}
`

const (
	defaultOrg = "org_1ccfb819462"
	acmeOrg    = "org_7d45b01ef13"
	aliceID    = "kp_a11ce000000000000000000000000001"
	bobID      = "kp_b0b00000000000000000000000000002"
	carolID    = "kp_ca401000000000000000000000000003"
	googleConn = "conn_0192c16abb53b44277e597d31877ba5b"
	emailConn  = "conn_0192c16abb53b44277e597d31877ba5c"
	generalCat = "cat_0192b7e8b4f8ca08110d2b22059662a8"
)

// emuEnv is an emulator and a client for it sharing one fake clock.
type emuEnv struct {
	t     *testing.T
	emu   *emulatortest.Emulator
	c     *kinde.Client
	clock *emuClock
	log   *lockedBuffer
	rec   *recorder
}

// setup changes the emulator's options and the client's config before
// either is made; Domain, HTTPClient and the clock are set afterwards
// unless setup set them.
type setup func(*emulator.Options, *kinde.Config)

// startEmu serves state (a state file's text) and returns a client for it.
// At the end of the test it checks that the verbose log holds neither the
// client secret nor any token issued.
func startEmu(t *testing.T, state string, setups ...setup) *emuEnv {
	t.Helper()
	env := &emuEnv{t: t, clock: newEmuClock(), log: &lockedBuffer{}}
	opts := emulator.Options{ClientSecret: emuSecret, Now: env.clock.Now, Seed: 1}
	cfg := kinde.Config{
		ClientID: "emulator", ClientSecret: emuSecret, Verbose: env.log,
		Now: env.clock.Now, Sleep: env.clock.Sleep, Rand: func() float64 { return 0.5 },
	}
	for _, s := range setups {
		s(&opts, &cfg)
	}
	env.emu = emulatortest.StartYAML(t, state, opts)
	env.rec = &recorder{base: env.emu.Client.Transport, now: env.clock.Now}
	cfg.Domain = env.emu.URL
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: env.rec}
	}
	c, err := kinde.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	env.c = c
	t.Cleanup(func() {
		if env.log.Len() == 0 && cfg.Verbose == env.log && env.c.Stats().HTTPRequests > 0 {
			t.Error("the verbose log is empty, so checking it for secrets proves nothing")
		}
		env.noSecrets("the verbose log", env.log.String())
	})
	return env
}

// noSecrets fails the test if text holds the client secret or a token the
// client was issued or sent.
func (env *emuEnv) noSecrets(what, text string) {
	env.t.Helper()
	if strings.Contains(text, emuSecret) {
		env.t.Errorf("%s holds the client secret: %s", what, text)
	}
	for _, tok := range env.rec.tokens() {
		if strings.Contains(text, tok) {
			env.t.Errorf("%s holds an access token (%.12s...)", what, tok)
		}
	}
}

// failed checks that err is an error and that its text holds no secret.
func (env *emuEnv) failed(what string, err error) error {
	env.t.Helper()
	if err == nil {
		env.t.Fatalf("%s: no error", what)
	}
	env.noSecrets(what+" error", err.Error())
	return err
}

// emuClock is the clock of both sides: the emulator's token expiry and rate
// limiter, and the client's Now and Sleep. Sleeping advances it at once.
type emuClock = kinde.FakeClock

func newEmuClock() *emuClock { return kinde.NewFakeClock() }

// exchange is one HTTP request the client sent, as the wire saw it.
type exchange struct {
	at     time.Time // on the fake clock, when sent
	method string
	path   string
	query  string
	body   []byte // the request body
	status int    // 0: no answer
	reset  string // RateLimit-Reset of the answer
	err    error
}

// recorder sits between the client and the contract transport: it keeps
// every exchange and every token it sees, so tests can check waits and
// search texts for tokens.
type recorder struct {
	base http.RoundTripper
	now  func() time.Time

	mu   sync.Mutex
	log  []exchange
	toks []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	x := exchange{at: r.now(), method: req.Method, path: req.URL.Path, query: req.URL.RawQuery}
	if req.GetBody != nil {
		if b, err := req.GetBody(); err == nil {
			x.body, _ = io.ReadAll(b)
		}
	}
	if tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); ok {
		r.addToken(tok)
	}
	resp, err := r.base.RoundTrip(req)
	x.err = err
	if err == nil {
		x.status, x.reset = resp.StatusCode, resp.Header.Get("RateLimit-Reset")
		if req.URL.Path == "/oauth2/token" {
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(body))
			var tr kinde.TokenResponse
			if rerr == nil && json.Unmarshal(body, &tr) == nil && tr.AccessToken != "" {
				r.addToken(tr.AccessToken)
			}
		}
	}
	r.mu.Lock()
	r.log = append(r.log, x)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) addToken(tok string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.toks, tok) {
		r.toks = append(r.toks, tok)
	}
}

func (r *recorder) tokens() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.toks)
}

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.log)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

// seeded builds a state with n of each listed kind, besides the fixture's
// default organization: "users" (kp_...), "members" (users who are all
// members of org_00000000001), "orgs", "roles", "permissions", "properties",
// "categories", "connections".
func seeded(counts map[string]int) string {
	var b strings.Builder
	b.WriteString("version: 1\nenvironment:\n  permissions:\n")
	for i := range counts["permissions"] {
		fmt.Fprintf(&b, "    - {key: \"perm:%04d\"}\n", i)
	}
	b.WriteString("  roles:\n")
	for i := range counts["roles"] {
		fmt.Fprintf(&b, "    - {key: role_%04d}\n", i)
	}
	b.WriteString("  property_categories:\n")
	for i := range counts["categories"] {
		fmt.Fprintf(&b, "    - {id: cat_%032d, name: Category %d}\n", i, i)
	}
	b.WriteString("  properties:\n")
	for i := range counts["properties"] {
		fmt.Fprintf(&b, "    - {id: prop_%032d, key: kp_p%04d}\n", i, i)
	}
	b.WriteString("  connections:\n")
	for i := range counts["connections"] {
		fmt.Fprintf(&b, "    - {id: conn_%032d, name: Conn %d}\n", i, i)
	}
	users := max(counts["users"], counts["members"])
	b.WriteString("users:\n")
	for i := range users {
		fmt.Fprintf(&b, "  - {id: %s, email: u%05d@example.com}\n", seededUser(i), i)
	}
	b.WriteString("organizations:\n  - {code: " + defaultOrg + ", is_default: true, name: Default Organization}\n")
	for i := range counts["orgs"] {
		fmt.Fprintf(&b, "  - {code: org_%011d, name: Org %d}\n", i+2, i)
	}
	b.WriteString("  - code: org_00000000001\n    name: Members\n    members:\n")
	for i := range counts["members"] {
		fmt.Fprintf(&b, "      - {id: %s}\n", seededUser(i))
	}
	return b.String()
}

const seededOrg = "org_00000000001"

func seededUser(i int) string { return fmt.Sprintf("kp_%032d", i) }

// sameCounts checks that the client's calls per operation, the token
// included, are the requests the emulator served: true of any test without
// retries, where a mismatch means a call went missing or was doubled.
func (env *emuEnv) sameCounts() {
	env.t.Helper()
	got := env.emu.Stats().Requests
	if diff := cmp.Diff(env.c.Stats().Calls, got, cmpopts.EquateEmpty()); diff != "" {
		env.t.Errorf("client calls vs emulator requests (-client +emulator):\n%s", diff)
	}
}

// requests returns the exchanges of one operation's path and method.
func (env *emuEnv) requests(method, path string) []exchange {
	var out []exchange
	for _, x := range env.rec.exchanges() {
		if x.method == method && x.path == path {
			out = append(out, x)
		}
	}
	return out
}

func findOrg(st *emulator.State, code string) *emulator.Organization {
	for _, o := range st.Organizations {
		if o.Code == code {
			return o
		}
	}
	return nil
}

func orgCodes(orgs []kinde.OrganizationSummary) []string {
	var out []string
	for _, o := range orgs {
		out = append(out, o.Code)
	}
	return out
}

var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func ptr[T any](v T) *T { return &v }
