package kinde_test

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// A burst against the emulator's token bucket draws 429s with
// RateLimit-Reset. The client's Sleep advances the clock both sides share,
// so waiting is instant and exact: every call succeeds, and no request is
// sent before the reset the last 429 gave has passed.
func TestEmulatorThrottledBurst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		serverRate float64
		burst      int
		clientRate float64 // Config.Rate
		// wantThrottled, if not -1, is the exact count of 429s; wantSleeps,
		// if not nil, the exact sleeps.
		wantThrottled int
		wantSleeps    []time.Duration
	}{
		// Unpaced, the client only waits when told: after the burst of 2,
		// every second call is refused once and waits the 1s reset.
		{name: "unpaced", serverRate: 2, burst: 2, clientRate: -1, wantThrottled: 9, wantSleeps: repeat(time.Second, 9)},
		// Adaptive (the default) learns the rate from the 429s.
		{name: "adaptive", serverRate: 2, burst: 2, clientRate: 0, wantThrottled: -1},
		// A fixed rate above the server's is still corrected by the pauses.
		{name: "fixed above the server", serverRate: 0.5, burst: 1, clientRate: 1, wantThrottled: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
				o.Rate, o.Burst = tt.serverRate, tt.burst
				cfg.Rate = tt.clientRate
			})
			const calls = 20
			for i := range calls {
				if _, err := env.c.GetOrganization(t.Context(), acmeOrg); err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
			}
			st, est := env.c.Stats(), env.emu.Stats()
			t.Logf("%d calls: %d HTTP requests, %d throttled (emulator: %d), %d retries, final client rate %s/s",
				calls, st.HTTPRequests, st.Throttled, est.RateLimited, st.Retries, strconv.FormatFloat(env.c.Rate(), 'f', 2, 64))
			if st.Throttled == 0 || st.Throttled != est.RateLimited {
				t.Errorf("client counted %d 429s, emulator sent %d; want the same, above 0", st.Throttled, est.RateLimited)
			}
			if st.Retries != st.Throttled {
				t.Errorf("%d retries for %d 429s: each 429 should cost one retry", st.Retries, st.Throttled)
			}
			if tt.wantThrottled >= 0 && st.Throttled != tt.wantThrottled {
				t.Errorf("%d 429s, want %d", st.Throttled, tt.wantThrottled)
			}
			if tt.wantSleeps != nil {
				if got := env.clock.Sleeps(); fmt.Sprint(got) != fmt.Sprint(tt.wantSleeps) {
					t.Errorf("sleeps %v, want %v", got, tt.wantSleeps)
				}
			}
			env.checkResetsHonoured()
		})
	}
}

// checkResetsHonoured checks, for a client sending one request at a time,
// that every 429 carried RateLimit-Reset and that the next request waited
// that long on the clock.
func (env *emuEnv) checkResetsHonoured() {
	env.t.Helper()
	xs := env.rec.exchanges()
	for i, x := range xs {
		if x.status != http.StatusTooManyRequests {
			continue
		}
		secs, err := strconv.Atoi(x.reset)
		if err != nil || secs < 1 {
			env.t.Errorf("429 #%d: RateLimit-Reset %q, want whole seconds", i, x.reset)
			continue
		}
		if i+1 == len(xs) {
			env.t.Errorf("the last request was refused: the call was given up")
			continue
		}
		// The header is whole seconds rounded up, so the limit resets in
		// (secs-1, secs]: the client may resume at a clock-aligned window
		// boundary in that span (limiter_window.go), never before it.
		next := xs[i+1].at
		boundary := x.at.Truncate(time.Second).Add(time.Second)
		if secs > 1 {
			boundary = x.at.Truncate(time.Minute).Add(time.Minute)
		}
		early := next.Before(x.at.Add(time.Duration(secs) * time.Second))
		if early && (next.Before(boundary) || next.Before(x.at.Add(time.Duration(secs-1)*time.Second))) {
			env.t.Errorf("request after the 429 at %s went %s later, before the %ds reset and its window boundary", x.at.Format(time.TimeOnly), next.Sub(x.at), secs)
		}
	}
}

// Callers in parallel share one pause: all finish, however often they were
// refused on the way.
func TestEmulatorThrottledParallelCallers(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
		o.Rate, o.Burst = 5, 5
		cfg.MaxAttempts = 20
	})
	const callers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, callers*each)
	for range callers {
		wg.Go(func() {
			for range each {
				_, err := env.c.GetOrganizationUsers(t.Context(), acmeOrg)
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(env.failed("a throttled parallel call", err))
		}
	}
	st, est := env.c.Stats(), env.emu.Stats()
	t.Logf("%d calls from %d callers: %d HTTP requests, %d throttled (emulator: %d), %d retries, final client rate %.2f/s",
		callers*each, callers, st.HTTPRequests, st.Throttled, est.RateLimited, st.Retries, env.c.Rate())
	if st.Throttled == 0 || st.Throttled != est.RateLimited {
		t.Errorf("client counted %d 429s, emulator sent %d; want the same, above 0", st.Throttled, est.RateLimited)
	}
	if got := est.Requests["GetOrganizationUsers"] - est.RateLimited; got != callers*each {
		t.Errorf("the emulator served %d listings, want %d", got, callers*each)
	}
	if est.TokensIssued != 1 {
		t.Errorf("%d tokens issued for parallel callers, want 1", est.TokensIssued)
	}
}

// A reset longer than the client may wait fails the call at once, with the
// 429 as its error.
func TestEmulatorThrottledBeyondMaxRetryWait(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
		o.Rate, o.Burst = 0.01, 1 // a token every 100s
		cfg.MaxRetryWait = 10 * time.Second
	})
	if _, err := env.c.GetOrganization(t.Context(), acmeOrg); err != nil {
		t.Fatal(err)
	}
	_, err := env.c.GetOrganization(t.Context(), acmeOrg)
	err = env.failed("a 100s reset", err)
	if !kinde.IsRateLimited(err) {
		t.Errorf("a 100s reset: %v; want a 429 error", err)
	}
	if got := env.c.Stats().HTTPRequests; got != 3 { // token, call, refused call
		t.Errorf("%d HTTP requests, want 3: the refused call must not be retried", got)
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}
