package cli

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestLiveWrongDomainFailsFast: a domain where no Kinde answers fails the
// command within a few seconds after one token request, and the message
// names the setting to fix. Before, a mistyped domain retried for 80 s and
// sent 42 token requests. (A name that does not resolve is tested in
// internal/kinde with an injected dialer: the resolver here asks a name
// server even for .invalid.)
func TestLiveWrongDomainFailsFast(t *testing.T) {
	refused := func(t *testing.T) string {
		ln := listen(t)
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}
	untrusted := func(t *testing.T) string {
		srv := httptest.NewUnstartedServer(http.NotFoundHandler())
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	plainHTTP := func(t *testing.T) string {
		srv := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(srv.Close)
		return "https://" + strings.TrimPrefix(srv.URL, "http://")
	}
	cfg := writeConfig(t, badConfig)
	for _, tt := range []struct {
		name   string
		domain func(*testing.T) string
		reason string
	}{
		{"nothing listens", refused, "connection was refused"},
		{"untrusted certificate", untrusted, "certificate is not trusted"},
		{"https to an http server", plainHTTP, "does not speak TLS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			domain := tt.domain(t)
			start := time.Now()
			code, out, errs := cli(t, domain, "plan", "-f", cfg, "-v")
			took := time.Since(start)
			if code != 1 || out != "" {
				t.Fatalf("plan: exit %d, stdout %q; want 1 and nothing", code, out)
			}
			for _, want := range []string{tt.reason, "KINDE_DOMAIN (--domain) is " + domain} {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			if n := strings.Count(errs, "kinde: POST /oauth2/token"); n != 1 {
				t.Errorf("%d token requests, want 1:\n%s", n, tail(errs, 2000))
			}
			if took > 5*time.Second {
				t.Errorf("took %s, want under 5 s", took)
			}
		})
	}
}

func TestCustomDomainWarning(t *testing.T) {
	for _, tt := range []struct {
		domain string
		warn   bool
	}{
		{"acme.kinde.com", false},
		{"https://acme.kinde.com", false},
		{"ACME.Kinde.COM.", false},
		{"acme.au.kinde.com", false},
		{"http://127.0.0.1:8765", false},
		{"http://localhost:8765", false},
		{"https://[::1]:8443", false},
		{"auth.acme.com", true},
		{"https://login.acme.io", true},
		{"kinde.com", true},
		{"acme.kinde.com.evil.io", true},
	} {
		got := customDomainWarning(tt.domain)
		if (got != "") != tt.warn {
			t.Errorf("customDomainWarning(%q) = %q, want a warning: %v", tt.domain, got, tt.warn)
		}
		if tt.warn && !strings.Contains(got, "*.kinde.com") {
			t.Errorf("customDomainWarning(%q) = %q: does not say which domain is needed", tt.domain, got)
		}
	}
}

// TestLiveListAnswersMustBeWhole: an organization list answered 200
// without its list, or one that never ends, fails the run (exit 1) and
// writes nothing. Read as an empty list, the first made apply create again
// the org that exists.
func TestLiveListAnswersMustBeWhole(t *testing.T) {
	endless := func(w http.ResponseWriter, _ *http.Request, n int) bool {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"code":"OK","organizations":[{"code":"org_exist00001","name":"Exist"}],"next_token":"tok%d"}`, n)
		return true
	}
	for _, tt := range []struct {
		name string
		m    misbehave
		msg  string
	}{
		{"no list field", answer(200, "application/json", `{"code":"OK","message":"Success"}`), `has no "organizations" list`},
		{"fresh cursors forever", endless, "holds only items of earlier pages"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// With duplicates allowed, a plan that missed the org would make a second one.
			e := emulatortest.StartYAML(t, relState()+badState, emulator.Options{DuplicateExternalIDs: true})
			proxy := badServer(t, e.URL, "GET", "/api/v1/organizations", tt.m)
			before := len(e.Snapshot().Organizations)
			code, out, errs := cli(t, proxy, "apply", "-f", writeConfig(t, badConfig), "--auto-approve", "--token", e.Token())
			if code != 1 || !strings.Contains(errs, tt.msg) {
				t.Fatalf("apply: exit %d, want 1 with %q\n%s%s", code, tt.msg, out, errs)
			}
			if n := len(e.Snapshot().Organizations); n != before {
				t.Errorf("the emulator holds %d orgs, was %d", n, before)
			}
		})
	}
}
