package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

const (
	// maxRows bounds the per-org table; a larger plan's orgs are each in
	// their block below it.
	maxRows = 50
	// maxListed bounds the deletions, notes and limits the header lists.
	maxListed = 20
	// sectionBytes bounds one section of the header, whatever its strings.
	sectionBytes = 12000
	// maxName is the longest org name a table cell or summary shows.
	maxName = 80
)

// header is the title, where and from which commit the plan was made,
// whether it is partial, and the counts.
func header(p *plan.Plan, c MarkdownContext) string {
	var b strings.Builder
	b.WriteString("### kindesync plan\n\n")
	env := "not recorded"
	if c.Environment != "" {
		env = codeSpan(shortenTo(c.Environment, 200))
	}
	commit := "not recorded"
	if c.Commit != "" {
		commit = codeSpan(shortenTo(c.Commit, 64))
	}
	scope := "full plan"
	if p.Selection != nil {
		scope = "**partial plan**"
	}
	fmt.Fprintf(&b, "**Environment:** %s · **Commit:** %s · **Scope:** %s\n\n", env, commit, scope)
	if l := PartialLine(p); l != "" {
		b.WriteString("> " + codeSpan(shorten(l)) + "\n\n")
	}
	if p.HasChanges() {
		b.WriteString("**" + SummaryLine(p) + "**\n\n")
	}
	return b.String()
}

// orgRow is one org's line of the table and its block of steps.
type orgRow struct {
	org    string // "" for the environment
	after  bool   // the environment's removals, after every org
	name   string
	counts [4]int // by plan.Actions
	steps  []plan.Step
}

// orgRows groups the plan's steps by org, kindesync_state's apart.
func orgRows(p *plan.Plan, c MarkdownContext) (rows []orgRow, bookkeeping []plan.Step) {
	for _, g := range p.Groups() {
		r := orgRow{org: g.Organization, after: g.After, name: c.Names[g.Organization]}
		for _, s := range g.Steps {
			if isBookkeeping(&s) {
				bookkeeping = append(bookkeeping, s)
				continue
			}
			r.counts[actionIndex(s.Action)]++
			r.steps = append(r.steps, s)
			if r.name == "" && s.Kind == plan.KindOrganization && g.Organization != "" {
				r.name = stepName(&s)
			}
		}
		if len(r.steps) > 0 {
			rows = append(rows, r)
		}
	}
	return rows, bookkeeping
}

// isBookkeeping reports a step that only writes kindesync's own record
// (the kindesync_state property and its values), not the user's config.
func isBookkeeping(s *plan.Step) bool {
	return s.Kind == plan.KindProperty && s.Target.Key == plan.StatePropertyKey
}

// stepName is the org name an organization step shows, the one it has
// before an update.
func stepName(s *plan.Step) string {
	for _, v := range []any{s.Before, s.After} {
		if m, ok := v.(map[string]any); ok {
			if n, ok := m["name"].(string); ok && n != "" {
				return n
			}
		}
	}
	return ""
}

func actionIndex(a plan.Action) int {
	for i, x := range plan.Actions {
		if x == a {
			return i
		}
	}
	return 0
}

// rowTitle is how an org's row and block are named: the environment, or
// the org's address.
func rowTitle(r *orgRow) string {
	switch {
	case r.after:
		return "environment: removals, after every organization"
	case r.org == "":
		return "environment"
	}
	return "organization[" + r.org + "]"
}

// groupSummary is the <summary> of an org's block: its address, its name,
// its counts.
func groupSummary(r *orgRow) string {
	s := htmlCode(shorten(rowTitle(r)))
	if r.name != "" {
		s += " " + htmlCode(shortenTo(r.name, maxName))
	}
	return s + " — " + countsText(r.counts)
}

// countsText is "3 changes: 1 create, 2 update".
func countsText(counts [4]int) string {
	n := 0
	var parts []string
	for i, k := range counts {
		n += k
		if k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k, plan.Actions[i]))
		}
	}
	return plural(n, "change") + ": " + strings.Join(parts, ", ")
}

// orgTable is a row per org: its address and name, what it creates,
// updates, deletes and asserts.
func orgTable(rows []orgRow, bookkeeping []plan.Step) string {
	var b strings.Builder
	b.WriteString("| organization | name | create | update | delete | assert |\n|:--|:--|--:|--:|--:|--:|\n")
	for i := range rows {
		if i == maxRows {
			var rest [4]int
			for _, r := range rows[i:] {
				for j, n := range r.counts {
					rest[j] += n
				}
			}
			fmt.Fprintf(&b, "| and %d more | | %s |\n", len(rows)-maxRows, countCells(rest))
			break
		}
		r := &rows[i]
		title := htmlCode(shortenTo(r.org, maxName))
		if r.org == "" {
			title = "environment"
			if r.after {
				title = "environment (removals, last)"
			}
		}
		name := " "
		if r.name != "" {
			name = " " + htmlCode(shortenTo(r.name, maxName)) + " "
		}
		fmt.Fprintf(&b, "| %s |%s| %s |\n", title, name, countCells(r.counts))
	}
	if len(bookkeeping) > 0 {
		var counts [4]int
		for _, s := range bookkeeping {
			counts[actionIndex(s.Action)]++
		}
		fmt.Fprintf(&b, "| kindesync bookkeeping | | %s |\n", countCells(counts))
	}
	b.WriteString("\n")
	return b.String()
}

func countCells(counts [4]int) string {
	cells := make([]string, len(counts))
	for i, n := range counts {
		cells[i] = strconv.Itoa(n)
	}
	return strings.Join(cells, " | ")
}

// kindTable counts steps by kind and action: folded away in a plan of a
// few orgs, whose table says as much, shown in a larger one.
func kindTable(p *plan.Plan, folded bool) string {
	var b strings.Builder
	if folded {
		b.WriteString("<details><summary>Changes by kind</summary>\n\n")
	}
	b.WriteString("| kind | create | update | delete | assert |\n|:--|--:|--:|--:|--:|\n")
	for _, k := range plan.Kinds {
		var counts [4]int
		total := 0
		for i, a := range plan.Actions {
			counts[i] = p.Summary.ByKind[string(a)+" "+string(k)]
			total += counts[i]
		}
		if total > 0 {
			fmt.Fprintf(&b, "| %s | %s |\n", k, countCells(counts))
		}
	}
	b.WriteString("\n")
	if folded {
		b.WriteString("</details>\n\n")
	}
	return b.String()
}

// deletesSection lists what the plan deletes, before any other change:
// whole organizations first, then the catalog and connections, so that a
// list cut at maxListed still shows the gravest.
func deletesSection(p *plan.Plan) string {
	var dels []*plan.Step
	byKind := map[plan.Kind]int{}
	for i := range p.Steps {
		if s := &p.Steps[i]; s.Action == plan.Delete && !isBookkeeping(s) {
			dels = append(dels, s)
			byKind[s.Kind]++
		}
	}
	slices.SortStableFunc(dels, func(a, b *plan.Step) int { return deleteRank(a) - deleteRank(b) })
	addrs := make([]string, len(dels))
	for i, s := range dels {
		addrs[i] = codeSpan(shorten(s.Address))
	}
	if len(addrs) == 0 {
		return ""
	}
	var kinds []string
	for _, k := range plan.Kinds {
		if n := byKind[k]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "> [!WARNING]\n> **This plan deletes %s** (%s):\n", plural(len(addrs), "item"), strings.Join(kinds, ", "))
	listLines(&b, addrs, "each in its block below")
	b.WriteString("\n")
	return b.String()
}

func deleteRank(s *plan.Step) int {
	switch {
	case s.Kind == plan.KindOrganization:
		return 0
	case s.CatalogRemoval():
		return 1
	case s.Kind == plan.KindConnection:
		return 2
	case s.Kind == plan.KindMember:
		return 3
	}
	return 4
}

// notesSection lists what the files ask that the plan does not do.
func notesSection(p *plan.Plan) string {
	if len(p.Notes) == 0 {
		return ""
	}
	items := make([]string, len(p.Notes))
	for i, n := range p.Notes {
		items[i] = codeSpan(shorten(n))
	}
	var b strings.Builder
	b.WriteString("> [!NOTE]\n> **Not done by this plan:**\n")
	listLines(&b, items, "the text plan lists them all")
	b.WriteString("\n")
	return b.String()
}

// listLines writes items as a quoted list, at most maxListed of them and
// sectionBytes in all, then "and N more (more)".
func listLines(b *strings.Builder, items []string, more string) {
	start := b.Len()
	for i, it := range items {
		if i == maxListed || b.Len()-start+len(it) > sectionBytes {
			fmt.Fprintf(b, "> - and %d more (%s)\n", len(items)-i, more)
			return
		}
		b.WriteString("> - " + it + "\n")
	}
}

// htmlCode puts s in a <code> that GitHub shows as written, in an HTML
// block or a table cell alike: every ASCII punctuation character is an
// entity, so no markdown (emphasis, a table's |, a link), HTML, @mention
// or #123 reference can start inside.
func htmlCode(s string) string {
	rs := []rune(visible(s))
	var b strings.Builder
	b.WriteString("<code>")
	for i, r := range rs {
		// _ and - between letters or digits start nothing (org_1a2b).
		inWord := (r == '_' || r == '-') && i > 0 && i+1 < len(rs) && alnum(rs[i-1]) && alnum(rs[i+1])
		if r < 0x80 && !alnum(r) && r != ' ' && !inWord {
			fmt.Fprintf(&b, "&#%d;", r)
		} else {
			b.WriteRune(r)
		}
	}
	b.WriteString("</code>")
	return b.String()
}

func alnum(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' }
