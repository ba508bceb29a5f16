package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The -update flag rewrites golden files. Other test files of this package
// may define it too; whichever is initialised first wins and the others
// read it through flag.Lookup, so that two definitions never collide.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updatingGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// kindesync runs the CLI in process with buffers for its streams and returns
// the exit code, stdout and stderr.
func kindesync(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	env := &Env{Ctx: context.Background(), Stdout: &out, Stderr: &errs, Stdin: strings.NewReader(""), Getenv: noColourEnv}
	code := run(env, args)
	if strings.Contains(errs.String(), unknownFieldsWarning) {
		t.Errorf("kindesync %s sent request fields Kinde does not know:\n%s", strings.Join(args, " "), errs.String())
	}
	return code, out.String(), errs.String()
}

// tempCopy copies src into a fresh temporary directory and returns the
// copy's path, so that a test never writes to the corpus.
func tempCopy(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// checkGolden compares got with the golden file, or rewrites it with
// -update: at the end of the test, and only if the test passed, so that
// -update never blesses output that a check (exit code, convergence, ...)
// has shown to be wrong.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if updatingGoldens() {
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("%s not rewritten: the test failed", path)
				return
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Error(err)
			}
		})
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%v (run go test -run 'TestGolden|TestExample' ./internal/cli -update to create it)", err)
		return
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// jsonPlan is the part of DESIGN §5's JSON plan the tests check.
type jsonPlan struct {
	FormatVersion int    `json:"format_version"`
	InputHash     string `json:"input_hash"`
	Summary       struct {
		Create, Update, Delete, Assert int
		APICalls                       int            `json:"api_calls"`
		ByKind                         map[string]int `json:"by_kind"`
	} `json:"summary"`
	Blocked []string `json:"blocked"`
	Steps   []struct {
		Action       string          `json:"action"`
		Kind         string          `json:"kind"`
		Organization *string         `json:"organization"`
		Address      string          `json:"address"`
		Before       json.RawMessage `json:"before"`
		After        json.RawMessage `json:"after"`
	} `json:"steps"`
}

var inputHashRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// checkJSONPlan checks that a JSON plan holds what DESIGN §5 promises: every
// step has its fields, and the summary counts the steps.
func checkJSONPlan(t *testing.T, body string) *jsonPlan {
	t.Helper()
	var p jsonPlan
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("JSON plan: %v", err)
	}
	if p.FormatVersion != 1 {
		t.Errorf("format_version = %d, want 1", p.FormatVersion)
	}
	if !inputHashRE.MatchString(p.InputHash) {
		t.Errorf("input_hash = %q, want sha256:<64 hex>", p.InputHash)
	}
	counts := map[string]int{}
	byKind := map[string]int{}
	for i, s := range p.Steps {
		if s.Action == "" || s.Kind == "" || s.Address == "" || s.Organization == nil || s.Before == nil || s.After == nil {
			t.Errorf("step %d lacks action, kind, organization, address, before or after: %+v", i, s)
		}
		counts[s.Action]++
		byKind[s.Action+" "+s.Kind]++
	}
	got := map[string]int{"create": p.Summary.Create, "update": p.Summary.Update, "delete": p.Summary.Delete, "assert": p.Summary.Assert}
	want := map[string]int{"create": counts["create"], "update": counts["update"], "delete": counts["delete"], "assert": counts["assert"]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary counts do not count the steps (-steps +summary):\n%s", diff)
	}
	if len(byKind) == 0 {
		byKind = nil
	}
	if diff := cmp.Diff(byKind, p.Summary.ByKind); diff != "" {
		t.Errorf("summary.by_kind does not count the steps (-steps +summary):\n%s", diff)
	}
	if len(p.Steps) > 0 && p.Summary.APICalls == 0 {
		t.Errorf("summary.api_calls = 0 for %d steps", len(p.Steps))
	}
	return &p
}

var applyCallsRE = regexp.MustCompile(`Apply finished: \d+ steps done in (\d+) API calls; 0 of \d+ groups failed\.`)

// checkConverges is DESIGN §4's promise: after a successful apply, plan on
// the same files shows no changes; and export's output, planned, shows none
// either. apiCalls is the count the plan announced, which apply must make;
// -1 means the plan has no changes, so there is nothing to apply.
func checkConverges(t *testing.T, desired, live string, apiCalls int, safety []string) {
	t.Helper()
	if apiCalls >= 0 {
		args := append([]string{"apply", "-f", desired, "--emulator", live, "--auto-approve"}, safety...)
		code, _, errs := kindesync(t, args...)
		if code != 0 {
			t.Fatalf("apply exited %d:\n%s", code, errs)
		}
		if m := applyCallsRE.FindStringSubmatch(errs); m == nil {
			t.Errorf("apply summary missing or reports failures:\n%s", errs)
		} else if n, _ := strconv.Atoi(m[1]); n != apiCalls {
			t.Errorf("apply made %d API calls; the plan announced %d", n, apiCalls)
		}
	}
	checkNoChanges(t, "after apply", desired, live, safety)

	out := filepath.Join(t.TempDir(), "export.yaml")
	if code, _, errs := kindesync(t, "export", "--emulator", live, "-o", out); code != 0 {
		t.Fatalf("export exited %d:\n%s", code, errs)
	}
	checkNoChanges(t, "planning the export", out, live, nil)
}

func checkNoChanges(t *testing.T, when, desired, live string, safety []string) {
	t.Helper()
	args := append([]string{"plan", "-f", desired, "--emulator", live, "--detailed-exitcode"}, safety...)
	code, out, errs := kindesync(t, args...)
	if code != 0 || out != "No changes. Kinde matches the configuration.\n" {
		t.Errorf("%s: plan --detailed-exitcode exited %d, want 0 with no changes:\n%s%s", when, code, out, errs)
	}
}

// checkWritesNothing runs apply on a plan that must fail (exit 1) or be
// blocked (exit 3) and checks that the state file is untouched.
func checkWritesNothing(t *testing.T, desired, live string, wantCode int, safety []string) {
	t.Helper()
	before, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"apply", "-f", desired, "--emulator", live, "--auto-approve"}, safety...)
	code, _, errs := kindesync(t, args...)
	if code != wantCode {
		t.Errorf("apply exited %d, want %d:\n%s", code, wantCode, errs)
	}
	after, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("apply exiting %d changed the state file:\n%s", code, cmp.Diff(string(before), string(after)))
	}
}
