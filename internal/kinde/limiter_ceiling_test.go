package kinde

import (
	"testing"
	"time"
)

// TestLimiterCeilingHold: near the ceiling the probe climbs a tenth as
// fast, but only for ceilingHold unless a second cut confirmed it: a
// ceiling measured too low must not keep the rate under the server's for
// good.
func TestLimiterCeilingHold(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(0, clock.Now, clock.Sleep)
	l.base, l.ceiling, l.rate = 100, 100, 98
	now := clock.Now()
	if got := l.step(now); got != 0.1 {
		t.Errorf("step near the ceiling = %v, want 0.1", got)
	}
	if got := l.step(now.Add(ceilingHold - time.Second)); got != 0.1 {
		t.Errorf("step near the ceiling before the hold ends = %v, want 0.1", got)
	}
	if got := l.step(now.Add(ceilingHold)); got != 1 {
		t.Errorf("step near the ceiling after %v = %v, want the full 1", ceilingHold, got)
	}
	l.rate = 90
	if got := l.step(now.Add(ceilingHold)); got != 1 {
		t.Errorf("step below the ceiling = %v, want 1", got)
	}
	// A ceiling two cuts agreed on holds.
	l.rate, l.confirmed, l.nearSince = 98, true, time.Time{}
	l.step(now)
	if got := l.step(now.Add(10 * ceilingHold)); got != 0.1 {
		t.Errorf("step near a confirmed ceiling after %v = %v, want 0.1", 10*ceilingHold, got)
	}
}

// TestLimiterConfirmedCut: a cut whose measure agrees with the last one
// keeps confirmedCut of the rate, not cutFraction.
func TestLimiterConfirmedCut(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ceiling  float64
		wantFrac float64
	}{
		{"agrees with the ceiling", 100, confirmedCut},
		{"no ceiling yet", 0, cutFraction},
		{"far from the ceiling", 150, cutFraction},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := newLimiter(0, clock.Now, clock.Sleep)
			// 100/s for ten seconds: the measure is 100/s (a wait of
			// 10ms is no window's Reset, so no boundary comes into it).
			l.rate, l.base, l.lastCut = 100, 100, clock.Now().Add(-time.Hour)
			l.spanStart, l.historyStart = clock.Now(), clock.Now()
			for range 1000 {
				clock.Advance(10 * time.Millisecond)
				l.observe(200)
			}
			l.ceiling = tt.ceiling
			l.throttled(clock.Now(), 10*time.Millisecond, true)
			if got, want := l.rate, tt.wantFrac*100; got < want-1.5 || got > want+0.5 {
				t.Errorf("rate after the cut %.1f, want about %.1f", got, want)
			}
		})
	}
}
