package kinde

import (
	"math"
	"testing"
	"time"
)

// TestLimiterCeilingHold: near the ceiling the probe climbs a tenth as
// fast, but only for ceilingHold unless a second cut confirmed it: a
// ceiling measured too low must not keep the rate under the server's for
// good. Below it the probe climbs farStep times as fast, up to it.
func TestLimiterCeilingHold(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(0, clock.Now, clock.Sleep)
	l.base, l.ceiling, l.rate = 100, 100, 99.5
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
	if got := l.step(now.Add(ceilingHold)); got != farStep {
		t.Errorf("step below the ceiling = %v, want %v", got, farStep)
	}
	l.rate = 98.5
	if got := l.step(now.Add(ceilingHold)); math.Abs(got-0.5) > 1e-9 {
		t.Errorf("step just below the ceiling = %v, want 0.5: up to where the probe slows", got)
	}
	// A ceiling two cuts agreed on holds.
	l.rate, l.confirmed, l.nearSince = 99.5, true, time.Time{}
	l.step(now)
	if got := l.step(now.Add(10 * ceilingHold)); got != 0.1 {
		t.Errorf("step near a confirmed ceiling after %v = %v, want 0.1", 10*ceilingHold, got)
	}
}

// TestLimiterConfirmedCut: the first cut keeps cutFraction, as its
// measure holds a token bucket's burst; a later one, whose measure does
// not, keeps confirmedCut, whether or not it agrees with the last.
func TestLimiterConfirmedCut(t *testing.T) {
	for _, tt := range []struct {
		name      string
		ceiling   float64
		cutBefore bool
		wantFrac  float64
	}{
		{"agrees with the ceiling", 100, true, confirmedCut},
		{"first cut", 0, false, cutFraction},
		{"far from the ceiling", 150, true, confirmedCut},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := newLimiter(0, clock.Now, clock.Sleep)
			// 100/s for ten seconds: the measure is 100/s (a wait of
			// 10ms is no window's Reset, so no boundary comes into it).
			l.rate, l.base = 100, 100
			if tt.cutBefore {
				l.lastCut = clock.Now().Add(-time.Hour)
			}
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

// TestLimiterMeasureSinceCut: against a token bucket, what was accepted
// between two 429s over the time between them is the bucket's rate. Here a
// 100/s bucket refilled for 0.2 s while the limiter paused to the boundary
// after its last cut, then served 150 requests in 1.3 s until empty; the
// next pause to the boundary is 0.71 s. Over the span since resuming, with
// that pause, the measure would be 150 / 2.01 s = 75/s.
func TestLimiterMeasureSinceCut(t *testing.T) {
	clock := newFakeClock() // on a whole second
	l := newLimiter(0, clock.Now, clock.Sleep)
	start := clock.Now()
	l.historyStart = start.Add(-10 * time.Second)
	for i := range 490 { // what came before the last cut
		l.history = append(l.history, start.Add(-10*time.Second+time.Duration(i)*20*time.Millisecond))
	}
	l.rate, l.base, l.ceiling = 150, 100, 100
	l.lastCut = start.Add(-200 * time.Millisecond)
	l.spanStart = start
	for range 150 {
		clock.Advance(1300 * time.Millisecond / 150)
		l.observe(200)
	}
	l.throttled(clock.Now().Add(-25*time.Millisecond), time.Second, true)
	if got, want := l.rate, confirmedCut*100; math.Abs(got-want) > 1.5 {
		t.Errorf("rate after the cut %.1f, want about %.1f", got, want)
	}
}

// TestLimiterRecut: a 429 within recutAfter of a cut, for a request sent
// after it, belongs to the same event: the server had no time to recover
// from the last cut (a bucket refills a quarter second's worth at most),
// so it pauses without cutting again.
func TestLimiterRecut(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(0, clock.Now, clock.Sleep)
	l.historyStart, l.spanStart = clock.Now(), clock.Now()
	for range 1000 {
		clock.Advance(10 * time.Millisecond)
		l.observe(200)
	}
	l.rate, l.base, l.lastCut = 100, 100, clock.Now()
	clock.Advance(30 * time.Millisecond)
	l.spanStart = clock.Now()
	for range 3 {
		clock.Advance(10 * time.Millisecond)
		l.observe(200)
	}
	l.throttled(clock.Now().Add(-5*time.Millisecond), time.Second, true)
	if l.rate != 100 {
		t.Errorf("rate after a 429 %v after the cut: %.1f, want 100 (no second cut)", 70*time.Millisecond, l.rate)
	}
	if !l.pause.After(clock.Now()) {
		t.Errorf("no pause after the 429")
	}
}
