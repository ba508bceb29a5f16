package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestApplySavedPlanFromBeforeEnvParts: a plan saved before reads recorded
// what of the environment they left out still applies (format_version 1
// grows only by optional fields): its re-read reads the permissions list
// and the categories, as the plan's fingerprint covers them.
func TestApplySavedPlanFromBeforeEnvParts(t *testing.T) {
	dir := "testdata/savedplan/before-env-parts/"
	state, err := os.ReadFile(dir + "state.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := emulatortest.StartYAML(t, string(state), emulator.Options{})
	code, out, errs := cli(t, e.URL, "apply", "--plan", dir+"plan.json", "--auto-approve")
	if code != 0 {
		t.Fatalf("apply --plan: exit %d, want 0\n%s%s", code, out, errs)
	}
	if w := e.Stats().Writes; w != 2 {
		t.Errorf("%d writes, want 2 (the rename and the member added)", w)
	}
	code, out, errs = cli(t, e.URL, "plan", "-f", dir+"kindesync.yaml")
	if code != 0 || !strings.Contains(out, "No changes") {
		t.Errorf("plan after the apply: exit %d, want 0 and no changes\n%s%s", code, out, errs)
	}
}
