package render

import (
	"fmt"
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
// can start a line of its own). Strings outside code blocks are code spans,
// where GitHub renders no emphasis, link, image, HTML, @mention or #123
// reference, or, in HTML and tables, a <code> whose text has every ASCII
// punctuation written as an entity (htmlCode).

const (
	// maxMessage bounds one header message; the text plan has it whole.
	maxMessage = 1000
	// maxLine is the longest line of a code block; longer ones (one huge
	// value) are cut into lines of this size, so that a step larger than a
	// part can be split across parts.
	maxLine = 16000
	// partHeader is room for "<sub>part 12 of 345</sub>" before a part.
	partHeader = 100
	// blockLimit is the most a <details> block or a section of the header
	// may hold, leaving room in a part for its header.
	blockLimit = MarkdownLimit - partHeader - 100
)

// MarkdownContext is what the header of a markdown plan says that the plan
// itself does not hold. The command line reads it (flags, environment
// variables, what it read from Kinde) and passes it in, so that rendering
// stays a function of its inputs. Every field may be empty.
type MarkdownContext struct {
	// Environment is where the plan was made: a Kinde domain, or the
	// emulator and its state file.
	Environment string
	// Commit is the commit of the files the plan was made from
	// (KINDESYNC_COMMIT, else GITHUB_SHA).
	Commit string
	// Names maps an org as the plan names it (its code, or the external_id
	// of one to create) to its name in Kinde.
	Names map[string]string
	// AllowDeletesLabel is the pull-request label that adds --allow-deletes
	// (the GitHub Action's allow-deletes-label), named where a limit is hit.
	AllowDeletesLabel string
}

// RenderMarkdown renders the plan for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a header (where and from which commit it was
// planned, the counts), what needs attention first (safety limits hit,
// deletions), a table per org and per kind, then one <details> block per
// organization and one for kindesync's own bookkeeping. A plan too long
// for one comment is split between blocks (or, for one huge org, between
// steps, and for one huge step between the lines of its value, closing and
// reopening the block) so that every part stays under MarkdownLimit and is
// valid markup on its own.
func RenderMarkdown(p *plan.Plan, c MarkdownContext) []string {
	w := &mdParts{}
	w.add(header(p, c))
	if !p.HasChanges() {
		w.add("No changes. Kinde matches the configuration.\n")
		return w.done()
	}
	rows, bookkeeping := orgRows(p, c)
	for _, b := range []string{blockedSection(p, c), deletesSection(p), orgTable(rows, bookkeeping), kindTable(p, len(rows) <= 3), notesSection(p)} {
		if b != "" {
			w.add(b)
		}
	}
	open := openDetails(rows)
	for i := range rows {
		w.group(groupSummary(&rows[i]), rows[i].steps, open, false)
	}
	if len(bookkeeping) > 0 {
		summary := fmt.Sprintf("kindesync's own bookkeeping — %s to the <code>%s</code> property, which records what kindesync wrote", plural(len(bookkeeping), "write"), plan.StatePropertyKey)
		w.group(summary, bookkeeping, false, true)
	}
	return w.done()
}

// openDetails shows the org blocks open in a small plan, where a reviewer
// wants to see the change at once, and closed in a large one, where the
// tables lead to them.
func openDetails(rows []orgRow) bool {
	n := 0
	for _, r := range rows {
		n += len(r.steps)
	}
	return len(rows) <= 3 && n <= 60
}

// mdParts collects the parts of a markdown plan.
type mdParts struct {
	parts []string
	cur   strings.Builder
}

func (w *mdParts) add(block string) {
	if w.cur.Len() > 0 && w.cur.Len()+len(block) > MarkdownLimit-partHeader {
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

// group writes one <details> block of steps under the given summary (HTML,
// already escaped), closing and reopening it (continued) where it would not
// fit one part. A capped block stops at one part instead, counting the
// steps left out: kindesync's own bookkeeping is no reading for a
// reviewer, and the JSON plan holds every step.
func (w *mdParts) group(summary string, steps []plan.Step, open, capped bool) {
	lines := make([][]string, len(steps))
	ticks := 2
	for i := range steps {
		lines[i] = mdStepLines(&steps[i])
		for _, l := range lines[i] {
			ticks = max(ticks, longestRun(l, '`'))
		}
	}
	fence := strings.Repeat("`", ticks+1)
	tag := "<details>"
	if open {
		tag = "<details open>"
	}
	first := tag + "<summary>" + summary + "</summary>\n\n" + fence + "diff\n"
	reopen := tag + "<summary>" + summary + " (continued)</summary>\n\n" + fence + "diff\n"
	closeBlock := fence + "\n\n</details>\n\n"

	var block strings.Builder
	block.WriteString(first)
	next := func() {
		block.WriteString(closeBlock)
		w.add(block.String())
		block.Reset()
		block.WriteString(reopen)
	}
	for i, step := range lines {
		size := 0
		for _, l := range step {
			size += len(l) + 1
		}
		if capped && block.Len()+size+len(closeBlock)+100 > blockLimit {
			fmt.Fprintf(&block, "      … and %d more, in the JSON plan (plan --out)\n", len(lines)-i)
			break
		}
		if block.Len()+size+len(closeBlock) > blockLimit && block.Len() > len(reopen) {
			next() // keep a step in one block where it fits one
		}
		for _, l := range step {
			if block.Len()+len(l)+1+len(closeBlock) > blockLimit {
				next() // a step larger than a part: split between lines
			}
			block.WriteString(l + "\n")
		}
	}
	block.WriteString(closeBlock)
	w.add(block.String())
}

// shorten cuts a header string to maxMessage bytes.
func shorten(s string) string { return shortenTo(s, maxMessage) }

// shortenTo cuts s to n bytes at a character boundary, marking the cut.
func shortenTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + " …"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
