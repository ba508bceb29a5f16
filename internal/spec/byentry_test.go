package spec

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// byEntryCases are layouts an entry-at-a-time decode must read as a
// whole decode does, positions included.
var byEntryCases = map[string]string{
	"members and a catalog after": `version: 1
options: {missing_users: create}
# The orgs.
organizations:
  - code: org_aaaaaaaaaa1
    name: Acme
    members:
      - email: a@acme.com
        roles: [admin]
    properties: {kp_org_city: "Sydney"}
  # Globex, by external id.
  -   external_id: 'globex'   # quoted
      name: >-
        Globex
        Corp
      handle: globex
  -
    name: Initech
    code: org_ccccccccc3
  - {code: org_ddddddddd4, name: Flow}

# The catalog.
environment:
  roles:
    - {key: admin, name: Admin}
`,
	"a kept block scalar last":         "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: A\n  - code: org_bbbbbbbbbb2\n    properties:\n      kp_org_city: |+\n        B\n\n\n# after\nenvironment: {roles: [{key: admin, name: Admin}]}\n",
	"a kept block scalar at the end":   "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    properties:\n      kp_org_city: |+\n        A\n\n\n",
	"crlf":                             "version: 1\r\norganizations:\r\n  - code: org_aaaaaaaaaa1\r\n    name: A\r\n  - code: org_bbbbbbbbbb2\r\n    name: B\r\n",
	"document start, list at column 0": "---\nversion: 1\norganizations:\n- code: org_aaaaaaaaaa1\n  name: A\n- external_id: b\n  name: B\n",
	"organizations first":              "organizations:\n  - code: org_aaaaaaaaaa1\n    name: \"A \\u00e9\"\nversion: 1\n",
}

// TestDecodeByEntry: a file decoded an entry at a time is the document a
// whole decode gives, for the cases above and for every configuration in
// the repository that loads.
func TestDecodeByEntry(t *testing.T) {
	cases := map[string]string{}
	for k, v := range byEntryCases {
		cases[k] = v
	}
	root := filepath.Join("..", "..")
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) && !strings.Contains(p, ".git") {
			if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "organizations:") {
				cases[p] = string(b)
			}
		}
		return nil
	})
	split := 0
	for name, text := range cases {
		file := filepath.Join(t.TempDir(), "orgs.yaml")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want, probs := decodeText(file, "", []byte(text), []byte(text), nil, nil)
		sp := splitText([]byte(text))
		if sp == nil || len(probs) > 0 {
			if _, listed := byEntryCases[name]; listed {
				t.Errorf("%s: not split, or problems: %v", name, probs)
			}
			continue
		}
		got, ok := decodeByEntry(file, "", []byte(text), sp)
		if !ok {
			if _, listed := byEntryCases[name]; listed || !strings.Contains(text, "%") {
				t.Errorf("%s: not decoded by entry", name)
			}
			continue
		}
		split++
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-whole +by entry):\n%s", name, diff)
		}
	}
	if split < 20 {
		t.Errorf("only %d files decoded by entry", split)
	}
}

// TestDecodeByEntryProblems: a file with any problem is decoded whole
// (false here), so that its messages are the whole decode's.
func TestDecodeByEntryProblems(t *testing.T) {
	base := byEntryCases["members and a catalog after"]
	for name, edit := range map[string][2]string{
		"a bad field":            {"    name: Acme\n", "    name: Acme\n    link_colour: blue\n"},
		"a bad field in rest":    {"options: {missing_users: create}", "options: {missing_users: maybe}"},
		"an unknown alias":       {"    name: Acme\n", "    name: *acme\n"},
		"a directive":            {"version: 1\n", "%YAML 1.1\n---\nversion: 1\n"},
		"a bad member":           {"a@acme.com", "not an email"},
		"the same key twice":     {"    name: Acme\n", "    name: Acme\n    name: Acme 2\n"},
		"a second document":      {"# The catalog.\n", "---\nversion: 1\n"},
		"an entry not a mapping": {"  - {code: org_ddddddddd4, name: Flow}\n", "  - just text\n"},
		// The entries would not be the key's list in the whole file.
		"a flow mapping at the top": {"version: 1\noptions: {missing_users: create}\n", "{version: 1,\n"},
		"inside a quoted scalar":    {"version: 1\noptions: {missing_users: create}\n# The orgs.\n", "version: 1\noptions: {missing_users: create}\nname: \"x\n"},
	} {
		text := strings.Replace(base, edit[0], edit[1], 1)
		if text == base {
			t.Fatalf("%s: the edit does not apply", name)
		}
		sp := splitText([]byte(text))
		if sp == nil {
			continue // not split: decoded whole anyway
		}
		if _, ok := decodeByEntry("orgs.yaml", "", []byte(text), sp); ok {
			t.Errorf("%s: decoded by entry", name)
		}
	}
	// Split, and the rest alone is valid, but the whole file is not.
	flow := "{version: 1,\norganizations:\n  - code: org_aaaaaaaaaa1\n}\n"
	if sp := splitText([]byte(flow)); sp == nil {
		t.Error("the flow mapping is not split")
	} else if _, ok := decodeByEntry("orgs.yaml", "", []byte(flow), sp); ok {
		t.Error("a flow mapping at the top: decoded by entry")
	}
}

// TestSplitOtherBreaks: yaml.v3 also breaks lines at a lone \r, NEL, LS
// and PS, which the line index does not count: a file holding one is not
// split (its entries' lines would not be yaml's), and loads whole.
func TestSplitOtherBreaks(t *testing.T) {
	base := "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: \"A%sB\"\n  - code: org_bbbbbbbbbb2\n"
	if splitText([]byte(strings.Replace(base, "%s", "", 1))) == nil {
		t.Fatal("the file without one is not split")
	}
	for _, br := range []string{"\r", "\u0085", "\u2028", "\u2029"} {
		if splitText([]byte(strings.Replace(base, "%s", br, 1))) != nil {
			t.Errorf("%q: split", br)
		}
	}
	if splitText([]byte(strings.ReplaceAll(strings.Replace(base, "%s", "", 1), "\n", "\r\n"))) == nil {
		t.Error("a CRLF file is not split")
	}
}
