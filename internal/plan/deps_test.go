package plan

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/kindesync/kindesync/internal/"

// TestImportDirection keeps the layout honest: imports point one way
// (cli -> apply -> plan -> spec, live -> kinde, render -> plan), and the
// diff stays pure — no client, no HTTP — so it can be tested and reasoned
// about without a server. It asks the go tool for each package's whole
// dependency graph, so an indirect import counts too.
func TestImportDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go tool is not on PATH")
	}
	forbidden := map[string][]string{
		"imagetype": {module},
		"spec":      {module + "kinde", module + "plan", module + "live", module + "render", module + "apply", module + "cli", module + "emulator", "net/http"},
		"plan":      {module + "kinde", module + "live", module + "render", module + "apply", module + "cli", module + "emulator", "net/http", "os/exec"},
		"render":    {module + "kinde", module + "live", module + "apply", module + "cli", module + "emulator", "net/http"},
		"kinde":     {module + "spec", module + "plan", module + "live", module + "render", module + "apply", module + "cli", module + "emulator"},
		"live":      {module + "render", module + "apply", module + "cli", module + "emulator"},
		"apply":     {module + "live", module + "render", module + "cli", module + "emulator"},
		"emulator":  {module + "spec", module + "plan", module + "live", module + "render", module + "apply", module + "cli"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == module+pkg {
				continue
			}
			for _, b := range bad {
				// A module-wide entry ends in "/": it bans every package of ours.
				if dep == b || (strings.HasSuffix(b, "/") && strings.HasPrefix(dep, b)) {
					t.Errorf("internal/%s depends on %s, against the layout (README \"Layout\")", pkg, dep)
				}
			}
		}
	}
}
