package render

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/sergi/go-diff/diffmatchpatch"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// longString is the length past which a changed string is shown as a line diff.
const longString = 60

type textRenderer struct {
	w      *bufio.Writer
	colour bool
}

func (r *textRenderer) paint(code, s string) string {
	if !r.colour {
		return s
	}
	return code + s + ansiReset
}

func actionColour(a plan.Action) string {
	switch a {
	case plan.Create:
		return ansiGreen
	case plan.Update:
		return ansiYellow
	case plan.Delete:
		return ansiRed
	}
	return ansiCyan
}

// RenderText writes the plan as people read it in a terminal or a CI log:
// one block per organization, a symbol per step, changed fields old → new,
// then a summary line. colour adds ANSI colours.
func RenderText(w io.Writer, p *plan.Plan, colour bool) error {
	r := &textRenderer{w: bufio.NewWriter(w), colour: colour}
	if l := PartialLine(p); l != "" {
		fmt.Fprintln(r.w, r.paint(ansiBold, l))
	}
	if !p.HasChanges() {
		fmt.Fprintln(r.w, "No changes. Kinde matches the configuration.")
		return r.w.Flush()
	}
	fmt.Fprintln(r.w, "kindesync will perform the following actions:")
	for _, g := range p.Groups() {
		fmt.Fprintln(r.w)
		if g.After {
			fmt.Fprintln(r.w, r.paint(ansiBold, "# environment: removals, after every organization"))
		} else if g.Organization == "" {
			fmt.Fprintln(r.w, r.paint(ansiBold, "# environment"))
		} else {
			fmt.Fprintln(r.w, r.paint(ansiBold, "# organization["+visible(g.Organization)+"]"))
		}
		for i := range g.Steps {
			r.step(&g.Steps[i])
		}
	}
	fmt.Fprintln(r.w)
	fmt.Fprintln(r.w, r.paint(ansiBold, SummaryLine(p)))
	if by := byKindLine(p); by != "" {
		fmt.Fprintln(r.w, "  "+by)
	}
	for _, b := range p.Blocked {
		fmt.Fprintln(r.w, r.paint(ansiRed, "Blocked by a safety limit: "+visible(b)))
	}
	for _, n := range p.Notes {
		fmt.Fprintln(r.w, "Note: "+visible(n))
	}
	return r.w.Flush()
}

// SummaryLine is "Plan: 3 to create, 1 to update, 0 to delete, 2 to assert; 9 API calls."
func SummaryLine(p *plan.Plan) string {
	s := p.Summary
	calls := "API calls"
	if s.APICalls == 1 {
		calls = "API call"
	}
	return fmt.Sprintf("Plan: %d to create, %d to update, %d to delete, %d to assert; %d %s.",
		s.Create, s.Update, s.Delete, s.Assert, s.APICalls, calls)
}

// byKindLine counts steps by action and kind: "create: 2 member, 1 member_role; delete: 1 feature_flag".
func byKindLine(p *plan.Plan) string {
	var parts []string
	for _, a := range plan.Actions {
		var items []string
		for _, k := range plan.Kinds {
			if n := p.Summary.ByKind[string(a)+" "+string(k)]; n > 0 {
				items = append(items, fmt.Sprintf("%d %s", n, k))
			}
		}
		if len(items) > 0 {
			parts = append(parts, string(a)+": "+strings.Join(items, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func (r *textRenderer) step(s *plan.Step) {
	head := fmt.Sprintf("  %s %s", s.Action.Symbol(), visible(s.Address))
	fmt.Fprint(r.w, r.paint(actionColour(s.Action), head))
	if s.WriteOnly {
		fmt.Fprint(r.w, "  (write-only: Kinde cannot read it back, so it is re-applied when the file changes)")
	}
	if n := stepNote(s); n != "" {
		fmt.Fprint(r.w, "  ("+n+")")
	}
	fmt.Fprintln(r.w)
	for _, line := range detailLines(s) {
		fmt.Fprintln(r.w, "      "+line)
	}
}

// stepNote says how a step is carried out where that is not the usual way.
func stepNote(s *plan.Step) string {
	if s.Kind == plan.KindFeatureFlag && s.Action == plan.Delete && s.Target.All {
		return "every override at once: one DeleteOrganizationFeatureFlagOverrides call"
	}
	return ""
}

// detailLines shows what a step changes, field by field, every string
// made visible.
func detailLines(s *plan.Step) []string {
	return stepDetails(s, changeLines)
}

// stepDetails lists a step's changes field by field, in key order, each
// field's lines made by change; text and markdown differ only in change.
func stepDetails(s *plan.Step, change func(key string, before, after any, a plan.Action) []string) []string {
	bm, bIsMap := s.Before.(map[string]any)
	am, aIsMap := s.After.(map[string]any)
	switch {
	case bIsMap || aIsMap:
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			out = append(out, change(k, bm[k], am[k], s.Action)...)
		}
		return out
	case s.Kind == plan.KindMemberRole || s.Kind == plan.KindMemberPermission:
		return nil // the address says it all
	case s.Before == nil && s.After == nil:
		return nil
	}
	return change("value", s.Before, s.After, s.Action)
}

func changeLines(key string, before, after any, a plan.Action) []string {
	key = visible(key)
	switch a {
	case plan.Create, plan.Assert:
		return []string{key + ": " + FormatValue(after)}
	case plan.Delete:
		return []string{key + ": " + FormatValue(before)}
	}
	bs, bok := before.(string)
	as, aok := after.(string)
	if bok && aok && (len(bs) > longString || len(as) > longString || strings.Contains(bs+as, "\n")) {
		return append([]string{key + ":"}, lineDiff(bs, as)...)
	}
	return []string{key + ": " + FormatValue(before) + " → " + FormatValue(after)}
}

// lineDiff shows a long string change line by line, like a unified diff body.
func lineDiff(before, after string) []string {
	return diffLines(before, after, func(mark, l string) string {
		return "  " + mark + " " + visible(l)
	})
}

// diffLines diffs two strings by line and writes each line with line, given
// its mark: "+" inserted, "-" deleted, " " kept. Text and markdown differ
// only in how a marked line is written.
func diffLines(before, after string, line func(mark, l string) string) []string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(before+"\n", after+"\n")
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out []string
	for _, d := range diffs {
		mark := " "
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			mark = "+"
		case diffmatchpatch.DiffDelete:
			mark = "-"
		}
		for _, l := range strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n") {
			out = append(out, line(mark, l))
		}
	}
	return out
}

// FormatValue renders a before/after value compactly: strings quoted, lists
// in brackets, nothing as (none).
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		return strconv.Quote(x)
	case []string:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = visible(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				parts[i] = visible(s)
			} else {
				parts[i] = FormatValue(e)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = visible(k) + ": " + FormatValue(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return visible(fmt.Sprint(v))
}
