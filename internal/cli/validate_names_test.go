package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidateFileCatalog: offline, names are checked against the kinds the
// files' environment section lists (managed exactly, so nothing else will
// exist), with "did you mean"; kinds it leaves out, and connections, are
// left to --remote and plan.
func TestValidateFileCatalog(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "orgs.yaml")
	must(t, os.WriteFile(cfg, []byte(`version: 1
environment:
  roles: [{key: admin, name: Admin}, {key: viewer, name: Viewer}]
  feature_flags: [{key: dark_mode, name: Dark mode, type: bool, default: false, allow_override_level: org}]
organizations:
  - code: org_1ccfb819462
    connections: [Okta]
    feature_flags: {dark_mod: true}
    members:
      - email: alice@acme.com
        roles: [admn]
        permissions: [anything:goes]
`), 0o644))
	code, out, errs := kindesync(t, "validate", "-f", cfg)
	want := cfg + `:8:21: organizations[0].feature_flags.dark_mod: unknown feature flag (did you mean "dark_mode"? known feature flags: "dark_mode")
` + cfg + `:11:16: organizations[0].members[0].roles[0]: unknown role "admn" (did you mean "admin"? known roles: "admin", "viewer")
kindesync: 2 problems found
`
	if code != 1 || out != "" {
		t.Errorf("validate: exit %d, stdout %q; want 1 and nothing", code, out)
	}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}
