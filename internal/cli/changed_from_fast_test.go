package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFastSides: entries with the same text on both sides are unchanged
// without being parsed; the others are compared as values (a reformatted
// entry is unchanged); a logo file that changed under an unchanged entry
// changes it; a file the lines cannot split is left to the full parse.
func TestFastSides(t *testing.T) {
	logo := map[string]string{"old": "old bytes", "new": "new bytes"}
	src := func(side, text string) []source {
		return []source{{name: side + ":orgs.yaml", text: []byte(text), readLogo: func(p string) []byte {
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
