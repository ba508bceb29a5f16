package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// jsonFlagState has a json flag (made in Kinde's dashboard) beside a bool
// one, overridden in one org.
const jsonFlagState = `version: 1
environment:
  feature_flags:
    - {key: dark_mode, type: bool, default: false}
    - {key: theme, type: json, default: {palette: blue, sizes: [1, 2]}}
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - {code: org_exist00001, name: Exist, feature_flags: {theme: {palette: red}}}
`

// TestLiveJSONFlags: an environment holding a json flag never stops a run.
// Its org overrides are read (export writes them as objects), shown, and
// set from an object in the YAML; a re-plan is then empty. Before, every
// plan, apply and export failed: unknown type "json".
func TestLiveJSONFlags(t *testing.T) {
	e := emulatortest.StartYAML(t, jsonFlagState, emulator.Options{})
	// A run that does not manage flags at all. (The catalog export of a json
	// flag is not written yet: --orgs-only.)
	if code, _, errs := cli(t, e.URL, "plan", "-f", writeConfig(t, head+"  - {code: org_exist00001, name: Renamed}\n")); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, errs)
	}
	out := filepath.Join(t.TempDir(), "export.yaml")
	if code, _, errs := cli(t, e.URL, "export", "--orgs-only", "-o", out); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	if code, stdout, errs := cli(t, e.URL, "plan", "-f", out, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan of the export: exit %d, want no changes\n%s%s", code, stdout, errs)
	}
	cfg := writeConfig(t, head+`  - code: org_exist00001
    feature_flags:
      dark_mode: true
      theme: {sizes: [3], palette: green}
`)
	code, stdout, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 0 || !strings.Contains(stdout, `feature_flag[theme]`) || !strings.Contains(stdout, "green") {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, errs)
	}
	if code, stdout, errs := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan after apply: exit %d, want no changes\n%s%s", code, stdout, errs)
	}
	// A bool where the flag is json is refused at its place.
	bad := writeConfig(t, head+"  - code: org_exist00001\n    feature_flags: {theme: true}\n")
	if code, _, errs := cli(t, e.URL, "plan", "-f", bad); code != 1 || !strings.Contains(errs, "orgs.yaml:4:21") || !strings.Contains(errs, "json flag") {
		t.Fatalf("plan with a bool for a json flag: exit %d\n%s", code, errs)
	}
}
