package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// selectLive is three orgs besides the default one.
const selectLive = `version: 1
organizations:
  - {code: org_0000000000d, is_default: true, name: Default organization}
  - {code: org_aaaaaaaaaa1, external_id: acme, name: Acme, handle: acme}
  - {code: org_bbbbbbbbbb2, external_id: globex, name: Globex, handle: globex}
  - {code: org_ccccccccc3, external_id: initech, name: Initech, handle: initech}
`

// selectDesired renames all three, so that a selection shows in the steps.
const selectDesired = `version: 1
organizations:
  - {code: org_aaaaaaaaaa1, name: Acme 2}
  - {code: org_bbbbbbbbbb2, name: Globex 2}
  - {code: org_ccccccccc3, name: Initech 2}
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// planOrgs returns the org names of a JSON plan's steps, sorted, and its selection.
func planOrgs(t *testing.T, body string) ([]string, *struct {
	Patterns      []string `json:"patterns"`
	Organizations []string `json:"organizations"`
}) {
	t.Helper()
	var p struct {
		Steps []struct {
			Organization string `json:"organization"`
		} `json:"steps"`
		Selection *struct {
			Patterns      []string `json:"patterns"`
			Organizations []string `json:"organizations"`
		} `json:"selection"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("JSON plan: %v\n%s", err, body)
	}
	seen := map[string]bool{}
	var orgs []string
	for _, s := range p.Steps {
		if !seen[s.Organization] {
			seen[s.Organization] = true
			orgs = append(orgs, s.Organization)
		}
	}
	return orgs, p.Selection
}

var listCallRE = regexp.MustCompile(`(?m)^kinde: GET /api/v1/organizations(\?|\s)`)

func TestPlanOrgSelection(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"live.yaml": selectLive, "desired.yaml": selectDesired})
	live, desired := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "desired.yaml")
	cases := []struct {
		name     string
		args     []string
		want     []string
		wantList bool // the organizations list is read
	}{
		{"by code", []string{"--org", "org_aaaaaaaaaa1"}, []string{"org_aaaaaaaaaa1"}, false},
		{"by glob on codes", []string{"--org", "org_[ab]*"}, []string{"org_aaaaaaaaaa1", "org_bbbbbbbbbb2"}, false},
		{"repeated", []string{"--org", "org_ccccccccc3", "--org", "org_bbbbbbbbbb2"}, []string{"org_bbbbbbbbbb2", "org_ccccccccc3"}, false},
		{"no match", []string{"--org", "nothing"}, nil, false},
		{"no selection", nil, []string{"org_aaaaaaaaaa1", "org_bbbbbbbbbb2", "org_ccccccccc3"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"plan", "-f", desired, "--emulator", live, "--format", "json", "-v"}, tc.args...)
			code, out, errs := kindesync(t, args...)
			if code != 0 {
				t.Fatalf("plan exited %d:\n%s", code, errs)
			}
			orgs, sel := planOrgs(t, out)
			if diff := cmp.Diff(tc.want, orgs); diff != "" {
				t.Errorf("orgs with steps (-want +got):\n%s", diff)
			}
			if (sel != nil) != (tc.args != nil) {
				t.Errorf("selection = %+v, want one exactly when --org is given", sel)
			}
			if sel != nil && !cmp.Equal(sel.Organizations, tc.want, cmp.Comparer(func(a, b []string) bool { return len(a) == len(b) && strings.Join(a, ",") == strings.Join(b, ",") })) {
				t.Errorf("selection.organizations = %v, want %v", sel.Organizations, tc.want)
			}
			if got := listCallRE.MatchString(errs); got != tc.wantList {
				t.Errorf("organizations list read: %v, want %v:\n%s", got, tc.wantList, errs)
			}
		})
	}
	// The text plan says it is partial.
	_, out, _ := kindesync(t, "plan", "-f", desired, "--emulator", live, "--org", "org_aaaaaaaaaa1")
	if !strings.HasPrefix(out, `Partial plan: only 1 organization ("org_aaaaaaaaaa1") matched by "org_aaaaaaaaaa1"; the others were not read.`) {
		t.Errorf("text plan does not start by saying it is partial:\n%s", out)
	}
	if code, _, errs := kindesync(t, "plan", "-f", desired, "--emulator", live, "--org", "org_[a"); code != 1 || !strings.Contains(errs, "syntax error in pattern") {
		t.Errorf("a bad glob: exit %d, want 1 naming it:\n%s", code, errs)
	}
}

// delete_unlisted_organizations deletes only inside the selection, and an
// org the files list under another identity is never taken for unlisted.
func TestPlanOrgSelectionDeleteUnlisted(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"live.yaml": selectLive, "desired.yaml": `version: 1
options: {delete_unlisted_organizations: true}
organizations:
  - {code: org_aaaaaaaaaa1, name: Acme 2}
  - {external_id: initech, name: Initech 2}
`})
	live, desired := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "desired.yaml")
	cases := []struct {
		sel  string
		want []string
	}{
		// Unlisted, selected by its live handle: deleted.
		{"globex", []string{"org_bbbbbbbbbb2"}},
		// An entry is selected by the identities written in the file: the
		// entry naming initech by external_id is not selected by its live
		// code, and the org it lists is never deleted as unlisted.
		{"org_c*", nil},
		{"acme", nil},
		{"initech", []string{"org_ccccccccc3"}},
		{"*", []string{"org_aaaaaaaaaa1", "org_bbbbbbbbbb2", "org_ccccccccc3"}},
	}
	for _, tc := range cases {
		code, out, errs := kindesync(t, "plan", "-f", desired, "--emulator", live, "--format", "json", "--org", tc.sel, "--allow-deletes")
		if code != 0 {
			t.Fatalf("--org %s: plan exited %d:\n%s", tc.sel, code, errs)
		}
		orgs, _ := planOrgs(t, out)
		if diff := cmp.Diff(tc.want, sortedCopy(orgs)); diff != "" {
			t.Errorf("--org %s: orgs with steps (-want +got):\n%s", tc.sel, diff)
		}
	}
	_, out, _ := kindesync(t, "plan", "-f", desired, "--emulator", live, "--org", "globex", "--allow-deletes")
	if !strings.Contains(out, "delete_unlisted_organizations applies only inside the selection") {
		t.Errorf("the plan does not say delete_unlisted is limited to the selection:\n%s", out)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// apply --plan of a partial plan writes the selection only, and refuses a
// plan whose steps reach outside its selection.
func TestApplyPartialPlan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"live.yaml": selectLive, "desired.yaml": selectDesired})
	live, desired := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "desired.yaml")
	saved := filepath.Join(dir, "plan.json")
	if code, _, errs := kindesync(t, "plan", "-f", desired, "--emulator", live, "--org", "org_bbbbbbbbbb2", "--out", saved); code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, errs)
	}
	// A plan edited to name a step of another org is refused.
	b, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(dir, "tampered.json")
	if err := os.WriteFile(tampered, []byte(strings.ReplaceAll(string(b), `"organization": "org_bbbbbbbbbb2"`, `"organization": "org_aaaaaaaaaa1"`)), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := kindesync(t, "apply", "--plan", tampered, "--emulator", live, "--auto-approve"); code != 1 || !strings.Contains(errs, "outside its selection") {
		t.Errorf("a plan with steps outside its selection: exit %d, want 1:\n%s", code, errs)
	}
	if code, _, errs := kindesync(t, "apply", "--plan", saved, "--emulator", live, "--auto-approve", "--org", "x"); code != 1 || !strings.Contains(errs, "--org goes with plan") {
		t.Errorf("apply --plan --org: exit %d, want 1:\n%s", code, errs)
	}
	if code, _, errs := kindesync(t, "apply", "--plan", saved, "--emulator", live, "--auto-approve"); code != 0 {
		t.Fatalf("apply --plan exited %d:\n%s", code, errs)
	}
	_, out, _ := kindesync(t, "plan", "-f", desired, "--emulator", live, "--format", "json")
	orgs, _ := planOrgs(t, out)
	if diff := cmp.Diff([]string{"org_aaaaaaaaaa1", "org_ccccccccc3"}, orgs); diff != "" {
		t.Errorf("after applying the partial plan, orgs still to change (-want +got):\n%s", diff)
	}
	// apply -f --org writes only the selection too.
	if code, _, errs := kindesync(t, "apply", "-f", desired, "--emulator", live, "--auto-approve", "--org", "org_ccccccccc3"); code != 0 {
		t.Fatalf("apply --org exited %d:\n%s", code, errs)
	}
	_, out, _ = kindesync(t, "plan", "-f", desired, "--emulator", live, "--format", "json")
	orgs, _ = planOrgs(t, out)
	if diff := cmp.Diff([]string{"org_aaaaaaaaaa1"}, orgs); diff != "" {
		t.Errorf("after apply --org, orgs still to change (-want +got):\n%s", diff)
	}
}
