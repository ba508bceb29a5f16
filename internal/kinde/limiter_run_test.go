package kinde

import (
	"context"
	"testing"
	"time"
)

// TestAdaptiveLimiterWholeRun: what a plan of a few thousand orgs sees, a
// client able to send 400/s from its first request, measured over the
// whole run, start included: the time to make a given number of calls
// against the server's rate bound (calls / rate), and the 429s. Before the
// ceiling and the measure after a resume (limiter_ceiling.go), a 200/s
// token bucket took 1.67 × its bound for 1,200 calls and 1.24 × for 12,000.
func TestAdaptiveLimiterWholeRun(t *testing.T) {
	tests := []struct {
		name     string
		srv      simServer
		calls    int
		maxRatio float64
		max429   int
	}{
		{name: "token bucket 200/s, 1,200 calls", srv: &tokenBucket{rate: 200, burst: 200}, calls: 1200, maxRatio: 1.10, max429: 5},
		{name: "token bucket 200/s, 12,000 calls", srv: &tokenBucket{rate: 200, burst: 200}, calls: 12000, maxRatio: 1.10, max429: 8},
		{name: "200 per second window, 1,200 calls", srv: &fixedWindow{n: 200, window: time.Second}, calls: 1200, maxRatio: 1.10, max429: 5},
		{name: "200 per second window, 12,000 calls", srv: &fixedWindow{n: 200, window: time.Second}, calls: 12000, maxRatio: 1.10, max429: 8},
		{name: "6000 per minute window, 24,000 calls", srv: &fixedWindow{n: 6000, window: time.Minute}, calls: 24000, maxRatio: 1.10, max429: 8},
		{name: "token bucket 100/s, 4,000 calls", srv: &tokenBucket{rate: 100, burst: 100}, calls: 4000, maxRatio: 1.10, max429: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := newLimiter(0, clock.Now, clock.Sleep)
			start := clock.Now()
			accepted, throttled := 0, 0
			for accepted < tt.calls {
				if err := l.wait(context.Background()); err != nil {
					t.Fatal(err)
				}
				sent := clock.Now()
				clock.Advance(2500 * time.Microsecond)
				if ok, reset := tt.srv.admit(sent); ok {
					l.observe(200)
					accepted++
				} else {
					l.throttled(sent, reset, true)
					throttled++
				}
			}
			ratio := clock.Now().Sub(start).Seconds() / (float64(tt.calls) / tt.srv.limit())
			t.Logf("%.2f × the bound, %d 429s, final rate %.1f", ratio, throttled, l.rate)
			if ratio > tt.maxRatio || throttled > tt.max429 {
				t.Errorf("%.2f × the bound with %d 429s, want at most %.2f × and %d", ratio, throttled, tt.maxRatio, tt.max429)
			}
		})
	}
}
