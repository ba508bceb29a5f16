package kinde

import (
	"context"
	"math"
	"sync"
	"time"
)

// limiter paces requests on the client side and pauses every caller while
// the server has asked us to wait.
//
// In adaptive mode (the default) the client is not told the server's rate;
// it finds it from 429 answers, in the manner of TCP congestion control:
//
//   - Until the first 429 nothing is paced; only the in-flight cap applies.
//   - On a 429 every caller pauses until RateLimit-Reset has passed (or a
//     jittered backoff when the header is absent). The rate is then cut to
//     cutFraction of what the server accepted since the last cut, measured
//     as accepted / (elapsed + wait). For a fixed-window limit of L per W,
//     elapsed + wait spans the whole window, so this estimates L/W rather
//     than the burst rate that emptied the window; for a token bucket the
//     burst shrinks with every cut and the estimate converges on its rate.
//     The measure is the best over the span and its recent parts (see
//     acceptedRate): demand that rose only lately, after seconds of one
//     request at a time, must not make the client's own slow pace the
//     server's rate. 429s for requests sent before the cut belong to the
//     same event and do not cut again.
//   - Every cut after the first keeps more of the rate, and is measured
//     from the last cut too, which a token bucket needs
//     (limiter_ceiling.go); near the rate measured at the last cut the
//     probe upward slows down for a while. A 429 within recutAfter of a
//     cut belongs to its event: the server had no time to recover, and
//     it only pauses.
//   - Congestion avoidance: afterwards, each second in which callers were
//     held back by pacing raises the rate by a constant step, raiseFraction
//     of the rate set at the cut, probing upward until the next 429. The
//     rate saw-tooths between cutFraction and a little over the server's
//     limit; under a per-minute window the 429 simply comes later in the
//     window and the next estimate is as good.
//   - Slow start: an estimate from fewer than trustedSample answers over
//     less than trustedSpan (a 429 right at the start, when another client
//     has spent the quota) may be
//     far too low, and additive steps would take minutes to recover. Then
//     the rate doubles each second of demand instead. Slow start ends at
//     its first 429, which never cuts below the rate before the last
//     doubling, as that one drew no 429.
//
// A fixed rate (Config.Rate > 0) is a plain pacer that 429s pause but do
// not change.
type limiter struct {
	mu    sync.Mutex
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	adaptive bool
	rate     float64   // requests per second; +Inf: not paced
	next     time.Time // earliest start of the next paced request
	pause    time.Time // no request starts before this

	// Adaptive state.
	spanStart time.Time   // start of the current measuring span
	accepted  []time.Time // answers other than 429 within the span
	lastCut   time.Time
	base      float64 // rate set at the last cut: sizes the additive step
	slowStart bool
	good      float64 // in slow start, the rate before the last doubling
	lastRaise time.Time
	demand    bool          // a caller waited for pacing since lastRaise
	window    time.Duration // fixed window learned from RateLimit-Reset (limiter_window.go), 0: none
	// history: answers other than 429 over the last spanMax, across cuts,
	// and when the first request started (limiter_ceiling.go).
	history      []time.Time
	historyStart time.Time
	ceiling      float64   // the rate the server was measured at, at the last trusted cut; 0: none
	nearSince    time.Time // since when the rate has been near the ceiling (limiter_ceiling.go)
	confirmed    bool      // the last cut's measure confirmed the ceiling before it
}

const (
	cutFraction   = 0.9
	raiseFraction = 0.01
	raiseEvery    = time.Second
	trustedSample = 20 // answers, or
	trustedSpan   = 5 * time.Second
	minRate       = 0.1              // requests per second
	spanMax       = 60 * time.Second // history kept for the estimate
	minMeasure    = time.Second      // shortest stretch, with the wait, a rate is measured over
)

func newLimiter(rate float64, now func() time.Time, sleep func(context.Context, time.Duration) error) *limiter {
	l := &limiter{now: now, sleep: sleep, rate: math.Inf(1)}
	switch {
	case rate > 0:
		l.rate = rate
	case rate == 0:
		l.adaptive = true
	}
	return l
}

// Rate is the current client-side rate in requests per second (+Inf when
// not pacing).
func (c *Client) Rate() float64 {
	c.lim.mu.Lock()
	defer c.lim.mu.Unlock()
	return c.lim.rate
}

// wait blocks until a request may start: first until any pause is over,
// then until its paced slot.
func (l *limiter) wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		now := l.now()
		l.raise(now)
		if d := l.pause.Sub(now); d > 0 {
			l.mu.Unlock()
			if err := l.sleep(ctx, d); err != nil {
				return err
			}
			continue // the pause may have been extended meanwhile
		}
		if l.spanStart.IsZero() {
			l.spanStart, l.historyStart = now, now
		}
		var d time.Duration
		if !math.IsInf(l.rate, 1) {
			start := now
			if l.next.After(start) {
				start = l.next
				l.demand = true
			}
			l.next = start.Add(time.Duration(float64(time.Second) / l.rate))
			d = start.Sub(now)
		}
		l.mu.Unlock()
		if d > 0 {
			return l.sleep(ctx, d)
		}
		return ctx.Err()
	}
}

// raise probes upward once per raiseEvery elapsed with demand; without
// demand the rate is not the bottleneck and raising it would be a guess.
func (l *limiter) raise(now time.Time) {
	every := raiseEvery
	if l.window == time.Minute {
		every = minuteRaise
	}
	if !l.adaptive || math.IsInf(l.rate, 1) || now.Before(l.lastRaise.Add(every)) {
		return
	}
	steps := int(now.Sub(l.lastRaise) / every)
	if l.demand {
		for range min(steps, 30) {
			if l.slowStart {
				l.good = l.rate
				l.rate *= 2
			} else {
				l.rate += l.step(now)
			}
		}
	}
	l.lastRaise = l.lastRaise.Add(time.Duration(steps) * every)
	l.demand = false
}

// observe records an answer. A 429 is reported separately, by throttled.
func (l *limiter) observe(status int) {
	if status == 429 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.adaptive {
		return
	}
	now := l.now()
	l.accepted = trimmed(append(l.accepted, now), now)
	l.history = trimmed(append(l.history, now), now)
}

// trimmed drops the times older than spanMax.
func trimmed(ts []time.Time, now time.Time) []time.Time {
	if cut := now.Add(-spanMax); ts[0].Before(cut) {
		i := 0
		for i < len(ts) && ts[i].Before(cut) {
			i++
		}
		ts = append(ts[:0], ts[i:]...)
	}
	return ts
}

// throttled records a 429 for a request sent at sent: every caller pauses for
// wait, and in adaptive mode the rate is cut once per throttling event
// (unless !adapt: the token endpoint's 429s say nothing of the API's rate).
func (l *limiter) throttled(sent time.Time, wait time.Duration, adapt bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	resume := now.Add(wait)
	b, w := boundary(sent, wait)
	if w > 0 && l.adaptive && adapt {
		resume = b
		if w == time.Minute {
			l.window = w
		}
	}
	if resume.After(l.pause) {
		l.pause = resume
	}
	if !l.adaptive || !adapt || sent.Before(l.lastCut) {
		return
	}
	pause := max(l.pause.Sub(now), 0)
	start := l.spanStart
	if old := now.Add(-spanMax); start.Before(old) {
		start = old
	}
	n := 0
	for _, t := range l.accepted {
		if !t.Before(start) {
			n++
		}
	}
	short := w > 0 && now.Sub(start) < minMeasure && !l.lastCut.IsZero()
	if n == 0 || (short && len(l.history) < trustedSample) || now.Sub(l.lastCut) < recutAfter {
		// Throttled before anything got through (another client spent the
		// quota), right after resuming with too little seen to measure, or
		// right after the last cut, before the server could recover from
		// it: only pause, and measure from the pause's end.
		l.spanStart = l.pause
		l.accepted = l.accepted[:0]
		return
	}
	cut := cutFraction
	if l.window == time.Minute {
		cut = windowCut
	}
	var measured float64
	if short {
		// Right after resuming at a boundary: the span holds a handful of
		// answers, and the pause to the boundary, which was the limiter's
		// own choice (a token bucket also answers Reset 1). What the
		// server accepted over the last minute, pauses included, is the
		// measure; over a few seconds it also amortizes a bucket's burst,
		// which made the first estimate too high.
		measured = float64(len(l.history)) / max((now.Sub(l.historyFrom(now))+pause).Seconds(), 0.001)
	} else {
		measured = acceptedRate(l.accepted[len(l.accepted)-n:], start, now, pause)
	}
	measured = max(measured, l.sinceCut(now))
	l.confirmed = l.confirms(measured)
	if l.confirmed || !l.lastCut.IsZero() {
		cut = max(cut, confirmedCut)
	}
	est := cut * measured
	l.ceiling = measured
	if !math.IsInf(l.rate, 1) {
		est = min(est, cut*l.rate)
	}
	if l.slowStart && l.good > 0 {
		est = max(est, l.good) // the rate before the last doubling drew no 429
	}
	l.rate = max(est, minRate)
	// Slow start ends at its first 429, like TCP's; it begins only after
	// a cut from a sample too small to trust.
	l.slowStart = !l.slowStart && n < trustedSample && now.Sub(start) < trustedSpan
	l.good = 0
	l.base = l.rate
	l.lastCut = now
	l.nearSince = time.Time{}
	l.spanStart = l.pause
	l.lastRaise = l.pause
	l.accepted = l.accepted[:0]
	l.next = l.pause
	l.demand = false
}

// acceptedRate is what the server was seen to accept, in requests per
// second: accepted / (elapsed + wait) over the span from start, or over any
// recent part of it that lasts, with the wait, at least minMeasure,
// whichever is highest. accepted are the answer times since start, in
// order.
//
// Over the whole span the measure is right when the client pressed the
// server throughout. When it pressed only lately, the early part holds the
// client's pace, not the server's, and only a recent part measures the
// server. A recent part cannot overstate a token bucket's rate much: what
// it accepted over any stretch is at most its burst plus its rate times the
// stretch, and the wait it asks for afterwards (a second, rounded up, for a
// bucket holding a second's worth) is in the denominator. minMeasure keeps
// a handful of quick answers from passing for a rate.
func acceptedRate(accepted []time.Time, start, now time.Time, wait time.Duration) float64 {
	n := len(accepted)
	best := float64(n) / max((now.Sub(start)+wait).Seconds(), 0.001)
	for i, t := range accepted {
		d := now.Sub(t) + wait
		if d < minMeasure {
			break // later parts are shorter still
		}
		best = max(best, float64(n-i)/d.Seconds())
	}
	return best
}
