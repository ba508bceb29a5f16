package cli

import (
	"os"
	"runtime/debug"
)

// defaultMemLimit is the soft memory limit kindesync runs under when
// GOMEMLIMIT is not set. A full plan keeps the parsed files, the live state
// and the plan (about 800 bytes a membership at its peak); with Go's
// default the heap grows to twice that between collections, 1.6 GiB for a
// 10,000-org × 100-member tenant. Under this limit the collector runs more
// often near it instead (docs/performance.md, issue 16). It is soft: a
// larger live heap still runs, with the collector's share of CPU capped by
// the runtime, and a smaller one never notices.
const defaultMemLimit = 900 << 20

// setMemLimit applies defaultMemLimit unless the operator chose a limit.
func setMemLimit() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(defaultMemLimit)
}
