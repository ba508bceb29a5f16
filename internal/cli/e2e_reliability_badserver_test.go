package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// misbehave answers a request itself instead of the emulator, or returns
// false to let it through. n counts the requests of its kind so far.
type misbehave func(w http.ResponseWriter, r *http.Request, n int) bool

// badServer is a proxy in front of the emulator that misbehaves on requests
// matching method and path.
func badServer(t *testing.T, target, method, path string, m misbehave) string {
	t.Helper()
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	var n atomic.Int32
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == method && r.URL.Path == path && m(w, r, int(n.Add(1))) {
			return
		}
		rp.ServeHTTP(w, r)
	})}
	ln := listen(t)
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func answer(status int, ctype, body string) misbehave {
	return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
		return true
	}
}

// truncated promises a body and sends half of it, then drops the
// connection. With apply, the request first reaches the emulator.
func truncated(e *emulatortest.Emulator, times int) misbehave {
	return func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n > times {
			return false
		}
		var body []byte
		if r.Method != http.MethodGet {
			body = forward(e, r) // the write happens; its answer is lost
		}
		if len(body) < 20 {
			body = []byte(`{"code":"OK","message":"Success","organizations":[]}`)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
		return true
	}
}

// forward sends r to the emulator and returns its answer's body.
func forward(e *emulatortest.Emulator, r *http.Request) []byte {
	req, _ := http.NewRequest(r.Method, e.URL+r.URL.RequestURI(), r.Body)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

// oversized streams a JSON body larger than the client reads (32 MiB).
func oversized(w http.ResponseWriter, _ *http.Request, _ int) bool {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"organizations":[`)
	item := []byte(`{"code":"org_000000000","name":"` + strings.Repeat("x", 1000) + `"},`)
	for written := 0; written <= 33<<20; written += len(item) {
		if _, err := w.Write(item); err != nil {
			return true // the client stopped reading, as it should
		}
	}
	io.WriteString(w, `{}]}`)
	return true
}

const badState = `  - {code: org_exist00001, external_id: exist, name: Exist, members: [{email: user1@acme.com}]}
`

// badConfig manages the existing org by external_id (so that a plan that
// missed it would create it again) and adds a member and a new org.
const badConfig = `version: 1
organizations:
  - external_id: exist
    name: Exist renamed
    members: [{email: user1@acme.com}, {email: user2@acme.com}]
  - external_id: fresh
    name: Fresh
    members: [{email: user3@acme.com}]
`

// TestReliabilityBadServer puts a misbehaving server between kindesync and
// the emulator. Each bad answer gives a clear error (exit 1) or, when it is
// passing, is retried or resolved; never a panic, never a write that did
// not happen reported as done, never a second org.
func TestReliabilityBadServer(t *testing.T) {
	const orgs, org, users = "/api/v1/organizations", "/api/v1/organization", "/api/v1/organizations/org_exist00001/users"
	type bad = func(t *testing.T, e *emulatortest.Emulator) misbehave
	tests := []struct {
		name, method, path string
		m                  bad
		secret             bool   // use the client secret, not a token
		want               int    // exit code of apply
		msg                string // in stderr
	}{
		{"malformed JSON on a read", "GET", orgs, fixed(answer(200, "application/json", `{"organizations":[{"code":"org_`)), false, 1, "decoding 200 response"},
		{"HTML on a read", "GET", orgs, fixed(answer(200, "text/html", "<html>Please log in</html>")), false, 1, "is text/html, not JSON"},
		{"error body with 200 on a read", "GET", orgs, fixed(answer(200, "application/json", `{"errors":[{"code":"INTERNAL","message":"boom"}]}`)), false, 1, "an error body with a success status"},
		{"oversized read", "GET", orgs, fixed(oversized), false, 1, "response body exceeds"},
		{"read cut short once", "GET", orgs, func(_ *testing.T, e *emulatortest.Emulator) misbehave { return truncated(e, 1) }, false, 0, ""},
		{"HTML on a write", "PATCH", "/api/v1/organization/org_exist00001", fixed(answer(200, "text/html", "<html>Please log in</html>")), false, 1, "FAILED organization[org_exist00001]"},
		{"error body with 200 on a write", "POST", users, fixed(answer(200, "application/json", `{"errors":[{"code":"INTERNAL","message":"boom"}]}`)), false, 1, "FAILED organization[org_exist00001]"},
		{"invalid JSON on a write", "POST", users, fixed(answer(200, "application/json", `{"code":"OK","mess`)), false, 1, "FAILED organization[org_exist00001]"},
		{"create answered without a code", "POST", org, func(_ *testing.T, e *emulatortest.Emulator) misbehave {
			return func(w http.ResponseWriter, r *http.Request, _ int) bool {
				forward(e, r) // made, but the answer says nothing of it
				return answer(200, "application/json", `{"code":"OK","message":"Success"}`)(w, r, 0)
			}
		}, false, 0, ""},
		{"create answer cut short", "POST", org, func(_ *testing.T, e *emulatortest.Emulator) misbehave { return truncated(e, 100) }, false, 0, ""},
		{"API redirect to another host", "GET", orgs, redirectTo, false, 1, "not followed"},
		{"token redirect to another host", "POST", "/oauth2/token", redirectTo, true, 1, "not followed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, relState()+badState, emulator.Options{DuplicateExternalIDs: true})
			proxy := badServer(t, e.URL, tt.method, tt.path, tt.m(t, e))
			args := []string{"apply", "-f", writeConfig(t, badConfig), "--auto-approve"}
			if !tt.secret {
				// The proxy is not the audience of the emulator's tokens.
				args = append(args, "--token", e.Token())
			}
			before := e.Snapshot()
			code, out, errs := cli(t, proxy, args...)
			if code != tt.want || !strings.Contains(errs, tt.msg) || strings.Contains(errs, "panic") {
				t.Fatalf("apply: exit %d, want %d with %q\n%s%s", code, tt.want, tt.msg, tail(out, 1500), tail(errs, 1500))
			}
			st := e.Snapshot()
			if n := countDuplicates(st); n != 0 {
				t.Errorf("%d duplicate orgs", n)
			}
			if tt.want == 0 {
				if c, out, errs := cli(t, e.URL, "plan", "-f", writeConfig(t, badConfig), "--detailed-exitcode"); c != 0 {
					t.Errorf("plan after apply: exit %d\n%s%s", c, out, errs)
				}
				return
			}
			if !strings.Contains(errs, "FAILED") && len(st.Organizations) != len(before.Organizations) {
				t.Errorf("apply failed before writing, but the emulator holds %d orgs, was %d", len(st.Organizations), len(before.Organizations))
			}
		})
	}
}

func fixed(m misbehave) func(*testing.T, *emulatortest.Emulator) misbehave {
	return func(*testing.T, *emulatortest.Emulator) misbehave { return m }
}

// redirectTo answers with a redirect to a server on another host name
// (localhost rather than 127.0.0.1), which fails the test if anything
// reaches it: a followed redirect would carry the token, or for the token
// request the client secret in the body.
func redirectTo(t *testing.T, _ *emulatortest.Emulator) misbehave {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	evil := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
	})}
	ln := listen(t)
	go evil.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() {
		evil.Close()
		mu.Lock()
		defer mu.Unlock()
		if len(seen) > 0 {
			t.Errorf("the redirect was followed: the other host got %q", seen)
		}
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		http.Redirect(w, r, "http://localhost:"+port+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		return true
	}
}

// stall holds the request unanswered until the test ends.
func stall(t *testing.T) misbehave {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	return func(_ http.ResponseWriter, r *http.Request, _ int) bool {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
		return true
	}
}

// cliCtx is cli with a context: the deadline a CI job or a SIGTERM sets.
func cliCtx(ctx context.Context, base string, args ...string) (int, string, string) {
	var out, errs strings.Builder
	env := &Env{Ctx: ctx, Stdout: &out, Stderr: &errs, Stdin: strings.NewReader("")}
	code := run(env, append(args, "--domain", base, "--client-id", "emulator", "--client-secret", "emulator"))
	return code, out.String(), errs.String()
}

// TestReliabilityStall: a server that stops answering, during the reads or
// during a write, holds kindesync until its deadline; then it exits 1,
// says what was done and what was not, and a re-run converges.
func TestReliabilityStall(t *testing.T) {
	for _, tt := range []struct{ name, method, path, msg string }{
		{"read", "GET", "/api/v1/organizations", "context deadline exceeded"},
		{"write", "POST", "/api/v1/organizations/org_exist00001/users", "FAILED organization[org_exist00001]: 1 done, 1 failed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, relState()+badState, emulator.Options{})
			proxy := badServer(t, e.URL, tt.method, tt.path, stall(t))
			cfg := writeConfig(t, badConfig)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			code, _, errs := cliCtx(ctx, proxy, "apply", "-f", cfg, "--auto-approve", "--token", e.Token())
			if code != 1 || !strings.Contains(errs, tt.msg) || !strings.Contains(errs, "context deadline exceeded") {
				t.Errorf("apply against a stalled server: exit %d, want 1 with %q\n%s", code, tt.msg, errs)
			}
			if code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve"); code != 0 {
				t.Fatalf("re-run: exit %d\n%s", code, errs)
			}
			if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
				t.Errorf("plan after the re-run: exit %d\n%s", code, out)
			}
		})
	}
}
