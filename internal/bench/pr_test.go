package bench

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"

	"github.com/kindesync/kindesync/internal/render"
)

// TestMain lets this test binary serve as kindesync and the emulator for
// the separate-process scenarios.
func TestMain(m *testing.M) {
	RunChild()
	os.Exit(m.Run())
}

// TestPRSmall runs the separate-process scenarios at 10 orgs, as CI can
// afford: every plan and apply makes at most 1.05 × its minimum calls,
// the one-org plans exactly their minimum, the markdown plan's parts fit a
// comment, and kindesync's own memory is measured.
func TestPRSmall(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	cfg := DefaultConfig(t.TempDir())
	ctx := context.Background()
	rows, err := PR(ctx, PlanShape(10), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The apply's emulator serves a saved state file, as kindesync emulator
	// --state does; the plans' emulator built the tenant in memory.
	fileCfg := cfg
	fileCfg.StateFile = true
	row, err := ProcApply(ctx, PlanShape(10), fileCfg)
	if err != nil {
		t.Fatal(err)
	}
	rows = append(rows, row)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		t.Logf("%s: %d calls (min %d), %s, RSS %d MiB", r.Scenario, r.Calls, r.Min, r.Wall, r.MaxRSS>>20)
		if r.CallRatio() > 1.05 {
			t.Errorf("%s: %d calls, more than 1.05 × the minimum %d", r.Scenario, r.Calls, r.Min)
		}
		if r.Scenario != "plan full" && r.Scenario != "apply 1 %" && r.Calls != r.Min {
			t.Errorf("%s: %d calls, want the minimum %d", r.Scenario, r.Calls, r.Min)
		}
		if runtime.GOOS == "linux" && r.MaxRSS == 0 {
			t.Errorf("%s: no peak RSS measured", r.Scenario)
		}
	}
	full := rows[2]
	if full.MDParts < 1 || full.MDLargest >= render.MarkdownLimit {
		t.Errorf("markdown plan: %d parts, largest %d characters; want parts under %d",
			full.MDParts, full.MDLargest, render.MarkdownLimit)
	}
}
