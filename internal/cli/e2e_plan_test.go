package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// goldenCase is one directory of testdata/plan: live.yaml is the emulator
// state, desired.yaml the configuration; the golden files hold the plan in
// each format (and, for a plan that fails or is blocked, its stderr).
type goldenCase struct {
	exit int      // plan's exit code without --detailed-exitcode: 0, 1 or 3
	args []string // extra flags for plan and apply (the safety flags)
	// problems is, for exit 1, how many file:line:col problems stderr must
	// list: checked apart from the golden, so that -update cannot bless a
	// run that reports fewer.
	problems int
}

// goldenCases gives each case's exit code; a case directory missing here, or
// an entry without a directory, fails the test. What each case checks is
// said at the top of its desired.yaml.
var goldenCases = map[string]goldenCase{
	// organizations
	"org-create-by-external-id":     {},
	"org-create-with-members-flags": {},
	"org-update-fields":             {args: []string{"--allow-suspend"}}, // it suspends the org
	"org-delete-blocked":            {exit: 3},
	"org-delete-allowed":            {args: []string{"--allow-deletes"}},
	"default-org-never-deleted":     {},
	"identity":                      {},
	"identity-external-id-differs":  {exit: 1, problems: 2},
	"code-not-found":                {exit: 1, problems: 1},
	"org-matched-twice":             {exit: 1, problems: 1},
	"handle":                        {},
	"handle-clear":                  {}, // handle: "" clears it

	// names and users
	"unknown-names":        {exit: 1, problems: 7},
	"did-you-mean":         {exit: 1, problems: 9},
	"missing-user-error":   {exit: 1, problems: 1},
	"problems-all-at-once": {exit: 1, problems: 4},
	"user-create-missing":  {},
	// members
	"members-add-remove":                        {},
	"member-roles":                              {},
	"member-permissions":                        {},
	"member-permission-via-removed-role":        {}, // must converge in one apply
	"member-permission-direct-and-removed-role": {},
	"unmanaged-vs-empty":                        {},
	"members-safety-blocked":                    {exit: 3},
	"members-safety-allowed":                    {args: []string{"--allow-deletes"}},
	"members-safety-at-limit":                   {},
	"members-safety-fraction":                   {args: []string{"--max-delete-fraction", "0.5"}},
	// --max-delete-fraction 0 allows no removal from a guarded collection.
	"members-safety-fraction-zero":    {exit: 3, args: []string{"--max-delete-fraction", "0"}},
	"member-roles-safety-blocked":     {exit: 3},
	"member-roles-replaced-blocked":   {exit: 3},
	"member-roles-replaced-many-orgs": {exit: 3},
	// the environment catalog (issue 14)
	"catalog-create":           {},
	"catalog-update":           {},
	"catalog-remove":           {args: []string{"--allow-deletes"}},
	"catalog-remove-blocked":   {exit: 3},
	"catalog-key-rename":       {args: []string{"--allow-deletes"}},
	"catalog-role-used-by-org": {},
	"catalog-removal-in-use":   {exit: 1, problems: 3},
	"catalog-refused":          {exit: 1, problems: 7},
	"flag-override-level-env":  {exit: 1, problems: 1},
	"catalog-json-flag":        {},
	// flags, properties, connections, logos
	"feature-flags":              {},
	"feature-flag-equal-default": {},
	"properties":                 {},
	"connections":                {},
	"logos-create":               {},
	"logos-update":               {},
	// issue 13: every organization operation
	"logos-remove":             {},
	"feature-flags-delete-all": {},
	"billing-create":           {},
	"billing-existing":         {},
	"api-scopes-first-apply":   {},
	"api-scopes-change":        {},
	"api-scopes-unknown":       {exit: 1, problems: 2},
	"api-scopes-invited":       {exit: 1, problems: 1},
	"invitations":              {},
	"missing-users-invite":     {},
	"invitations-limits":       {exit: 1, problems: 2},
	// write-only settings
	"write-only-first-apply":         {},
	"write-only-fingerprint-match":   {},
	"write-only-fingerprint-changed": {},
	// values that try to break out of the markdown or reach a terminal raw
	"hostile-values": {},
	// everything together
	"perpetual-diff-traps":   {},
	"perpetual-diff-strings": {},
	"order-all-kinds":        {},
}

// TestGoldenPlan plans every case of testdata/plan in every format and
// compares with the golden files, byte for byte (-update rewrites them).
// Paths are given relative to the repository root, so the output names no
// temporary directory. A case that plans changes is then applied, and must
// plan no changes afterwards, nor when its export is planned.
func TestGoldenPlan(t *testing.T) {
	dirs, err := os.ReadDir("testdata/plan")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range dirs {
		if d.IsDir() {
			names = append(names, d.Name())
		}
	}
	for name := range goldenCases {
		if !slices.Contains(names, name) {
			t.Errorf("case %s is in the table but has no directory in testdata/plan", name)
		}
	}
	for _, name := range names {
		c, ok := goldenCases[name]
		if !ok {
			t.Errorf("testdata/plan/%s is not in goldenCases: give its exit code", name)
			continue
		}
		t.Run(name, func(t *testing.T) { testGoldenCase(t, filepath.Join("testdata/plan", name), c) })
	}
}

// problemRE matches one problem line of stderr: path:line:col: message.
var problemRE = regexp.MustCompile(`(?m)^testdata/plan/[^:]+:\d+:\d+: `)

func testGoldenCase(t *testing.T, dir string, c goldenCase) {
	desired := filepath.Join(dir, "desired.yaml")
	live := tempCopy(t, filepath.Join(dir, "live.yaml"))
	planCase := func(extra ...string) (int, string, string) {
		args := append([]string{"plan", "-f", desired, "--emulator", live}, c.args...)
		return kindesync(t, append(args, extra...)...)
	}

	var outputs []string
	var stderrText string
	for _, f := range []struct{ format, golden string }{
		{"text", "plan.golden"}, {"markdown", "plan.md.golden"}, {"json", "plan.json.golden"},
	} {
		saved := filepath.Join(t.TempDir(), "plan.json")
		code, out, errs := planCase("--format", f.format, "--out", saved)
		if code != c.exit {
			// Not compared, so that -update never blesses a wrong exit.
			t.Fatalf("plan --format %s exited %d, want %d; stdout:\n%s\nstderr:\n%s", f.format, code, c.exit, out, errs)
		}
		if c.exit == 0 && errs != "" {
			t.Errorf("plan --format %s wrote to stderr:\n%s", f.format, errs)
		}
		checkGolden(t, filepath.Join(dir, f.golden), out)
		outputs = append(outputs, out)
		checkSavedPlan(t, saved, c.exit, f.format, out)
		switch {
		case c.exit == 0:
		case f.format == "text":
			stderrText = errs
			if n := len(problemRE.FindAllString(errs, -1)); c.exit == 1 && n != c.problems {
				// Not compared either, for the same reason.
				t.Errorf("stderr lists %d problems, want %d:\n%s", n, c.problems, errs)
				break
			}
			checkGolden(t, filepath.Join(dir, "stderr.golden"), errs)
		case errs != stderrText:
			t.Errorf("plan --format %s fails with other messages than --format text:\n%s", f.format, errs)
		}
	}
	if c.exit != 0 {
		if code, _, errs := planCase("--detailed-exitcode"); code != c.exit {
			t.Errorf("plan --detailed-exitcode exited %d, want %d; stderr:\n%s", code, c.exit, errs)
		}
	}
	if c.exit == 1 {
		for i, out := range outputs {
			if out != "" {
				t.Errorf("a failed plan wrote to stdout (format %d):\n%s", i, out)
			}
		}
		checkWritesNothing(t, desired, live, 1, c.args)
		return
	}
	p := checkJSONPlan(t, outputs[2])
	changes := len(p.Steps) > 0
	if c.exit == 3 {
		if !changes || len(p.Blocked) == 0 || !strings.Contains(outputs[0], "Blocked by a safety limit: ") {
			t.Errorf("a blocked plan does not say which limit it hit:\n%s", outputs[0])
		}
		checkWritesNothing(t, desired, live, 3, c.args)
		return
	}
	if len(p.Blocked) > 0 {
		t.Errorf("a plan that exits 0 lists safety limits: %q", p.Blocked)
	}
	wantDetailed := 0
	if changes {
		wantDetailed = 2
	}
	if code, _, errs := planCase("--detailed-exitcode"); code != wantDetailed {
		t.Errorf("plan --detailed-exitcode exited %d, want %d; stderr:\n%s", code, wantDetailed, errs)
	}
	calls := p.Summary.APICalls
	if !changes {
		if outputs[0] != "No changes. Kinde matches the configuration.\n" {
			t.Errorf("plan without steps reads:\n%s", outputs[0])
		}
		calls = -1
	}
	checkConverges(t, desired, live, calls, c.args)
}

// checkSavedPlan: --out saves the JSON plan (DESIGN §5) whatever the
// format shown, and nothing when planning fails.
func checkSavedPlan(t *testing.T, saved string, exit int, format, out string) {
	t.Helper()
	b, err := os.ReadFile(saved)
	switch {
	case exit == 1:
		if err == nil {
			t.Errorf("a failed plan --format %s saved %s", format, saved)
		}
	case err != nil:
		t.Errorf("plan --format %s --out: %v", format, err)
	case format == "json" && string(b) != out:
		t.Errorf("plan --out differs from --format json:\n%s", cmp.Diff(out, string(b)))
	case !strings.HasPrefix(string(b), "{\n  \"format_version\": 1,"):
		t.Errorf("plan --format %s --out saved no JSON plan:\n%s", format, b)
	}
}

// TestGoldenPlanMarkdownParts checks DESIGN §4's limit on the markdown plan:
// a plan too long for one pull-request comment comes in parts, each under
// 65,000 characters and valid on its own, together holding every step.
func TestGoldenPlanMarkdownParts(t *testing.T) {
	const members = 1200
	var users, list strings.Builder
	for i := range members {
		fmt.Fprintf(&users, "  - {email: user%04d@example.com}\n", i)
		fmt.Fprintf(&list, "      - {email: user%04d@example.com, roles: [admin, viewer], permissions: [billing:manage]}\n", i)
	}
	dir := t.TempDir()
	live, desired := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "desired.yaml")
	writePlanInput(t, live, `version: 1
environment:
  roles: [{key: admin, permissions: [reports:read]}, {key: viewer}]
  permissions: [{key: reports:read}, {key: billing:manage}]
users:
`+users.String()+`organizations:
  - {code: org_1ccfb819462, name: Acme}
`)
	writePlanInput(t, desired, "version: 1\norganizations:\n  - code: org_1ccfb819462\n    members:\n"+list.String())

	code, out, errs := kindesync(t, "plan", "-f", desired, "--emulator", live, "--format", "markdown")
	if code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, errs)
	}
	parts := strings.Split(out, "\n<!-- kindesync: next part -->\n")
	if len(parts) < 2 {
		t.Fatalf("a plan of %d bytes came in one part", len(out))
	}
	steps := 0
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n >= 65000 {
			t.Errorf("part %d has %d characters", i+1, n)
		}
		if head := fmt.Sprintf("<sub>part %d of %d</sub>\n", i+1, len(parts)); !strings.HasPrefix(p, head) {
			t.Errorf("part %d does not start with %q", i+1, head)
		}
		if strings.Count(p, "```")%2 != 0 || strings.Count(p, "<details>") != strings.Count(p, "</details>") {
			t.Errorf("part %d leaves a code block or <details> open", i+1)
		}
		steps += strings.Count(p, "\n+ organization[org_1ccfb819462].member[")
	}
	if steps != members {
		t.Errorf("the parts hold %d member steps, want %d", steps, members)
	}
}

func writePlanInput(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
