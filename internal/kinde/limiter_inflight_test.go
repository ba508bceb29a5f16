package kinde

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// inflightSim drives the limiter as kindesync-bench does, not one request at
// a time: up to inflight requests are out at once, each answered latency
// after it was sent, and the server decides when the request reaches it,
// after the latency, as the emulator does. A 429 therefore finds the
// requests sent in the last latency already out, and they draw 429s of the
// same event. Time is simulated: the limiter's sleeps deliver the answers
// that fall due while it sleeps.
type inflightSim struct {
	t        time.Time
	srv      simServer
	l        *limiter
	latency  time.Duration
	inflight int
	out      []time.Time // send times of the requests out, in order
	accepted int
	thr      int
}

func newInflightSim(srv simServer, phase time.Duration) *inflightSim {
	s := &inflightSim{
		t:        time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(phase),
		srv:      srv,
		latency:  25 * time.Millisecond,
		inflight: 10,
	}
	s.l = newLimiter(0, func() time.Time { return s.t }, s.sleep)
	return s
}

// advance moves the clock to to, answering every request due by then.
func (s *inflightSim) advance(to time.Time) {
	for len(s.out) > 0 && !s.out[0].Add(s.latency).After(to) {
		sent := s.out[0]
		s.out = s.out[1:]
		s.t = sent.Add(s.latency)
		if ok, reset := s.srv.admit(s.t); ok {
			s.accepted++
			s.l.observe(200)
		} else {
			s.thr++
			s.l.throttled(sent, reset, true)
		}
	}
	if to.After(s.t) {
		s.t = to
	}
}

func (s *inflightSim) sleep(_ context.Context, d time.Duration) error {
	s.advance(s.t.Add(d))
	return nil
}

// run sends until calls requests were accepted and returns the time taken.
func (s *inflightSim) run(calls int) time.Duration {
	start := s.t
	for s.accepted < calls {
		if len(s.out) >= s.inflight {
			s.advance(s.out[0].Add(s.latency))
			continue
		}
		_ = s.l.wait(context.Background())
		s.out = append(s.out, s.t)
	}
	return s.t.Sub(start)
}

// TestAdaptiveLimiterInFlight: the whole-run ratios with ten requests in
// flight and 25 ms of latency, the emulator's defaults, at several phases
// of the clock's second (the harness starts anywhere in it).
func TestAdaptiveLimiterInFlight(t *testing.T) {
	tests := []struct {
		name     string
		srv      func() simServer
		calls    int
		maxRatio float64
		max429   int // over the five runs
	}{
		{"token bucket 100/s, 12,000 calls", func() simServer { return &tokenBucket{rate: 100, burst: 100} }, 12000, 1.02, 150},
		{"token bucket 100/s, 40,000 calls", func() simServer { return &tokenBucket{rate: 100, burst: 100} }, 40000, 1.02, 250},
		{"token bucket 200/s, 12,000 calls", func() simServer { return &tokenBucket{rate: 200, burst: 200} }, 12000, 1.02, 120},
		{"200 per second window, 12,000 calls", func() simServer { return &fixedWindow{n: 200, window: time.Second} }, 12000, 1.03, 300},
		{"200 per second window, 1,200 calls", func() simServer { return &fixedWindow{n: 200, window: time.Second} }, 1200, 1.05, 250},
		{"token bucket 200/s, 1,200 calls", func() simServer { return &tokenBucket{rate: 200, burst: 200} }, 1200, 1.05, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var ratios []float64
			thr := 0
			for range 5 {
				srv := tt.srv()
				s := newInflightSim(srv, time.Duration(rng.Int64N(int64(time.Second))))
				took := s.run(tt.calls)
				ratios = append(ratios, took.Seconds()/(float64(tt.calls)/srv.limit()))
				thr += s.thr
			}
			t.Logf("× the bound: %.3f; 429s: %d over 5 runs", ratios, thr)
			if worst := slices.Max(ratios); worst > tt.maxRatio {
				t.Errorf("worst run %.3f × the bound, want at most %.2f", worst, tt.maxRatio)
			}
			if thr > tt.max429 {
				t.Errorf("%d 429s over 5 runs, want at most %d", thr, tt.max429)
			}
		})
	}
}
