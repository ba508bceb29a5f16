package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestLiveSuspendIsBlocked: is_suspended false → true logs out every member
// of the org, so plan and apply block it (exit 3, nothing written) like a
// delete, unless --allow-deletes or the narrower --allow-suspend is given;
// a saved plan that suspends is blocked again at apply time. Lifting a
// suspension is not blocked.
func TestLiveSuspendIsBlocked(t *testing.T) {
	suspend := head + "  - {code: org_exist00001, is_suspended: true, name: Renamed}\n"
	e := emulatortest.StartYAML(t, relState()+badState, emulator.Options{})
	cfg := writeConfig(t, suspend)
	suspended := func() bool {
		for _, o := range e.Snapshot().Organizations {
			if o.Code == "org_exist00001" {
				return o.IsSuspended
			}
		}
		t.Fatal("org_exist00001 is gone")
		return false
	}
	for _, args := range [][]string{
		{"plan", "-f", cfg},
		{"apply", "-f", cfg, "--auto-approve"},
		{"apply", "-f", cfg, "--auto-approve", "--max-delete-fraction", "1"},
	} {
		code, _, errs := cli(t, e.URL, args...)
		if code != 3 || !strings.Contains(errs, "organization[org_exist00001]: suspending an organization logs out every member") ||
			!strings.Contains(errs, "--allow-suspend") {
			t.Fatalf("%v: exit %d, want 3 naming the suspension\n%s", args, code, errs)
		}
		if suspended() {
			t.Fatalf("%v: the org was suspended", args)
		}
	}
	// A saved plan made with --allow-suspend is blocked at apply time
	// without it.
	saved := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--allow-suspend", "--out", saved); code != 0 {
		t.Fatalf("plan --allow-suspend: exit %d\n%s", code, errs)
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", saved, "--auto-approve"); code != 3 || suspended() {
		t.Fatalf("apply --plan without --allow-suspend: exit %d, suspended %v\n%s", code, suspended(), errs)
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", saved, "--auto-approve", "--allow-suspend"); code != 0 || !suspended() {
		t.Fatalf("apply --plan --allow-suspend: exit %d, suspended %v\n%s", code, suspended(), errs)
	}
	unsuspend := writeConfig(t, head+"  - {code: org_exist00001, is_suspended: false}\n")
	if code, _, errs := cli(t, e.URL, "apply", "-f", unsuspend, "--auto-approve"); code != 0 || suspended() {
		t.Fatalf("lifting the suspension: exit %d, suspended %v\n%s", code, suspended(), errs)
	}
	if code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "--allow-deletes"); code != 0 || !suspended() {
		t.Fatalf("apply --allow-deletes: exit %d, suspended %v\n%s", code, suspended(), errs)
	}
}
