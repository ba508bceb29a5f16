package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestMarkdownHeaderNamesCommit: the markdown plan names the commit from
// KINDESYNC_COMMIT, else GITHUB_SHA, and the environment without any
// credentials a URL carries.
func TestMarkdownHeaderNamesCommit(t *testing.T) {
	dir := "testdata/plan/member-roles-safety-blocked"
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"KINDESYNC_COMMIT first", map[string]string{"KINDESYNC_COMMIT": "abc123", "GITHUB_SHA": "def456"}, "**Commit:** `abc123`"},
		{"GITHUB_SHA", map[string]string{"GITHUB_SHA": "def456"}, "**Commit:** `def456`"},
		{"neither", nil, "**Commit:** not recorded"},
		{"the label", map[string]string{"KINDESYNC_ALLOW_DELETES_LABEL": "ok-to-delete"}, "the label `ok-to-delete` adds `--allow-deletes`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			env := &Env{Ctx: context.Background(), Stdout: &out, Stderr: &errs, Stdin: strings.NewReader(""),
				Getenv: func(k string) string { return tt.vars[k] }}
			code := run(env, []string{"plan", "-f", dir + "/desired.yaml", "--emulator", tempCopy(t, dir+"/live.yaml"), "--format", "markdown"})
			if code != 3 {
				t.Fatalf("exit %d:\n%s", code, errs.String())
			}
			if !strings.Contains(out.String(), tt.want) || !strings.Contains(out.String(), "**Environment:** `emulator live.yaml`") {
				t.Errorf("no %q in:\n%s", tt.want, out.String())
			}
		})
	}
}

func TestDomainShown(t *testing.T) {
	for in, want := range map[string]string{
		"acme.kinde.com":                       "acme.kinde.com",
		"https://acme.kinde.com":               "acme.kinde.com",
		"https://user:secret@acme.kinde.com/x": "acme.kinde.com/x",
		"http://127.0.0.1:8765":                "http://127.0.0.1:8765",
		"user:secret@auth.acme.example":        "auth.acme.example",
		"https://%zz":                          "",
	} {
		if got := domainShown(in); got != want {
			t.Errorf("domainShown(%q) = %q, want %q", in, got, want)
		}
	}
}
