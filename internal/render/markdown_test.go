package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/plan"
)

// smallPlan has one org with an update, a create, a delete, an assert and
// kindesync's own record.
func smallPlan() *plan.Plan {
	org := "org_1ccfb819462"
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		{Action: plan.Update, Kind: plan.KindFeatureFlag, Organization: org, Address: plan.Address(org, "feature_flag", "seats"), Before: 20.0, After: 50.0},
		{Action: plan.Create, Kind: plan.KindMember, Organization: org, Address: plan.Address(org, "member", "zoe@acme.com"), After: map[string]any{"email": "zoe@acme.com"}},
		{Action: plan.Delete, Kind: plan.KindMember, Organization: org, Address: plan.Address(org, "member", "carol@acme.com"), Before: map[string]any{"email": "carol@acme.com"}},
		{Action: plan.Assert, Kind: plan.KindMFA, Organization: org, Address: plan.Address(org, "mfa", "org"), After: map[string]any{"enabled_factors": []string{"mfa:email"}}, WriteOnly: true},
		{Action: plan.Create, Kind: plan.KindProperty, Organization: org, Address: plan.Address(org, "property", plan.StatePropertyKey),
			After: map[string]any{"write_only_settings": "sha256:b2cf7c1a44d7"}, Target: plan.Target{Key: plan.StatePropertyKey}},
	}}
	p.Summarize()
	return p
}

func TestMarkdownHeader(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	partial := smallPlan()
	partial.Selection = &plan.Selection{Patterns: []string{"org_1*"}, Organizations: []string{"org_1ccfb819462"}}
	tests := []struct {
		name string
		p    *plan.Plan
		c    MarkdownContext
		want []string
	}{
		{"domain and commit", smallPlan(), MarkdownContext{Environment: "acme.kinde.com", Commit: sha},
			[]string{"**Environment:** `acme.kinde.com` · **Commit:** `" + sha + "` · **Scope:** full plan\n",
				"**Plan: 2 to create, 1 to update, 1 to delete, 1 to assert; "}},
		{"nothing known", smallPlan(), MarkdownContext{},
			[]string{"**Environment:** not recorded · **Commit:** not recorded · **Scope:** full plan\n"}},
		{"partial", partial, MarkdownContext{Environment: "emulator live.yaml"},
			[]string{"· **Scope:** **partial plan**\n", "\n> `Partial plan: only 1 organization (\"org_1ccfb819462\") matched by \"org_1*\"; the others were not read.`\n"}},
		{"no changes", &plan.Plan{FormatVersion: plan.FormatVersion}, MarkdownContext{Commit: sha},
			[]string{"**Commit:** `" + sha + "`", "\nNo changes. Kinde matches the configuration.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := RenderMarkdown(tt.p, tt.c)
			if len(parts) != 1 {
				t.Fatalf("%d parts", len(parts))
			}
			checkMarkdown(t, "plan", parts[0])
			if !strings.HasPrefix(parts[0], "### kindesync plan\n\n**Environment:** ") {
				t.Errorf("the header does not start with the environment:\n%s", parts[0])
			}
			for _, w := range tt.want {
				if !strings.Contains(parts[0], w) {
					t.Errorf("no %q in:\n%s", w, parts[0])
				}
			}
		})
	}
}

// TestMarkdownSections: what stops the plan and what it deletes come
// before the tables, the tables before the details, the bookkeeping last
// and folded; updates are - old / + new; no line is greyed out as ~.
func TestMarkdownSections(t *testing.T) {
	p := smallPlan()
	p.Blocked = []string{"organization[org_1ccfb819462]: removing 9 of 10 members (more than 25%)"}
	md := RenderMarkdown(p, MarkdownContext{Names: map[string]string{"org_1ccfb819462": "Acme"}, AllowDeletesLabel: "kindesync:allow-deletes"})[0]
	checkMarkdown(t, "plan", md)
	order := []string{"**Plan: ", "> [!CAUTION]", "the label `kindesync:allow-deletes` adds `--allow-deletes`",
		"> [!WARNING]\n> **This plan deletes 1 item** (1 member):\n> - `organization[org_1ccfb819462].member[carol@acme.com]`\n",
		"| organization | name |", "| <code>org_1ccfb819462</code> | <code>Acme</code> | 1 | 1 | 1 | 1 |\n| kindesync bookkeeping | | 1 | 0 | 0 | 0 |\n",
		"| kind |", "<details open><summary><code>organization&#91;org_1ccfb819462&#93;</code> <code>Acme</code> — 4 changes: 1 create, 1 update, 1 delete, 1 assert</summary>",
		"\n! organization[org_1ccfb819462].feature_flag[seats]\n-     value: 20\n+     value: 50\n",
		"+ organization[org_1ccfb819462].member[zoe@acme.com]\n+     email: \"zoe@acme.com\"\n",
		"- organization[org_1ccfb819462].member[carol@acme.com]\n-     email: \"carol@acme.com\"\n",
		"! organization[org_1ccfb819462].mfa[org]  (write-only: Kinde cannot read it back)\n      enabled_factors: [mfa:email]\n",
		"<details><summary>kindesync's own bookkeeping — 1 write to the <code>kindesync_state</code> property",
		"+ organization[org_1ccfb819462].property[kindesync_state]\n",
	}
	at := 0
	for _, w := range order {
		i := strings.Index(md[at:], w)
		if i < 0 {
			t.Fatalf("no %q after byte %d of:\n%s", w, at, md)
		}
		at += i + len(w)
	}
	if regexp.MustCompile(`(?m)^~`).MatchString(md) {
		t.Errorf("a line starts with ~, which GitHub greys out:\n%s", md)
	}
	if n := strings.Count(md, "property[kindesync_state]"); n != 1 {
		t.Errorf("kindesync_state shown %d times, want once (in the bookkeeping block)", n)
	}
}

// TestMarkdownAggregatesLimits: one limit hit in 300 orgs is one line,
// naming three; different limits stay apart.
func TestMarkdownAggregatesLimits(t *testing.T) {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for i := range 300 {
		org := fmt.Sprintf("org_%03d", i)
		p.Steps = append(p.Steps, plan.Step{Action: plan.Delete, Kind: plan.KindMemberRole, Organization: org, Address: plan.Address(org, "member", "a@x.com", "role", "viewer"), Before: "viewer"})
		p.Blocked = append(p.Blocked, plan.Address(org)+": removing 100 of 100 member roles (more than 25%); replaced by admin")
	}
	p.Steps = append(p.Steps, plan.Step{Action: plan.Delete, Kind: plan.KindOrganization, Organization: "org_999", Address: plan.Address("org_999")})
	p.Blocked = append(p.Blocked, "organization[org_000]: deleting an organization", "organization[org_001]: deleting an organization",
		"organization[org_002]: suspending an organization logs out every member")
	p.Summarize()
	md := RenderMarkdown(p, MarkdownContext{})[0]
	checkMarkdown(t, "plan", md)
	caution := md[strings.Index(md, "> [!CAUTION]"):strings.Index(md, "> [!WARNING]")]
	want := "> [!CAUTION]\n> **Blocked by 303 safety limits: nothing is applied until they are lifted.**\n" +
		"> - `removing more than 25% of the member roles (replaced by admin)` in 300 organizations: `org_000` (100 of 100), `org_001` (100 of 100), `org_002` (100 of 100) and 297 more — `--allow-deletes` or a larger `--max-delete-fraction` lifts them\n" +
		"> - `deleting an organization` in 2 organizations: `org_000` and `org_001` — `--allow-deletes` lifts them\n" +
		"> - `organization[org_002]: suspending an organization logs out every member` — `--allow-suspend` (or `--allow-deletes`) lifts it\n\n"
	if caution != want {
		t.Errorf("limits:\n%s\nwant:\n%s", caution, want)
	}
	// The org deleted last in the plan is listed first among 301 deletions.
	if w := "> **This plan deletes 301 items** (1 organization, 300 member_role):\n> - `organization[org_999]`\n> - `organization[org_000].member"; !strings.Contains(md, w) {
		t.Errorf("no %q in:\n%.2000s", w, md[strings.Index(md, "> [!WARNING]"):])
	}
}

// tenThousand is a change to 10,000 orgs: each renamed, a member added and
// one removed, its record written; 300 of them hit a limit.
func tenThousand() *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for i := range 10000 {
		org := fmt.Sprintf("org_%05d", i)
		p.Steps = append(p.Steps,
			plan.Step{Action: plan.Update, Kind: plan.KindOrganization, Organization: org, Address: plan.Address(org),
				Before: map[string]any{"name": "Customer " + org}, After: map[string]any{"name": "Customer " + org + " Inc"}, Target: plan.Target{OrgCode: org}},
			plan.Step{Action: plan.Create, Kind: plan.KindMember, Organization: org, Address: plan.Address(org, "member", "new@example.com"),
				After: map[string]any{"email": "new@example.com", "roles": []string{"admin"}}, Target: plan.Target{OrgCode: org, UserID: "kp_1"}},
			plan.Step{Action: plan.Delete, Kind: plan.KindMember, Organization: org, Address: plan.Address(org, "member", "old@example.com"),
				Before: map[string]any{"email": "old@example.com"}, Target: plan.Target{OrgCode: org, UserID: "kp_2"}},
			plan.Step{Action: plan.Update, Kind: plan.KindProperty, Organization: org, Address: plan.Address(org, "property", plan.StatePropertyKey),
				Before: "{}", After: "{\"v\":1}", Target: plan.Target{OrgCode: org, Key: plan.StatePropertyKey}},
		)
		if i%33 == 0 && len(p.Blocked) < 300 {
			p.Blocked = append(p.Blocked, plan.Address(org)+": removing 3 of 8 members (more than 25%)")
		}
	}
	p.Summarize()
	return p
}

// TestMarkdownTenThousandOrgs: the plan of a 10,000-org change starts with
// its summary (counts by kind and action, the limits and deletions listed
// and capped), then every org's details, in parts under the limit.
func TestMarkdownTenThousandOrgs(t *testing.T) {
	p := tenThousand()
	start := time.Now()
	parts := RenderMarkdown(p, MarkdownContext{Environment: "acme.kinde.com", Commit: "0123456789ab"})
	t.Logf("%d steps in %d parts in %v", len(p.Steps), len(parts), time.Since(start))
	first := parts[0]
	for _, w := range []string{
		"**Plan: 10000 to create, 20000 to update, 10000 to delete, 0 to assert; ",
		"| organization | 0 | 10000 | 0 | 0 |\n| member | 10000 | 0 | 10000 | 0 |\n| property | 0 | 10000 | 0 | 0 |\n",
		"> - `removing more than 25% of the members` in 300 organizations: `org_00000` (3 of 8), `org_00033` (3 of 8), `org_00066` (3 of 8) and 297 more",
		"> **This plan deletes 10000 items** (10000 member):\n",
		"> - and 9980 more (each in its block below)\n",
		"| and 9950 more | | 9950 | 9950 | 9950 | 0 |\n",
		"| kindesync bookkeeping | | 0 | 10000 | 0 | 0 |\n",
	} {
		if !strings.Contains(first, w) {
			t.Errorf("part 1 lacks %q", w)
		}
	}
	if strings.Contains(first, "<details><summary>Changes by kind") {
		t.Error("a large plan folds its counts by kind away")
	}
	seen := map[string]int{}
	head := regexp.MustCompile(`(?m)^[+!-] (organization\[[^\]]*\]\S*)`)
	for i, part := range parts {
		if len(part) >= MarkdownLimit {
			t.Errorf("part %d has %d characters", i+1, len(part))
		}
		if !strings.HasPrefix(part, fmt.Sprintf("<sub>part %d of %d</sub>\n\n", i+1, len(parts))) {
			t.Errorf("part %d is not numbered", i+1)
		}
		checkMarkdown(t, fmt.Sprintf("part %d", i+1), part)
		for _, m := range head.FindAllStringSubmatch(part, -1) {
			seen[m[1]]++
		}
	}
	bookkeeping := 0
	for _, s := range p.Steps {
		if isBookkeeping(&s) {
			bookkeeping += seen[s.Address]
			continue
		}
		if seen[s.Address] != 1 {
			t.Fatalf("%s is shown %d times, want once", s.Address, seen[s.Address])
		}
	}
	// kindesync's own writes fill one part at most, the rest counted.
	last := parts[len(parts)-1]
	if more := fmt.Sprintf("      … and %d more, in the JSON plan (plan --out)\n", 10000-bookkeeping); bookkeeping == 0 || !strings.Contains(last, more) {
		t.Errorf("%d bookkeeping steps shown; the last part lacks %q", bookkeeping, more)
	}
	if strings.Contains(parts[len(parts)-2], "kindesync_state") {
		t.Error("the bookkeeping spans more than one part")
	}
}
