package kinde

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorShapes(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		wantErrors []ErrorItem
		wantText   string
	}{
		{
			name: "error_response list", status: 400,
			body:       `{"errors":[{"code":"INVALID_CODE","message":"Invalid code"},{"code":"OTHER","message":"Second"}]}`,
			wantErrors: []ErrorItem{{Code: "INVALID_CODE", Message: "Invalid code"}, {Code: "OTHER", Message: "Second"}},
			wantText:   "kinde: deleteOrganization DELETE /api/v1/organization/org_1: 400 Bad Request: Invalid code (INVALID_CODE); Second (OTHER)",
		},
		{
			name: "not_found_response object", status: 404,
			body:       `{"errors":{"code":"ROUTE_NOT_FOUND","message":"The requested API route does not exist"}}`,
			wantErrors: []ErrorItem{{Code: "ROUTE_NOT_FOUND", Message: "The requested API route does not exist"}},
			wantText:   "kinde: deleteOrganization DELETE /api/v1/organization/org_1: 404 Not Found: The requested API route does not exist (ROUTE_NOT_FOUND)",
		},
		{
			name: "not JSON", status: 502, body: "<html>Bad gateway</html>",
			wantText: "kinde: deleteOrganization DELETE /api/v1/organization/org_1: 502 Bad Gateway [body: <html>Bad gateway</html>]",
		},
		{
			name: "empty body", status: 403, body: "",
			wantText: "kinde: deleteOrganization DELETE /api/v1/organization/org_1: 403 Forbidden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}, func(c *Config) { c.MaxAttempts = 1 })
			err := env.c.DeleteOrganization(context.Background(), "org_1")
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if diff := cmp.Diff(tt.wantErrors, ae.Errors); diff != "" {
				t.Errorf("Errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantText, err.Error()); diff != "" {
				t.Errorf("text (-want +got):\n%s", diff)
			}
			if got, want := IsNotFound(err), tt.status == 404; got != want {
				t.Errorf("IsNotFound = %v, want %v", got, want)
			}
		})
	}
}

// A server that echoes credentials back (in error messages, bodies that
// are not JSON, headers) must not get them into an error or the log.
func TestSecretsNeverInErrorsOrLogs(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) string {
		return "auth=" + r.Header.Get("Authorization")
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(*Client) error
	}{
		{
			name: "token echoed in a Kinde error message",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(400)
				writeJSON(w, ErrorResponse{Errors: ErrorList{{Code: "BAD", Message: echo(w, r)}}})
			},
		},
		{
			name: "token echoed in a body that is not JSON",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(500)
				w.Write([]byte(echo(w, r)))
			},
		},
		{
			name: "token echoed in a 200 that does not decode",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte("{" + echo(w, r)))
			},
		},
		{
			name: "token echoed in a 404 object",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(404)
				writeJSON(w, NotFoundResponse{Errors: ErrorItem{Code: "NF", Message: echo(w, r)}})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, tt.handler, func(c *Config) { c.MaxAttempts = 2 })
			_, err := env.c.GetRoles(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			tok := env.tokens.issued(1)
			for _, secret := range []string{testSecret, tok} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error holds %q: %v", secret, err)
				}
				if strings.Contains(env.log.String(), secret) {
					t.Errorf("log holds %q:\n%s", secret, env.log.String())
				}
			}
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("error = %v, want the echoed token shown as [REDACTED]", err)
			}
		})
	}
}

func TestVerboseLog(t *testing.T) {
	var served atomic.Bool
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if !served.Swap(true) {
			w.WriteHeader(503)
			return
		}
		writeJSON(w, SuccessResponse{})
	}, func(c *Config) { c.Rate = -1 })
	if err := env.c.UpdateOrganizationFeatureFlagOverride(context.Background(), "org_1", "dark_mode", "true"); err != nil {
		t.Fatal(err)
	}
	// The fake clock does not move during requests, so durations are 0s.
	want := strings.Join([]string{
		"kinde: POST /oauth2/token 200 0s",
		"kinde: PATCH /api/v1/organizations/org_1/feature_flags/dark_mode?value=true 503 0s",
		"kinde: PATCH /api/v1/organizations/org_1/feature_flags/dark_mode?value=true 200 0s (retry 1)",
	}, "\n") + "\n"
	if diff := cmp.Diff(want, env.log.String()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestRedactQuery(t *testing.T) {
	got := redactQuery("/x", map[string][]string{"client_secret": {"abc"}, "code": {"org_1"}, "next_token": {"n1"}})
	if diff := cmp.Diff("/x?client_secret=REDACTED&code=org_1&next_token=n1", got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBodyLimitsAndDecodeErrors(t *testing.T) {
	t.Run("body over the cap", func(t *testing.T) {
		env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"roles":[` + strings.Repeat(`{"id":"r"},`, 100) + `{}]}`))
		}, func(c *Config) { c.MaxBodyBytes = 512 })
		_, err := env.c.GetRoles(context.Background())
		if err == nil || !strings.Contains(err.Error(), "response body exceeds 512 bytes") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("wrong JSON type", func(t *testing.T) {
		env := newTestEnv(t, okJSON(map[string]any{"roles": "not a list"}))
		_, err := env.c.GetRoles(context.Background())
		if err == nil || !strings.Contains(err.Error(), "decoding 200 response") || !strings.Contains(err.Error(), "GetRoles") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty GET body", func(t *testing.T) {
		env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {})
		_, err := env.c.GetOrganization(context.Background(), "org_1")
		if err == nil || !strings.Contains(err.Error(), "empty 200 response") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty write body is fine", func(t *testing.T) {
		env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {})
		if err := env.c.EnableOrgConnection(context.Background(), "org_1", "conn_1"); err != nil {
			t.Fatal(err)
		}
	})
}
