package render

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

// A safety limit hit in many orgs (a role replaced in 300 of them) is one
// line of the markdown plan, naming a few orgs and counting the others. The
// plan holds its limits as messages (the JSON plan's "blocked"); these
// patterns read back the ones plan writes (blocked_test.go checks them
// against plan's own functions). Any other message is shown whole.
var (
	fractionRE = regexp.MustCompile(`^organization\[(.*)\]: removing (\d+) of (\d+) (.+) \(more than (\d+)%\)(.*)$`)
	orgLimitRE = regexp.MustCompile(`^organization\[(.*)\]: (deleting an organization|suspending an organization logs out every member)$`)
	ssoRE      = regexp.MustCompile(`^organization\[(.*)\]\.(connection\[.*\]): turning off an enterprise \(SSO\) connection \((.*)\) for an organization$`)
	catalogRE  = regexp.MustCompile(`^([a-z_.]+\[.*\]): (deleting an? [a-z ]+ from the environment)$`)
)

// maxNamed is how many orgs an aggregated limit names before counting.
const maxNamed = 3

const (
	liftDeletes  = "`--allow-deletes` lifts it"
	liftFraction = "`--allow-deletes` or a larger `--max-delete-fraction` lifts it"
	liftSuspend  = "`--allow-suspend` (or `--allow-deletes`) lifts it"
)

// limitHit is one blocked message, read back.
type limitHit struct {
	msg     string // as the plan has it
	limit   string // what the orgs hitting it share
	subject string // the org (or catalog item); "" shows msg alone
	detail  string // this subject's own figures, "3 of 8"
	noun    string // what subjects are, plural
	lift    string
}

func parseLimit(msg string) limitHit {
	h := limitHit{msg: msg, limit: msg, lift: liftDeletes, noun: "organizations"}
	if m := fractionRE.FindStringSubmatch(msg); m != nil {
		h.subject, h.detail, h.lift = m[1], m[2]+" of "+m[3], liftFraction
		h.limit = "removing more than " + m[5] + "% of the " + m[4]
		if r, ok := strings.CutPrefix(m[6], "; "); ok {
			h.limit += " (" + r + ")" // "; replaced by admin"
		} else {
			h.limit += m[6]
		}
	} else if m := orgLimitRE.FindStringSubmatch(msg); m != nil {
		h.subject, h.limit = m[1], m[2]
		if strings.HasPrefix(m[2], "suspending") {
			h.lift = liftSuspend
		}
	} else if m := ssoRE.FindStringSubmatch(msg); m != nil {
		h.subject, h.limit = m[1], "turning off the enterprise (SSO) "+m[2]+" ("+m[3]+")"
	} else if m := catalogRE.FindStringSubmatch(msg); m != nil {
		h.subject, h.limit, h.noun = m[1], m[2], "items"
	}
	return h
}

// limitGroup is the hits of one limit, in the plan's order.
type limitGroup struct {
	first limitHit
	hits  []limitHit
}

// groupLimits puts together the hits of one limit in different orgs.
func groupLimits(msgs []string) []limitGroup {
	var out []limitGroup
	idx := map[string]int{}
	for _, msg := range msgs {
		h := parseLimit(msg)
		key := h.limit + "\x00" + h.lift
		i, ok := idx[key]
		if !ok || h.subject == "" {
			i = len(out)
			idx[key] = i
			out = append(out, limitGroup{first: h})
		}
		out[i].hits = append(out[i].hits, h)
	}
	return out
}

// line is the group as one list item: the message whole for one hit, else
// the limit, the orgs hitting it (a few named) and what lifts it.
func (g *limitGroup) line() string {
	if len(g.hits) == 1 {
		return codeSpan(shorten(g.first.msg)) + " — " + g.first.lift
	}
	return codeSpan(shorten(g.first.limit)) + g.where(func(s string) string { return codeSpan(shortenTo(s, 200)) }) +
		" — " + strings.Replace(g.first.lift, "lifts it", "lifts them", 1)
}

// where is " in 300 organizations: a (3 of 8), b (3 of 8), c (3 of 8) and
// 297 more", each subject shown by show.
func (g *limitGroup) where(show func(string) string) string {
	named := make([]string, 0, maxNamed+1)
	for i, h := range g.hits {
		if i == maxNamed {
			named[len(named)-1] += fmt.Sprintf(" and %d more", len(g.hits)-maxNamed)
			break
		}
		s := show(h.subject)
		if h.detail != "" {
			s += " (" + h.detail + ")"
		}
		named = append(named, s)
	}
	list := strings.Join(named, ", ")
	if len(g.hits) <= maxNamed {
		list = strings.Join(named[:len(named)-1], ", ") + " and " + named[len(named)-1]
	}
	return fmt.Sprintf(" in %d %s: %s", len(g.hits), g.first.noun, list)
}

// blockedSection says first what stops the plan: each safety limit hit,
// aggregated across orgs, with what lifts it.
func blockedSection(p *plan.Plan, c MarkdownContext) string {
	if len(p.Blocked) == 0 {
		return ""
	}
	groups := groupLimits(p.Blocked)
	items := make([]string, len(groups))
	for i := range groups {
		items[i] = groups[i].line()
	}
	var b strings.Builder
	them := "it is"
	if len(p.Blocked) > 1 {
		them = "they are"
	}
	fmt.Fprintf(&b, "> [!CAUTION]\n> **Blocked by %s: nothing is applied until %s lifted.**", plural(len(p.Blocked), "safety limit"), them)
	if c.AllowDeletesLabel != "" {
		fmt.Fprintf(&b, " In this pull request, the label %s adds `--allow-deletes` to the plan and the apply.", codeSpan(shortenTo(c.AllowDeletesLabel, 100)))
	}
	b.WriteString("\n")
	listLines(&b, items, "the text plan lists them all")
	b.WriteString("\n")
	return b.String()
}
