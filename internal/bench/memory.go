package bench

import (
	"runtime/metrics"
	"time"
)

// The heap is sampled through runtime/metrics, which, unlike ReadMemStats,
// does not stop the world: sampling must not slow what it measures. The
// emulator runs in the same process, so its state is part of the heap; a
// row's BaseHeap, taken after a GC just before the command starts, is
// mostly that state.

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapInUse() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapWatch records the largest heap seen until stop.
type heapWatch struct {
	quit chan struct{}
	peak chan uint64
}

// sampleEvery is short against a command of seconds, long against the cost
// of one metrics.Read (microseconds).
const sampleEvery = 5 * time.Millisecond

func watchHeap() *heapWatch {
	w := &heapWatch{quit: make(chan struct{}), peak: make(chan uint64)}
	go func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		peak := heapInUse()
		for {
			select {
			case <-t.C:
				peak = max(peak, heapInUse())
			case <-w.quit:
				w.peak <- max(peak, heapInUse())
				return
			}
		}
	}()
	return w
}

func (w *heapWatch) stop() uint64 {
	close(w.quit)
	return <-w.peak
}
