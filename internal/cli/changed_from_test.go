package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// gitRepoForTest makes a repository in a temporary directory with one
// commit of files, tagged base.
func gitRepoForTest(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "base")
	git(t, dir, "tag", "base")
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

const changedBase = `version: 1
options: {missing_users: create}
organizations:
  - {code: org_aaaaaaaaaa1, name: Acme}
  - {code: org_bbbbbbbbbb2, name: Globex}
  - code: org_ccccccccc3 # Initech
    name: Initech
`

func TestChangedFrom(t *testing.T) {
	cases := []struct {
		name   string
		edit   map[string]string // files written after the base commit
		remove []string
		want   []string // orgs with steps; nil for none
		why    []string // lines stderr must hold
	}{
		{name: "nothing changed", want: nil, why: []string{"--changed-from base: 0 organizations selected"}},
		{name: "a comment and key order do not count", edit: map[string]string{"orgs/kindesync.yaml": `version: 1
options: {missing_users: create}
organizations:
  - {name: Acme, code: org_aaaaaaaaaa1} # moved keys
  - {code: org_bbbbbbbbbb2, name: "Globex"}
  - {code: org_ccccccccc3, name: Initech}
`}},
		{name: "one org changed", edit: map[string]string{"orgs/kindesync.yaml": strings.Replace(changedBase, "Globex", "Globex 2", 1)},
			want: []string{"org_bbbbbbbbbb2"}, why: []string{"org_bbbbbbbbbb2: changed (orgs/kindesync.yaml:5)"}},
		{name: "an org added in a new file", edit: map[string]string{"orgs/more.yaml": "version: 1\norganizations:\n  - {external_id: hooli, name: Hooli}\n"},
			want: []string{"hooli"}, why: []string{"hooli: added (orgs/more.yaml:3)"}},
		{name: "options changed", edit: map[string]string{"orgs/kindesync.yaml": strings.Replace(strings.Replace(changedBase, "create", "error", 1), "Acme", "Acme 2", 1)},
			want: []string{"org_aaaaaaaaaa1"}, why: []string{"every organization: options changed since base"}},
		{name: "a ${VAR} reference changed", edit: map[string]string{"orgs/kindesync.yaml": strings.Replace(changedBase, "name: Initech", "name: ${INITECH_NAME}", 1)},
			want: []string{"org_ccccccccc3"}, why: []string{"org_ccccccccc3: changed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepoForTest(t, map[string]string{"orgs/kindesync.yaml": changedBase})
			writeFiles(t, dir, tc.edit)
			live := filepath.Join(t.TempDir(), "live.yaml")
			writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
			t.Setenv("INITECH_NAME", "Initech 3")
			code, out, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "orgs"), "--emulator", live, "--changed-from", "base", "--format", "json")
			if code != 0 {
				t.Fatalf("plan exited %d:\n%s", code, errs)
			}
			orgs, _ := planOrgs(t, out)
			if diff := cmp.Diff(tc.want, orgs); diff != "" {
				t.Errorf("orgs with steps (-want +got):\n%s\n%s", diff, errs)
			}
			for _, w := range tc.why {
				if !strings.Contains(strings.ReplaceAll(errs, dir+string(filepath.Separator), ""), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

// An org removed from the files is selected by its old identity: with
// delete_unlisted_organizations it is deleted, and no other unlisted org is.
func TestChangedFromRemoved(t *testing.T) {
	base := "version: 1\noptions: {delete_unlisted_organizations: true}\norganizations:\n  - {code: org_aaaaaaaaaa1}\n  - {code: org_bbbbbbbbbb2}\n"
	dir := gitRepoForTest(t, map[string]string{"kindesync.yaml": base})
	writeFiles(t, dir, map[string]string{"kindesync.yaml": strings.Replace(base, "  - {code: org_bbbbbbbbbb2}\n", "", 1)})
	live := filepath.Join(t.TempDir(), "live.yaml")
	writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
	code, out, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "kindesync.yaml"), "--emulator", live, "--changed-from", "base", "--format", "json", "--allow-deletes")
	if code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, errs)
	}
	orgs, _ := planOrgs(t, out)
	if diff := cmp.Diff([]string{"org_bbbbbbbbbb2"}, orgs); diff != "" {
		t.Errorf("orgs with steps (-want +got):\n%s", diff)
	}
	if !strings.Contains(errs, "org_bbbbbbbbbb2: removed from the files (base:kindesync.yaml:5)") {
		t.Errorf("stderr does not say why:\n%s", errs)
	}
}

func TestChangedFromRefuses(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
	dir := gitRepoForTest(t, map[string]string{"kindesync.yaml": changedBase})
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"kindesync.yaml": changedBase})
	live := filepath.Join(t.TempDir(), "live.yaml")
	writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
	cases := []struct {
		file, ref, want string
	}{
		{filepath.Join(dir, "kindesync.yaml"), "no-such-branch", "--changed-from no-such-branch: no such revision"},
		{filepath.Join(dir, "kindesync.yaml"), "--upload-pack=x", "not a git revision"},
		{filepath.Join(outside, "kindesync.yaml"), "base", "--changed-from needs the files in a git repository"},
	}
	for _, tc := range cases {
		code, out, errs := kindesync(t, "plan", "-f", tc.file, "--emulator", live, "--changed-from="+tc.ref)
		if code != 1 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("--changed-from %s on %s: exit %d, stdout %q, want 1 and %q:\n%s", tc.ref, tc.file, code, out, tc.want, errs)
		}
	}
}

// TestChangedFromSeveralFiles: over a directory of files, one renamed org
// and one added in a new file are selected; a file that did not change and
// an org moved unchanged to another file select nothing, though both
// differ from Kinde.
func TestChangedFromSeveralFiles(t *testing.T) {
	const a = "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: Acme\n"
	const initech = "  - code: org_ccccccccc3\n    name: Initech 2\n"
	const hooli = "  - external_id: hooli\n    name: Hooli\n"
	dir := gitRepoForTest(t, map[string]string{
		"orgs/a.yaml": a,
		"orgs/b.yaml": "version: 1\noptions: {missing_users: create}\norganizations:\n  - code: org_bbbbbbbbbb2\n    name: Globex 2\n",
		"orgs/c.yaml": "version: 1\norganizations:\n" + hooli + initech,
	})
	writeFiles(t, dir, map[string]string{
		"orgs/a.yaml": strings.Replace(a, "Acme", "Acme 2", 1) + initech,
		"orgs/c.yaml": "version: 1\norganizations:\n" + hooli,
		"orgs/d.yaml": "version: 1\norganizations:\n  - external_id: newco\n    name: Newco\n",
	})
	live := filepath.Join(t.TempDir(), "live.yaml")
	writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive + "  - {code: org_dddddddddd4, external_id: hooli, name: Hooli}\n"})
	code, out, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "orgs"), "--emulator", live, "--changed-from", "base", "--format", "json")
	if code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, errs)
	}
	orgs, sel := planOrgs(t, out)
	if diff := cmp.Diff([]string{"newco", "org_aaaaaaaaaa1"}, sel.Patterns); diff != "" {
		t.Errorf("selection (-want +got):\n%s\n%s", diff, errs)
	}
	if len(orgs) != 2 {
		t.Errorf("orgs with steps: %q, want Acme's and Newco's\n%s", orgs, errs)
	}
	errs = strings.ReplaceAll(errs, dir+string(filepath.Separator), "")
	for _, w := range []string{"2 organizations selected", "org_aaaaaaaaaa1: changed (" + filepath.Join("orgs", "a.yaml") + ":3)", "newco: added (" + filepath.Join("orgs", "d.yaml") + ":3)"} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
}

// TestChangedFromReasonsEscaped: the reasons on stderr name entries by
// their identities, which come from the files under review: a handle
// holding ESC is written as an escape, not sent to the terminal (the
// load then refuses the handle).
func TestChangedFromReasonsEscaped(t *testing.T) {
	base := "version: 1\norganizations:\n  - handle: \"h\\e[31mRED\\e[0m\"\n    name: A\n"
	dir := gitRepoForTest(t, map[string]string{"kindesync.yaml": base})
	writeFiles(t, dir, map[string]string{"kindesync.yaml": strings.Replace(base, "name: A", "name: B", 1)})
	live := filepath.Join(t.TempDir(), "live.yaml")
	writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
	_, _, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "kindesync.yaml"), "--emulator", live, "--changed-from", "base")
	if strings.Contains(errs, "\x1b") {
		t.Errorf("stderr holds a raw ESC:\n%q", errs)
	}
	if !strings.Contains(errs, `h\x1b[31mRED\x1b[0m: changed`) {
		t.Errorf("stderr does not name the entry with its ESC escaped:\n%s", errs)
	}
}

// --changed-from compares logos by content before the load checks them. A
// logo that is a FIFO must not block it (nor /dev/zero fill memory): it
// reads only what the load would, and the load then refuses the logo at
// its line.
func TestChangedFromLogoNotAFile(t *testing.T) {
	base := "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: A\n"
	dir := gitRepoForTest(t, map[string]string{"kindesync.yaml": base})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.png"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	writeFiles(t, dir, map[string]string{"kindesync.yaml": base + "    logos: {light: pipe.png}\n"})
	live := filepath.Join(t.TempDir(), "live.yaml")
	writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
	type result struct {
		code int
		errs string
	}
	done := make(chan result, 1)
	go func() {
		code, _, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "kindesync.yaml"), "--emulator", live, "--changed-from", "base")
		done <- result{code, errs}
	}()
	select {
	case r := <-done:
		if r.code != 1 || !strings.Contains(r.errs, "kindesync.yaml:5:") || !strings.Contains(r.errs, "pipe.png") {
			t.Errorf("plan exited %d, want 1 and the logo refused at kindesync.yaml:5:\n%s", r.code, r.errs)
		}
	case <-time.After(time.Minute):
		t.Fatal("plan --changed-from blocked on a FIFO named as a logo")
	}
}

// A logo file is compared by its bytes on both sides: changed, its entry's
// text not, it selects the org; the same, it does not.
func TestChangedFromLogoContent(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n"
	base := "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: A\n    logos: {light: logo.png}\n  - code: org_bbbbbbbbbb2\n    name: B\n"
	for _, tt := range []struct {
		logo, want string
	}{
		{png + "old", "0 organizations selected"},
		{png + "new", "org_aaaaaaaaaa1: changed"},
	} {
		dir := gitRepoForTest(t, map[string]string{"kindesync.yaml": base, "logo.png": png + "old"})
		writeFiles(t, dir, map[string]string{"logo.png": tt.logo})
		live := filepath.Join(t.TempDir(), "live.yaml")
		writeFiles(t, filepath.Dir(live), map[string]string{"live.yaml": selectLive})
		_, _, errs := kindesync(t, "plan", "-f", filepath.Join(dir, "kindesync.yaml"), "--emulator", live, "--changed-from", "base")
		if !strings.Contains(errs, tt.want) {
			t.Errorf("logo %q: stderr lacks %q:\n%s", tt.logo, tt.want, errs)
		}
	}
}
