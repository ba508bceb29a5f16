package kinde

import "time"

// The probe. A token bucket and a one-second window both answer a 429
// with RateLimit-Reset 1, and the limiter resumes after the next whole
// second (limiter_window.go). For a window that is right: its quota is
// spent until then. For a bucket it is not: a token comes back within a
// few milliseconds, and pausing every caller to the boundary, half a
// second on average, cost about 3 % of a 3,000-org plan against a 200/s
// bucket and most of a second at its start (measured with kindesync-bench).
//
// So after a cut at Reset 1 the limiter sends one request first, after
// probeDelay (or two requests' time at the new rate, if longer), and holds the others until it is answered: a success says a
// bucket, and everyone resumes at the new rate; a 429 says a window,
// spent, and everyone waits for its end as before, without a second cut.
// A window pays one 429 for this, a bucket gets the rest of the second.
// Once a probe has shown a bucket, the rate a cut measures counts the
// pause the probe takes, not the one to the boundary: that one made a
// 200/s bucket look like 180/s.

const (
	probeDelay = 50 * time.Millisecond
	probePoll  = 5 * time.Millisecond // how often the held callers look
)

// startProbe replaces a pause to the boundary of a one-second window
// (until) by a probe after probeDelay, when that comes sooner.
func (l *limiter) startProbe(now time.Time) {
	until := l.pause
	p := now.Add(l.probeWait())
	if !p.Before(until) {
		return
	}
	l.probeFrom, l.probeUntil, l.probeSent = p, until, false
	l.pause = p
	if l.spanStart.Equal(until) {
		l.spanStart = p
	}
	if l.lastRaise.Equal(until) {
		l.lastRaise = p
	}
	if l.next.Equal(until) {
		l.next = p
	}
}

// probeWait is how long after a cut the probe goes: probeDelay, or two
// requests' time at the rate, as a slow bucket's token takes longer to come
// back.
func (l *limiter) probeWait() time.Duration {
	return max(probeDelay, time.Duration(2*float64(time.Second)/l.rate))
}

// probeThrottled handles a 429 at Reset 1 while a probe is on; true when
// it did. A request sent before the probe (in flight at the cut) belongs
// to the event already handled. The probe's own 429, or any sent after it,
// says the window is spent: wait for its end, measure from there.
func (l *limiter) probeThrottled(sent, now time.Time) bool {
	if l.probeUntil.IsZero() || !now.Before(l.probeUntil) {
		l.probeUntil = time.Time{}
		return false
	}
	if sent.Before(l.probeFrom) {
		return true
	}
	b := l.probeUntil
	l.probeUntil, l.bucket = time.Time{}, false
	if b.After(l.pause) {
		l.pause = b
	}
	l.spanStart, l.lastRaise, l.next = b, b, b
	l.accepted = l.accepted[:0]
	return true
}

// probeHold says how long a caller must wait while the probe is out (0:
// go; the first caller after the pause is the probe).
func (l *limiter) probeHold(now time.Time) time.Duration {
	if l.probeUntil.IsZero() {
		return 0
	}
	if !now.Before(l.probeUntil) {
		l.probeUntil = time.Time{}
		return 0
	}
	if !l.probeSent {
		l.probeSent = true
		return 0
	}
	return min(probePoll, l.probeUntil.Sub(now))
}

// probeAnswered ends the probe at an answer other than 429.
func (l *limiter) probeAnswered() {
	if l.probeSent && !l.probeUntil.IsZero() {
		l.probeUntil, l.bucket = time.Time{}, true
	}
}
