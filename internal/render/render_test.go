package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/plan"
)

// bigPlan has orgs orgs of n member creates each.
func bigPlan(orgs, n int) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for o := range orgs {
		org := fmt.Sprintf("org_%04d", o)
		for i := range n {
			email := fmt.Sprintf("user-with-a-long-address-%05d@example.com", i)
			p.Steps = append(p.Steps, plan.Step{Action: plan.Create, Kind: plan.KindMember, Organization: org,
				Address: plan.Address(org, "member", email), After: map[string]any{"email": email, "roles": []string{"admin"}},
				Target: plan.Target{OrgCode: org, UserID: "kp_x"}})
		}
	}
	p.Summarize()
	return p
}

func TestMarkdownSplitsUnderLimitWithBalancedMarkup(t *testing.T) {
	for _, tc := range []struct{ orgs, members int }{{1, 3}, {40, 100}, {1, 3000}} {
		t.Run(fmt.Sprintf("%dx%d", tc.orgs, tc.members), func(t *testing.T) {
			parts := RenderMarkdown(bigPlan(tc.orgs, tc.members), MarkdownContext{})
			steps := 0
			for i, part := range parts {
				if len(part) > MarkdownLimit {
					t.Errorf("part %d is %d characters, over %d", i+1, len(part), MarkdownLimit)
				}
				if o, c := strings.Count(part, "<details"), strings.Count(part, "</details>"); o != c {
					t.Errorf("part %d opens %d <details> and closes %d", i+1, o, c)
				}
				if n := strings.Count(part, "```"); n%2 != 0 {
					t.Errorf("part %d has an unclosed code fence (%d fences)", i+1, n)
				}
				steps += strings.Count(part, "\n+ organization[")
			}
			if want := tc.orgs * tc.members; steps != want {
				t.Errorf("parts hold %d steps, want %d", steps, want)
			}
			if len(parts) > 1 && !strings.HasPrefix(parts[0], "<sub>part 1 of") {
				t.Errorf("a split plan's parts are not numbered: %.40q", parts[0])
			}
		})
	}
}

func TestTextPlanColourOnlyWhenAsked(t *testing.T) {
	p := bigPlan(1, 1)
	var plain, coloured strings.Builder
	if err := RenderText(&plain, p, false); err != nil {
		t.Fatal(err)
	}
	if err := RenderText(&coloured, p, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text plan holds ANSI escapes")
	}
	if !strings.Contains(coloured.String(), ansiGreen) {
		t.Error("coloured plan shows no colour for a create")
	}
}

func TestLongStringsShownAsLineDiff(t *testing.T) {
	before := "line one\nline two\nline three"
	after := "line one\nline 2\nline three"
	got := strings.Join(changeLines("welcome", before, after, plan.Update), "\n")
	want := "welcome:\n    line one\n  - line two\n  + line 2\n    line three"
	if got != want {
		t.Errorf("line diff:\n%s\nwant:\n%s", got, want)
	}
}
