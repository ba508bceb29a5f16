package kinde

import "time"

// The ceiling. Probing upward by 1 % of the rate a second, from the 90 %
// a cut leaves, reaches the server's rate again in ten seconds, and each
// 429 there pauses every caller to the next boundary, half a second on
// average: against a 200/s token bucket a one-minute plan took 1.24 × its
// bound. The rate the server was measured at when the last cut was made
// is a ceiling: near it (nearCeiling) the probe climbs a tenth as fast, so
// 429s come a few times a minute rather than every ten seconds, and a
// server that allows more is still found, more slowly.

const nearCeiling = 0.97

// step is the additive raise of one raiseEvery.
func (l *limiter) step() float64 {
	s := max(l.base*raiseFraction, minRate/2)
	if l.ceiling > 0 && l.rate >= nearCeiling*l.ceiling {
		s /= 10
	}
	return s
}

// historyFrom is the start of what history covers: the first request, or
// spanMax ago.
func (l *limiter) historyFrom(now time.Time) time.Time {
	if old := now.Add(-spanMax); l.historyStart.Before(old) {
		return old
	}
	return l.historyStart
}
