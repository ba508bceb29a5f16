package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errs bytes.Buffer
	return &Env{Ctx: context.Background(), Stdout: &out, Stderr: &errs, Stdin: strings.NewReader("")}, &out, &errs
}

func TestValidateOK(t *testing.T) {
	env, out, errs := testEnv()
	cmd := &ValidateCmd{Files: []string{"examples/basic/kindesync.yaml", "testdata/spec/valid/multi"}}
	code := exitCode(cmd.Run(&Globals{}, env), env)
	if code != 0 || out.Len() != 0 || errs.String() != "ok: 5 organizations in 3 files\n" {
		t.Errorf("validate = %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestValidateProblems: every problem once, one per line, then a count.
func TestValidateProblems(t *testing.T) {
	env, _, errs := testEnv()
	cmd := &ValidateCmd{Files: []string{"testdata/spec/invalid/theme-code.yaml"}}
	code := exitCode(cmd.Run(&Globals{}, env), env)
	want := `testdata/spec/invalid/theme-code.yaml:4:17: organizations[0].theme_code: "blue" is not one of light, dark, user_preference
testdata/spec/invalid/theme-code.yaml:6:17: organizations[1].theme_code: "Dark" is not one of light, dark, user_preference
kindesync: 2 problems found
`
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if diff := cmp.Diff(want, errs.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}

// TestValidateRemote resolves names against the emulator seeded with the
// basic example's live state, as a user would run it.
func TestValidateRemote(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "orgs.yaml")
	body := `version: 1
organizations:
  - code: org_1ccfb819462
    connections: [Google, Okta]
    feature_flags:
      seats: "50"
    properties:
      kp_org_cty: x
    members:
      - email: alice@acme.com
        roles: [admin, owner]
        permissions: [reports:read, reports:delete]
      - email: nobody@acme.com
      - id: kp_5ce676e5d6a24bc9aac2fba35a46e958
      - id: kp_ghost
`
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env, _, errs := testEnv()
	code := run(env, []string{"validate", "--remote", "-f", cfg, "--emulator", "examples/basic/live.yaml"})
	want := strings.Join([]string{
		cfg + `:4:27: organizations[0].connections[1]: unknown connection "Okta" (known connections: "Email", "Google", "Microsoft")`,
		cfg + `:6:7: organizations[0].feature_flags.seats: this is an integer flag, but the value is the string "50"`,
		cfg + `:8:7: organizations[0].properties.kp_org_cty: unknown organization property (did you mean "kp_org_city"? known organization properties: "kp_org_city", "kp_org_welcome")`,
		cfg + `:11:16: organizations[0].members[0].roles[1]: unknown role "owner" (known roles: "admin", "viewer")`,
		cfg + `:12:22: organizations[0].members[0].permissions[1]: unknown permission "reports:delete" (known permissions: "billing:manage", "reports:read", "reports:write")`,
		cfg + `:13:9: organizations[0].members[1]: no Kinde user has the email nobody@acme.com (options.missing_users: create would create one)`,
		cfg + `:15:9: organizations[0].members[3]: no Kinde user has the id kp_ghost`,
		"kindesync: 7 problems found",
	}, "\n") + "\n"
	if code != 1 {
		t.Errorf("validate --remote exit %d, want 1", code)
	}
	if diff := cmp.Diff(want, errs.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}

	// The same names, all known: exit 0.
	env, _, errs = testEnv()
	if code := run(env, []string{"validate", "--remote", "-f", "examples/basic/kindesync.yaml", "--emulator", "examples/basic/live.yaml"}); code != 0 {
		t.Errorf("validate --remote of the example: exit %d, stderr %s", code, errs)
	}
}

// TestValidateFlags goes through the command-line grammar: -f repeats and
// a file name may hold a comma.
func TestValidateFlags(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a,b.yaml")
	if err := os.WriteFile(f, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(quietEnv(), []string{"validate", "-f", f, "--file", "examples/basic/kindesync.yaml"}); code != 0 {
		t.Errorf("validate exit %d, want 0", code)
	}
	if code := run(quietEnv(), []string{"validate", "-f", "testdata/spec/invalid/version-2.yaml"}); code != 1 {
		t.Errorf("validate of an invalid file: exit %d, want 1", code)
	}
}

func TestSchemaCmd(t *testing.T) {
	env, out, _ := testEnv()
	if err := (&SchemaCmd{}).Run(env); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("schema/v1/kindesync.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), committed) {
		t.Error("kindesync schema differs from schema/v1/kindesync.schema.json; run go test ./internal/spec -update")
	}
}

// quietEnv is an Env whose output is discarded.
func quietEnv() *Env {
	env, _, _ := testEnv()
	return env
}
