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

// corpusEnv is the environment the invalid corpus was written for (as in
// internal/spec's tests); the variables it expects unset are unset.
var corpusEnv = map[string]string{
	"EXT_ID": "acme", "ORG_NAME": "Acme Inc", "DOMAINS": "[acme.com, acme.example]",
	"ADMIN_EMAIL": "Admin@Acme.com", "LONG": "a value much longer than the reference to it",
	"LINES": "first\nsecond", "EMPTY": "",
	"API_SECRET": "kinde-api-s3cr3t-9f8e7d", "SHORT_SECRET": "x9",
}

var corpusUnset = []string{"ORG_CODE", "ORG_SUFFIX", "ADMIN"}

// problemLine is one problem as a user sees it: file:line[:col]: message.
var problemLine = regexp.MustCompile(`^[^:\s]+\.ya?ml:\d+(:\d+)?: \S`)

// excerptLine is the source line under a syntax error, or the caret under it.
var excerptLine = regexp.MustCompile(`^  (\d+| +) \| `)

// moreProblems ends a list cut at spec.MaxShown.
var moreProblems = regexp.MustCompile(`^and \d+ more problems$`)

// TestReliabilityInvalidCorpus runs every invalid file (or directory) of
// testdata/spec/invalid through validate, validate --remote, plan and
// apply against an emulator: each exits 1, prints the problems of its .want
// file, each with file and line, and the emulator sees no request at all,
// so certainly no write.
func TestReliabilityInvalidCorpus(t *testing.T) {
	for k, v := range corpusEnv {
		t.Setenv(k, v)
	}
	for _, k := range corpusUnset {
		t.Setenv(k, "") // restored after the test...
		os.Unsetenv(k)  // ...and unset meanwhile
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "spec", "invalid"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := emulatortest.StartYAML(t, relState(), emulator.Options{})
	// Paths in messages are as the user typed them: run from the corpus.
	t.Chdir(dir)
	commands := [][]string{
		{"validate"}, {"validate", "--remote"}, {"plan"}, {"plan", "--out", filepath.Join(t.TempDir(), "plan.json")},
		{"apply", "--auto-approve"}, {"apply", "--auto-approve", "--allow-deletes"},
	}
	cases := 0
	for _, ent := range entries {
		name := ent.Name()
		if !ent.IsDir() && filepath.Ext(name) != ".yaml" {
			continue
		}
		cases++
		want, err := os.ReadFile(strings.TrimSuffix(name, ".yaml") + ".want")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
			if !problemLine.MatchString(line) && !excerptLine.MatchString(line) && !(ent.IsDir() && strings.HasPrefix(line, name+": no *.yaml")) && !moreProblems.MatchString(line) {
				t.Errorf("%s: a problem without file and line: %q", name, line)
			}
		}
		for _, cmd := range commands {
			args := append(append([]string{}, cmd...), "-f", name)
			code, out, errs := cli(t, e.URL, args...)
			if code != 1 || !strings.Contains(errs, string(want)) {
				t.Errorf("kindesync %s: exit %d, want 1 with the problems of %s.want\nstderr:\n%s\nwant:\n%s",
					strings.Join(args, " "), code, strings.TrimSuffix(name, ".yaml"), errs, want)
			}
			if out != "" {
				t.Errorf("kindesync %s printed a plan or export:\n%s", strings.Join(args, " "), out)
			}
		}
	}
	if cases < 56 {
		t.Errorf("%d invalid cases, want the corpus's 56", cases)
	}
	if st := e.Stats(); st.Writes != 0 || total(st.Requests) != 0 {
		t.Errorf("invalid files reached the emulator: %d requests, %d writes (%v)", total(st.Requests), st.Writes, st.Requests)
	}
}

// TestReliabilityInvalidFileStopsAll loads a directory of one good file,
// which would create orgs and delete every org it does not list, and one
// bad file: nothing is read or written, the deletes included.
func TestReliabilityInvalidFileStopsAll(t *testing.T) {
	e := emulatortest.StartYAML(t, relState()+"  - {code: org_victim0001, name: Victim}\n", emulator.Options{})
	dir := t.TempDir()
	good, _ := relConfig("good", 3, 2, false)
	good = strings.Replace(good, "version: 1\n", "version: 1\noptions: {delete_unlisted_organizations: true}\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "a-good.yaml"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := "version: 1\noptions: {delete_unlisted_organizations: true}\norganizations:\n  - {code: org_x, name: X, button_color: \"#nope\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "b-bad.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cli(t, e.URL, "apply", "-f", dir, "--auto-approve", "--allow-deletes")
	if code != 1 || !strings.Contains(errs, filepath.Join(dir, "b-bad.yaml")+":4:") {
		t.Errorf("apply of a directory with a bad file: exit %d, want 1 naming b-bad.yaml:4\n%s%s", code, out, errs)
	}
	if st := e.Stats(); st.Writes != 0 || total(st.Requests) != 0 {
		t.Errorf("%d requests, %d writes; want none", total(st.Requests), st.Writes)
	}
	findOrg(t, e.Snapshot(), "org_victim0001")
}
