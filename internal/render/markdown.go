package render

import (
	"fmt"
	"html"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

// MarkdownLimit keeps each part under GitHub's 65,536-character limit for a
// comment or step summary, with room for a part header.
const MarkdownLimit = 65000

// RenderMarkdown renders the plan for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a summary table, then one <details> block per
// organization. A plan too long for one comment is split between org blocks
// (or, for one huge org, between steps, closing and reopening the block) so
// that every part stays under MarkdownLimit and is valid markup on its own.
func RenderMarkdown(p *plan.Plan) []string {
	var head strings.Builder
	head.WriteString("### kindesync plan\n\n")
	if l := PartialLine(p); l != "" {
		head.WriteString("> " + escapeMD(l) + "\n\n")
	}
	if !p.HasChanges() {
		head.WriteString("No changes. Kinde matches the configuration.\n")
		return []string{head.String()}
	}
	s := p.Summary
	head.WriteString("| create | update | delete | assert | API calls |\n|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&head, "| %d | %d | %d | %d | %d |\n\n", s.Create, s.Update, s.Delete, s.Assert, s.APICalls)
	if by := byKindLine(p); by != "" {
		head.WriteString(by + "\n\n")
	}
	for _, b := range p.Blocked {
		head.WriteString("> **Blocked by a safety limit:** " + escapeMD(b) + "\n")
	}
	if len(p.Blocked) > 0 {
		head.WriteString("\n")
	}
	for _, n := range p.Notes {
		head.WriteString("> **Note:** " + escapeMD(n) + "\n")
	}
	if len(p.Notes) > 0 {
		head.WriteString("\n")
	}

	var parts []string
	cur := &strings.Builder{}
	cur.WriteString(head.String())
	flush := func() {
		parts = append(parts, cur.String())
		cur = &strings.Builder{}
	}
	for _, g := range p.Groups() {
		title := "environment"
		if g.After {
			title = "environment: removals, after every organization"
		} else if g.Organization != "" {
			title = "organization[" + g.Organization + "]"
		}
		changes := "changes"
		if len(g.Steps) == 1 {
			changes = "change"
		}
		open := fmt.Sprintf("<details><summary><code>%s</code> — %d %s</summary>\n\n```diff\n", html.EscapeString(title), len(g.Steps), changes)
		const closeBlock = "```\n\n</details>\n\n"
		block := &strings.Builder{}
		block.WriteString(open)
		for i := range g.Steps {
			text := stepDiffText(&g.Steps[i])
			if block.Len()+len(text)+len(closeBlock) > MarkdownLimit-200 {
				// One org larger than a part: close it here and continue it.
				block.WriteString(closeBlock)
				if cur.Len()+block.Len() > MarkdownLimit {
					flush()
				}
				cur.WriteString(block.String())
				block.Reset()
				block.WriteString(strings.Replace(open, "</summary>", " (continued)</summary>", 1))
			}
			block.WriteString(text)
		}
		block.WriteString(closeBlock)
		if cur.Len()+block.Len() > MarkdownLimit {
			flush()
		}
		cur.WriteString(block.String())
	}
	flush()
	if len(parts) > 1 {
		for i := range parts {
			parts[i] = fmt.Sprintf("<sub>part %d of %d</sub>\n\n", i+1, len(parts)) + parts[i]
		}
	}
	return parts
}

// stepDiffText is a step in a ```diff block: the symbol first, as in the
// text plan, so GitHub colours additions and removals.
func stepDiffText(s *plan.Step) string {
	sym := s.Action.Symbol()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", sym, strings.ReplaceAll(s.Address, "```", "'''"))
	if s.WriteOnly {
		b.WriteString("  (write-only)")
	}
	if n := stepNote(s); n != "" {
		b.WriteString("  (" + n + ")")
	}
	b.WriteString("\n")
	for _, l := range detailLines(s) {
		b.WriteString("      " + strings.ReplaceAll(l, "```", "'''") + "\n")
	}
	return b.String()
}

func escapeMD(s string) string {
	r := strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`")
	return r.Replace(s)
}
