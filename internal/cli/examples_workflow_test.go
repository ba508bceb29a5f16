package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const (
	workflowFile = "examples/github-actions/kindesync.yml"
	actionFile   = "action.yml"
)

type ghStep struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

type ghJob struct {
	If          string            `yaml:"if"`
	Permissions map[string]string `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Steps []ghStep `yaml:"steps"`
}

func readYAML(t *testing.T, path string, v any) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s is not YAML: %v", path, err)
	}
	return string(b)
}

var (
	pinnedSHA = regexp.MustCompile(`^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$`)
	ownTag    = regexp.MustCompile(`^kindesync/kindesync@v\d+\.\d+\.\d+$`)
)

// TestWorkflowExample holds the example workflow to what its header
// promises; actionlint (below) checks the rest of its syntax.
func TestWorkflowExample(t *testing.T) {
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Env         map[string]string `yaml:"env"`
		Jobs        map[string]ghJob  `yaml:"jobs"`
	}
	text := readYAML(t, workflowFile, &wf)
	if wf.Permissions == nil || len(wf.Permissions) != 0 {
		t.Errorf("top-level permissions = %v, want {} (each job asks for its own)", wf.Permissions)
	}
	if len(wf.Env) != 0 {
		t.Errorf("top-level env %v: secrets belong only to the steps that call Kinde", wf.Env)
	}
	wantPerms := map[string]map[string]string{
		"plan":  {"contents": "read", "pull-requests": "write"},
		"apply": {"contents": "read", "actions": "read", "pull-requests": "read"},
		"drift": {"contents": "read", "issues": "write"},
	}
	for name, job := range wf.Jobs {
		if want := wantPerms[name]; want == nil || !mapsEqual(job.Permissions, want) {
			t.Errorf("job %s: permissions %v, want %v", name, job.Permissions, want)
		}
		if len(job.Env) != 0 {
			t.Errorf("job %s has env %v: pass secrets to the action's inputs only", name, job.Env)
		}
		var kinde int
		for _, st := range job.Steps {
			if st.Uses != "" && !pinnedSHA.MatchString(st.Uses) && !ownTag.MatchString(st.Uses) {
				t.Errorf("job %s: %q is not pinned to a commit (or to a kindesync release tag)", name, st.Uses)
			}
			if strings.HasPrefix(st.Uses, "kindesync/kindesync@") {
				kinde++
				if st.With["mode"] != name {
					t.Errorf("job %s runs the action in mode %q", name, st.With["mode"])
				}
			}
			for k, v := range st.Env {
				if strings.Contains(v, "secrets.") {
					t.Errorf("job %s: secret in a step's env %s", name, k)
				}
			}
			if strings.Contains(st.Run, "secrets.") {
				t.Errorf("job %s: secret in a run script", name)
			}
		}
		if kinde != 1 {
			t.Errorf("job %s uses the action %d times", name, kinde)
		}
	}
	plan, apply, drift := wf.Jobs["plan"].Concurrency, wf.Jobs["apply"].Concurrency, wf.Jobs["drift"].Concurrency
	if !strings.Contains(plan.Group, "github.event.pull_request.number") || !plan.CancelInProgress {
		t.Errorf("plan concurrency %+v: want one group per pull request, cancelling the older plan", plan)
	}
	if strings.Contains(apply.Group, "${{") || apply.CancelInProgress {
		t.Errorf("apply concurrency %+v: want one fixed group, never cancelled", apply)
	}
	if drift.Group == apply.Group {
		t.Errorf("drift shares the apply group %q: a queued drift run would cancel a queued apply", apply.Group)
	}
	if strings.Count(text, "secrets.KINDE_MANAGEMENT_CLIENT_SECRET") != 3 {
		t.Errorf("the client secret should appear once per job, in the action's inputs")
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestActionMetadata: the composite action pins what it uses and hands the
// Kinde credentials only to the steps that call Kinde.
func TestActionMetadata(t *testing.T) {
	var act struct {
		Inputs map[string]struct {
			Default  string `yaml:"default"`
			Required bool   `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Using string   `yaml:"using"`
			Steps []ghStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	readYAML(t, actionFile, &act)
	if act.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", act.Runs.Using)
	}
	kindeSteps := map[string]bool{"plan": true, "apply": true, "drift": true}
	for _, st := range act.Runs.Steps {
		if st.Uses != "" && !pinnedSHA.MatchString(st.Uses) {
			t.Errorf("%q is not pinned to a commit", st.Uses)
		}
		for k, v := range st.Env {
			if strings.Contains(v, "inputs.kinde-") && !kindeSteps[st.ID] {
				t.Errorf("step %q gets %s: Kinde credentials only go to plan, apply and drift", st.ID, k)
			}
			if strings.Contains(v, "inputs.github-token") && kindeSteps[st.ID] {
				t.Errorf("step %q gets both the GitHub token and Kinde credentials", st.ID)
			}
		}
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %q expands an expression inside its script (injection): pass it through env", st.ID)
		}
		if m := regexp.MustCompile(`action/([\w-]+\.sh)`).FindStringSubmatch(st.Run); m != nil {
			if _, err := os.Stat(filepath.Join("action", m[1])); err != nil {
				t.Errorf("step %q runs a script that does not exist: %v", st.ID, err)
			}
		}
	}
	var wf struct {
		Jobs map[string]ghJob `yaml:"jobs"`
	}
	readYAML(t, workflowFile, &wf)
	for name, job := range wf.Jobs {
		for _, st := range job.Steps {
			if !strings.HasPrefix(st.Uses, "kindesync/kindesync@") {
				continue
			}
			for k := range st.With {
				if _, ok := act.Inputs[k]; !ok {
					t.Errorf("job %s passes %q, which action.yml does not declare", name, k)
				}
			}
			for k, in := range act.Inputs {
				if _, ok := st.With[k]; in.Required && !ok {
					t.Errorf("job %s lacks the required input %q", name, k)
				}
			}
		}
	}
}

// TestActionlint runs actionlint (and, through it, shellcheck on the run
// scripts) over the example workflow, with the action resolved locally so
// that its inputs are checked too; and shellcheck over action/*.sh. .ci/run
// installs both; outside CI a missing one skips.
func TestActionlint(t *testing.T) {
	lint, err := exec.LookPath("actionlint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("actionlint is not installed: .ci/run installs it")
		}
		t.Skip("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)")
	}
	dir := t.TempDir()
	b, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	local := regexp.MustCompile(`kindesync/kindesync@v[\d.]+`).ReplaceAll(b, []byte("./"))
	// actionlint resolves "./" from the repository root, which .git marks.
	for _, d := range []string{".git", ".github/workflows"} {
		must(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(dir, ".github", "workflows", "kindesync.yml"), local, 0o644))
	copyFile(t, actionFile, filepath.Join(dir, "action.yml"))
	cmd := exec.Command(lint, "-no-color", ".github/workflows/kindesync.yml")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("shellcheck is not installed: .ci/run installs it")
		}
		t.Skip("shellcheck is not installed")
	}
	scripts, _ := filepath.Glob("action/*.sh")
	out, err := exec.Command(sc, append(scripts, "testdata/action/gh")...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}
