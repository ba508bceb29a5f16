package kinde

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDomain(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "acme.kinde.com", want: "https://acme.kinde.com"},
		{in: " acme.kinde.com ", want: "https://acme.kinde.com"},
		{in: "https://acme.kinde.com/", want: "https://acme.kinde.com"},
		{in: "https://auth.acme.com:8443", want: "https://auth.acme.com:8443"},
		{in: "http://127.0.0.1:8765", want: "http://127.0.0.1:8765"},
		{in: "http://127.9.9.9", want: "http://127.9.9.9"},
		{in: "http://localhost:1", want: "http://localhost:1"},
		{in: "http://LOCALHOST", want: "http://LOCALHOST"},
		{in: "http://[::1]:9000", want: "http://[::1]:9000"},
		{in: "http://acme.kinde.com", wantErr: "refusing plain http://"},
		{in: "http://10.0.0.1:8765", wantErr: "refusing plain http://"},
		{in: "http://localhost.evil.com", wantErr: "refusing plain http://"},
		{in: "http://128.0.0.1", wantErr: "refusing plain http://"},
		{in: "ftp://acme.kinde.com", wantErr: "scheme must be https"},
		{in: "https://acme.kinde.com/api", wantErr: "without a path"},
		{in: "https://u:pw@acme.kinde.com", wantErr: "must not contain credentials"},
		{in: "", wantErr: "no domain"},
		{in: "https://", wantErr: "has no host"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, err := ParseDomain(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDomain(%q) = %v, %v; want error containing %q", tt.in, u, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "pw") {
					t.Errorf("error repeats the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDomain(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, u.String()); diff != "" {
				t.Errorf("ParseDomain(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestNewRefusesPlainHTTPToNonLoopback(t *testing.T) {
	_, err := New(Config{Domain: "http://acme.kinde.com", ClientID: "id", ClientSecret: testSecret})
	if err == nil || !strings.Contains(err.Error(), "refusing plain http://") {
		t.Fatalf("New = %v, want refusal", err)
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("error holds the secret: %v", err)
	}
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := New(Config{Domain: "acme.kinde.com", ClientID: "id"}); err == nil {
		t.Fatal("New without secret or token succeeded")
	}
}

func TestTokenFetchedOnceAndReused(t *testing.T) {
	var mu sync.Mutex
	var auths []string
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		writeJSON(w, Organization{Code: r.URL.Query().Get("code")})
	})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := env.c.GetOrganization(ctx, "org_1"); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := env.c.GetOrganization(ctx, "org_2"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	if got := env.tokens.Fetches(); got != 1 {
		t.Errorf("token fetches = %d, want 1", got)
	}
	for _, a := range auths {
		if a != "Bearer "+env.tokens.issued(1) {
			t.Fatalf("Authorization = %q, want the first token", a)
		}
	}
	wantForm := map[string]string{
		"content-type":  "application/x-www-form-urlencoded",
		"grant_type":    "client_credentials",
		"client_id":     testClientID,
		"client_secret": testSecret,
		"audience":      env.srv.URL + "/api",
	}
	if diff := cmp.Diff(wantForm, env.tokens.forms[0]); diff != "" {
		t.Errorf("token request form (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"token": 1, "getOrganization": 23}, env.c.Stats().Calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestRefreshOn401(t *testing.T) {
	tests := []struct {
		name        string
		rejectToken func(n int) bool // which issued tokens the API refuses
		static      string
		wantFetches int
		wantCalls   int // API requests
		wantErr     bool
	}{
		{name: "first token revoked, second works", rejectToken: func(n int) bool { return n == 1 }, wantFetches: 2, wantCalls: 2},
		{name: "refreshed only once", rejectToken: func(int) bool { return true }, wantFetches: 2, wantCalls: 2, wantErr: true},
		{name: "static token is never refreshed", static: "static-token-xyz", rejectToken: func(int) bool { return true }, wantFetches: 0, wantCalls: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var env *testEnv
			var calls atomic.Int32
			env = newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				for n := 1; n <= 3; n++ {
					if auth == env.tokens.issued(n) && !tt.rejectToken(n) {
						writeJSON(w, GetRolesResponse{Roles: []Role{{ID: "r1", Key: "admin"}}})
						return
					}
				}
				w.WriteHeader(http.StatusUnauthorized)
				writeJSON(w, ErrorResponse{Errors: ErrorList{{Code: "TOKEN_INVALID", Message: "token " + auth + " is invalid"}}})
			}, func(c *Config) { c.Token = tt.static })

			roles, err := env.c.GetRoles(context.Background())
			if tt.wantErr {
				if !IsUnauthorized(err) {
					t.Fatalf("err = %v, want a 401 APIError", err)
				}
				for _, secret := range []string{env.tokens.issued(1), env.tokens.issued(2), tt.static} {
					if secret != "" && strings.Contains(err.Error(), secret) {
						t.Errorf("error holds a token: %v", err)
					}
				}
			} else if err != nil || len(roles) != 1 {
				t.Fatalf("GetRoles = %v, %v", roles, err)
			}
			if got := env.tokens.Fetches(); got != tt.wantFetches {
				t.Errorf("token fetches = %d, want %d", got, tt.wantFetches)
			}
			if int(calls.Load()) != tt.wantCalls {
				t.Errorf("API requests = %d, want %d", calls.Load(), tt.wantCalls)
			}
		})
	}
}

func TestTokenRenewedShortlyBeforeExpiry(t *testing.T) {
	env := newTestEnv(t, okJSON(GetRolesResponse{}))
	env.tokens.expiresIn = 3600
	ctx := context.Background()
	call := func() {
		t.Helper()
		if _, err := env.c.GetRoles(ctx); err != nil {
			t.Fatal(err)
		}
	}
	call()
	env.clock.Advance(59 * time.Minute) // 3540s: the renewal point (one minute early)
	env.clock.Advance(-time.Second)
	call()
	if got := env.tokens.Fetches(); got != 1 {
		t.Fatalf("fetches before renewal = %d, want 1", got)
	}
	env.clock.Advance(time.Second)
	call()
	if got := env.tokens.Fetches(); got != 2 {
		t.Fatalf("fetches after renewal point = %d, want 2", got)
	}
	call()
	if got := env.tokens.Fetches(); got != 2 {
		t.Fatalf("fetches after reuse = %d, want 2", got)
	}
}

func TestTokenExpiryFromJWTWhenExpiresInMissing(t *testing.T) {
	exp, ok := jwtExpiry("eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDAsImF1ZCI6WyJ4Il19.sig")
	if !ok || exp.Unix() != 1700000000 {
		t.Fatalf("jwtExpiry = %v, %v; want 1700000000", exp.Unix(), ok)
	}
	if _, ok := jwtExpiry("opaque-token"); ok {
		t.Error("jwtExpiry accepted an opaque token")
	}
}

func TestTokenEndpointErrorIsTypedAndRedacted(t *testing.T) {
	env := newTestEnv(t, okJSON(GetRolesResponse{}), func(c *Config) { c.ClientSecret = "wrong-secret-value" })
	_, err := env.c.GetRoles(context.Background())
	if !IsUnauthorized(err) || !HasCode(err, "invalid_client") {
		t.Fatalf("err = %v, want 401 invalid_client", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-value") || strings.Contains(env.log.String(), "wrong-secret-value") {
		t.Errorf("secret leaked:\nerr: %v\nlog: %s", err, env.log.String())
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("err = %v, want the echoed secret shown as [REDACTED]", err)
	}
}
