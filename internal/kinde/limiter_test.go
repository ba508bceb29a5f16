package kinde

import (
	"cmp"
	"context"
	"math"
	"testing"
	"time"
)

// A simulated server decides, at a given time, whether to accept a request,
// and if not, what RateLimit-Reset to send.
type simServer interface {
	admit(now time.Time) (ok bool, reset time.Duration)
	limit() float64 // sustainable requests per second
}

type tokenBucket struct {
	rate, burst, tokens float64
	last                time.Time
}

func (b *tokenBucket) admit(now time.Time) (bool, time.Duration) {
	if b.last.IsZero() {
		b.last, b.tokens = now, b.burst
	}
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	// RateLimit-Reset is whole seconds, rounded up, as a header would be.
	return false, time.Duration(math.Ceil((1-b.tokens)/b.rate)) * time.Second
}

func (b *tokenBucket) limit() float64 { return b.rate }

type fixedWindow struct {
	n      int
	window time.Duration
	start  time.Time
	used   int
}

func (f *fixedWindow) admit(now time.Time) (bool, time.Duration) {
	if f.start.IsZero() || now.Sub(f.start) >= f.window {
		f.start, f.used = now.Truncate(f.window), 0
	}
	if f.used < f.n {
		f.used++
		return true, 0
	}
	return false, time.Duration(math.Ceil(f.start.Add(f.window).Sub(now).Seconds())) * time.Second
}

func (f *fixedWindow) limit() float64 { return float64(f.n) / f.window.Seconds() }

// TestAdaptiveLimiterSettlesUnderServerRate drives the limiter alone, one
// request at a time with 5ms latency (up to 200/s unpaced), against
// servers of several kinds, and checks that over the second half of the
// run it gets most of the server's rate with few 429s. After a phase of
// slow demand it checks the first minute of high demand instead: a run of
// a minute must not spend it recovering from an estimate of its own pace.
func TestAdaptiveLimiterSettlesUnderServerRate(t *testing.T) {
	tests := []struct {
		name       string
		srv        simServer
		spentQuota bool // the quota is used up when we start
		// slowFirst is how long the client starts with little demand, one
		// request per 30ms, as kindesync does while it looks users up one
		// page after another before applying to many orgs at once.
		slowFirst   time.Duration
		minFraction float64
		max429      float64 // 429s per accepted request
		// step is the time a request takes (default 5ms: 200/s unpaced).
		step time.Duration
	}{
		{name: "token bucket 50/s", srv: &tokenBucket{rate: 50, burst: 50}, minFraction: 0.85, max429: 0.02},
		{name: "token bucket 3/s", srv: &tokenBucket{rate: 3, burst: 10}, minFraction: 0.8, max429: 0.05},
		{name: "100 per second window", srv: &fixedWindow{n: 100, window: time.Second}, minFraction: 0.85, max429: 0.02},
		{name: "1200 per minute window", srv: &fixedWindow{n: 1200, window: time.Minute}, minFraction: 0.9, max429: 0.01},
		{name: "quota spent at start", srv: &tokenBucket{rate: 80, burst: 80}, spentQuota: true, minFraction: 0.85, max429: 0.02},
		{name: "token bucket 100/s after slow demand", srv: &tokenBucket{rate: 100, burst: 100}, slowFirst: 20 * time.Second, minFraction: 0.85, max429: 0.02},
		// Fixed windows a client twice as fast would overrun: the rate is
		// learned from where the window ends, not from the rounded-up Reset.
		{name: "200 per second window, client 400/s", srv: &fixedWindow{n: 200, window: time.Second}, step: 2500 * time.Microsecond, minFraction: 0.93, max429: 0.01},
		{name: "6000 per minute window, client 400/s", srv: &fixedWindow{n: 6000, window: time.Minute}, step: 2500 * time.Microsecond, minFraction: 0.95, max429: 0.001},
		{name: "token bucket 100/s, client 400/s", srv: &tokenBucket{rate: 100, burst: 100}, step: 2500 * time.Microsecond, minFraction: 0.9, max429: 0.02},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := newLimiter(0, clock.Now, clock.Sleep)
			if tt.spentQuota {
				for ok := true; ok; ok, _ = tt.srv.admit(clock.Now()) {
				}
			}
			ctx := context.Background()
			start := clock.Now()
			// Measure over [from, total).
			total, from := 10*time.Minute, 5*time.Minute
			if tt.slowFirst > 0 {
				total, from = tt.slowFirst+time.Minute, tt.slowFirst
			}
			var accepted, throttled int
			for clock.Now().Sub(start) < total {
				if err := l.wait(ctx); err != nil {
					t.Fatal(err)
				}
				sent := clock.Now()
				if sent.Sub(start) < tt.slowFirst {
					clock.Advance(30 * time.Millisecond)
				} else {
					clock.Advance(cmp.Or(tt.step, 5*time.Millisecond))
				}
				ok, reset := tt.srv.admit(sent)
				measured := sent.Sub(start) >= from
				if ok {
					l.observe(200)
					if measured {
						accepted++
					}
				} else {
					l.throttled(sent, reset, true)
					if measured {
						throttled++
					}
				}
			}
			got := float64(accepted) / (total - from).Seconds()
			if frac := got / tt.srv.limit(); frac < tt.minFraction || frac > 1.01 {
				t.Errorf("throughput %.1f/s = %.0f%% of the server's %.1f/s, want at least %.0f%%",
					got, 100*frac, tt.srv.limit(), 100*tt.minFraction)
			}
			if r := float64(throttled) / float64(max(accepted, 1)); r > tt.max429 {
				t.Errorf("%d 429s for %d accepted (%.1f%%), want at most %.1f%%", throttled, accepted, 100*r, 100*tt.max429)
			}
			t.Logf("%.1f/s (%.0f%% of %.1f), %d 429s, final rate %.1f", got, 100*got/tt.srv.limit(), tt.srv.limit(), throttled, l.rate)
		})
	}
}

func TestFixedRatePaces(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(4, clock.Now, clock.Sleep)
	for range 5 {
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// The first goes at once, the others a quarter second apart.
	want := []time.Duration{250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond}
	got := clock.Sleeps()
	if len(got) != len(want) {
		t.Fatalf("sleeps = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sleeps = %v, want %v", got, want)
		}
	}
	// A 429 pauses a fixed-rate limiter but does not change its rate.
	l.throttled(clock.Now(), 2*time.Second, true)
	if l.rate != 4 {
		t.Errorf("rate after 429 = %v, want 4", l.rate)
	}
}
