package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/spec"
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

func TestValidateRemote(t *testing.T) {
	env, _, errs := testEnv()
	cmd := &ValidateCmd{Files: []string{"testdata/spec/valid/names.yaml"}, Remote: true}
	saved := remoteCatalog
	t.Cleanup(func() { remoteCatalog = saved })

	remoteCatalog = nil
	if code := exitCode(cmd.Run(&Globals{}, env), env); code != 1 {
		t.Errorf("--remote without a catalog: exit %d, want 1", code)
	}

	errs.Reset()
	remoteCatalog = func(context.Context, *Globals, *Env, *spec.Document) (*spec.Catalog, error) {
		return &spec.Catalog{Roles: map[string]bool{"admin": true, "viewer": true}}, nil
	}
	code := exitCode(cmd.Run(&Globals{}, env), env)
	want := `testdata/spec/valid/names.yaml:16:16: organizations[0].members[0].roles[1]: unknown role "owner"
kindesync: 1 problem found
`
	if code != 1 || errs.String() != want {
		t.Errorf("validate --remote = %d, stderr:\n%s\nwant:\n%s", code, errs, want)
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
	if code := run([]string{"validate", "-f", f, "--file", "examples/basic/kindesync.yaml"}); code != 0 {
		t.Errorf("validate exit %d, want 0", code)
	}
	if code := run([]string{"validate", "-f", "testdata/spec/invalid/version-2.yaml"}); code != 1 {
		t.Errorf("validate of an invalid file: exit %d, want 1", code)
	}
}

func TestSchemaCmd(t *testing.T) {
	env, out, _ := testEnv()
	if err := (&SchemaCmd{}).Run(env); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("schema/kindesync.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), committed) {
		t.Error("kindesync schema differs from schema/kindesync.schema.json; run go test ./internal/spec -update")
	}
}
