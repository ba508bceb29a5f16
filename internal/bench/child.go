package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
)

// childEnv carries an emulator child's tenant and limits, as JSON.
const childEnv = "KINDESYNC_BENCH_EMULATOR"

type childEmulator struct {
	Shape       Shape
	Addr        string
	Latency     time.Duration
	Rate        float64
	RateWindow  string
	MaxInFlight int
}

// serveShape is the emulator child: it builds the tenant in memory, as the
// in-process scenarios do, and serves it until the harness kills it. A
// state file of a million memberships would take yaml.v3 most of a minute
// to read and is not what is measured.
func serveShape() int {
	var c childEmulator
	if err := json.Unmarshal([]byte(os.Getenv(childEnv)), &c); err != nil {
		fmt.Fprintln(os.Stderr, "bench emulator:", err)
		return 1
	}
	srv, err := emulator.New(Existing(c.Shape), emulator.Options{Latency: c.Latency, Rate: c.Rate,
		RateWindow: c.RateWindow, MaxInFlight: c.MaxInFlight})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench emulator:", err)
		return 1
	}
	url, err := srv.Start(c.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench emulator:", err)
		return 1
	}
	fmt.Fprintln(os.Stderr, "bench emulator: serving at", url)
	select {} // until killed: nothing is saved
}
