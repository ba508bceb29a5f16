package plan

import "slices"

// FormatVersion is the version of the JSON plan (DESIGN §5).
const FormatVersion = 1

// Plan is an ordered list of steps: environment steps first (users and the
// kindesync_state property), then each organization's steps in DESIGN §4
// order. Orgs are independent of each other.
type Plan struct {
	FormatVersion int     `json:"format_version"`
	InputHash     string  `json:"input_hash"`
	Summary       Summary `json:"summary"`
	Steps         []Step  `json:"steps"`
	// Reads fingerprint the live objects each org's steps were computed from,
	// so that apply --plan can refuse a stale plan.
	Reads []Read `json:"reads,omitempty"`
	// Blocked names every safety limit the plan hits (DESIGN §4).
	Blocked []string `json:"blocked,omitempty"`
	// Notes say what the files ask that the plan does not do, and why
	// (billing fields of an existing organization).
	Notes []string `json:"notes,omitempty"`
	// Selection, when set, says the plan is partial: it covers only these
	// orgs (plan --org, --changed-from).
	Selection *Selection `json:"selection,omitempty"`
	// MaxDeleteFraction is the --max-delete-fraction the plan was made with:
	// apply --plan holds it to that or to a stricter one of its own.
	MaxDeleteFraction *float64 `json:"max_delete_fraction,omitempty"`
}

// Read is the fingerprint of one org's live state as it was read.
type Read struct {
	Organization string `json:"organization"` // "" for the environment
	Parts        Parts  `json:"parts"`
	// Listed marks an org known only from the organizations list.
	Listed      bool   `json:"listed,omitempty"`
	Fingerprint string `json:"fingerprint"`
}

// Summary counts steps by action and the API calls apply will make.
type Summary struct {
	Create   int            `json:"create"`
	Update   int            `json:"update"`
	Delete   int            `json:"delete"`
	Assert   int            `json:"assert"`
	APICalls int            `json:"api_calls"`
	ByKind   map[string]int `json:"by_kind,omitempty"` // "create member" -> n
}

// HasChanges reports whether the plan has any step.
func (p *Plan) HasChanges() bool { return len(p.Steps) > 0 }

// Summarize recomputes the summary from the steps.
func (p *Plan) Summarize() {
	s := Summary{ByKind: map[string]int{}}
	for i := range p.Steps {
		st := &p.Steps[i]
		st.Calls = nil // recomputed below, whatever a saved plan said
		switch st.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		case Assert:
			s.Assert++
		}
		s.ByKind[string(st.Action)+" "+string(st.Kind)]++
	}
	// Compile each group once, counting its calls and naming on each step
	// the calls that carry it out (a bulk call carries many steps).
	groups := map[string][]int{}
	var order []string
	for i := range p.Steps {
		org := p.Steps[i].Organization
		if p.Steps[i].CatalogRemoval() {
			org = "\x00after" // a group of its own, as Groups has it
		}
		if _, ok := groups[org]; !ok {
			order = append(order, org)
		}
		groups[org] = append(groups[org], i)
	}
	for _, org := range order {
		ids := groups[org]
		steps := make([]Step, len(ids))
		for j, i := range ids {
			steps[j] = p.Steps[i]
		}
		calls := Compile(steps)
		s.APICalls += len(calls)
		for _, c := range calls {
			desc := c.Method + " " + c.Path
			for _, j := range c.Steps {
				st := &p.Steps[ids[j]]
				st.Calls = append(st.Calls, desc)
			}
		}
	}
	if len(s.ByKind) == 0 {
		s.ByKind = nil
	}
	p.Summary = s
}

// Group is the steps of one organization, or of the environment (Organization "").
type Group struct {
	Organization string
	// After marks the environment's catalog removals, which run after every
	// organization (one may use what is removed until its own steps ran).
	After bool
	Steps []Step
}

// Groups splits the plan's steps by organization, keeping order. The
// environment group, if any, comes first, and the catalog removals last.
func (p *Plan) Groups() []Group {
	var out []Group
	idx := map[string]int{}
	for _, st := range p.Steps {
		key := st.Organization
		if st.CatalogRemoval() {
			key = "\x00after"
		}
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, Group{Organization: st.Organization, After: st.CatalogRemoval()})
		}
		out[i].Steps = append(out[i].Steps, st)
	}
	rank := func(g Group) int {
		switch {
		case g.After:
			return 2
		case g.Organization == "":
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b Group) int { return rank(a) - rank(b) })
	return out
}
