package bench

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Sizes of BenchmarkScenario, in orgs; an empty list skips the scenario.
var (
	planOrgs    = flag.String("plan-orgs", "100,1000,3000", "BenchmarkScenario: orgs of scenario 1 (plan)")
	newOrgs     = flag.String("new-orgs", "300", "BenchmarkScenario: orgs of scenario 2 (apply to an empty environment)")
	changesOrgs = flag.String("changes-orgs", "1000", "BenchmarkScenario: orgs of scenario 3 (apply 1 % changes, then again)")
)

// TestMinimum pins the minimum calls of the scenarios, worked out by
// hand from the API's rules (minimum.go).
func TestMinimum(t *testing.T) {
	tests := []struct {
		name      string
		got, want int
	}{
		// 3 pages of 1,001 orgs (the default org too); roles, flags,
		// properties, connections; 4 lists per org.
		{"plan, 1000 orgs", MinPlanReads(PlanShape(1000)), 3 + 4 + 4000},
		{"plan, 100 orgs", MinPlanReads(PlanShape(100)), 1 + 4 + 400},
		// 1,000 of 100,000 members change role (2 calls each); 100 of
		// 10,000 flags; 50 of 5,000 property values, each in its own org.
		{"changes, 1000 orgs", MinChangeWrites(PlanShape(1000)), 2000 + 100 + 50},
		// The org list; roles, flags, properties; 30,000 users listed at 500
		// a page (600 calls filtered by email).
		{"new, reads", MinNewReads(NewShape(300)), 1 + 3 + 60},
		// Per org: create, 100 members in one call, 5 flags, 1 properties PATCH.
		{"new, writes", MinNewWrites(NewShape(300)), 300 * 8},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: minimum %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	cfg := DefaultConfig("")
	if got, want := cfg.Bound(4007), 40070*time.Millisecond; got != want {
		t.Errorf("bound of 4007 calls = %v, want %v (the rate, not the latency, binds)", got, want)
	}
}

// TestScenariosSmall runs the three API scenarios at 10 orgs of 100
// members against the emulator, in a few seconds, and checks what
// the table claims: calls within 5 % of the minimum, the client's count
// agreeing with the emulator's, and a second apply that writes nothing.
// Wall time is printed, not checked: on a shared CI machine it says little
// at this size.
func TestScenariosSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("talks to an emulator with 25ms latency for a few seconds")
	}
	ctx := context.Background()
	cfg := DefaultConfig(t.TempDir())
	var rows []Row
	row, err := Plan(ctx, PlanShape(10), cfg)
	rows = append(rows, row)
	if err != nil {
		t.Fatal(err)
	}
	row, err = ApplyNew(ctx, NewShape(10), cfg)
	rows = append(rows, row)
	if err != nil {
		t.Fatal(err)
	}
	more, err := ApplyChanges(ctx, PlanShape(10), cfg)
	rows = append(rows, more...)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.CallRatio() > 1.05 {
			t.Errorf("%s: %d calls, more than 1.05 × the minimum %d", r.Scenario, r.Calls, r.Min)
		}
		if r.Requests != r.ServerRequests {
			t.Errorf("%s: the client sent %d requests, the emulator saw %d", r.Scenario, r.Requests, r.ServerRequests)
		}
		if r.Calls == 0 || r.Wall <= 0 || r.PeakHeap == 0 {
			t.Errorf("%s: a measure is missing: %+v", r.Scenario, r)
		}
	}
	if got := rows[3].Writes; got != 0 {
		t.Errorf("second apply: %d writes, want 0", got)
	}
	if got, want := rows[2].Writes, MinChangeWrites(PlanShape(10)); got != want {
		t.Errorf("apply of changes: %d writes, want %d", got, want)
	}
	var buf bytes.Buffer
	WriteTable(&buf, rows)
	if !strings.Contains(buf.String(), "| 3 apply again ") {
		t.Errorf("table lacks the second apply:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())
}

// BenchmarkScenario produces the table of docs/performance.md. It takes
// minutes; run it on demand:
//
//	go test ./internal/bench -run '^$' -bench Scenario -benchtime 1x -timeout 60m
//
// -plan-orgs, -new-orgs and -changes-orgs (after -args) choose the sizes.
func BenchmarkScenario(b *testing.B) {
	cfg := DefaultConfig(b.TempDir())
	ctx := context.Background()
	var rows []Row
	report := func(b *testing.B, r ...Row) {
		rows = append(rows, r...)
		last := r[len(r)-1]
		b.ReportMetric(float64(last.Calls), "calls")
		b.ReportMetric(last.CallRatio(), "calls/min")
		b.ReportMetric(last.WallRatio(), "wall/bound")
		b.ReportMetric(float64(last.Throttled), "429s")
	}
	for _, n := range sizes(b, *planOrgs) {
		b.Run(fmt.Sprintf("plan/orgs=%d", n), func(b *testing.B) {
			row, err := Plan(ctx, PlanShape(n), cfg)
			if err != nil {
				b.Fatal(err)
			}
			report(b, row)
		})
	}
	for _, n := range sizes(b, *newOrgs) {
		b.Run(fmt.Sprintf("new/orgs=%d", n), func(b *testing.B) {
			row, err := ApplyNew(ctx, NewShape(n), cfg)
			if err != nil {
				b.Fatal(err)
			}
			report(b, row)
		})
	}
	for _, n := range sizes(b, *changesOrgs) {
		b.Run(fmt.Sprintf("changes/orgs=%d", n), func(b *testing.B) {
			r, err := ApplyChanges(ctx, PlanShape(n), cfg)
			if err != nil {
				b.Fatal(err)
			}
			report(b, r...)
		})
	}
	fmt.Fprintln(os.Stdout)
	WriteTable(os.Stdout, rows)
}

func sizes(b *testing.B, list string) []int {
	var out []int
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			b.Fatalf("%q is not a number of orgs", f)
		}
		out = append(out, n)
	}
	return out
}
