package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// checkMarkdown walks a part as GitHub would: outside code blocks, every
// line must be one the renderer writes, with user strings only inside code
// spans or an entity-escaped <code>; inside, no line may close the fence
// but the closing one, and every line starts with a diff mark or a space;
// every <details> is closed.
func checkMarkdown(t *testing.T, what, md string) {
	t.Helper()
	for _, p := range markdownProblems(what, md) {
		t.Error(p)
	}
}

func markdownProblems(what, md string) []string {
	var probs []string
	errorf := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	var fence string
	open := 0
	for n, l := range strings.Split(md, "\n") {
		if fence != "" {
			if closing := closingFence.FindStringSubmatch(l); closing != nil && strings.HasPrefix(closing[1], fence[:1]) && len(closing[1]) >= len(fence) {
				if l != fence {
					errorf("%s line %d: a value closes the code block: %q", what, n+1, l)
				}
				fence = ""
				continue
			}
			if rawControl.MatchString(l) {
				errorf("%s line %d: raw control character in %q", what, n+1, l)
			}
			if l == "" || !strings.ContainsRune("+-! ", rune(l[0])) || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++") {
				errorf("%s line %d: a diff line that starts with neither a mark nor a space: %q", what, n+1, l)
			}
			continue
		}
		if openingFence.MatchString(l) {
			fence = strings.TrimSuffix(l, "diff")
			continue
		}
		shape, ok := spansOut(l)
		if !ok {
			errorf("%s line %d: a code span or <code> that a value broke: %q", what, n+1, l)
			continue
		}
		switch {
		case shape == "</details>":
			open--
		case shape == "<details><summary>Changes by kind</summary>":
			open++
		case strings.HasPrefix(shape, "<details"):
			if !detailsLine.MatchString(shape) {
				errorf("%s line %d: a summary whose HTML a value changed: %q", what, n+1, l)
			}
			open++
		case !mdLine.MatchString(shape):
			errorf("%s line %d: a line that is none of the plan's: %q (shape %q)", what, n+1, l, shape)
		}
	}
	if fence != "" {
		errorf("%s: the code block is not closed", what)
	}
	if open != 0 {
		errorf("%s: %d <details> left open", what, open)
	}
	return probs
}

// spansOut replaces each code span and each <code>…</code> of l by "C",
// and reports false for a span that is not closed, or a <code> whose text
// holds ASCII punctuation that is not an entity.
func spansOut(l string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(l); {
		switch {
		case l[i] == '`':
			n := 0
			for i+n < len(l) && l[i+n] == '`' {
				n++
			}
			end := closingRun(l, i+n, n)
			if end < 0 {
				return "", false
			}
			b.WriteString("C")
			i = end + n
		case strings.HasPrefix(l[i:], "<code>"):
			end := strings.Index(l[i:], "</code>")
			if end < 0 || !codeText.MatchString(l[i+len("<code>"):i+end]) {
				return "", false
			}
			b.WriteString("C")
			i += end + len("</code>")
		default:
			b.WriteByte(l[i])
			i++
		}
	}
	return b.String(), true
}

// closingRun is where a run of exactly n backticks starts at or after i, or -1.
func closingRun(l string, i, n int) int {
	for i < len(l) {
		if l[i] != '`' {
			i++
			continue
		}
		m := 0
		for i+m < len(l) && l[i+m] == '`' {
			m++
		}
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

var (
	closingFence = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})\\s*$")
	openingFence = regexp.MustCompile("^`{3,}diff$")
	codeText     = regexp.MustCompile(`^([A-Za-z0-9 _-]|&#[0-9]+;|[^\x00-\x7f])*$`)
	detailsLine  = regexp.MustCompile(`^<details( open)?><summary>(C( C)? — \d+ changes?: [a-z0-9, ]+|kindesync's own bookkeeping — \d+ writes? to the C property, which records what kindesync wrote)( \(continued\))?</summary>$`)
	limitLine    = `> - C( in \d+ (organizations|items): C( \(\d+ of \d+\))?((, | and )C( \(\d+ of \d+\))?)*( and \d+ more)?)? — C( or a larger C| \(or C\))? lifts (it|them)`
	mdLine       = regexp.MustCompile(`^(` + strings.Join([]string{
		``, `### kindesync plan`, `<sub>part \d+ of \d+</sub>`, `No changes\. Kinde matches the configuration\.`,
		`\*\*Environment:\*\* (C|not recorded) · \*\*Commit:\*\* (C|not recorded) · \*\*Scope:\*\* (full plan|\*\*partial plan\*\*)`,
		`> C`,
		`\*\*Plan: \d+ to create, \d+ to update, \d+ to delete, \d+ to assert; \d+ API calls?\.\*\*`,
		`> \[!(CAUTION|WARNING|NOTE)\]`,
		`> \*\*Blocked by \d+ safety limits?: nothing is applied until (it is|they are) lifted\.\*\*( In this pull request, the label C adds C to the plan and the apply\.)?`,
		limitLine, `> - C`,
		`> \*\*This plan deletes \d+ items?\*\* \([0-9a-z_, ]+\):`,
		`> \*\*Not done by this plan:\*\*`,
		`> - and \d+ more \((each in its block below|the text plan lists them all)\)`,
		`\| organization \| name \| create \| update \| delete \| assert \|`, `\|:--\|:--\|--:\|--:\|--:\|--:\|`,
		`\| kind \| create \| update \| delete \| assert \|`, `\|:--\|--:\|--:\|--:\|--:\|`,
		`\| (C|environment( \(removals, last\))?|kindesync bookkeeping|and \d+ more|[a-z_]+) \|( C \|| \|)?( \d+ \|| \|)+`,
	}, "|") + `)$`)
)

func TestCheckMarkdownCatchesBrokenMarkup(t *testing.T) {
	for _, bad := range []string{
		"### kindesync plan\n\n@octocat\n",
		"> `unclosed\n",
		"<details><summary><code>a<b></code> — 1 change: 1 create</summary>\n</details>\n",
		"| <code>a|b</code> | | 1 | 0 | 0 | 0 |\n",
		"```diff\n+ ok\n```\n```\n",
		"````diff\nx not a mark\n````\n",
		"<details><summary><code>a</code> — 1 change: 1 create</summary>\n",
	} {
		if len(markdownProblems("bad", bad)) == 0 {
			t.Errorf("checkMarkdown accepts %q", bad)
		}
	}
}
