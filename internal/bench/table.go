package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Row is one line of the table: one kindesync command in one scenario.
// Every number but Min and Bound is measured.
type Row struct {
	Scenario string
	Orgs     int
	// Calls are API calls kindesync made, one per page or bulk chunk, as its
	// client counts them (retries and the token request not counted);
	// Writes those that are not GETs; Requests every HTTP request sent,
	// retries after 429 included.
	Calls, Writes, Requests int
	ByOp                    map[string]int
	// ServerRequests is every API request the emulator saw: Requests again,
	// counted at the other end.
	ServerRequests int
	// Min is the fewest calls the scenario needs (minimum.go).
	Min int
	// Wall runs from loading the file to the end of the command; Bound is
	// Config.Bound(Min).
	Wall, Bound time.Duration
	Throttled   int // 429 answers received
	Steps       int // steps in the plan
	// PeakHeap is the largest heap sampled during the command, the
	// emulator's included; BaseHeap the heap just before it, after a GC.
	PeakHeap, BaseHeap uint64
}

func (r *Row) finish(name string, s Shape, min int, cfg Config) {
	r.Scenario, r.Orgs, r.Min, r.Bound = name, s.Orgs, min, cfg.Bound(min)
}

// CallRatio is calls over the minimum; WallRatio wall time over the bound.
func (r Row) CallRatio() float64 { return float64(r.Calls) / float64(r.Min) }
func (r Row) WallRatio() float64 { return r.Wall.Seconds() / r.Bound.Seconds() }

// PerOrg is calls and wall time per org, to show that cost grows linearly.
func (r Row) PerOrg() (calls float64, wall time.Duration) {
	return float64(r.Calls) / float64(r.Orgs), r.Wall / time.Duration(r.Orgs)
}

var header = []string{"scenario", "orgs", "calls", "min", "calls/min", "writes", "wall", "bound", "wall/bound",
	"429s", "calls/org", "ms/org", "peak heap MiB", "base heap MiB"}

// cells formats a row in the order of header.
func (r Row) cells() []string {
	perCall, perWall := r.PerOrg()
	mib := func(b uint64) string { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }
	return []string{
		r.Scenario, fmt.Sprint(r.Orgs), fmt.Sprint(r.Calls), fmt.Sprint(r.Min), fmt.Sprintf("%.3f", r.CallRatio()),
		fmt.Sprint(r.Writes), seconds(r.Wall), seconds(r.Bound), fmt.Sprintf("%.2f", r.WallRatio()),
		fmt.Sprint(r.Throttled), fmt.Sprintf("%.2f", perCall), fmt.Sprintf("%.1f", perWall.Seconds()*1000),
		mib(r.PeakHeap), mib(r.BaseHeap),
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// WriteTable writes rows as a Markdown table (which also reads as text).
func WriteTable(w io.Writer, rows []Row) {
	table := [][]string{header}
	for _, r := range rows {
		table = append(table, r.cells())
	}
	width := make([]int, len(header))
	for _, line := range table {
		for i, c := range line {
			width[i] = max(width[i], len(c))
		}
	}
	for n, line := range table {
		var b strings.Builder
		for i, c := range line {
			fmt.Fprintf(&b, "| %-*s ", width[i], c)
		}
		fmt.Fprintln(w, b.String()+"|")
		if n == 0 {
			b.Reset()
			for i := range line {
				fmt.Fprintf(&b, "|%s", strings.Repeat("-", width[i]+2))
			}
			fmt.Fprintln(w, b.String()+"|")
		}
	}
}

// WriteCalls lists a row's calls by operation, to see where they went.
func WriteCalls(w io.Writer, r Row) {
	fmt.Fprintf(w, "%s, %d orgs:", r.Scenario, r.Orgs)
	for _, op := range slices.Sorted(maps.Keys(r.ByOp)) {
		fmt.Fprintf(w, " %s=%d", op, r.ByOp[op])
	}
	fmt.Fprintln(w)
}
