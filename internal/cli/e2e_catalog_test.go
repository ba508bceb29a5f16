package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

const catalogState = `version: 1
environment:
  roles:
    - {key: admin, name: Admin, permissions: [reports:read]}
  permissions:
    - {key: reports:read, name: Read reports}
    - {key: reports:write, name: Write reports}
users:
  - {id: kp_00000000000000000000000000000001, email: u1@acme.com}
  - {id: kp_00000000000000000000000000000002, email: u2@acme.com}
organizations:
  - {code: org_default00, is_default: true, name: Default}
  - code: org_acme00001
    name: Acme
    members:
      - {email: u1@acme.com, roles: [admin]}
      - {email: u2@acme.com}
`

const catalogConfig = `version: 1
environment:
  permissions:
    - {key: reports:read, name: Read reports}
    - {key: reports:write, name: Write reports}
  roles:
    - {key: admin, name: Admin, permissions: [reports:read, reports:write]}
    - {key: auditor, name: Auditor, permissions: [reports:read]}
organizations:
  - code: org_acme00001
    members:
      - {email: u1@acme.com, roles: [admin]}
      - {email: u2@acme.com, roles: [auditor]}
`

// TestCatalogSavedPlan: a saved plan fingerprints the catalog it was
// computed from. A role changed in Kinde after review makes it stale and
// nothing is written; planned again, it applies, giving a member a role the
// same plan creates (its id known only at apply).
func TestCatalogSavedPlan(t *testing.T) {
	e := emulatortest.StartYAML(t, catalogState, emulator.Options{})
	cfg := writeConfig(t, catalogConfig)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, out, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile); code != 0 {
		t.Fatalf("plan exit %d\n%s\n%s", code, out, errs)
	}
	c, err := kinde.New(kinde.Config{Domain: e.URL, ClientID: "emulator", ClientSecret: "emulator"})
	if err != nil {
		t.Fatal(err)
	}
	roles, err := c.GetRoles(t.Context())
	if err != nil || len(roles) != 1 {
		t.Fatalf("GetRoles = %v, %v", roles, err)
	}
	name := "Administrator"
	if err := c.UpdateRole(t.Context(), roles[0].ID, &kinde.CatalogRequest{Key: &roles[0].Key, Name: &name}); err != nil {
		t.Fatal(err)
	}
	writes := e.Stats().Writes
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "-f", cfg, "--auto-approve")
	if code != 1 || !strings.Contains(errs, "saved plan is stale") || !strings.Contains(errs, "the environment") {
		t.Fatalf("apply of a plan whose role changed since: exit %d, stderr:\n%s", code, errs)
	}
	if w := e.Stats().Writes - writes; w != 0 {
		t.Errorf("stale apply made %d writes, want 0", w)
	}
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile); code != 0 {
		t.Fatalf("plan exit %d\n%s", code, errs)
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "-f", cfg, "--auto-approve"); code != 0 {
		t.Fatalf("apply --plan exit %d\n%s", code, errs)
	}
	if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after apply --plan: exit %d\n%s", code, out)
	}
	acme := findOrg(t, e.Snapshot(), "org_acme00001")
	var got []string
	for _, m := range acme.Members {
		got = append(got, strings.Join(m.Roles, ","))
	}
	if strings.Join(got, " ") != "admin auditor" {
		t.Errorf("acme's members hold roles %q, want admin and auditor", got)
	}
}

// TestExportCatalogSplit: export --catalog-only and --orgs-only write the two
// halves of export; the two files planned together show no changes.
func TestExportCatalogSplit(t *testing.T) {
	e := emulatortest.StartYAML(t, catalogState, emulator.Options{})
	dir := t.TempDir()
	catFile, orgsFile := filepath.Join(dir, "catalog.yaml"), filepath.Join(dir, "orgs.yaml")
	if code, _, errs := cli(t, e.URL, "export", "--catalog-only", "-o", catFile); code != 0 {
		t.Fatalf("export --catalog-only exit %d\n%s", code, errs)
	}
	if code, _, errs := cli(t, e.URL, "export", "--orgs-only", "-o", orgsFile); code != 0 {
		t.Fatalf("export --orgs-only exit %d\n%s", code, errs)
	}
	cat, _ := os.ReadFile(catFile)
	orgs, _ := os.ReadFile(orgsFile)
	if !strings.Contains(string(cat), "environment:") || strings.Contains(string(cat), "organizations:") {
		t.Errorf("export --catalog-only:\n%s", cat)
	}
	if strings.Contains(string(orgs), "environment:") || !strings.Contains(string(orgs), "organizations:") {
		t.Errorf("export --orgs-only:\n%s", orgs)
	}
	if code, out, errs := cli(t, e.URL, "plan", "-f", dir, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan of the two exports: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := cli(t, e.URL, "export", "--catalog-only", "--orgs-only"); code != 1 || !strings.Contains(errs, "orgs-only") {
		t.Errorf("export --catalog-only --orgs-only: exit %d, stderr:\n%s", code, errs)
	}
}
