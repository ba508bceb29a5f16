// Command kindesync-bench runs kindesync's scenario benchmarks against an
// in-process emulator over loopback and prints the table of
// docs/performance.md:
//
//	go run ./cmd/kindesync-bench                      # the full table, minutes
//	go run ./cmd/kindesync-bench -plan 5 -new 5 -changes 5   # seconds
//
// Each size flag takes a comma-separated list of org counts; an empty list
// skips the scenario.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/bench"
)

func main() {
	bench.RunChild() // kindesync and the emulator of the process scenarios
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kindesync-bench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kindesync-bench", flag.ContinueOnError)
	planSizes := fs.String("plan", "100,1000,3000", "scenario 1, plan: org counts")
	newSizes := fs.String("new", "300", "scenario 2, apply to an empty environment: org counts")
	changeSizes := fs.String("changes", "1000", "scenario 3, apply 1 % changes then apply again: org counts")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
	verbose := fs.String("calls-log", "", "write kindesync's per-call log (its -v) to `file`")
	byOp := fs.Bool("by-op", false, "also list each row's calls by operation")
	members := fs.Int("members", 100, "members per org (100 in the issue's scenarios; smaller for diagnosis only)")
	prSizes := fs.String("pr", "", "pull-request scenarios in separate processes (full plan with markdown, plan --org, plan --changed-from): org counts")
	procApply := fs.String("apply-proc", "", "apply of 1 % changes in separate processes: org counts")
	rate := fs.Float64("rate", 100, "emulator rate: requests per second (bucket) or per window (second, minute)")
	window := fs.String("rate-window", "bucket", "emulator rate limiter: bucket, second or minute (fixed windows on the clock)")
	memLimit := fs.String("kindesync-memlimit", "", "separate-process scenarios: GOMEMLIMIT for kindesync (e.g. 700MiB), not for the emulator")
	stateFile := fs.Bool("state-file", false, "separate-process scenarios: serve the tenant from a saved state file, not built in the emulator's memory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sizes := map[string][]int{}
	for name, v := range map[string]string{"plan": *planSizes, "new": *newSizes, "changes": *changeSizes, "pr": *prSizes, "apply-proc": *procApply} {
		n, err := parseSizes(v)
		if err != nil {
			return fmt.Errorf("-%s: %w", name, err)
		}
		sizes[name] = n
	}
	dir, err := os.MkdirTemp("", "kindesync-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := bench.DefaultConfig(dir)
	cfg.Rate, cfg.RateWindow, cfg.StateFile, cfg.MemLimit = *rate, *window, *stateFile, *memLimit
	cfg.Log = stderr
	if *verbose != "" {
		f, err := os.Create(*verbose)
		if err != nil {
			return err
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		cfg.Verbose = w
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The machine may be shared: the load around the run says how much.
	loadBefore, started := loadAverage(), time.Now()

	var rows []bench.Row
	add := func(r ...bench.Row) {
		for _, row := range r {
			fmt.Fprintf(stderr, "  %s, %d orgs: %d calls (min %d), %.1fs (bound %.1fs), %d 429s\n",
				row.Scenario, row.Orgs, row.Calls, row.Min, row.Wall.Seconds(), row.Bound.Seconds(), row.Throttled)
		}
		rows = append(rows, r...)
	}
	for _, n := range sizes["plan"] {
		row, err := bench.Plan(ctx, withMembers(bench.PlanShape(n), *members), cfg)
		add(row)
		if err != nil {
			return err
		}
	}
	for _, n := range sizes["new"] {
		row, err := bench.ApplyNew(ctx, withMembers(bench.NewShape(n), *members), cfg)
		add(row)
		if err != nil {
			return err
		}
	}
	for _, n := range sizes["changes"] {
		r, err := bench.ApplyChanges(ctx, withMembers(bench.PlanShape(n), *members), cfg)
		add(r...)
		if err != nil {
			return err
		}
	}
	var procRows []bench.ProcRow
	for _, n := range sizes["pr"] {
		r, err := bench.PR(ctx, withMembers(bench.PlanShape(n), *members), cfg)
		procRows = append(procRows, r...)
		for _, row := range r {
			fmt.Fprintf(stderr, "  %s, %d orgs: %d calls (min %d), %.1fs (bound %.1fs), %d 429s, RSS %d MiB\n",
				row.Scenario, row.Orgs, row.Calls, row.Min, row.Wall.Seconds(), row.Bound.Seconds(), row.Throttled, row.MaxRSS>>20)
		}
		if err != nil {
			return err
		}
	}
	for _, n := range sizes["apply-proc"] {
		row, err := bench.ProcApply(ctx, withMembers(bench.PlanShape(n), *members), cfg)
		procRows = append(procRows, row)
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Emulator: %s latency, %g requests per %s, %d in flight. kindesync at its defaults.\n",
		cfg.Latency, cfg.Rate, map[string]string{"bucket": "second (token bucket)", "second": "fixed one-second window", "minute": "fixed one-minute window"}[cfg.RateWindow], cfg.MaxInFlight)
	fmt.Fprintf(stdout, "Machine: %s, %d CPUs, %s/%s, %s, %s; load average %s before, %s after; %s in all.\n\n",
		cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), started.Format("2006-01-02"),
		loadBefore, loadAverage(), time.Since(started).Round(time.Second))
	if len(rows) > 0 {
		bench.WriteTable(stdout, rows)
	}
	if len(procRows) > 0 {
		fmt.Fprintln(stdout)
		bench.WriteProcTable(stdout, procRows)
	}
	if *byOp {
		fmt.Fprintln(stdout)
		for _, r := range rows {
			bench.WriteCalls(stdout, r)
		}
	}
	return nil
}

func withMembers(s bench.Shape, members int) bench.Shape {
	s.Members = members
	return s
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number of orgs", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// loadAverage is the 1-minute load average on Linux, "?" elsewhere.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// cpuModel reads the CPU's name on Linux; elsewhere it is left unnamed.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
