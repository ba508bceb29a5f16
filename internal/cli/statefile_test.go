package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestStateFileAsConfig: -f given a directory that holds an emulator state
// file beside the configuration (as examples/basic does), or the state file
// itself, says to pass it with --emulator; every command exits 1 before any
// request, and --emulator's file is left as it was.
func TestStateFileAsConfig(t *testing.T) {
	state, err := os.ReadFile("examples/basic/live.yaml")
	must(t, err)
	e := emulatortest.StartYAML(t, string(state), emulator.Options{})
	live := tempCopy(t, "examples/basic/live.yaml")
	const (
		inDir = "examples/basic/live.yaml:19:3: examples/basic/live.yaml looks like an emulator state file (it has environment.connections), not a kindesync configuration; " +
			"pass it with --emulator examples/basic/live.yaml, and move it out of examples/basic: -f reads every *.yaml file there as configuration\n"
		alone = "examples/basic/live.yaml:19:3: examples/basic/live.yaml looks like an emulator state file (it has environment.connections), not a kindesync configuration; " +
			"pass it with --emulator examples/basic/live.yaml\n"
	)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "-f", "examples/basic"}, inDir},
		{[]string{"validate", "--remote", "-f", "examples/basic"}, inDir},
		{[]string{"plan", "-f", "examples/basic"}, inDir},
		{[]string{"plan", "-f", "examples/basic/live.yaml"}, alone},
		{[]string{"apply", "--auto-approve", "--allow-deletes", "-f", "examples/basic"}, inDir},
	} {
		code, out, errs := cli(t, e.URL, c.args...)
		if code != 1 || errs != c.want+"kindesync: 1 problem found\n" || out != "" {
			t.Errorf("kindesync %s: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", strings.Join(c.args, " "), code, out, errs, c.want)
		}
	}
	if st := e.Stats(); total(st.Requests) != 0 {
		t.Errorf("the emulator saw requests: %v", st.Requests)
	}
	// With --emulator the state file is not written either.
	code, _, errs := kindesync(t, "apply", "--auto-approve", "-f", "examples/basic", "--emulator", live)
	after, err := os.ReadFile(live)
	must(t, err)
	if code != 1 || !strings.Contains(errs, "pass it with --emulator") || !bytes.Equal(after, state) {
		t.Errorf("apply --emulator: exit %d, state changed: %t, stderr:\n%s", code, !bytes.Equal(after, state), errs)
	}
}
