package kinde

import (
	"context"
	"math"
	"testing"
	"time"
)

// probeSetup runs a limiter at 100/s for a second, then answers a request
// sent 100ms after a whole second with a 429 and RateLimit-Reset 1, so the
// next boundary is 900ms away. It returns the limiter, the clock, the
// boundary, and the rate the cut left.
func probeSetup(t *testing.T) (*limiter, *fakeClock, time.Time, float64) {
	t.Helper()
	clock := newFakeClock() // 03:04:05.000
	l := newLimiter(0, clock.Now, clock.Sleep)
	ctx := context.Background()
	for range 110 {
		if err := l.wait(ctx); err != nil {
			t.Fatal(err)
		}
		l.observe(200)
		clock.Advance(10 * time.Millisecond)
	}
	sent := clock.Now() // 03:04:06.100
	l.throttled(sent, time.Second, true)
	if math.IsInf(l.rate, 1) || l.rate < 10 {
		t.Fatalf("rate after the cut %.1f, want it paced", l.rate)
	}
	return l, clock, sent.Truncate(time.Second).Add(time.Second), l.rate
}

func TestLimiterProbeBucketResumesEarly(t *testing.T) {
	l, clock, boundary, _ := probeSetup(t)
	ctx := context.Background()
	cut := clock.Now()
	if err := l.wait(ctx); err != nil { // the probe
		t.Fatal(err)
	}
	if d := clock.Now().Sub(cut); d < probeDelay || d > 2*probeDelay {
		t.Fatalf("the probe went %v after the cut, want about %v (not at the boundary, %v away)", d, probeDelay, boundary.Sub(cut))
	}
	l.observe(200) // a bucket: a token came back
	if err := l.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if !clock.Now().Before(boundary) {
		t.Errorf("after the probe succeeded the next request waited for the boundary (%v), want it paced at once", clock.Now().Sub(cut))
	}
}

func TestLimiterProbeWindowWaitsForItsEnd(t *testing.T) {
	l, clock, boundary, _ := probeSetup(t)
	ctx := context.Background()
	if err := l.wait(ctx); err != nil { // the probe
		t.Fatal(err)
	}
	probeSent := clock.Now()
	// Held while the probe is out: another caller waits, and with no
	// answer at all, until the window's end.
	if err := l.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if clock.Now().Before(boundary) {
		t.Fatalf("a second caller went at %v, before the probe was answered and before the boundary %v", clock.Now().Sub(probeSent), boundary.Sub(probeSent))
	}

	l, clock, boundary, rate := probeSetup(t)
	if err := l.wait(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(25 * time.Millisecond)
	l.throttled(clock.Now().Add(-25*time.Millisecond), time.Second, true) // the probe's 429: a spent window
	if l.rate != rate {
		t.Errorf("the probe's 429 cut the rate again: %.1f, was %.1f", l.rate, rate)
	}
	if err := l.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if clock.Now().Before(boundary) {
		t.Errorf("after the probe's 429 a caller went %v before the window's end", boundary.Sub(clock.Now()))
	}
}
