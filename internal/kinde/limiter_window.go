package kinde

import "time"

// Fixed windows. A gateway that counts fixed windows (L requests each
// second, or each minute, aligned on the clock) answers a 429 with
// RateLimit-Reset in whole seconds, rounded up: the window ends somewhere
// in (Reset-1s, Reset]. Pausing the full Reset wastes up to a second of
// the next window, and measuring the rate over elapsed + Reset
// underestimates L/W by as much: against one-second windows of 200 that
// settled near 120/s, where the additive probe then took a minute to climb.
//
// So the limiter checks whether a clock-aligned boundary of a one-second
// window (Reset of 1s) or a one-minute window (Reset of 2 to 60s) falls in
// that interval; if so it resumes just after the boundary and measures the
// rate over the pause actually taken. A token bucket answers Reset 1s too
// and fits the one-second test; resuming at the next whole second is then
// merely earlier than a full second, and the bucket has refilled in the
// meantime at its rate, which the pacing then follows. A window that is
// not aligned on the clock shows as a 429 soon after resuming, which only
// pauses to the next boundary (shortSpan) and never cuts the rate twice
// for one event.
//
// Under one-minute windows the estimate L/60 is exact, so the cut keeps
// more of it (windowCut) and the probe climbs per ten seconds, not per
// second: a climb of 1 % a second fills a minute window 15 s early.

const (
	boundaryMargin = 10 * time.Millisecond // after the boundary: clocks and travel
	boundarySlack  = 50 * time.Millisecond // Reset rounding vs our clock
	windowCut      = 0.97
	minuteRaise    = 10 * time.Second
)

// boundary returns when to resume after a 429 for a request sent at sent
// with RateLimit-Reset wait, and the window size it fits (0: none, resume
// after wait).
func boundary(sent time.Time, wait time.Duration) (time.Time, time.Duration) {
	if wait < time.Second || wait > time.Minute || wait%time.Second != 0 {
		return time.Time{}, 0
	}
	w := time.Second
	if wait > time.Second {
		w = time.Minute
	}
	b := sent.Truncate(w).Add(w)
	lo, hi := sent.Add(wait-time.Second-boundarySlack), sent.Add(wait+boundarySlack)
	if b.After(lo) && !b.After(hi) {
		return b.Add(boundaryMargin), w
	}
	return time.Time{}, 0
}
