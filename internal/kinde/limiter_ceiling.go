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
// 429s come a few times a minute rather than every ten seconds. A ceiling measured too low (a 429 right after a pause sees the
// pause) must not hold the rate under the server's for good: after
// ceilingHold near it the probe climbs at its full step again.
//
// A cut whose measure confirms the ceiling (within confirmTolerance of
// it) has found the server's rate twice: the rate is known, and cutting
// it to cutFraction only to climb back cost 2–4 % of a run's time against
// one-second windows and token buckets alike (measured with
// kindesync-bench). Such a cut keeps confirmedCut of the measure and of
// the rate, so that 429s in a row still bring it down. The first cut, whose measure holds
// a token bucket's burst, still keeps cutFraction.

const (
	nearCeiling      = 0.97
	ceilingHold      = 20 * time.Second
	confirmTolerance = 0.05
	confirmedCut     = 0.98
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
		return s
	}
	if l.nearSince.IsZero() {
		l.nearSince = now
	}
	if now.Sub(l.nearSince) < ceilingHold {
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
