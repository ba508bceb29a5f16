package emulator

import (
	"encoding/binary"
	"math/rand/v2"
	"sync"
	"time"
)

type fault struct {
	throttle bool // a 429: nothing happens, the client may send again
	drop     bool
	after    bool // a write's change is applied before the fault
	status   int
}

// faultGen draws faults and jitter from generators seeded with
// Options.Seed. Requests arrive in a racy order, so a seed fixes the mix of
// faults, not which request gets which.
type faultGen struct {
	mu   sync.Mutex
	r    *rand.Rand
	j    *rand.Rand // jitter apart, so that latency does not shift the faults
	rate float64    // FaultRate: a 5xx or a drop, even odds

	errRate, dropRate, throttleRate float64
	maxJitter                       time.Duration
}

func newFaultGen(o Options) *faultGen {
	return &faultGen{
		r: seeded(o.Seed, "faults"), j: seeded(o.Seed, "jitter"),
		rate: o.FaultRate, errRate: o.ErrorRate, dropRate: o.DropRate, throttleRate: o.ThrottleRate,
		maxJitter: o.Jitter,
	}
}

func seeded(seed uint64, stream string) *rand.Rand {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	copy(key[8:], stream)
	return rand.New(rand.NewChaCha8(key))
}

// draw decides the fate of one authorized API request. FaultRate is drawn
// first, as it always was, so that its seeded sequences stay the same; the
// separate rates have a draw of their own.
func (g *faultGen) draw(write bool) (fault, bool) {
	separate := g.errRate + g.dropRate + g.throttleRate
	if g.rate == 0 && separate == 0 {
		return fault{}, false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var f fault
	switch {
	case g.rate > 0 && g.r.Float64() < g.rate:
		f = fault{drop: g.r.IntN(2) == 0, status: g.status()}
	case separate == 0:
		return fault{}, false
	default:
		switch y := g.r.Float64(); {
		case y < g.throttleRate:
			return fault{throttle: true, status: 429}, true
		case y < g.throttleRate+g.errRate:
			f = fault{status: g.status()}
		case y < separate:
			f = fault{drop: true}
		default:
			return fault{}, false
		}
	}
	if write {
		f.after = g.r.IntN(2) == 0
	}
	return f, true
}

func (g *faultGen) status() int { return []int{500, 502, 503}[g.r.IntN(3)] }

// jitter is the random extra latency of one request.
func (g *faultGen) jitter() time.Duration {
	if g.maxJitter <= 0 {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return time.Duration(g.j.Int64N(int64(g.maxJitter)))
}
