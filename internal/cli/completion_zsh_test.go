package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionZsh runs the zsh script's dispatch where zsh is installed:
// with _arguments and _describe replaced by functions that print what they
// are given, and words and CURRENT set as zsh's completion sets them, it
// shows which commands or flag specs a Tab would offer.
func TestCompletionZsh(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh not installed")
	}
	code, script, errs := kindesync(t, "completion", "zsh")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "_kindesync")
	must(t, os.WriteFile(path, []byte(script), 0o644))
	for _, tt := range []struct {
		words     []string // the last is the word being completed
		want, not []string // prefixes of what is offered
	}{
		{[]string{"kindesync", ""}, []string{"plan:", "mfa:", "show:"}, []string{"--org="}},
		{[]string{"kindesync", "mfa", ""}, []string{"show:", "reset:"}, []string{"plan:"}},
		{[]string{"kindesync", "mfa", "show", "--"}, []string{"--org=[", "--user=[", "--format=[", "--domain=[", "--no-color["}, []string{"--factor=", "--auto-approve["}},
		{[]string{"kindesync", "mfa", "reset", "--"}, []string{"--org=[", "--factor=[", "--all[", "--auto-approve[", "--journal=["}, []string{"--format="}},
		{[]string{"kindesync", "show", "--"}, []string{"--format=["}, []string{"--org=", "show:"}},
		{[]string{"kindesync", "plan", "--"}, []string{"--out=[", "--detailed-exitcode[", "--domain=["}, []string{"--auto-approve["}},
	} {
		var words []string
		for _, w := range tt.words {
			words = append(words, "'"+w+"'")
		}
		prog := `_arguments() { print -rl -- "$@" }; _describe() { print -rl -- "${(@P)2}" }; ` +
			"words=(" + strings.Join(words, " ") + "); CURRENT=" + strconv.Itoa(len(tt.words)) + "; source " + path
		out, err := exec.Command(zsh, "-f", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", tt.words, err, out)
		}
		lines := strings.Split(string(out), "\n")
		offered := func(prefix string) bool {
			for _, l := range lines {
				if strings.HasPrefix(l, prefix) {
					return true
				}
			}
			return false
		}
		for _, w := range tt.want {
			if !offered(w) {
				t.Errorf("%v: nothing offered starts with %q:\n%s", tt.words, w, out)
			}
		}
		for _, w := range tt.not {
			if offered(w) {
				t.Errorf("%v: offers %q", tt.words, w)
			}
		}
	}
}
