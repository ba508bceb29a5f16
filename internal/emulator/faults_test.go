package emulator_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
)

// Each separate fault knob, at rate 1, answers every API request its way.
func TestSeparateFaultKnobs(t *testing.T) {
	t.Run("throttle", func(t *testing.T) {
		c := start(t, emulator.Options{ThrottleRate: 1, ThrottleReset: 50 * time.Millisecond})
		req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/roles", nil)
		resp, _ := c.send(req)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("RateLimit-Reset") != "0.05" {
			t.Errorf("status %d, RateLimit-Reset %q; want 429 and 0.05", resp.StatusCode, resp.Header.Get("RateLimit-Reset"))
		}
		if st := c.e.Stats(); st.RateLimited != 1 || st.Faults != 0 {
			t.Errorf("stats %+v, want 1 rate limited and no faults", st)
		}
	})
	t.Run("error", func(t *testing.T) {
		c := start(t, emulator.Options{ErrorRate: 1, Seed: 5})
		for range 5 {
			if got, _ := c.do("GET", "/api/v1/roles", nil); got < 500 {
				t.Errorf("status %d, want a 5xx", got)
			}
		}
		if st := c.e.Stats(); st.Faults != 5 || st.Dropped != 0 {
			t.Errorf("stats %+v, want 5 faults, none dropped", st)
		}
	})
	t.Run("drop", func(t *testing.T) {
		c := start(t, emulator.Options{DropRate: 1})
		req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/roles", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		if resp, err := c.e.Client.Do(req); err == nil {
			resp.Body.Close()
			t.Errorf("status %d, want a dropped connection", resp.StatusCode)
		}
		// net/http may send an idempotent request again on a fresh
		// connection: every attempt is dropped.
		if st := c.e.Stats(); st.Faults == 0 || st.Dropped != st.Faults {
			t.Errorf("stats %+v, want only dropped connections", st)
		}
	})
}

func TestFaultOptionsChecked(t *testing.T) {
	for _, o := range []emulator.Options{
		{ErrorRate: 1.5}, {DropRate: -0.1}, {ErrorRate: 0.6, ThrottleRate: 0.6}, {Jitter: -1}, {ThrottleReset: -1},
	} {
		if _, err := emulator.New(nil, o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

// OnWrite sees each write after its change, in order; OnToken each token.
func TestHooks(t *testing.T) {
	var mu sync.Mutex
	var writes, tokens []string
	c := start(t, emulator.Options{
		OnWrite: func(op string, n int) {
			mu.Lock()
			defer mu.Unlock()
			writes = append(writes, fmt.Sprintf("%s:%d", op, n))
		},
		OnToken: func(tok string) {
			mu.Lock()
			defer mu.Unlock()
			tokens = append(tokens, tok)
		},
	})
	c.call("PATCH", "/api/v1/organization/"+acme, map[string]any{"name": "Acme 2"}, http.StatusOK, nil)
	c.call("GET", "/api/v1/organizations", nil, http.StatusOK, nil)
	c.call("DELETE", "/api/v1/organization/"+acme+"/handle", nil, http.StatusOK, nil)
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(writes, " "); got != "updateOrganization:1 DeleteOrganizationHandle:2" {
		t.Errorf("OnWrite saw %q", got)
	}
	if len(tokens) != 1 || tokens[0] != c.token {
		t.Errorf("OnToken saw %d tokens, want the one issued", len(tokens))
	}
}

// Jitter adds a latency below its bound, different from request to request.
func TestJitter(t *testing.T) {
	var mu sync.Mutex
	seen := map[time.Duration]bool{}
	c := start(t, emulator.Options{Latency: time.Millisecond, Jitter: 10 * time.Millisecond, Seed: 9,
		Wait: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if d < time.Millisecond || d >= 11*time.Millisecond {
				t.Errorf("latency %v outside [1ms, 11ms)", d)
			}
			seen[d] = true
			return nil
		}})
	for range 5 {
		c.call("GET", "/api/v1/roles", nil, http.StatusOK, nil)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 3 {
		t.Errorf("only %d different latencies in 6 requests", len(seen))
	}
}

// DuplicateExternalIDs lets a second org take an external_id; handles stay
// unique.
func TestDuplicateExternalIDs(t *testing.T) {
	c := start(t, emulator.Options{DuplicateExternalIDs: true})
	c.call("POST", "/api/v1/organization", map[string]any{"name": "Acme 2", "external_id": "acme"}, http.StatusOK, nil)
	got, data := c.do("POST", "/api/v1/organization", map[string]any{"name": "Acme 3", "handle": "acme"})
	if got != http.StatusBadRequest || errorCode(t, data) != "HANDLE_ALREADY_EXISTS" {
		t.Errorf("a taken handle: status %d, %s", got, data)
	}
}
