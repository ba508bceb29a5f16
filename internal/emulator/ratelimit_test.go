package emulator_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
)

// get sends one API request and returns the status and RateLimit-Reset.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.e.URL+path, nil)
	resp, _ := c.send(req)
	return resp.StatusCode, resp.Header.Get("RateLimit-Reset")
}

// Fixed windows admit Rate requests per window aligned on the clock, and
// RateLimit-Reset says the whole seconds left in the window.
func TestRateWindows(t *testing.T) {
	type step struct {
		advance    time.Duration // before the request
		wantStatus int
		wantReset  string
	}
	tests := []struct {
		window string
		rate   float64
		offset time.Duration // of the clock into its first window
		steps  []step
	}{
		{emulator.RateSecond, 2, 0, []step{
			{0, 200, ""}, {0, 200, ""}, {0, 429, "1"},
			{999 * time.Millisecond, 429, "1"}, {time.Millisecond, 200, ""}, {0, 200, ""}, {0, 429, "1"},
		}},
		{emulator.RateMinute, 2, 30 * time.Second, []step{
			{0, 200, ""}, {0, 200, ""}, {0, 429, "30"},
			{20 * time.Second, 429, "10"}, {9500 * time.Millisecond, 429, "1"},
			{500 * time.Millisecond, 200, ""}, {59 * time.Second, 200, ""}, {0, 429, "1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.window, func(t *testing.T) {
			clock := newClock()
			clock.Advance(tt.offset)
			c := start(t, emulator.Options{Rate: tt.rate, RateWindow: tt.window, Now: clock.Now})
			for i, s := range tt.steps {
				clock.Advance(s.advance)
				status, reset := c.get("/api/v1/organizations")
				if status != s.wantStatus || reset != s.wantReset {
					t.Errorf("request %d (at %s): %d RateLimit-Reset %q, want %d %q", i, clock.Now().Format("15:04:05.000"), status, reset, s.wantStatus, s.wantReset)
				}
			}
		})
	}
	for _, bad := range []emulator.Options{
		{Rate: 1.5, RateWindow: emulator.RateMinute},
		{Rate: 10, Burst: 5, RateWindow: emulator.RateSecond},
		{Rate: 10, RateWindow: "hour"},
		{Shed: true},
	} {
		if _, err := emulator.New(nil, bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}

// With Shed, a request that finds every slot taken is answered 429 at once
// rather than queued; the token endpoint is not capped.
func TestShed(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var armed atomic.Bool
	block := func(ctx context.Context, d time.Duration) error {
		if armed.Load() {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	c := start(t, emulator.Options{MaxInFlight: 1, Shed: true, Latency: time.Nanosecond, Wait: block})
	armed.Store(true)
	done := make(chan int)
	go func() {
		status, _ := c.get("/api/v1/roles")
		done <- status
	}()
	<-entered // the only slot is taken
	armed.Store(false)
	if status, reset := c.get("/api/v1/roles"); status != http.StatusTooManyRequests || reset != "1" {
		t.Errorf("with every slot taken: %d RateLimit-Reset %q, want 429 \"1\"", status, reset)
	}
	if tok := c.e.Token(); tok == "" {
		t.Error("no token while the slot is taken")
	}
	release <- struct{}{}
	if status := <-done; status != http.StatusOK {
		t.Errorf("the request holding the slot: %d", status)
	}
	if status, _ := c.get("/api/v1/roles"); status != http.StatusOK {
		t.Errorf("after the slot was freed: %d", status)
	}
	if st := c.e.Stats(); st.Shed != 1 || st.RateLimited != 1 || st.Waiting != 0 {
		t.Errorf("Stats: Shed %d RateLimited %d Waiting %d, want 1 1 0", st.Shed, st.RateLimited, st.Waiting)
	}
}
