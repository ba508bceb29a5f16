package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// noColourEnv hides the developer's NO_COLOR and CLICOLOR_FORCE from the
// end-to-end tests, whose golden output is without colour.
func noColourEnv(k string) string {
	switch k {
	case "NO_COLOR", "CLICOLOR_FORCE", "KINDESYNC_COMMIT", "GITHUB_SHA", "KINDESYNC_ALLOW_DELETES_LABEL":
		return "" // the markdown plan's header would differ in CI
	}
	return os.Getenv(k)
}

func TestColour(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	tests := []struct {
		name     string
		vars     map[string]string
		noColour bool
		w        any
		want     bool
	}{
		{"a buffer is no terminal", nil, false, &bytes.Buffer{}, false},
		{"/dev/null is a character device but no terminal", nil, false, devNull, false},
		{"CLICOLOR_FORCE forces it", map[string]string{"CLICOLOR_FORCE": "1"}, false, &bytes.Buffer{}, true},
		{"CLICOLOR_FORCE=0 does not", map[string]string{"CLICOLOR_FORCE": "0"}, false, &bytes.Buffer{}, false},
		{"NO_COLOR beats CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false, &bytes.Buffer{}, false},
		{"empty NO_COLOR is unset", map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": ""}, false, &bytes.Buffer{}, true},
		{"--no-color beats CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1"}, true, &bytes.Buffer{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &Env{Getenv: func(k string) string { return tt.vars[k] }, noColour: tt.noColour}
			w, _ := tt.w.(interface{ Write([]byte) (int, error) })
			if got := env.colour(w); got != tt.want {
				t.Errorf("colour = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestColourFlags runs plan with CLICOLOR_FORCE into a buffer: colour
// codes appear, and --no-color takes them away.
func TestColourFlags(t *testing.T) {
	live := tempCopy(t, "examples/basic/live.yaml")
	for _, tt := range []struct {
		extra []string
		want  bool
	}{{nil, true}, {[]string{"--no-color"}, false}} {
		var out, errs bytes.Buffer
		env := &Env{Ctx: context.Background(), Stdout: &out, Stderr: &errs, Stdin: strings.NewReader(""),
			Getenv: func(k string) string {
				if k == "CLICOLOR_FORCE" {
					return "1"
				}
				return ""
			}}
		args := append([]string{"plan", "-f", "examples/basic/kindesync.yaml", "--emulator", live}, tt.extra...)
		if code := run(env, args); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.want {
			t.Errorf("%v: colour codes %v, want %v:\n%s", args, got, tt.want, out.String())
		}
	}
}

// fakeTicker hands progress a channel the test ticks by hand.
type fakeTicker struct {
	c       chan time.Time
	stopped bool
}

func (f *fakeTicker) start(time.Duration) (<-chan time.Time, func()) {
	return f.c, func() { f.stopped = true }
}

func TestProgressOutsideTerminal(t *testing.T) {
	start := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	// One tick per progress: the line is printed before done returns, and
	// no update races with it.
	tests := []struct {
		update  []int
		elapsed time.Duration
		want    string
	}{
		{nil, 10 * time.Second, "reading organizations: 10s elapsed\n"},
		{[]int{120, 300}, 20*time.Second + 400*time.Millisecond, "reading organizations: 120/300, 20s elapsed\n"},
	}
	for _, tt := range tests {
		var errs bytes.Buffer
		tk := &fakeTicker{c: make(chan time.Time)}
		env := &Env{Stderr: &errs, Now: func() time.Time { return start }, NewTicker: tk.start}
		p := newProgress(env, "reading organizations")
		if tt.update != nil {
			p.update(tt.update[0], tt.update[1])
		}
		tk.c <- start.Add(tt.elapsed)
		p.done()
		if diff := cmp.Diff(tt.want, errs.String()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if !tk.stopped {
			t.Error("done did not stop the ticker")
		}
	}
	// Without a tick, nothing is printed: a quick run leaves no trace.
	var errs bytes.Buffer
	p := newProgress(&Env{Stderr: &errs, NewTicker: (&fakeTicker{c: make(chan time.Time)}).start}, "x")
	p.update(1, 2)
	p.done()
	if errs.Len() != 0 {
		t.Errorf("printed %q without a tick", errs.String())
	}
}

// TestInterruptSummary: an interrupt mid-apply names the orgs that were in
// flight and counts the untouched ones in one line.
func TestInterruptSummary(t *testing.T) {
	res := &apply.Result{Calls: 3, Groups: []apply.OrgResult{
		{Organization: "acme", Code: "org_acme", Done: 2, Failed: 1, Skipped: 4, Err: fmt.Errorf("add member: %w", context.Canceled)},
		{Organization: "beta", Code: "org_beta", Done: 5},
		{Organization: "gamma", Skipped: 3, Err: context.Canceled},
		{Organization: "delta", Skipped: 2, Err: context.Canceled},
		{Organization: "eps", Failed: 1, Err: errors.New("boom")},
	}}
	env, _, errs := testEnv()
	printSummary(env, res)
	want := `INTERRUPTED organization[acme] (org_acme): 2 done, 5 not done
FAILED organization[eps]: 0 done, 1 failed, 0 skipped: boom
Interrupted: 2 groups not started, nothing written to them.
Apply finished: 7 steps done in 3 API calls; 4 of 5 groups failed.
`
	if diff := cmp.Diff(want, errs.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMissingCredentials(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"KINDE_DOMAIN", "--emulator"}},
		{[]string{"--domain", "acme.kinde.com"}, []string{"KINDE_MANAGEMENT_CLIENT_ID", "KINDE_MANAGEMENT_CLIENT_SECRET", "KINDE_MANAGEMENT_TOKEN"}},
		{[]string{"--domain", "acme.kinde.com", "--client-id", "x"}, []string{"KINDE_MANAGEMENT_CLIENT_SECRET", "KINDE_MANAGEMENT_TOKEN"}},
	}
	for _, tt := range tests {
		args := append([]string{"plan", "-f", "examples/basic/kindesync.yaml"}, tt.args...)
		code, _, errs := kindesync(t, args...)
		for _, w := range tt.want {
			if code != 1 || !strings.Contains(errs, w) {
				t.Errorf("%v: exit %d, stderr lacks %s:\n%s", tt.args, code, w, errs)
			}
		}
	}
}

// TestMissingScope: a token with only read:users is answered 403 by
// the emulator, as by Kinde; the error names the scope to grant.
func TestMissingScope(t *testing.T) {
	e := emulatortest.Start(t, nil, emulator.Options{Scopes: []string{"read:users"}})
	cfg := filepath.Join(t.TempDir(), "k.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\norganizations:\n  - external_id: acme\n    name: Acme\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := kindesync(t, "plan", "-f", cfg, "--domain", e.URL, "--client-id", "emulator", "--client-secret", "emulator")
	// The reads run in parallel: whichever is refused first is named.
	m := scopeHintRE.FindStringSubmatch(errs)
	if code != 1 || m == nil || m[1] == "read:users" || !strings.Contains(errs, "docs/scopes.md") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}

var scopeHintRE = regexp.MustCompile(`\n  the M2M application lacks the scope ([a-z_]+:[a-z_]+), which \w+ needs: grant it`)
