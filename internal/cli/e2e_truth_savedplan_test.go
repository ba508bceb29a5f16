package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// savePlan plans cfg against e with --out and returns the plan file.
func savePlan(t *testing.T, e *emulatortest.Emulator, cfg string, wantExit int, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "plan.json")
	args := append([]string{"plan", "-f", cfg, "--out", out}, extra...)
	if code, _, errs := cli(t, e.URL, args...); code != wantExit {
		t.Fatalf("plan: exit %d, want %d\n%s", code, wantExit, errs)
	}
	return out
}

// editPlan rewrites a saved plan through its JSON as generic data.
func editPlan(t *testing.T, path string, edit func(p map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	edit(p)
	if b, err = json.MarshalIndent(p, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func planSteps(p map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range p["steps"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

// readOf is the reads entry of an org in a saved plan.
func readOf(p map[string]any, org string) map[string]any {
	for _, r := range p["reads"].([]any) {
		if m := r.(map[string]any); m["organization"] == org {
			return m
		}
	}
	return nil
}

// editedPlanCases are hand edits of a plan that renames org_big00000001 and
// removes 2 of its 8 members; each must be refused.
var editedPlanCases = []struct {
	name string
	edit func(p map[string]any)
	raw  func(s string) string // an edit of the text, for what JSON data cannot say
	want string
}{
	{name: "an org with steps but no fingerprint", want: "it has steps but no fingerprint", edit: func(p map[string]any) {
		var keep []any
		for _, r := range p["reads"].([]any) {
			if r.(map[string]any)["organization"] != "org_big00000001" {
				keep = append(keep, r)
			}
		}
		p["reads"] = keep
	}},
	{name: "a fingerprint of the org list only", want: "covers only the organizations list", edit: func(p map[string]any) {
		readOf(p, "org_big00000001")["listed"] = true
	}},
	{name: "a fingerprint that did not read the members removed", want: "removes members, which its fingerprint does not cover", edit: func(p map[string]any) {
		delete(readOf(p, "org_big00000001")["parts"].(map[string]any), "members")
	}},
	{name: "an unknown action", want: `unknown action "upsert"`, edit: func(p map[string]any) {
		planSteps(p)[0]["action"] = "upsert"
	}},
	{name: "an unknown kind", want: `unknown kind "group"`, edit: func(p map[string]any) {
		planSteps(p)[0]["kind"] = "group"
	}},
	{name: "a step whose target is another org", want: `its target is organization "org_other0000001", not "org_big00000001"`, edit: func(p map[string]any) {
		planSteps(p)[1]["target"].(map[string]any)["org_code"] = "org_other0000001"
	}},
	{name: "a user created inside an org", want: "a user belongs to the environment, not to organization org_big00000001", edit: func(p map[string]any) {
		s := planSteps(p)[0]
		s["kind"], s["action"] = "user", "create"
		s["target"].(map[string]any)["email"] = "mallory@evil.example"
	}},
	{name: "an unknown field", want: `unknown field "extra"`, edit: func(p map[string]any) {
		p["extra"] = true
	}},
	{name: "a fraction that is not in [0,1]", want: "max_delete_fraction", edit: func(p map[string]any) {
		p["max_delete_fraction"] = 5
	}},
	{name: "trailing data after the plan", want: "data after the plan", raw: func(s string) string {
		return s + "\n{\"steps\": []}\n"
	}},
	{name: "a plan cut short", want: "unexpected EOF", raw: func(s string) string {
		return s[:len(s)/2]
	}},
}

// TestApplySavedPlanEditedRefused: a saved plan edited by hand is refused
// before any write, exit 1, naming what is wrong.
func TestApplySavedPlanEditedRefused(t *testing.T) {
	cfg := writeConfig(t, head+strings.Replace(bigOrg("code: org_big00000001", 0, 6, 0), "name: Big", "name: Bigger", 1))
	for _, tc := range editedPlanCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
			planFile := savePlan(t, e, cfg, 0)
			if tc.edit != nil {
				editPlan(t, planFile, tc.edit)
			}
			if tc.raw != nil {
				b, _ := os.ReadFile(planFile)
				if err := os.WriteFile(planFile, []byte(tc.raw(string(b))), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve", "--allow-deletes")
			if code != 1 || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "nothing was written") {
				t.Errorf("apply of the edited plan: exit %d, want 1 saying %q\n%s", code, tc.want, errs)
			}
			if w := e.Stats().Writes; w != 0 {
				t.Errorf("%d writes, want none", w)
			}
		})
	}
}

// TestApplySavedPlanSummaryRecomputed: a saved plan whose summary and
// blocked list were emptied by hand is still blocked by the removals its
// steps make, and reports the summary of its steps.
func TestApplySavedPlanSummaryRecomputed(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	cfg := writeConfig(t, head+bigOrg("code: org_big00000001", 0, 4, 0))
	planFile := savePlan(t, e, cfg, 3)
	editPlan(t, planFile, func(p map[string]any) {
		p["summary"] = map[string]any{"create": 0, "update": 0, "delete": 0, "assert": 0, "api_calls": 0}
		delete(p, "blocked")
	})
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 3 || !strings.Contains(errs, "removing 4 of 8 members") || !strings.Contains(errs, "4 to delete") {
		t.Errorf("apply of the plan with its summary emptied: exit %d, want 3\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes, want none", w)
	}
}

// TestApplySavedPlanFractionNotLoosened: apply --plan holds a plan to the
// --max-delete-fraction it was made with, whatever fraction apply is given
// or the file is edited to say.
func TestApplySavedPlanFractionNotLoosened(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	cfg := writeConfig(t, head+bigOrg("code: org_big00000001", 0, 5, 0)) // removes 3 of 8
	planFile := savePlan(t, e, cfg, 3, "--max-delete-fraction", "0.25")
	for _, frac := range []string{"0.5", "1"} {
		code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve", "--max-delete-fraction", frac)
		if code != 3 || !strings.Contains(errs, "removing 3 of 8 members (more than 25%)") {
			t.Errorf("apply --plan --max-delete-fraction %s of a plan made with 0.25: exit %d, want 3\n%s", frac, code, errs)
		}
	}
	// The plan's own fraction, edited up, does not loosen apply's.
	editPlan(t, planFile, func(p map[string]any) { p["max_delete_fraction"] = 1 })
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve"); code != 3 {
		t.Errorf("apply --plan of a plan edited to max_delete_fraction 1: exit %d, want 3\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes, want none", w)
	}
	// Made and applied with 0.5, it applies.
	planFile = savePlan(t, e, cfg, 0, "--max-delete-fraction", "0.5")
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve", "--max-delete-fraction", "0.5"); code != 0 {
		t.Errorf("apply --plan with the plan's own fraction: exit %d\n%s", code, errs)
	}
}

// TestMaxDeleteFractionRefused: --max-delete-fraction is a finite number in
// [0,1] for plan and apply (NaN would compare false and allow everything).
func TestMaxDeleteFractionRefused(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	cfg := writeConfig(t, head+bigOrg("code: org_big00000001", 0, 2, 0)) // removes 6 of 8
	planFile := savePlan(t, e, cfg, 3)
	for _, frac := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "5", "-0.1", "1.0000001"} {
		for _, args := range [][]string{
			{"plan", "-f", cfg},
			{"apply", "-f", cfg, "--auto-approve"},
			{"apply", "--plan", planFile, "--auto-approve"},
		} {
			args = append(args, "--max-delete-fraction="+frac)
			code, _, errs := cli(t, e.URL, args...)
			if code != 1 || !strings.Contains(errs, "is not a number between 0 and 1") {
				t.Errorf("%s --max-delete-fraction %s: exit %d, want 1\n%s", args[0], frac, code, errs)
			}
		}
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes, want none", w)
	}
}

// TestApplySavedPlanLogoChanged: a logo file whose bytes changed after the
// plan was saved makes the plan stale: nothing is uploaded, nothing written.
func TestApplySavedPlanLogoChanged(t *testing.T) {
	e := emulatortest.StartYAML(t, safetyState(), emulator.Options{})
	dir := t.TempDir()
	light, err := os.ReadFile("testdata/plan/logos-create/logos/light.png")
	if err != nil {
		t.Fatal(err)
	}
	dark, err := os.ReadFile("testdata/plan/logos-create/logos/dark.png")
	if err != nil {
		t.Fatal(err)
	}
	logo := filepath.Join(dir, "logo.png")
	if err := os.WriteFile(logo, light, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "orgs.yaml")
	if err := os.WriteFile(cfg, []byte(head+"  - code: org_big00000001\n    logos: {light: logo.png}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planFile := savePlan(t, e, cfg, 0)
	if err := os.WriteFile(logo, dark, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 1 || !strings.Contains(errs, "saved plan is stale") || !strings.Contains(errs, "logo[light]") {
		t.Errorf("apply --plan after the logo changed: exit %d, want 1 stale\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes, want none", w)
	}
	// The reviewed bytes back in place, the plan applies.
	if err := os.WriteFile(logo, light, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve"); code != 0 {
		t.Errorf("apply --plan with the reviewed logo: exit %d\n%s", code, errs)
	}
}
