package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

// partialMax is how many selected orgs the header names before counting.
const partialMax = 20

// PartialLine says that a plan covers only its selection, and which orgs
// that is, or "" for a full plan. Names are quoted (Go syntax), so that a
// control character in a pattern or a code reaches no terminal raw.
func PartialLine(p *plan.Plan) string {
	sel := p.Selection
	if sel == nil {
		return ""
	}
	pats := make([]string, 0, len(sel.Patterns))
	for i, s := range sel.Patterns {
		if i == partialMax {
			pats = append(pats, fmt.Sprintf("and %d more", len(sel.Patterns)-partialMax))
			break
		}
		pats = append(pats, strconv.Quote(s))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Partial plan: only %s ", orgCount(len(sel.Organizations)))
	if len(sel.Organizations) > 0 {
		names := make([]string, 0, partialMax+1)
		for i, o := range sel.Organizations {
			if i == partialMax {
				names = append(names, fmt.Sprintf("and %d more", len(sel.Organizations)-partialMax))
				break
			}
			names = append(names, strconv.Quote(o))
		}
		fmt.Fprintf(&b, "(%s) ", strings.Join(names, ", "))
	}
	fmt.Fprintf(&b, "matched by %s; the others were not read.", strings.Join(pats, ", "))
	if len(sel.Patterns) == 0 {
		b.Reset()
		b.WriteString("Partial plan: no organization is selected; the organizations were not read.")
	}
	if sel.DeleteUnlisted {
		b.WriteString(" delete_unlisted_organizations applies only inside the selection.")
	}
	return b.String()
}

func orgCount(n int) string {
	if n == 1 {
		return "1 organization"
	}
	return strconv.Itoa(n) + " organizations"
}
