package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindesync/kindesync/internal/plan"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, ünïcödé, 漢字, emoji 👩‍👩‍👧", "plain text, ünïcödé, 漢字, emoji 👩‍👩‍👧"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"line\nnext\r\tx\x00", `line\nnext\r\tx\x00`},
		{"del\x7f c1\u009b31m nel\u0085", `del\x7f c1\u009b31m nel\u0085`},
		{"bidi \u202egnp.exe \u2066x\u2069 \u200f", `bidi \u202egnp.exe \u2066x\u2069 \u200f`},
		{"sep\u2028x\u2029", `sep\u2028x\u2029`},
		{"bad \xff\xfe utf8", `bad \ufffd\ufffd utf8`},
	}
	for _, tt := range tests {
		if got := visible(tt.in); got != tt.want {
			t.Errorf("visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeSpan(t *testing.T) {
	tests := []struct{ in, want string }{
		{"org_1: deleting", "`org_1: deleting`"},
		{"a `b` c", "``a `b` c``"},
		{"```x", "```` ```x ````"},
		{"@octocat #1 </details>\n", "`@octocat #1 </details>\\n`"},
	}
	for _, tt := range tests {
		if got := codeSpan(tt.in); got != tt.want {
			t.Errorf("codeSpan(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostile are strings that try to reach a terminal raw or to change the
// markup of a PR comment.
var hostile = []string{
	"\x1b[2J\x1b]0;pwned\x07", "x\r\x1b[31mforged", "one\ntwo", "\u202egnp.exe", "c1\u009b31m", "nul\x00",
	"</details></summary>", "</code>", "@octocat", "#1", "<img src=x onerror=alert(1)>", "![x](https://evil.example/x.png)",
	"| a | b |", "`tick`", "```", "````\n```", "\n```\n</details>\n\n# Approved", "<!-- -->", "*bold* _em_ ~~s~~", "[link](javascript:x)",
}

// hostilePlan puts every hostile string in every place a step shows one:
// the org, the address, keys, strings, lists, maps, multi-line values,
// blocked messages and notes.
func hostilePlan() *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for i, h := range hostile {
		org := fmt.Sprintf("org_%d%s", i, h)
		p.Steps = append(p.Steps,
			plan.Step{Action: plan.Update, Kind: plan.KindOrganization, Organization: org, Address: plan.Address(org),
				Before: map[string]any{"name" + h: "old" + h, "list": []string{h}}, After: map[string]any{"name" + h: "new" + h, "list": []any{h, 1.5}}},
			plan.Step{Action: plan.Update, Kind: plan.KindProperty, Organization: org, Address: plan.Address(org, "property", h),
				Before: "first line\n" + h + "\nlast", After: "first line\nchanged" + h + "\nlast"},
			plan.Step{Action: plan.Create, Kind: plan.KindMember, Organization: org, Address: plan.Address(org, "member", h),
				After: map[string]any{"email": h, "roles": []string{h, "admin"}, "nested": map[string]any{h: h}}},
			plan.Step{Action: plan.Delete, Kind: plan.KindFeatureFlag, Organization: org, Address: plan.Address(org, "feature_flag", h),
				Before: h},
		)
		p.Steps = append(p.Steps,
			plan.Step{Action: plan.Assert, Kind: plan.KindMFA, Organization: org, Address: plan.Address(org, "mfa", h),
				After: map[string]any{"enabled_factors" + h: []string{h}}, WriteOnly: true},
			plan.Step{Action: plan.Create, Kind: plan.KindProperty, Organization: org, Address: plan.Address(org, "property", plan.StatePropertyKey),
				After: map[string]any{"logo" + h: h}, Target: plan.Target{Key: plan.StatePropertyKey}},
		)
		p.Blocked = append(p.Blocked, plan.Address(org)+": deleting "+h,
			plan.Address(org)+": removing 9 of 10 member roles"+h+" (more than 25%); replaced by "+h,
			plan.Address(org)+": deleting an organization",
			plan.Address(org, "connection", h)+": turning off an enterprise (SSO) connection ("+h+") for an organization")
		p.Notes = append(p.Notes, plan.Address(org)+": note "+h)
	}
	p.Summarize()
	return p
}

// rawControl finds a character that must not reach a terminal.
var rawControl = regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

func TestTextPlanShowsNoRawControl(t *testing.T) {
	for _, colour := range []bool{false, true} {
		var b strings.Builder
		if err := RenderText(&b, hostilePlan(), colour); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if colour {
			out = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(out, "") // our own colours
		}
		if loc := rawControl.FindStringIndex(out); loc != nil {
			t.Errorf("colour %t: raw %q in the text plan near %q", colour, out[loc[0]:loc[1]], out[max(0, loc[0]-40):loc[0]])
		}
		if !utf8.ValidString(out) {
			t.Errorf("colour %t: the text plan is not UTF-8", colour)
		}
		// Every line is one of ours: a header, a step, an indented detail.
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if !textLine.MatchString(l) {
				t.Errorf("colour %t: a line that is none of the plan's: %q", colour, l)
			}
		}
	}
}

var textLine = regexp.MustCompile(`^(|kindesync will perform the following actions:|# organization\[.*\]|# environment|  [+~\-!] organization\[.*|      .*|Plan: .*|  (create|update|delete|assert): .*|Blocked by a safety limit: organization\[.*|Note: organization\[.*)$`)

func TestMarkdownKeepsItsStructure(t *testing.T) {
	for name, c := range map[string]MarkdownContext{"no context": {}, "hostile context": hostileContext()} {
		t.Run(name, func(t *testing.T) {
			parts := RenderMarkdown(hostilePlan(), c)
			for i, part := range parts {
				checkMarkdown(t, fmt.Sprintf("part %d", i+1), part)
			}
		})
	}
}

// hostileContext puts hostile strings in every field of the header's
// context: the environment, the commit, the label, every org's name.
func hostileContext() MarkdownContext {
	c := MarkdownContext{Environment: strings.Join(hostile, ""), Commit: "`" + hostile[len(hostile)-1],
		AllowDeletesLabel: "<b>" + strings.Join(hostile, " "), Names: map[string]string{}}
	for i, h := range hostile {
		c.Names[fmt.Sprintf("org_%d%s", i, h)] = "name " + h
	}
	return c
}

// TestMarkdownSplitsOneHugeStep: a step larger than a part, whether its
// value is one long line or many lines, is split across parts, each part
// under the limit and balanced, and nothing of the value is lost.
func TestMarkdownSplitsOneHugeStep(t *testing.T) {
	long := strings.Repeat("é`", 60000)                                     // 180,000 bytes on one line
	lines := strings.Repeat("a line of a long multi-line value ``\n", 5000) // 185,000 bytes
	for name, v := range map[string]string{"one line": long, "many lines": lines} {
		t.Run(name, func(t *testing.T) {
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
				{Action: plan.Create, Kind: plan.KindProperty, Organization: "org_1", Address: plan.Address("org_1", "property", "p"), After: v},
				{Action: plan.Update, Kind: plan.KindProperty, Organization: "org_1", Address: plan.Address("org_1", "property", "q"), Before: "x\n" + v, After: v + "\ny"},
			}}
			p.Summarize()
			parts := RenderMarkdown(p, MarkdownContext{})
			// The create shows the value; the update's line diff shows it
			// once more, unchanged between the changed lines.
			if len(parts) < 3 {
				t.Errorf("%d parts for 2 × 180 KB, want at least 3", len(parts))
			}
			ticks := 0
			for i, part := range parts {
				if len(part) > MarkdownLimit {
					t.Errorf("part %d is %d bytes, over %d", i+1, len(part), MarkdownLimit)
				}
				checkMarkdown(t, fmt.Sprintf("part %d", i+1), part)
				ticks += strings.Count(part, "`")
			}
			if ticks < 2*strings.Count(v, "`") {
				t.Errorf("the parts hold %d backticks, want the value's %d twice at least", ticks, strings.Count(v, "`"))
			}
		})
	}
}

// TestJSONPlanShowsNoRawControl: encoding/json escapes C0 itself; C1 and
// bidirectional controls are escaped too, and the plan reads back the same.
func TestJSONPlanShowsNoRawControl(t *testing.T) {
	p := hostilePlan()
	var b strings.Builder
	if err := RenderJSON(&b, p); err != nil {
		t.Fatal(err)
	}
	if loc := rawControl.FindStringIndex(strings.ReplaceAll(b.String(), "\n", " ")); loc != nil {
		t.Errorf("raw %q in the JSON plan", b.String()[loc[0]:loc[1]])
	}
	back, err := ReadJSON(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Steps {
		if back.Steps[i].Address != p.Steps[i].Address {
			t.Errorf("step %d reads back as %q, want %q", i, back.Steps[i].Address, p.Steps[i].Address)
		}
	}
}
