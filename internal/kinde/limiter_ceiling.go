package kinde

import (
	"math"
	"time"
)

// The ceiling. Probing upward by 1 % of the rate a second, from the 90 %
// a cut leaves, reaches the server's rate again in ten seconds, and each
// 429 there pauses every caller to the next boundary, half a second on
// average: against a 200/s token bucket a one-minute plan took 1.24 × its
// bound. The rate the server was measured at when the last cut was made
// is a ceiling: near it (nearCeiling) the probe climbs a tenth as fast, so
// 429s come a few times a minute rather than every ten seconds.
//
// A ceiling measured too low must not hold the rate under the server's
// for good: the measure counts the pause to the next boundary, which
// against a token bucket is the limiter's own choice (a 100/s bucket
// measured 90.7/s after a pause of 0.9 s, and the rate then stayed at
// 88–90/s). After ceilingHold near it the probe climbs at its full step
// again, unless a second cut confirmed it.
//
// A cut whose measure confirms the ceiling (within confirmTolerance of
// it) has found the server's rate twice, and keeps confirmedCut of the
// measure and of the rate, not cutFraction: traced second by second with
// kindesync-bench, the climb back from 90 % took half a minute and more.
// 429s in a row still bring the rate down, 2 % each. The first cut, whose
// measure holds a token bucket's burst, still keeps cutFraction.

const (
	nearCeiling      = 0.99
	ceilingHold      = 20 * time.Second
	confirmTolerance = 0.05
	confirmedCut     = 0.98
	recutAfter       = 250 * time.Millisecond
	farStep          = 3
)

// step is the additive raise of one raiseEvery, at now.
func (l *limiter) step(now time.Time) float64 {
	s := max(l.base*raiseFraction, minRate/2)
	if l.ceiling <= 0 {
		return s
	}
	near := nearCeiling * l.ceiling
	if l.rate < near {
		l.nearSince = time.Time{}
		return min(farStep*s, near-l.rate)
	}
	if l.nearSince.IsZero() {
		l.nearSince = now
	}
	if l.confirmed || now.Sub(l.nearSince) < ceilingHold {
		return s / 10
	}
	return s
}

// confirms reports whether measured agrees with the ceiling of the last
// trusted cut.
func (l *limiter) confirms(measured float64) bool {
	return l.ceiling > 0 && math.Abs(measured-l.ceiling) <= confirmTolerance*l.ceiling
}

// historyFrom is the start of what history covers: the first request, or
// spanMax ago.
func (l *limiter) historyFrom(now time.Time) time.Time {
	if old := now.Add(-spanMax); l.historyStart.Before(old) {
		return old
	}
	return l.historyStart
}

// sinceCut is what the server accepted from the last cut to now, per
// second, or 0 when that is too short to say. Against a token bucket it
// is the bucket's rate: both ends are 429s, where the bucket was empty.
// The measure over the span since resuming, with the wait ahead, is not:
// it counts the pause ahead, which the limiter chose, and not the pause
// behind, in which the bucket refilled.
func (l *limiter) sinceCut(now time.Time) float64 {
	d := now.Sub(l.lastCut)
	if l.lastCut.IsZero() || d < recutAfter {
		return 0
	}
	n := 0
	for i := len(l.history) - 1; i >= 0 && l.history[i].After(l.lastCut); i-- {
		n++
	}
	if n < trustedSample {
		return 0
	}
	return float64(n) / d.Seconds()
}
