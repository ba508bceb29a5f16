package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// safetyState adds to the reliability environment an org of 8 admins, the
// size at which the removal limit starts, and three small orgs.
func safetyState() string {
	var b strings.Builder
	b.WriteString(relState())
	b.WriteString("  - code: org_big00000001\n    external_id: big\n    name: Big\n    members:\n")
	for i := range 8 {
		fmt.Fprintf(&b, "      - {email: %s, roles: [admin]}\n", relEmail(i))
	}
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, "  - {code: org_other%07d, external_id: other%d, name: Other %d, members: [{email: %s}]}\n", i, i, i, relEmail(10+i))
	}
	return b.String()
}

// bigOrg writes the big org with members users[from, to), the first `bare`
// of them with roles: [] and the rest admins.
func bigOrg(key string, from, to, bare int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  - %s\n    name: Big\n    members:\n", key)
	for i := from; i < to; i++ {
		role := "admin"
		if i-from < bare {
			role = ""
		}
		fmt.Fprintf(&b, "      - {email: %s, roles: [%s]}\n", relEmail(i), role)
	}
	return b.String()
}

const (
	head       = "version: 1\norganizations:\n"
	deleteHead = "version: 1\noptions: {delete_unlisted_organizations: true}\norganizations:\n"
	newbie     = "  - {external_id: newbie, name: Newbie}\n"
)

// TestReliabilitySafetyNotBypassed: the limits of DESIGN §4 count per org
// over the whole plan, so splitting the removals over files, over an org's
// members or over orgs does not get under them; a plan blocked or failed
// writes nothing at all, the harmless parts included.
func TestReliabilitySafetyNotBypassed(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		extra []string
		code  int
		msgs  []string
	}{
		{"member removals beside harmless changes in another file", map[string]string{
			"a.yaml": head + bigOrg("code: org_big00000001", 0, 5, 0), "b.yaml": head + newbie,
		}, nil, 3, []string{"removing 3 of 8 members"}},
		{"one org split over two files", map[string]string{
			"a.yaml": head + bigOrg("code: org_big00000001", 0, 4, 0), "b.yaml": head + bigOrg("external_id: big", 4, 8, 0),
		}, nil, 1, []string{"organization org_big00000001 is matched by this entry and by the one at"}},
		{"role removals spread over members", map[string]string{
			"a.yaml": head + bigOrg("code: org_big00000001", 0, 8, 3),
		}, nil, 3, []string{"removing 3 of 8 member roles"}},
		{"org deletions one per org", map[string]string{
			"a.yaml": deleteHead + bigOrg("code: org_big00000001", 0, 8, 0), "b.yaml": head + newbie,
		}, nil, 3, []string{"org_other0000001]: deleting an organization", "org_other0000002]: deleting", "org_other0000003]: deleting"}},
		{"a file with an unknown role stops the deletes of another", map[string]string{
			"a.yaml": deleteHead + bigOrg("code: org_big00000001", 0, 8, 0),
			"b.yaml": head + "  - {external_id: newbie, name: Newbie, members: [{email: user1@acme.com, roles: [nosuch]}]}\n",
		}, []string{"--allow-deletes"}, 1, []string{"b.yaml:3:", "nosuch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
			dir := t.TempDir()
			for name, body := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, cmd := range [][]string{{"plan"}, {"apply", "--auto-approve"}} {
				args := append(append(cmd, "-f", dir), tt.extra...)
				code, _, errs := cli(t, e.URL, args...)
				if code != tt.code {
					t.Errorf("%s: exit %d, want %d\n%s", cmd[0], code, tt.code, errs)
				}
				for _, m := range tt.msgs {
					if !strings.Contains(errs, m) {
						t.Errorf("%s: stderr does not say %q:\n%s", cmd[0], m, errs)
					}
				}
			}
			if w := e.Stats().Writes; w != 0 {
				t.Errorf("%d writes, want none", w)
			}
		})
	}
}

// TestReliabilitySafetyDefaultOrg: with every deletion allowed and no org
// listed, every org goes but the default one, which the plan never shows.
func TestReliabilitySafetyDefaultOrg(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	cfg := writeConfig(t, deleteHead[:len(deleteHead)-1]+" []\n")
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "--allow-deletes")
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, errs)
	}
	if strings.Contains(out, "org_default00") {
		t.Errorf("the plan mentions the default org:\n%s", out)
	}
	st := e.Snapshot()
	if len(st.Organizations) != 1 || !st.Organizations[0].IsDefault {
		t.Errorf("after deleting every unlisted org: %d orgs left, want only the default", len(st.Organizations))
	}
	if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode", "--allow-deletes"); code != 0 {
		t.Errorf("plan afterwards: exit %d\n%s", code, out)
	}
}

// TestReliabilitySafetySavedPlan: a plan saved while blocked stays blocked
// when applied; the limits travel in the file.
func TestReliabilitySafetySavedPlan(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	cfg := writeConfig(t, head+bigOrg("code: org_big00000001", 0, 4, 0))
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile); code != 3 {
		t.Fatalf("plan: exit %d, want 3\n%s", code, errs)
	}
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 3 || !strings.Contains(errs, "removing 4 of 8 members") {
		t.Errorf("apply --plan of a blocked plan: exit %d, want 3\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes, want none", w)
	}
}

// TestReliabilitySafetyEditedPlan: a saved plan edited to delete the default
// org is refused by apply itself, before any delete is sent.
func TestReliabilitySafetyEditedPlan(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	// The default org is listed, so that the plan holds a fingerprint of it
	// for the edited step to pass the saved plan's own checks.
	cfg := writeConfig(t, deleteHead+bigOrg("code: org_big00000001", 0, 8, 0)+"  - {code: org_other0000002}\n  - {code: org_other0000003}\n  - {code: org_default00}\n")
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile, "--allow-deletes"); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, errs)
	}
	b, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	// The steps name the default org; the fingerprints stay as they were.
	steps, reads, ok := strings.Cut(string(b), `"reads"`)
	if !ok || !strings.Contains(steps, "org_other0000001") {
		t.Fatalf("unexpected plan file:\n%s", b)
	}
	edited := strings.ReplaceAll(steps, "org_other0000001", "org_default00") + `"reads"` + reads
	if err := os.WriteFile(planFile, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	// Without --allow-deletes the re-evaluated limits stop it (exit 3); with
	// it, apply's own guard must still refuse the default org.
	if code, _, _ := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve"); code != 3 {
		t.Errorf("apply of the edited plan without --allow-deletes: exit %d, want 3", code)
	}
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve", "--allow-deletes")
	if code != 1 || !strings.Contains(errs, "refusing to delete org_default00: it is the default organization") {
		t.Errorf("apply of the edited plan: exit %d, want 1 refusing\n%s", code, errs)
	}
	if n := e.Stats().Requests["deleteOrganization"]; n != 0 {
		t.Errorf("%d deletes sent", n)
	}
	if len(e.Snapshot().Organizations) != 5 {
		t.Errorf("orgs were deleted")
	}
}
