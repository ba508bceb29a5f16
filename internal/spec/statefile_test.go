package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStateFileGivenAsConfig: an emulator state file given to -f, alone or
// in a directory with the configuration, is one problem that says to pass
// it with --emulator, at the key that gives it away; a configuration with
// a stray key is not taken for one.
func TestStateFileGivenAsConfig(t *testing.T) {
	chdir(t, t.TempDir())
	config := "version: 1\norganizations:\n  - code: org_1\n    name: Acme\n"
	write := func(name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("users.yaml", "version: 1\nenvironment:\n  roles: [{key: admin}]\nusers:\n  - {email: alice@example.com}\norganizations:\n  - code: org_1\n    name: Acme\n")
	write("connections.yaml", "version: 1\nenvironment:\n  connections: [{id: conn_1, name: Google}]\norganizations: []\n")
	write("default.yaml", "version: 1\norganizations:\n  - {code: org_0, name: Default, is_default: true}\n")
	write("dir/kindesync.yaml", config)
	write("dir/live.yaml", "version: 1\nusers: []\norganizations:\n  - code: org_1\n    name: Acme\n")
	write("stray.yaml", "version: 1\norganizations:\n  - code: org_1\n    name: Acme\n    is_defualt: true\n")
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{"users.yaml"}, "users.yaml:4:1: users.yaml looks like an emulator state file (it has users), not a kindesync configuration; pass it with --emulator users.yaml"},
		{[]string{"connections.yaml"}, "connections.yaml:3:3: connections.yaml looks like an emulator state file (it has environment.connections), not a kindesync configuration; pass it with --emulator connections.yaml"},
		{[]string{"default.yaml"}, "default.yaml:3:34: default.yaml looks like an emulator state file (it has an organization with is_default), not a kindesync configuration; pass it with --emulator default.yaml"},
		// Only the one problem: not the organization defined in both files.
		{[]string{"dir"}, "dir/live.yaml:2:1: dir/live.yaml looks like an emulator state file (it has users), not a kindesync configuration; pass it with --emulator dir/live.yaml, and move it out of dir: -f reads every *.yaml file there as configuration"},
		{[]string{"stray.yaml"}, `stray.yaml:5:5: organizations[0]: unknown key "is_defualt"`},
	} {
		_, err := testLoader.Load(c.paths...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Load(%v) (-want +got):\n%s", c.paths, diff)
		}
	}
	if _, err := testLoader.Load("dir/kindesync.yaml"); err != nil {
		t.Errorf("the configuration alone: %v", err)
	}
}
