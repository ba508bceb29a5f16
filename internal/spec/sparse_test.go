package spec_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kindesync/kindesync/internal/spec"
)

// keepCode selects the entries whose code is code.
func keepCode(code string) func(string, string, string) bool {
	return func(c, _, _ string) bool { return c == code }
}

func loadBoth(t *testing.T, text string, keep func(string, string, string) bool) (full, sparse *spec.Document, fullErr, sparseErr error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "orgs.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	full, fullErr = spec.Load(file)
	sparse, sparseErr = (&spec.Loader{Keep: keep}).Load(file)
	return
}

const sparseBase = `version: 1
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
environment:
  roles:
    - {key: admin, name: Admin}
`

// TestSparseLoad: with Keep, the entries kept decode exactly as in a full
// load (fields and positions), the others keep their identities and
// positions only, and the document is otherwise the same.
func TestSparseLoad(t *testing.T) {
	for _, keep := range []string{"org_aaaaaaaaaa1", "org_ccccccccc3", "none"} {
		t.Run(keep, func(t *testing.T) {
			full, sparse, err1, err2 := loadBoth(t, sparseBase, keepCode(keep))
			if err1 != nil || err2 != nil {
				t.Fatalf("full: %v; sparse: %v", err1, err2)
			}
			if len(sparse.Organizations) != len(full.Organizations) {
				t.Fatalf("%d entries, want %d", len(sparse.Organizations), len(full.Organizations))
			}
			for i, f := range full.Organizations {
				s := sparse.Organizations[i]
				// A one-line flow entry, and one whose first key is on the
				// line after its dash, are kept whole.
				if f.Code == keep || f.Code == "org_ddddddddd4" || f.Code == "org_ccccccccc3" {
					if diff := cmp.Diff(f, s); diff != "" {
						t.Errorf("kept entry %d (-full +sparse):\n%s", i, diff)
					}
					continue
				}
				want := spec.Organization{Pos: f.Pos, Code: f.Code, ExternalID: f.ExternalID, Handle: f.Handle}
				if diff := cmp.Diff(&want, s); diff != "" {
					t.Errorf("cut entry %d (-want +got):\n%s", i, diff)
				}
			}
			if diff := cmp.Diff(full.Options, sparse.Options); diff != "" {
				t.Errorf("options (-full +sparse):\n%s", diff)
			}
			if diff := cmp.Diff(full.Environment, sparse.Environment); diff != "" {
				t.Errorf("environment (-full +sparse):\n%s", diff)
			}
		})
	}
}

// TestSparseLoadProblems: problems in a kept entry, and identities shared
// between a kept entry and a cut one, are reported as a full load reports
// them; a problem inside an entry the plan does not read is not.
func TestSparseLoadProblems(t *testing.T) {
	tests := []struct {
		name, edit, with string
		keep             string
		wantErr          bool
	}{
		{name: "a bad colour in the kept entry", edit: "    name: Acme\n", with: "    name: Acme\n    link_color: blue\n", keep: "org_aaaaaaaaaa1", wantErr: true},
		{name: "a code used twice", edit: "    code: org_ccccccccc3", with: "    code: org_aaaaaaaaaa1", keep: "org_aaaaaaaaaa1", wantErr: true},
		{name: "a bad colour in an entry not read", edit: "    name: Acme\n", with: "    name: Acme\n    link_color: blue\n", keep: "org_ccccccccc3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(sparseBase, tt.edit, tt.with, 1)
			_, _, fullErr, sparseErr := loadBoth(t, text, keepCode(tt.keep))
			if fullErr == nil {
				t.Fatal("the full load found no problem")
			}
			switch {
			case tt.wantErr && sparseErr == nil:
				t.Errorf("no problem reported; the full load says %v", fullErr)
			case tt.wantErr && sparseErr.Error() != fullErr.Error():
				t.Errorf("problems differ:\n full: %v\nsparse: %v", fullErr, sparseErr)
			case !tt.wantErr && sparseErr != nil:
				t.Errorf("a problem outside the selection was reported: %v", sparseErr)
			}
		})
	}
}

// TestSparseLoadFallsBack: a file laid out so that the entries cannot be
// told apart by their lines is loaded whole: the result is the full load's.
func TestSparseLoadFallsBack(t *testing.T) {
	tests := map[string]string{
		"flow list":             "version: 1\norganizations: [{code: org_aaaaaaaaaa1, name: A}, {code: org_bbbbbbbbbb2, name: B}]\n",
		"an anchor":             "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: &n A\n  - code: org_bbbbbbbbbb2\n    name: *n\n",
		"a multi-line identity": "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: A\n  - external_id: a\n      b\n    name: B\n",
		"an entry without one":  "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n  - name: B\n",
		"a tab":                 "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name:\tA\n  - code: org_bbbbbbbbbb2\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			full, sparse, err1, err2 := loadBoth(t, text, keepCode("org_bbbbbbbbbb2"))
			if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
				t.Fatalf("full: %v; sparse: %v", err1, err2)
			}
			if diff := cmp.Diff(full, sparse); diff != "" {
				t.Errorf("(-full +sparse):\n%s", diff)
			}
		})
	}
}

// TestSplitEntries: the entries' identities, first lines and text, and
// the rest of the file with their lines emptied.
func TestSplitEntries(t *testing.T) {
	entries, rest, ok := spec.SplitEntries([]byte(sparseBase))
	if !ok {
		t.Fatal("not split")
	}
	type got struct {
		Code, ExternalID, Handle string
		Line                     int
	}
	var all []got
	for _, e := range entries {
		all = append(all, got{e.Code, e.ExternalID, e.Handle, e.Line})
	}
	want := []got{{Code: "org_aaaaaaaaaa1", Line: 5}, {ExternalID: "globex", Handle: "globex", Line: 12}, {Code: "org_ccccccccc3", Line: 17}, {Code: "org_ddddddddd4", Line: 20}}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(string(entries[1].Text), "  -   external_id: 'globex'") {
		t.Errorf("entry 1's text starts %q", entries[1].Text[:30])
	}
	if n := strings.Count(string(rest), "\n"); n != strings.Count(sparseBase, "\n") {
		t.Errorf("the rest has %d lines, want %d", n, strings.Count(sparseBase, "\n"))
	}
	if !strings.Contains(string(rest), "# The orgs.\norganizations:\n") || !strings.Contains(string(rest), "environment:") || strings.Contains(string(rest), "Acme") {
		t.Errorf("the rest keeps what is outside the entries, and only that:\n%s", rest)
	}
}
