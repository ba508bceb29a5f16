package cli

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestSetMemLimit: kindesync's default soft limit applies only when the
// operator set no GOMEMLIMIT; GOMEMLIMIT=off and a value of its own win.
func TestSetMemLimit(t *testing.T) {
	was := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(was) })
	for _, tc := range []struct {
		name  string
		env   *string
		start int64
		want  int64
	}{
		{"unset", nil, math.MaxInt64, defaultMemLimit},
		{"off", ptrTo("off"), math.MaxInt64, math.MaxInt64},
		{"operator's", ptrTo("2GiB"), 2 << 30, 2 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", "")
			if tc.env == nil {
				os.Unsetenv("GOMEMLIMIT")
			} else {
				os.Setenv("GOMEMLIMIT", *tc.env)
			}
			debug.SetMemoryLimit(tc.start) // what the runtime read from GOMEMLIMIT at start
			setMemLimit()
			if got := debug.SetMemoryLimit(-1); got != tc.want {
				t.Errorf("limit %d, want %d", got, tc.want)
			}
		})
	}
}
