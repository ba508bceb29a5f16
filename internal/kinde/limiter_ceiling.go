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
// 429s come a few times a minute rather than every ten seconds. Below it
// the probe climbs farStep steps a second, up to nearCeiling: running
// under the server's rate is what costs time, as neither a token bucket
// (what a pause of up to a second refills, a burst of a second's worth
// holds) nor a fixed window (whose quota was spent) loses anything to a
// pause to the boundary.
//
// A ceiling measured too low must not hold the rate under the server's
// for good. After ceilingHold near it the probe climbs at its full step
// again, unless a second cut confirmed it (within confirmTolerance).
//
// Only the first cut keeps cutFraction: its measure holds a token
// bucket's burst. Every later one keeps confirmedCut of the measure and
// of the rate, as its measure is the server's rate: traced second by
// second with kindesync-bench, the climb back from 90 % took half a
// minute and more. 429s in a row still bring the rate down, 2 % each, and
// no faster than the measure says.
//
// The measure. Over the span since resuming, with the pause ahead, a
// token bucket's rate is underestimated: the pause ahead is the limiter's
// own (to the next second, up to a second), and the pause behind, in
// which the bucket refilled, is left out. Traced, a 100/s bucket measured
// 64-95/s, and each such cut cost a minute below its rate. From the last
// cut to now (sinceCut), both ends are 429s, where the bucket was empty,
// so what it accepted between them over the time between is its rate. A
// fixed window's measure over the span is exact, and sinceCut is lower
// there but for a span shorter than a window: the limiter takes the
// higher of the two, and the cut keeps no more than confirmedCut of the
// rate it ran at, whatever the measure.

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
