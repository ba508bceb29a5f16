package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// documentedScopes reads docs/scopes.md's table: command -> scopes, with
// "those of X" expanded.
func documentedScopes(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("docs/scopes.md")
	must(t, err)
	row := regexp.MustCompile("(?m)^\\| (`[^|]+`) \\| (.+) \\|$")
	scope := regexp.MustCompile("`([a-z_]+:[a-z_]+)`")
	those := regexp.MustCompile("those of `([^`]+)`")
	out := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		var scopes []string
		if th := those.FindStringSubmatch(m[2]); th != nil {
			scopes = append(scopes, out[th[1]]...)
		}
		for _, s := range scope.FindAllStringSubmatch(m[2], -1) {
			scopes = append(scopes, s[1])
		}
		for _, c := range strings.Split(m[1], ", ") {
			out[strings.Trim(c, "`")] = scopes
		}
	}
	return out
}

// TestScopesDocumented runs each command against the emulator granting only
// the scopes docs/scopes.md lists for it: they suffice for the examples,
// and each is a scope the Management API has.
func TestScopesDocumented(t *testing.T) {
	doc := documentedScopes(t)
	srv, err := emulator.New(nil, emulator.Options{})
	must(t, err)
	known := map[string]bool{}
	for _, op := range srv.Operations() {
		known[op.Scope] = true
	}
	srv.Close()
	for c, scopes := range doc {
		for _, s := range scopes {
			if !known[s] {
				t.Errorf("docs/scopes.md: %s needs %s, which no operation has", c, s)
			}
		}
	}
	for _, ex := range []string{"basic", "memberships"} {
		cfg := "examples/" + ex + "/kindesync.yaml"
		planFile := filepath.Join(t.TempDir(), "plan.json")
		steps := []struct {
			doc  string
			args []string
		}{
			{"validate --remote", []string{"validate", "-f", cfg, "--remote"}},
			{"plan", []string{"plan", "-f", cfg, "--out", planFile}},
			{"export", []string{"export"}},
			{"apply", []string{"apply", "--plan", planFile, "--auto-approve"}},
		}
		st, err := emulator.LoadState("examples/" + ex + "/live.yaml")
		must(t, err)
		for _, s := range steps {
			if len(doc[s.doc]) == 0 {
				t.Fatalf("docs/scopes.md has no row for %s", s.doc)
			}
			// One emulator per command, with that command's scopes; the
			// apply's emulator starts from the same state the plan read.
			e := emulatortest.Start(t, st, emulator.Options{Scopes: doc[s.doc]})
			args := append(s.args, "--domain", e.URL, "--client-id", "emulator", "--client-secret", "emulator")
			if code, _, errs := kindesync(t, args...); code != 0 {
				t.Errorf("%s: %s with the documented scopes exited %d:\n%s", ex, s.doc, code, errs)
			}
		}
	}
}
