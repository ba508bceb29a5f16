package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The action's scripts (action/*.sh) run here as GitHub would run them:
// bash, with the runner's variables, this build of kindesync against the
// emulator (KINDESYNC_EMULATOR), and testdata/action/gh, a fake gh that keeps
// comments, pull requests, artifacts and runs in JSON files.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// kindesyncBinary builds the command once for the tests that run it as a
// process.
func kindesyncBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kindesync-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "kindesync")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runner is one fake GitHub runner: a workspace with kinde/, the runner's
// temp dir, a fake gh's state and the step's output files.
type runner struct {
	t               *testing.T
	dir, work, temp string
	gh, live        string
	output, summary string
	env             []string
}

const headSHA = "0123456789abcdef0123456789abcdef01234567"

func newRunner(t *testing.T) *runner {
	t.Helper()
	if _, err := exec.LookPath("jq"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("jq is not installed: .ci/run installs it")
		}
		t.Skip("the fake gh needs jq")
	}
	bin := kindesyncBinary(t)
	r := &runner{t: t, dir: t.TempDir()}
	r.work, r.temp, r.gh = filepath.Join(r.dir, "work"), filepath.Join(r.dir, "tmp"), filepath.Join(r.dir, "gh")
	for _, d := range []string{r.work + "/kinde/logos", r.temp, r.gh + "/runs", filepath.Join(r.dir, "bin")} {
		must(t, os.MkdirAll(d, 0o755))
	}
	copyFile(t, "examples/basic/kindesync.yaml", r.work+"/kinde/kindesync.yaml")
	logos, _ := filepath.Glob("examples/basic/logos/*")
	for _, l := range logos {
		copyFile(t, l, r.work+"/kinde/logos/"+filepath.Base(l))
	}
	r.live = filepath.Join(r.dir, "live.yaml")
	copyFile(t, "examples/basic/live.yaml", r.live)
	copyFile(t, "testdata/action/gh", filepath.Join(r.dir, "bin", "gh"))
	must(t, os.Chmod(filepath.Join(r.dir, "bin", "gh"), 0o755))
	must(t, os.Symlink(bin, filepath.Join(r.dir, "bin", "kindesync")))
	r.writeJSON("comments.json", []any{})
	root, _ := os.Getwd()
	r.env = []string{
		"PATH=" + filepath.Join(r.dir, "bin") + ":" + os.Getenv("PATH"),
		"HOME=" + r.dir, "FAKE_GH=" + r.gh, "GH_TOKEN=test",
		"RUNNER_TEMP=" + r.temp, "GITHUB_ACTION_PATH=" + root,
		"GITHUB_REPOSITORY=acme/kinde", "GITHUB_SERVER_URL=https://github.example", "GITHUB_RUN_ID=99",
		"GITHUB_SHA=fedcba9876543210fedcba9876543210fedcba98",
		"GITHUB_WORKFLOW_REF=acme/kinde/.github/workflows/kindesync.yml@refs/heads/main",
		"KINDESYNC_EMULATOR=" + r.live, "FILES=kinde/", "HEAD_SHA=" + headSHA, "PR=7",
		"ARTIFACT=kindesync-plan-" + headSHA, "ALLOW_DELETES_LABEL=kindesync:allow-deletes",
		"COMMENT_AUTHOR=github-actions[bot]", "DRIFT_LABEL=kindesync-drift",
	}
	return r
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	must(t, err)
	must(t, os.WriteFile(dst, b, 0o644))
}

func (r *runner) writeJSON(name string, v any) {
	b, err := json.Marshal(v)
	must(r.t, err)
	must(r.t, os.MkdirAll(filepath.Dir(filepath.Join(r.gh, name)), 0o755))
	must(r.t, os.WriteFile(filepath.Join(r.gh, name), b, 0o644))
}

// step runs action/NAME.sh with extra variables and returns its exit code,
// the outputs it set and its log.
func (r *runner) step(name string, extra ...string) (int, map[string]string, string) {
	r.t.Helper()
	r.output, r.summary = filepath.Join(r.dir, "output-"+name), filepath.Join(r.dir, "summary-"+name)
	os.Remove(r.output)
	os.Remove(r.summary)
	cmd := exec.Command("bash", filepath.Join(mustGetwd(r.t), "action", name+".sh"))
	cmd.Dir = r.work
	cmd.Env = append(append(append([]string(nil), r.env...), "GITHUB_OUTPUT="+r.output, "GITHUB_STEP_SUMMARY="+r.summary), extra...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	outputs := map[string]string{}
	b, _ := os.ReadFile(r.output)
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			outputs[k] = v
		}
	}
	return code, outputs, string(out)
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	must(t, err)
	return wd
}

type ghComment struct {
	ID   int `json:"id"`
	User struct {
		Login string `json:"login"`
	} `json:"user"`
	Body string `json:"body"`
}

func (r *runner) comments() []ghComment {
	var cs []ghComment
	b, err := os.ReadFile(filepath.Join(r.gh, "comments.json"))
	must(r.t, err)
	must(r.t, json.Unmarshal(b, &cs))
	return cs
}

// TestActionPullRequestLoop: plan, comment (one, updated in place, parts
// added and removed), the merge finding the reviewed plan, apply, a stale
// plan refused, drift.
func TestActionPullRequestLoop(t *testing.T) {
	r := newRunner(t)
	// Someone else's comment that mimics the marker is never touched.
	r.writeJSON("comments.json", []map[string]any{{"id": 5, "user": map[string]string{"login": "mallory"}, "body": "<!-- kindesync:plan part 1 --> fake"}})

	code, out, log := r.step("plan", "ALLOW_DELETES=false")
	if code != 0 || out["exitcode"] != "2" || out["planned"] != "true" || out["artifact"] != "kindesync-plan-"+headSHA {
		t.Fatalf("plan: exit %d, outputs %v:\n%s", code, out, log)
	}
	planJSON := filepath.Join(r.temp, "kindesync", "plan.json")
	checkJSONPlan(t, readString(t, planJSON))
	if md := readString(t, filepath.Join(r.temp, "kindesync", "plan.md")); !strings.Contains(md, "**Commit:** `"+headSHA+"`") {
		t.Errorf("the markdown plan does not name the head commit %s:\n%.600s", headSHA, md)
	}

	code, _, log = r.step("comment", "EXITCODE=2")
	cs := r.comments()
	if code != 0 || len(cs) != 2 || cs[0].Body != "<!-- kindesync:plan part 1 --> fake" || !strings.HasPrefix(cs[1].Body, "<!-- kindesync:plan part 1 -->\n") ||
		!strings.Contains(cs[1].Body, "applied when this pull request is merged") || !strings.Contains(cs[1].Body, "kindesync-plan-"+headSHA) {
		t.Fatalf("comment: exit %d, comments %+v:\n%s", code, cs, log)
	}
	first := cs[1].ID
	if s := readString(t, r.summary); !strings.Contains(s, "applied when this pull request is merged") {
		t.Errorf("summary:\n%s", s)
	}

	// A longer plan in three parts: the first comment is updated, two added.
	partsFile := filepath.Join(r.temp, "kindesync", "plan.md")
	must(t, os.WriteFile(partsFile, []byte("one\n<!-- kindesync: next part -->\ntwo\n<!-- kindesync: next part -->\nthree\n"), 0o644))
	r.step("comment", "EXITCODE=2")
	cs = r.comments()
	if len(cs) != 4 || cs[1].ID != first || !strings.Contains(cs[2].Body, "kindesync:plan part 2 -->\ntwo") || !strings.Contains(cs[3].Body, "part 3 -->\nthree") {
		t.Fatalf("three parts: %+v", cs)
	}
	// A plan far over the step summary's 1 MiB: the summary stops under
	// it and points at the artifact; the comments hold every part.
	var big strings.Builder
	for i := range 20 {
		if i > 0 {
			big.WriteString("<!-- kindesync: next part -->\n")
		}
		fmt.Fprintf(&big, "part %d\n%s\n", i+1, strings.Repeat("x", 60000))
	}
	must(t, os.WriteFile(partsFile, []byte(big.String()), 0o644))
	r.step("comment", "EXITCODE=2")
	if sum := readString(t, r.summary); len(sum) > 1<<20 || !strings.Contains(sum, "are not shown here") || !strings.Contains(sum, "kindesync-plan-"+headSHA) {
		t.Errorf("summary of %d bytes lacks the note", len(sum))
	}
	if cs = r.comments(); len(cs) != 21 {
		t.Errorf("%d comments for 20 parts and a stranger's", len(cs))
	}
	for _, c := range cs {
		if len(c.Body) > 65536 {
			t.Errorf("comment %d has %d characters", c.ID, len(c.Body))
		}
	}
	// Blocked, one part: updated in place, the follow-ups deleted.
	must(t, os.WriteFile(filepath.Join(r.temp, "kindesync", "stderr.txt"), []byte("kindesync: blocked by 1 safety limit <b>@team</b>\n"), 0o644))
	must(t, os.WriteFile(partsFile, []byte("only\n"), 0o644))
	r.step("comment", "EXITCODE=3")
	cs = r.comments()
	if len(cs) != 2 || cs[1].ID != first || !strings.Contains(cs[1].Body, "blocked by a safety limit") || !strings.Contains(cs[1].Body, "kindesync:allow-deletes") ||
		!strings.Contains(cs[1].Body, "&lt;b&gt;&#64;team&lt;/b&gt;") {
		t.Fatalf("blocked: %+v", cs)
	}
	// Failed and no changes update the same comment too.
	for _, tt := range []struct{ code, want string }{{"1", "the plan failed"}, {"0", "no changes"}} {
		r.step("comment", "EXITCODE="+tt.code)
		if cs = r.comments(); len(cs) != 2 || cs[1].ID != first || !strings.Contains(cs[1].Body, tt.want) {
			t.Fatalf("exit %s: %+v", tt.code, cs)
		}
	}

	// The merge: no merged pull request, no artifact, an artifact from
	// another workflow: each fails, and nothing is applied.
	r.writeJSON("pulls.json", []any{})
	if code, _, log := r.step("find-plan"); code != 1 || !strings.Contains(log, "no merged pull request") {
		t.Errorf("no pull request: exit %d:\n%s", code, log)
	}
	r.writeJSON("pulls.json", []map[string]any{{"number": 7, "merged_at": "2026-12-01T12:00:00Z", "head": map[string]string{"sha": headSHA}, "labels": []any{}}})
	r.writeJSON("artifacts.json", map[string]any{"artifacts": []any{}})
	if code, _, log := r.step("find-plan"); code != 1 || !strings.Contains(log, "no plan artifact kindesync-plan-"+headSHA) {
		t.Errorf("no artifact: exit %d:\n%s", code, log)
	}
	r.writeJSON("artifacts.json", map[string]any{"artifacts": []map[string]any{
		{"expired": false, "created_at": "2026-12-01T11:00:00Z", "workflow_run": map[string]int{"id": 55}},
		{"expired": false, "created_at": "2026-12-01T11:30:00Z", "workflow_run": map[string]int{"id": 56}},
	}})
	r.writeJSON("runs/55.json", map[string]string{"event": "pull_request", "head_sha": headSHA, "path": ".github/workflows/kindesync.yml"})
	r.writeJSON("runs/56.json", map[string]string{"event": "pull_request", "head_sha": headSHA, "path": ".github/workflows/other.yml"})
	must(t, os.MkdirAll(filepath.Join(r.gh, "artifacts", "55", "kindesync-plan-"+headSHA), 0o755))
	copyFile(t, planJSON, filepath.Join(r.gh, "artifacts", "55", "kindesync-plan-"+headSHA, "plan.json"))
	code, out, log = r.step("find-plan")
	if code != 0 || out["allow-deletes"] != "false" || out["pr"] != "7" || !strings.Contains(log, "run 55") {
		t.Fatalf("find-plan: exit %d, %v:\n%s", code, out, log)
	}

	code, _, log = r.step("apply", "PLAN="+out["plan"], "ALLOW_DELETES=false")
	if code != 0 || !strings.Contains(log, "Apply finished") {
		t.Fatalf("apply: exit %d:\n%s", code, log)
	}
	// The same plan again: what it was computed from changed, so it is stale.
	before := readString(t, r.live)
	code, _, log = r.step("apply", "PLAN="+out["plan"], "ALLOW_DELETES=false")
	if code != 1 || !strings.Contains(log, "saved plan is stale") || readString(t, r.live) != before {
		t.Errorf("stale apply: exit %d:\n%s", code, log)
	}

	// Drift: none after the apply; a change made in Kinde opens the issue.
	code, out, log = r.step("drift")
	if code != 0 || out["exitcode"] != "0" {
		t.Fatalf("drift after apply: exit %d, %v:\n%s", code, out, log)
	}
	copyFile(t, "examples/basic/live.yaml", r.live)
	if _, out, log = r.step("drift"); out["exitcode"] != "2" {
		t.Fatalf("drift: %v:\n%s", out, log)
	}
	if code, _, log = r.step("drift-issue", "EXITCODE=2"); code != 0 || !strings.Contains(readString(t, filepath.Join(r.gh, "calls.log")), "gh issue create --repo acme/kinde --title kindesync: Kinde drifted") {
		t.Errorf("drift issue: exit %d:\n%s", code, log)
	}
}

// TestActionAllowDeletesLabel: the label on the merged pull request adds
// --allow-deletes to the apply.
func TestActionAllowDeletesLabel(t *testing.T) {
	r := newRunner(t)
	r.writeJSON("pulls.json", []map[string]any{{"number": 8, "merged_at": "2026-12-01T12:00:00Z", "head": map[string]string{"sha": headSHA},
		"labels": []map[string]string{{"name": "docs"}, {"name": "kindesync:allow-deletes"}}}})
	r.writeJSON("artifacts.json", map[string]any{"artifacts": []map[string]any{{"expired": false, "created_at": "2026-12-01T11:00:00Z", "workflow_run": map[string]int{"id": 60}}}})
	r.writeJSON("runs/60.json", map[string]string{"event": "pull_request", "head_sha": headSHA, "path": ".github/workflows/kindesync.yml"})
	must(t, os.MkdirAll(filepath.Join(r.gh, "artifacts", "60", "kindesync-plan-"+headSHA), 0o755))
	must(t, os.WriteFile(filepath.Join(r.gh, "artifacts", "60", "kindesync-plan-"+headSHA, "plan.json"), []byte("{}"), 0o644))
	if code, out, log := r.step("find-plan"); code != 0 || out["allow-deletes"] != "true" {
		t.Errorf("exit %d, %v:\n%s", code, out, log)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}
