package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestReliabilitySpecialFilesRefused: a configuration directory holding a
// FIFO or a device named *.yaml, or a file over the size limit, stops
// validate, plan and apply with an error naming the file: no hang, no
// request to Kinde.
func TestReliabilitySpecialFilesRefused(t *testing.T) {
	e := emulatortest.StartYAML(t, relState(), emulator.Options{})
	good := "version: 1\norganizations:\n  - {external_id: new1, name: New}\n"
	cases := map[string]func(dir string) error{
		"fifo.yaml": func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644) },
		"zero.yaml": func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")) },
		"big.yaml": func(dir string) error {
			f, err := os.Create(filepath.Join(dir, "big.yaml"))
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(65<<20 + 1) // sparse
		},
	}
	for name, mk := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a-good.yaml"), []byte(good), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := mk(dir); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"validate"}, {"plan"}, {"apply", "--auto-approve"}} {
			args := append(append([]string{}, cmd...), "-f", dir)
			done := make(chan [3]string, 1)
			go func() {
				code, out, errs := cli(t, e.URL, args...)
				done <- [3]string{string(rune('0' + code)), out, errs}
			}()
			select {
			case r := <-done:
				if r[0] != "1" || !strings.Contains(r[2], filepath.Join(dir, name)+": is ") {
					t.Errorf("kindesync %s with %s: exit %s, want 1 naming the file\n%s%s", cmd[0], name, r[0], r[1], r[2])
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("kindesync %s with %s hangs", cmd[0], name)
			}
		}
	}
	if st := e.Stats(); total(st.Requests) != 0 {
		t.Errorf("%d requests reached the emulator; want none", total(st.Requests))
	}
}

// TestReliabilityFlagValuesNotEchoed: a parse error never shows the value
// of a flag, which may be a secret: "-f --client-secret=S" makes kong say
// that --file got a flag, quoting it.
func TestReliabilityFlagValuesNotEchoed(t *testing.T) {
	const secret = "Zz-fl4g-s3cret-Qq"
	t.Setenv("KINDE_MANAGEMENT_TOKEN", "Tt-env-t0ken-Ww")
	tests := [][]string{
		{"plan", "-f", "--client-secret=" + secret},
		{"plan", "-f", "--client-secret", secret},
		{"apply", "--plan", "--token=" + secret},
		{"plan", "--max-delete-fraction=" + secret, "-f", "x.yaml"},
		{"plan", "--max-delete-fraction", secret, "-f", "x.yaml"},
		{"plan", "--format", secret, "-f", "x.yaml"},
		{"plan", "-f", "x.yaml", "--client-secret=" + secret, "--nope"},
		{"plan", "-f", "x.yaml", "--max-delete-fraction", "Tt-env-t0ken-Ww"},
		{"export", "-o", "--token=" + secret},
	}
	for _, args := range tests {
		code, out, errs := kindesync(t, args...)
		if code != 1 {
			t.Errorf("kindesync %s: exit %d, want 1", strings.Join(args, " "), code)
		}
		if strings.Contains(out+errs, secret) || strings.Contains(out+errs, "Tt-env-t0ken-Ww") {
			t.Errorf("kindesync %s printed a flag's value:\n%s%s", strings.Join(args, " "), out, errs)
		}
		if !strings.Contains(errs, "kindesync: ") {
			t.Errorf("kindesync %s: no error message:\n%s", strings.Join(args, " "), errs)
		}
	}
	// The message still says what is wrong.
	_, _, errs := kindesync(t, "plan", "-f", "--client-secret="+secret)
	if want := `--file: expected string value but got "--client-secret=…"`; !strings.Contains(errs, want) {
		t.Errorf("stderr = %q, want it to contain %q", errs, want)
	}
}

func TestRedactArgs(t *testing.T) {
	tests := []struct {
		msg  string
		args []string
		want string
	}{
		{`got "a"; expected a value`, []string{"--x", "a"}, `got "…"; expected a value`},
		{`got "--s=abc" (long flag)`, []string{"-f", "--s=abc"}, `got "--s=…" (long flag)`},
		{`unexpected argument plna`, []string{"plna"}, `unexpected argument plna`},
		{`x "y"`, []string{"--", "y"}, `x "…"`},
		{`bad value secret-value here`, []string{"--token", "secret-value"}, `bad value … here`},
	}
	for _, tt := range tests {
		if got := redactArgs(tt.msg, tt.args); got != tt.want {
			t.Errorf("redactArgs(%q, %q) = %q, want %q", tt.msg, tt.args, got, tt.want)
		}
	}
}

// TestReliabilityPlanRedactsVariables: problems found against Kinde (an
// unknown role, a code that does not exist) name ${NAME}, never its value.
func TestReliabilityPlanRedactsVariables(t *testing.T) {
	e := emulatortest.StartYAML(t, relState(), emulator.Options{})
	const secret = "org_S3cretValue42"
	t.Setenv("ORG_SECRET", secret)
	f := writeConfig(t, "version: 1\norganizations:\n  - code: ${ORG_SECRET}\n    members:\n      - {email: user1@acme.com, roles: [\"${ORG_SECRET}\"]}\n")
	for _, cmd := range [][]string{{"plan"}, {"validate", "--remote"}} {
		code, out, errs := cli(t, e.URL, append(cmd, "-f", f)...)
		if code != 1 || !strings.Contains(errs, "${ORG_SECRET}") || strings.Contains(out+errs, secret) {
			t.Errorf("kindesync %s: exit %d, want 1 naming ${ORG_SECRET} and not its value\n%s%s", cmd[0], code, out, errs)
		}
	}
}
