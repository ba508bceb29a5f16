package render

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/kindesync/kindesync/internal/plan"
)

// MarkdownLimit keeps each part under GitHub's 65,536-character limit for a
// comment or step summary, with room for a part header.
const MarkdownLimit = 65000

// What a PR comment shows is escaped for GitHub-flavoured markdown: steps
// are in a fenced code block, whose fence is longer than any run of
// backticks inside and whose lines each begin with a symbol or six spaces,
// so that no value can close it; every string there is visible (no newline
// can start a line of its own). Messages in the header are code spans, where
// GitHub renders no emphasis, link, image, HTML, @mention or #123 reference;
// org titles are HTML-escaped inside <code>.

const (
	// maxMessage bounds one header message; the text plan has it whole.
	maxMessage = 1000
	// maxMessages bounds the messages of one kind in the header.
	maxMessages = 50
	// maxLine is the longest line of a code block; longer ones (one huge
	// value) are cut into lines of this size, so that a step larger than a
	// part can be split across parts.
	maxLine = 16000
	// blockLimit is the most a <details> block may hold, leaving room in a
	// part for its header.
	blockLimit = MarkdownLimit - 200
)

// RenderMarkdown renders the plan for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a summary table, then one <details> block per
// organization. A plan too long for one comment is split between org blocks
// (or, for one huge org, between steps, and for one huge step between the
// lines of its value, closing and reopening the block) so that every part
// stays under MarkdownLimit and is valid markup on its own.
func RenderMarkdown(p *plan.Plan) []string {
	var head strings.Builder
	head.WriteString("### kindesync plan\n\n")
	if l := PartialLine(p); l != "" {
		head.WriteString("> " + codeSpan(shorten(l)) + "\n\n")
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
	messages(&head, "Blocked by a safety limit:", p.Blocked)
	messages(&head, "Note:", p.Notes)

	w := &mdParts{}
	w.cur.WriteString(head.String())
	for _, g := range p.Groups() {
		w.group(g)
	}
	return w.done()
}

// messages writes a quoted list of messages, each a code span.
func messages(b *strings.Builder, label string, msgs []string) {
	for i, m := range msgs {
		if i == maxMessages {
			fmt.Fprintf(b, "> **%s** and %d more (the text plan lists them all)\n", label, len(msgs)-maxMessages)
			break
		}
		b.WriteString("> **" + label + "** " + codeSpan(shorten(m)) + "\n")
	}
	if len(msgs) > 0 {
		b.WriteString("\n")
	}
}

// mdParts collects the parts of a markdown plan.
type mdParts struct {
	parts []string
	cur   strings.Builder
}

func (w *mdParts) add(block string) {
	if w.cur.Len()+len(block) > MarkdownLimit {
		w.flush()
	}
	w.cur.WriteString(block)
}

func (w *mdParts) flush() {
	w.parts = append(w.parts, w.cur.String())
	w.cur.Reset()
}

func (w *mdParts) done() []string {
	w.flush()
	if len(w.parts) > 1 {
		for i := range w.parts {
			w.parts[i] = fmt.Sprintf("<sub>part %d of %d</sub>\n\n", i+1, len(w.parts)) + w.parts[i]
		}
	}
	return w.parts
}

// group writes one org's <details> block, closing and reopening it
// (continued) where it would not fit one part.
func (w *mdParts) group(g plan.Group) {
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
	steps := make([][]string, len(g.Steps))
	ticks := 2
	for i := range g.Steps {
		steps[i] = stepDiffLines(&g.Steps[i])
		for _, l := range steps[i] {
			ticks = max(ticks, longestRun(l, '`'))
		}
	}
	fence := strings.Repeat("`", ticks+1)
	summary := fmt.Sprintf("<code>%s</code> — %d %s", html.EscapeString(shorten(visible(title))), len(g.Steps), changes)
	open := "<details><summary>" + summary + "</summary>\n\n" + fence + "diff\n"
	reopen := "<details><summary>" + summary + " (continued)</summary>\n\n" + fence + "diff\n"
	closeBlock := fence + "\n\n</details>\n\n"

	var block strings.Builder
	block.WriteString(open)
	next := func() {
		block.WriteString(closeBlock)
		w.add(block.String())
		block.Reset()
		block.WriteString(reopen)
	}
	for _, lines := range steps {
		size := 0
		for _, l := range lines {
			size += len(l) + 1
		}
		if block.Len()+size+len(closeBlock) > blockLimit && block.Len() > len(reopen) {
			next() // keep a step in one block where it fits one
		}
		for _, l := range lines {
			if block.Len()+len(l)+1+len(closeBlock) > blockLimit {
				next() // a step larger than a part: split between lines
			}
			block.WriteString(l + "\n")
		}
	}
	block.WriteString(closeBlock)
	w.add(block.String())
}

// stepDiffLines is a step in a ```diff block: the symbol first, as in the
// text plan, so GitHub colours additions and removals; detail lines are
// indented, and lines longer than maxLine are cut, the cuts marked with …
func stepDiffLines(s *plan.Step) []string {
	head := s.Action.Symbol() + " " + visible(s.Address)
	if s.WriteOnly {
		head += "  (write-only)"
	}
	if n := stepNote(s); n != "" {
		head += "  (" + n + ")"
	}
	out := cutLine(nil, head)
	for _, l := range detailLines(s) {
		out = cutLine(out, "      "+l)
	}
	return out
}

// cutLine appends l to out, cut into pieces of at most maxLine bytes (at
// character boundaries) when it is longer.
func cutLine(out []string, l string) []string {
	for len(l) > maxLine {
		i := maxLine - len(" …")
		for i > 0 && !utf8.RuneStart(l[i]) {
			i--
		}
		out = append(out, l[:i]+" …")
		l = "      … " + l[i:]
	}
	return append(out, l)
}

// shorten cuts a header string to maxMessage bytes.
func shorten(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	i := maxMessage
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + " …"
}
