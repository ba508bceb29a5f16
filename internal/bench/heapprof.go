package bench

import (
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// heapProfEnv names a file a kindesync child writes a heap profile to at
// the largest live heap it reaches (the live heap after a collection,
// sampled every 20 ms), for `go tool pprof -sample_index=inuse_space`:
// what the plan holds per membership at its peak, not at exit.
const heapProfEnv = "KINDESYNC_BENCH_HEAPPROFILE"

// profileHeapPeak writes file each time the live heap, after a collection,
// is larger than at the last profile written. It runs until the process exits.
func profileHeapPeak(file string) {
	go func() {
		var peak uint64
		var ms runtime.MemStats
		for range time.Tick(20 * time.Millisecond) {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak+peak/8 {
				runtime.GC() // the profile's in-use figures are as of the last GC
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc <= peak {
					continue // garbage, not a larger live heap
				}
				peak = ms.HeapAlloc
				// Written aside and renamed: the process may exit mid-write.
				if f, err := os.Create(file + ".tmp"); err == nil {
					if pprof.WriteHeapProfile(f) == nil && f.Close() == nil {
						_ = os.Rename(file+".tmp", file)
					}
				}
			}
		}
	}()
}
