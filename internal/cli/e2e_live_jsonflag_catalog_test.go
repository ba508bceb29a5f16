package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// envFlag is the environment value of a flag in the emulator: its
// environment override, or else its default.
func envFlag(t *testing.T, e *emulatortest.Emulator, key string) string {
	t.Helper()
	for _, f := range e.Snapshot().Environment.FeatureFlags {
		if f.Key == key {
			if f.Override != nil {
				return *f.Override
			}
			return f.Default
		}
	}
	t.Fatalf("no flag %s", key)
	return ""
}

// TestLiveJSONFlagCatalog: the environment catalog takes a json flag. A full
// export of an environment holding one writes a file that validates and
// plans no changes; a changed object default is applied as the
// environment's value (UpdateFeatureFlag cannot carry the json type), and a
// re-plan is empty; a json flag Kinde does not have is refused at its place,
// since Kinde's API cannot create one. Before, the export did not load:
// `"json" is not one of bool, int, str`.
func TestLiveJSONFlagCatalog(t *testing.T) {
	e := emulatortest.StartYAML(t, jsonFlagState, emulator.Options{})
	out := filepath.Join(t.TempDir(), "export.yaml")
	if code, _, errs := cli(t, e.URL, "export", "-o", out); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	exported, err := os.ReadFile(out)
	must(t, err)
	if !strings.Contains(string(exported), "type: json") {
		t.Fatalf("export has no json flag:\n%s", exported)
	}
	if code, _, errs := kindesync(t, "validate", "-f", out); code != 0 {
		t.Fatalf("validate of the export: exit %d\n%s", code, errs)
	}
	if code, stdout, errs := cli(t, e.URL, "plan", "-f", out, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan of the export: exit %d, want no changes\n%s%s", code, stdout, errs)
	}

	catalog := func(theme string) string {
		return "version: 1\nenvironment:\n  feature_flags:\n" +
			"    - {key: dark_mode, type: bool, default: false}\n" +
			"    - {key: theme, type: json, default: " + theme + "}\n"
	}
	changed := writeConfig(t, catalog("{sizes: [3], palette: green}"))
	code, stdout, errs := cli(t, e.URL, "apply", "-f", changed, "--auto-approve")
	if code != 0 || !strings.Contains(stdout, "environment_feature_flag") || !strings.Contains(stdout, "green") {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, errs)
	}
	if got, want := envFlag(t, e, "theme"), `{"palette":"green","sizes":[3]}`; got != want {
		t.Errorf("theme = %s, want %s", got, want)
	}
	if code, stdout, errs := cli(t, e.URL, "plan", "-f", changed, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan after apply: exit %d, want no changes\n%s%s", code, stdout, errs)
	}
	// The org override set before is kept: only the environment value moved.
	if code, stdout, errs := cli(t, e.URL, "plan", "-f", out, "--detailed-exitcode"); code != 2 || !strings.Contains(stdout, "palette") {
		t.Fatalf("plan of the first export: exit %d, want the default back\n%s%s", code, stdout, errs)
	}

	fresh := writeConfig(t, catalog("{palette: blue}")+"    - {key: layout, type: json, default: {cols: 2}}\n")
	code, _, errs = cli(t, e.URL, "plan", "-f", fresh)
	if code != 1 || !strings.Contains(errs, "orgs.yaml:6:") || !strings.Contains(errs, "cannot create a json flag") {
		t.Fatalf("plan creating a json flag: exit %d, want 1 at its place\n%s", code, errs)
	}
}
