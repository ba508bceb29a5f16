package emulator

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Rate limiter shapes (Options.RateWindow). Kinde counts per minute and
// publishes no numbers; a client should cope with each of these.
const (
	// RateBucket is a token bucket: Rate tokens a second, Burst at most.
	RateBucket = "bucket"
	// RateSecond and RateMinute are fixed windows aligned on the clock
	// (each second, each minute from :00): Rate requests per window, the
	// count starting again at the next window.
	RateSecond = "second"
	RateMinute = "minute"
)

// limiter decides whether an API request may be served now, and if not, in
// how many whole seconds it may (RateLimit-Reset).
type limiter interface {
	take() (reset int, ok bool)
}

func newLimiter(o Options) (limiter, error) {
	if o.Rate == 0 {
		return nil, nil
	}
	switch o.RateWindow {
	case "", RateBucket:
		return newBucket(o.Rate, o.Burst, o.Now), nil
	case RateSecond, RateMinute:
		if o.Rate != math.Trunc(o.Rate) || o.Burst != 0 {
			return nil, fmt.Errorf("emulator: a %s window takes a whole number of requests per window and no burst", o.RateWindow)
		}
		d := time.Second
		if o.RateWindow == RateMinute {
			d = time.Minute
		}
		return &window{size: d, limit: int(o.Rate), now: o.Now}, nil
	}
	return nil, fmt.Errorf("emulator: rate window %q: want bucket, second or minute", o.RateWindow)
}

// window is a fixed-window counter on the injected clock.
type window struct {
	mu    sync.Mutex
	size  time.Duration
	limit int
	start time.Time // of the current window
	n     int       // requests served in it
	now   func() time.Time
}

func (w *window) take() (int, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	if start := now.Truncate(w.size); !start.Equal(w.start) {
		w.start, w.n = start, 0
	}
	if w.n < w.limit {
		w.n++
		return 0, true
	}
	left := w.start.Add(w.size).Sub(now)
	return max(1, int(math.Ceil(left.Seconds()))), false
}

// bucket is a token bucket on the injected clock.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

func newBucket(rate float64, burst int, now func() time.Time) *bucket {
	if burst == 0 {
		burst = max(1, int(math.Ceil(rate)))
	}
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: now(), now: now}
}

// take spends a token, or says in how many whole seconds one will be there.
func (b *bucket) take() (reset int, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(b.burst, b.tokens+elapsed*b.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return max(1, int(math.Ceil((1-b.tokens)/b.rate))), false
}
