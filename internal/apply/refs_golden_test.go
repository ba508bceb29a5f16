package apply

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/plan"
)

// TestRefsOfSavedPlans compiles every golden JSON plan, as saved plans of
// format_version 1 are, and checks the Refs against what apply filled
// before they existed (placeholders found by their form, in paths and in
// the id fields of bodies): the same places, no more, no fewer, so that a
// plan saved before keeps applying the same. The hostile-values case holds
// user text in the form of placeholders, which only Refs tell apart.
func TestRefsOfSavedPlans(t *testing.T) {
	files, err := filepath.Glob("../../testdata/plan/*/plan.json.golden")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden plans: %v", err)
	}
	refs := 0
	for _, f := range files {
		if strings.Contains(f, "hostile-values") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			continue // a case the plan refuses
		}
		var p plan.Plan
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, g := range p.Groups() {
			for _, c := range plan.Compile(g.Steps) {
				want := oldSlots(c)
				got := map[string]bool{}
				for _, r := range c.Refs {
					got[slotOf(r)+" "+r.Var()] = true
				}
				refs += len(got)
				for k := range want {
					if !got[k] {
						t.Errorf("%s: %s %s: no Ref for %s", f, c.Method, c.Path, k)
					}
				}
				for k := range got {
					if !want[k] {
						t.Errorf("%s: %s %s: Ref %s, which apply did not fill before", f, c.Method, c.Path, k)
					}
				}
			}
		}
	}
	t.Logf("%d Refs in %d golden plans, each where apply filled a placeholder before", refs, len(files))
	if refs == 0 {
		t.Error("no golden plan has a Ref: the test checks nothing")
	}
}

func slotOf(r plan.Ref) string {
	if r.Segment > 0 {
		return "segment " + itoa(r.Segment)
	}
	return "body " + r.Pointer
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// oldSlots finds placeholders the way apply did before Refs: a path
// segment or an id field's string in the form of one.
func oldSlots(c plan.Call) map[string]bool {
	out := map[string]bool{}
	for i, s := range strings.Split(c.Path, "/") {
		if u, err := url.PathUnescape(s); err == nil && looksLikePlaceholder(u) {
			out["segment "+itoa(i)+" "+u] = true
		}
	}
	var walk func(v any, ptr string, id bool)
	walk = func(v any, ptr string, id bool) {
		switch x := v.(type) {
		case string:
			if id && looksLikePlaceholder(x) {
				out["body "+ptr+" "+x] = true
			}
		case map[string]any:
			for k, e := range x {
				walk(e, ptr+"/"+k, k == "id" || k == "category_id" || k == "permission_id" || k == "role_id")
			}
		case []any:
			for i, e := range x {
				walk(e, ptr+"/"+itoa(i), id)
			}
		}
	}
	walk(c.Body, "", true)
	return out
}

func looksLikePlaceholder(s string) bool {
	if s == plan.OrgCodePlaceholder || s == plan.CategoryPlaceholder {
		return true
	}
	for _, p := range []string{"{user:", "{role:", "{permission:", "{category:"} {
		if strings.HasPrefix(s, p) && strings.HasSuffix(s, "}") {
			return true
		}
	}
	return false
}
