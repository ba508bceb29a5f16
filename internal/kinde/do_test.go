package kinde

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// scripted answers the i-th API request with statuses[i] (the last one
// repeating); 200s carry body.
func scripted(n *atomic.Int32, body any, statuses ...int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		st := statuses[min(i, len(statuses)-1)]
		if st == http.StatusTooManyRequests {
			w.Header().Set("RateLimit-Reset", "2")
		}
		if st != http.StatusOK {
			w.WriteHeader(st)
			writeJSON(w, ErrorResponse{Errors: ErrorList{{Code: "E", Message: "status " + http.StatusText(st)}}})
			return
		}
		writeJSON(w, body)
	}
}

func Test429HonoursRateLimitReset(t *testing.T) {
	tests := []struct {
		name       string
		header     string
		wantSleeps []time.Duration
	}{
		{name: "RateLimit-Reset seconds", header: "2", wantSleeps: []time.Duration{2 * time.Second}},
		{name: "fractional reset", header: "0.25", wantSleeps: []time.Duration{250 * time.Millisecond}},
		// Rand is 0, so the jittered backoff is half of 500ms.
		{name: "no header: backoff", header: "", wantSleeps: []time.Duration{250 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					if tt.header != "" {
						w.Header().Set("RateLimit-Reset", tt.header)
					}
					w.WriteHeader(http.StatusTooManyRequests)
					writeJSON(w, ErrorResponse{Errors: ErrorList{{Code: "TOO_MANY_REQUESTS", Message: "slow down"}}})
					return
				}
				writeJSON(w, GetRolesResponse{Roles: []Role{{Key: "admin"}}})
			}) // default, adaptive limiter: nothing got through yet, so it only pauses
			if _, err := env.c.GetRoles(context.Background()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantSleeps, env.clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			st := env.c.Stats()
			if st.Throttled != 1 || st.Retries != 1 || st.Calls["GetRoles"] != 1 {
				t.Errorf("stats = %+v, want 1 throttled, 1 retry, 1 GetRoles call", st)
			}
		})
	}
}

func Test429PausesOtherCallers(t *testing.T) {
	var n atomic.Int32
	lists := map[string]any{"roles": []Role{}, "permissions": []Permission{}}
	env := newTestEnv(t, scripted(&n, lists, 429, 200), func(c *Config) { c.Rate = -1 })
	ctx := context.Background()
	if _, err := env.c.GetRoles(ctx); err != nil {
		t.Fatal(err)
	}
	// A second call right after must wait out nothing more: the pause is over.
	env.c.lim.throttled(env.clock.Now(), 3*time.Second, true) // as if another caller were throttled
	if _, err := env.c.GetPermissions(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 3 * time.Second}, env.clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func Test429GivesUp(t *testing.T) {
	t.Run("after MaxAttempts", func(t *testing.T) {
		var n atomic.Int32
		env := newTestEnv(t, scripted(&n, nil, 429), func(c *Config) { c.MaxThrottled = 3; c.Rate = -1 })
		_, err := env.c.GetRoles(context.Background())
		if !IsRateLimited(err) || n.Load() != 3 {
			t.Fatalf("err = %v after %d requests, want 429 after 3", err, n.Load())
		}
	})
	t.Run("429s do not use up the attempts for 5xx", func(t *testing.T) {
		var n atomic.Int32
		statuses := []int{429, 429, 429, 429, 503, 429, 503, 200}
		env := newTestEnv(t, scripted(&n, GetRolesResponse{}, statuses...), func(c *Config) { c.MaxAttempts = 3; c.Rate = -1 })
		if _, err := env.c.GetRoles(context.Background()); err != nil || n.Load() != int32(len(statuses)) {
			t.Fatalf("err = %v after %d requests, want success after %d", err, n.Load(), len(statuses))
		}
	})
	t.Run("reset longer than MaxRetryWait", func(t *testing.T) {
		env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("RateLimit-Reset", "3600")
			w.WriteHeader(429)
		}, func(c *Config) { c.MaxRetryWait = time.Minute })
		_, err := env.c.GetRoles(context.Background())
		if !IsRateLimited(err) || !strings.Contains(err.Error(), "server asks to wait 1h0m0s") {
			t.Fatalf("err = %v", err)
		}
		if len(env.clock.Sleeps()) != 0 {
			t.Errorf("slept %v", env.clock.Sleeps())
		}
	})
}

func TestRetries5xxOnlyWhenIdempotent(t *testing.T) {
	tests := []struct {
		name         string
		call         func(*Client) error
		statuses     []int
		wantRequests int32
		wantErr      int // status, 0 for success
		wantSleeps   []time.Duration
	}{
		{
			name:     "GET retried until success",
			call:     func(c *Client) error { _, err := c.GetRoles(context.Background()); return err },
			statuses: []int{503, 502, 200}, wantRequests: 3,
			wantSleeps: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond},
		},
		{
			name:     "GET gives up after MaxAttempts",
			call:     func(c *Client) error { _, err := c.GetRoles(context.Background()); return err },
			statuses: []int{500}, wantRequests: 4, wantErr: 500,
			wantSleeps: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second},
		},
		{
			name: "POST not retried",
			call: func(c *Client) error {
				_, err := c.CreateOrganization(context.Background(), &CreateOrganizationRequest{Name: "Acme"})
				return err
			},
			statuses: []int{500, 200}, wantRequests: 1, wantErr: 500,
		},
		{
			name:     "PUT retried",
			call:     func(c *Client) error { return c.UpdateOrganizationProperty(context.Background(), "org_1", "k", "v") },
			statuses: []int{500, 200}, wantRequests: 2,
			wantSleeps: []time.Duration{250 * time.Millisecond},
		},
		{
			name: "DELETE retried",
			call: func(c *Client) error {
				return c.DeleteOrganizationFeatureFlagOverride(context.Background(), "org_1", "f")
			},
			statuses: []int{503, 200}, wantRequests: 2,
			wantSleeps: []time.Duration{250 * time.Millisecond},
		},
		{
			name: "PATCH retried (sets absolute values)",
			call: func(c *Client) error {
				return c.UpdateOrganization(context.Background(), "org_1", &UpdateOrganizationRequest{Name: ptr("Acme")})
			},
			statuses: []int{500, 200}, wantRequests: 2,
			wantSleeps: []time.Duration{250 * time.Millisecond},
		},
		{
			name:     "4xx never retried",
			call:     func(c *Client) error { _, err := c.GetRoles(context.Background()); return err },
			statuses: []int{400, 200}, wantRequests: 1, wantErr: 400,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			body := map[string]any{"code": "OK", "roles": []Role{}} // a success for writes, an empty list for GetRoles
			env := newTestEnv(t, scripted(&n, body, tt.statuses...), func(c *Config) { c.MaxAttempts = 4 })
			err := tt.call(env.c)
			if got := StatusOf(err); got != tt.wantErr || (tt.wantErr == 0 && err != nil) {
				t.Fatalf("err = %v, want status %d", err, tt.wantErr)
			}
			if n.Load() != tt.wantRequests {
				t.Errorf("requests = %d, want %d", n.Load(), tt.wantRequests)
			}
			if diff := cmp.Diff(tt.wantSleeps, env.clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNetworkErrorRetriedForGET(t *testing.T) {
	// Every connection is dropped before an answer: transient, unlike a
	// refused one (netfail_test.go).
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
	}))
	t.Cleanup(srv.Close)
	url := srv.URL
	clock := newFakeClock()
	c, err := New(Config{Domain: url, Token: "static-token-abc", Now: clock.Now, Sleep: clock.Sleep, MaxAttempts: 3, Rand: func() float64 { return 0 }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRoles(context.Background())
	if err == nil || !strings.Contains(err.Error(), "attempt 3") {
		t.Fatalf("err = %v, want failure on attempt 3", err)
	}
	if got := c.Stats().HTTPRequests; got != 3 {
		t.Errorf("HTTP requests = %d, want 3", got)
	}
}

func TestContextCancelledDuringWait(t *testing.T) {
	var n atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	env := newTestEnv(t, scripted(&n, nil, 429), func(c *Config) {
		c.Sleep = func(ctx context.Context, d time.Duration) error {
			cancel() // the user hits ^C while we wait
			return ctx.Err()
		}
	})
	_, err := env.c.GetRoles(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n.Load() != 1 {
		t.Errorf("requests = %d, want 1", n.Load())
	}
}

func ptr[T any](v T) *T { return &v }
