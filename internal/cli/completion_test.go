package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionBash sources the bash script and asks it what a user's Tab
// would get: commands, a command's flags, enum values, files.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	code, script, errs := kindesync(t, "completion", "bash")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "kindesync.bash")
	must(t, os.WriteFile(path, []byte(script), 0o644))
	tests := []struct {
		words []string // the last is the word being completed
		want  []string
		not   []string
	}{
		{[]string{"kindesync", "pl"}, []string{"plan"}, []string{"apply"}},
		{[]string{"kindesync", "plan", "--fo"}, []string{"--format"}, nil},
		{[]string{"kindesync", "plan", "--format", ""}, []string{"text", "markdown", "json"}, nil},
		{[]string{"kindesync", "plan", "--"}, []string{"--out", "--detailed-exitcode", "--domain", "--no-color"}, []string{"--auto-approve"}},
		{[]string{"kindesync", "apply", "--"}, []string{"--auto-approve", "--plan"}, []string{"--detailed-exitcode"}},
		{[]string{"kindesync", "completion", ""}, []string{"bash", "zsh", "fish"}, nil},
		{[]string{"kindesync", "help", "ex"}, []string{"export"}, nil},
		{[]string{"kindesync", "plan", "-f", "examples/basic/kind"}, []string{"examples/basic/kindesync.yaml"}, nil},
		// Nested commands: mfa's own, then each one's flags and values.
		{[]string{"kindesync", "mfa", ""}, []string{"show", "reset"}, []string{"plan", "--org"}},
		{[]string{"kindesync", "mfa", "show", "--"}, []string{"--org", "--user", "--format", "--domain", "--no-color"}, []string{"--factor", "--auto-approve", "--out"}},
		{[]string{"kindesync", "mfa", "reset", "--"}, []string{"--org", "--user", "--factor", "--all", "--auto-approve", "--journal"}, []string{"--format"}},
		{[]string{"kindesync", "mfa", "show", "--org", "acme", "--u"}, []string{"--user"}, nil},
		{[]string{"kindesync", "mfa", "show", "--format", ""}, []string{"text", "json"}, []string{"markdown"}},
		{[]string{"kindesync", "--no-color", "mfa", "reset", "--journal", "examples/basic/kind"}, []string{"examples/basic/kindesync.yaml"}, nil},
		// show, the command, is not mfa show.
		{[]string{"kindesync", "show", "--"}, []string{"--format"}, []string{"--org", "--user"}},
	}
	for _, tt := range tests {
		words := make([]string, len(tt.words))
		for i, w := range tt.words {
			words[i] = "'" + w + "'"
		}
		prog := "source " + path + "; COMP_WORDS=(" + strings.Join(words, " ") + "); COMP_CWORD=" +
			strconv.Itoa(len(tt.words)-1) + "; _kindesync; printf '%s\\n' \"${COMPREPLY[@]}\""
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", tt.words, err, out)
		}
		got := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			got[l] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%v: completions lack %q: %q", tt.words, w, out)
			}
		}
		for _, w := range tt.not {
			if got[w] {
				t.Errorf("%v: completions offer %q", tt.words, w)
			}
		}
	}
}

// TestCompletionFish asks fish what a Tab would offer (complete -C), where
// fish is installed: nested commands and their flags, as for bash.
func TestCompletionFish(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish not installed")
	}
	code, script, errs := kindesync(t, "completion", "fish")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "kindesync.fish")
	must(t, os.WriteFile(path, []byte(script), 0o644))
	for _, tt := range []struct {
		line      string
		want, not []string
	}{
		{"kindesync pl", []string{"plan"}, []string{"apply"}},
		{"kindesync plan --", []string{"--out", "--detailed-exitcode", "--domain"}, []string{"--auto-approve", "--org=", "--user"}},
		{"kindesync mfa ", []string{"show", "reset"}, []string{"plan"}},
		{"kindesync mfa show --", []string{"--org", "--user", "--format", "--domain"}, []string{"--factor", "--auto-approve"}},
		{"kindesync mfa reset --", []string{"--factor", "--all", "--auto-approve", "--journal"}, []string{"--format"}},
		{"kindesync show --", []string{"--format"}, []string{"--org", "--user"}},
		{"kindesync completion ", []string{"bash", "zsh", "fish"}, nil},
	} {
		out, err := exec.Command(fish, "--no-config", "-c", "source "+path+"; complete -C "+fishQuote(tt.line)).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		got := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			got[strings.SplitN(l, "\t", 2)[0]] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%q: completions lack %q:\n%s", tt.line, w, out)
			}
		}
		for _, w := range tt.not {
			if got[w] {
				t.Errorf("%q: completions offer %q", tt.line, w)
			}
		}
	}
}

// TestCompletionNested: the zsh and fish scripts complete the flags of
// nested commands (mfa show, mfa reset) under their own command path.
func TestCompletionNested(t *testing.T) {
	_, zsh, _ := kindesync(t, "completion", "zsh")
	// mfa) runs to the next command of the top level; show) to reset).
	m := regexp.MustCompile(`(?s)\n    mfa\)\n(.*?)\n    [a-z-]+\)\n`).FindStringSubmatch(zsh)
	if m == nil {
		t.Fatalf("zsh script has no mfa) case:\n%s", zsh)
	}
	mfa := m[1]
	show, _, _ := strings.Cut(mfa[strings.Index(mfa, "\n        show)\n")+1:], "\n        reset)\n")
	for _, w := range []string{"'show:", "'reset:", "_describe command commands_mfa"} {
		if !strings.Contains(mfa, w) {
			t.Errorf("zsh: mfa) lacks %q", w)
		}
	}
	for _, w := range []string{"'--org=[", "'--user=[", "'--format=[", "'--domain=["} {
		if !strings.Contains(show, w) {
			t.Errorf("zsh: mfa show lacks %q:\n%s", w, show)
		}
	}
	if strings.Contains(show, "--factor") {
		t.Errorf("zsh: mfa show offers reset's --factor")
	}
	_, fish, _ := kindesync(t, "completion", "fish")
	for _, w := range []string{
		`complete -c kindesync -n '__kindesync_cmd_is \'mfa\'' -a show`,
		`complete -c kindesync -n '__kindesync_cmd_is \'mfa show\'' -l org -x`,
		`complete -c kindesync -n '__kindesync_cmd_is \'mfa reset\'' -l factor -x`,
		`complete -c kindesync -n '__kindesync_cmd_is \'mfa reset\'' -l journal -r -F`,
	} {
		if !strings.Contains(fish, w) {
			t.Errorf("fish script lacks %s", w)
		}
	}
}

// TestCompletionSyntax checks the zsh and fish scripts with the shells'
// own parsers where they are installed, and that every command is in each.
func TestCompletionSyntax(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, script, _ := kindesync(t, "completion", sh)
		if code != 0 {
			t.Fatalf("completion %s exited %d", sh, code)
		}
		for _, c := range []string{"validate", "plan", "apply", "show", "export", "emulator", "allow-deletes", "client-secret"} {
			if !strings.Contains(script, c) {
				t.Errorf("%s completion lacks %s", sh, c)
			}
		}
		bin, err := exec.LookPath(sh)
		if err != nil {
			t.Logf("%s not installed: its script's syntax is not checked", sh)
			continue
		}
		path := filepath.Join(t.TempDir(), "completion."+sh)
		must(t, os.WriteFile(path, []byte(script), 0o644))
		if out, err := exec.Command(bin, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", sh, err, out)
		}
	}
}

// TestManPage renders the man page with groff's warnings on, where groff is
// installed, and checks it documents every command, flag and exit code.
func TestManPage(t *testing.T) {
	code, page, errs := kindesync(t, "man")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{".TH KINDESYNC 1", `.SS "kindesync plan"`, `.SS "kindesync mfa show"`, `\fB\-\-factor\fR`, `\fB\-\-detailed\-exitcode\fR`, `\fBKINDE_MANAGEMENT_CLIENT_SECRET\fR`, ".SH EXIT STATUS"} {
		if !strings.Contains(page, w) {
			t.Errorf("man page lacks %q", w)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff not installed")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(page)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

// TestDocsCoverGrammar: docs/commands.md names every command and flag of
// the grammar, so that the reference cannot fall behind it.
func TestDocsCoverGrammar(t *testing.T) {
	b, err := os.ReadFile("docs/commands.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	g, err := grammarFor(quietEnv())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.paths() {
		if !strings.Contains(doc, "kindesync "+p.name()) {
			t.Errorf("docs/commands.md does not show `kindesync %s`", p.name())
		}
		for _, f := range p.cmd.flags {
			if p.name() == "emulator" {
				continue // docs/emulator.md lists its knobs
			}
			if !strings.Contains(doc, "--"+f.long) {
				t.Errorf("docs/commands.md does not mention %s --%s", p.name(), f.long)
			}
		}
	}
	for _, f := range g.globals {
		if f.long != "help" && !strings.Contains(doc, "--"+f.long) {
			t.Errorf("docs/commands.md does not mention --%s", f.long)
		}
	}
}

func TestShow(t *testing.T) {
	live := tempCopy(t, "examples/basic/live.yaml")
	planFile := filepath.Join(t.TempDir(), "plan.json")
	code, text, errs := kindesync(t, "plan", "-f", "examples/basic/kindesync.yaml", "--emulator", live, "--out", planFile)
	if code != 0 {
		t.Fatalf("plan exited %d: %s", code, errs)
	}
	if code, out, errs := kindesync(t, "show", planFile); code != 0 || out != text {
		t.Errorf("show = %d, %s; want the plan's text:\n%s", code, errs, out)
	}
	saved, err := os.ReadFile(planFile)
	must(t, err)
	if code, out, _ := kindesync(t, "show", planFile, "--format", "json"); code != 0 || out != string(saved) {
		t.Errorf("show --format json differs from the saved plan")
	}
	if code, out, _ := kindesync(t, "show", planFile, "--format", "markdown"); code != 0 || !strings.Contains(out, "<details>") {
		t.Errorf("show --format markdown: %d\n%s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	must(t, os.WriteFile(bad, []byte(`{"format_version": 2}`), 0o644))
	if code, _, errs := kindesync(t, "show", bad); code != 1 || !strings.Contains(errs, "format_version 2") {
		t.Errorf("show of a version 2 plan: %d %s", code, errs)
	}
}
