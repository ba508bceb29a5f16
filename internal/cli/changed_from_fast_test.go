package cli

import (
	"bufio"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kindesync/kindesync/internal/spec"
)

// TestFastSides: entries with the same text on both sides are unchanged
// without being parsed; the others are compared as values (a reformatted
// entry is unchanged); a logo file that changed under an unchanged entry
// changes it; a file the lines cannot split is left to the full parse.
func TestFastSides(t *testing.T) {
	logo := map[string]string{"old": "old bytes", "new": "new bytes"}
	src := func(side, text string) []source {
		return []source{{name: side + ":orgs.yaml", file: &spec.Source{Name: side + ":orgs.yaml", Text: []byte(text)}, readLogo: func(p string) []byte {
			if p == "logo.png" {
				return []byte(logo[side])
			}
			return nil
		}}}
	}
	base := "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: Acme\n  - code: org_bbbbbbbbbb2\n    name: Globex\n    handle: globex\n  - code: org_ccccccccc3\n    logos: {light: logo.png}\n"
	tests := []struct {
		name    string
		newText string
		changed []string // entries whose sums differ
		slow    bool     // fastSides declines
	}{
		{name: "nothing", newText: base},
		{name: "reformatted", newText: strings.Replace(base, "    name: Globex\n    handle: globex\n", "    handle: globex   # moved\n    name: \"Globex\"\n", 1)},
		{name: "renamed", newText: strings.Replace(base, "name: Acme", "name: Acme 2", 1), changed: []string{"code:org_aaaaaaaaaa1"}},
		{name: "flow list", newText: "version: 1\norganizations: [{code: org_aaaaaaaaaa1}]\n", slow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oldSide, newSide, ok := fastSides(src("old", base), src("new", tt.newText))
			if ok == tt.slow {
				t.Fatalf("fastSides ok = %v", ok)
			}
			if !ok {
				return
			}
			sums := map[string]string{}
			for _, e := range oldSide.entries {
				sums[e.ids[0]] = e.sum
			}
			var changed []string
			for _, e := range newSide.entries {
				if sums[e.ids[0]] != e.sum && e.ids[0] != "code:org_ccccccccc3" {
					changed = append(changed, e.ids[0])
				}
			}
			if diff := cmp.Diff(tt.changed, changed); diff != "" {
				t.Errorf("changed entries (-want +got):\n%s", diff)
			}
			if restDiffers(oldSide, newSide) != "" {
				t.Errorf("the rest differs: %s", restDiffers(oldSide, newSide))
			}
			// The logo file differs between the sides: its entry is changed.
			var oldLogo, newLogo string
			for _, e := range oldSide.entries {
				if e.ids[0] == "code:org_ccccccccc3" {
					oldLogo = e.sum
				}
			}
			for _, e := range newSide.entries {
				if e.ids[0] == "code:org_ccccccccc3" {
					newLogo = e.sum
				}
			}
			if oldLogo == "" || oldLogo == newLogo {
				t.Errorf("the entry whose logo file changed is unchanged")
			}
		})
	}
}

// TestFastSidesSharedFile: a file the same at the revision and in the
// working tree is one spec.Source on both sides (sourcesAtRef); a logo file
// that changed under it still changes its entry, and nothing else is.
func TestFastSidesSharedFile(t *testing.T) {
	text := "version: 1\norganizations:\n  - code: org_aaaaaaaaaa1\n    name: Acme\n  - code: org_ccccccccc3\n    logos: {light: logo.png}\n"
	file := &spec.Source{Name: "orgs.yaml", Text: []byte(text)}
	logo := func(b string) func(string) []byte { return func(string) []byte { return []byte(b) } }
	oldSide, newSide, ok := fastSides(
		[]source{{name: "base:orgs.yaml", file: file, readLogo: logo("old bytes")}},
		[]source{{name: "orgs.yaml", file: file, readLogo: logo("new bytes")}})
	if !ok {
		t.Fatal("fastSides declined")
	}
	sel, why := selectChanged("base", oldSide, newSide)
	if diff := cmp.Diff([]string{"org_ccccccccc3"}, sel.Patterns); diff != "" {
		t.Errorf("selected (-want +got):\n%s\n%v", diff, why)
	}
	if diff := cmp.Diff([]string{"org_ccccccccc3: changed (orgs.yaml:5)"}, why); diff != "" {
		t.Errorf("why (-want +got):\n%s", diff)
	}
}

// TestReadBlob: a blob the same as the working tree's file is that file's
// Source, compared a buffer at a time; one that differs anywhere (first
// byte, past the first buffer, last byte), or in size, is read whole.
func TestReadBlob(t *testing.T) {
	known := strings.Repeat("0123456789", 10) // 100 bytes: several 16-byte buffers
	differ := func(at int) string { return known[:at] + "X" + known[at+1:] }
	tests := []struct {
		name, blob string
		same       bool
	}{
		{name: "same", blob: known, same: true},
		{name: "first byte", blob: differ(0)},
		{name: "past the first buffer", blob: differ(40)},
		{name: "last byte", blob: differ(99)},
		{name: "shorter", blob: known[:99]},
		{name: "empty", blob: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &spec.Source{Name: "orgs.yaml", Text: []byte(known)}
			// Two blobs in a row, as cat-file --batch writes them: the
			// second must start where the first ended.
			r := bufio.NewReaderSize(strings.NewReader(tt.blob+"\n"+known+"\n"), 16)
			got, err := readBlob(r, len(tt.blob), k)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Text) != tt.blob || (got == k) != tt.same {
				t.Errorf("got %q (the known Source: %v), want %q (%v)", got.Text, got == k, tt.blob, tt.same)
			}
			next, err := readBlob(r, len(known), nil)
			if err != nil || string(next.Text) != known {
				t.Errorf("the next blob: %q, %v", next.Text, err)
			}
		})
	}
	if _, err := readBlob(bufio.NewReaderSize(strings.NewReader(known[:50]), 16), len(known), &spec.Source{Text: []byte(known)}); err == nil {
		t.Error("a blob cut short read without an error")
	}
}
