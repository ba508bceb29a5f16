package plan

import (
	"fmt"
	"slices"
	"sort"

	"github.com/kindesync/kindesync/internal/spec"
)

// Options tune the diff.
type Options struct {
	// LogoHashes maps each logo file named in the document to the SHA-256 of
	// its content; the caller reads the files so that the diff stays pure.
	LogoHashes map[string]string
	// AllowDeletes lifts the safety limits of DESIGN §4.
	AllowDeletes bool
	// AllowSuspend lifts only the limit on suspending organizations.
	AllowSuspend bool
	// MaxDeleteFraction is the largest share of a collection one run may
	// remove (DefaultMaxDeleteFraction unless the user says otherwise; 0
	// allows no removal from a guarded collection).
	MaxDeleteFraction float64
	// NamesChecked says the caller has run spec's CheckNames, which points
	// at the exact key: unknown names are then skipped, not reported twice.
	NamesChecked bool
	// Selection limits the diff to the orgs it matches; delete_unlisted
	// then removes only live orgs inside it. Entries outside it are still
	// matched to live orgs, so that a listed org is never taken for an
	// unlisted one.
	Selection *Selection
}

// differ holds the state of one Diff call.
type differ struct {
	doc      *spec.Document
	live     *Live
	opt      Options
	problems spec.Problems
	env      []Step          // environment steps: users, the state property
	users    map[string]bool // emails of users this plan creates
	needProp bool            // some org writes kindesync_state
	notes    []string        // said once per plan: what the files ask that no step does
}

// Diff computes the ordered steps that make live equal to doc. It does no I/O.
// Input problems (unknown names, missing users, codes that do not exist) come
// back as spec.Problems, all at once.
func Diff(doc *spec.Document, live *Live, opt Options) (*Plan, error) {
	d := &differ{doc: doc, live: live, opt: opt, users: map[string]bool{}}
	// The catalog diff extends a copy of the environment with what the plan
	// creates, for the orgs' diffs; live stays as read.
	d.live = &Live{Env: copyEnv(live.Env), Orgs: live.Orgs}
	catalogEarly, catalogLate := d.catalog()
	byCode := map[string]*LiveOrg{}
	byExt := map[string]*LiveOrg{}
	byHandle := map[string]*LiveOrg{}
	for _, lo := range live.Orgs {
		byCode[lo.Org.Code] = lo
		if lo.Org.ExternalID != nil && *lo.Org.ExternalID != "" {
			byExt[*lo.Org.ExternalID] = lo
		}
		if lo.Org.Handle != nil && *lo.Org.Handle != "" {
			byHandle[*lo.Org.Handle] = lo
		}
	}
	matched := map[string]spec.Pos{} // live code -> the file entry matching it
	var orgSteps [][]Step
	sel := opt.Selection
	var selected []string
	for _, want := range doc.Organizations {
		var have *LiveOrg
		if !sel.MatchesEntry(want) {
			if lo := matchEntry(want, byCode, byExt, byHandle); lo != nil {
				if _, dup := matched[lo.Org.Code]; !dup {
					matched[lo.Org.Code] = want.Pos
				}
			}
			continue
		}
		switch {
		case want.Code != "":
			have = byCode[want.Code]
			if have == nil {
				d.problem(want.Pos, "organization %q does not exist in Kinde (a new organization leaves out code: Kinde picks codes)", want.Code)
				continue
			}
		case want.ExternalID != nil && byExt[*want.ExternalID] != nil:
			have = byExt[*want.ExternalID]
		case want.Handle != nil && byHandle[*want.Handle] != nil:
			have = byHandle[*want.Handle]
			if !d.adoptsByHandle(want, have) {
				continue
			}
		}
		if have != nil {
			if first, dup := matched[have.Org.Code]; dup {
				d.problem(want.Pos, "organization %s is matched by this entry and by the one at %s", have.Org.Code, first)
				continue
			}
			matched[have.Org.Code] = want.Pos
		}
		selected = append(selected, orgLabel(want, have))
		orgSteps = append(orgSteps, d.org(want, have))
	}
	if doc.Options.DeleteUnlistedOrganizations {
		for _, lo := range live.Orgs {
			if _, ok := matched[lo.Org.Code]; ok || lo.IsDefault || !sel.MatchesLive(lo.Org) {
				continue
			}
			selected = append(selected, lo.Org.Code)
			orgSteps = append(orgSteps, []Step{{
				Action: Delete, Kind: KindOrganization, Organization: lo.Org.Code,
				Address: Address(lo.Org.Code), Before: orgSummary(lo.Org),
				Target: Target{OrgCode: lo.Org.Code},
			}})
		}
	}
	if len(d.problems) > 0 {
		sort.SliceStable(d.problems, func(i, j int) bool {
			a, b := d.problems[i].Pos, d.problems[j].Pos
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, d.problems
	}
	if d.needProp && !live.Env.StateProperty {
		d.env = append(d.env, Step{
			Action: Create, Kind: KindProperty, Address: "property[" + StatePropertyKey + "]",
			After:  map[string]any{"key": StatePropertyKey, "context": "org", "is_private": true},
			Target: Target{Key: StatePropertyKey, CategoryID: live.Env.OrgCategoryID},
		})
	}
	p := &Plan{FormatVersion: FormatVersion, Steps: append(catalogEarly, d.env...), Notes: d.notes}
	for _, steps := range orgSteps {
		slices.SortStableFunc(steps, func(a, b Step) int { return a.phase() - b.phase() })
		p.Steps = append(p.Steps, steps...)
	}
	p.Steps = append(p.Steps, catalogLate...)
	if p.Steps == nil {
		p.Steps = []Step{}
	}
	p.Blocked = d.safety(append(orgSteps, catalogLate))
	if sel != nil {
		slices.Sort(selected)
		p.Selection = &Selection{Patterns: sel.Patterns, Organizations: slices.Compact(selected), Reasons: sel.Reasons,
			DeleteUnlisted: doc.Options.DeleteUnlistedOrganizations}
	}
	p.Summarize()
	return p, nil
}

// matchEntry finds the live org a file entry names, if any.
func matchEntry(want *spec.Organization, byCode, byExt, byHandle map[string]*LiveOrg) *LiveOrg {
	switch {
	case want.Code != "":
		return byCode[want.Code]
	case want.ExternalID != nil && byExt[*want.ExternalID] != nil:
		return byExt[*want.ExternalID]
	case want.Handle != nil && byHandle[*want.Handle] != nil:
		return byHandle[*want.Handle]
	}
	return nil
}

// nameProblem reports a name the environment lacks, unless CheckNames has.
func (d *differ) nameProblem(pos spec.Pos, format string, args ...any) {
	if !d.opt.NamesChecked {
		d.problem(pos, format, args...)
	}
}

func (d *differ) problem(pos spec.Pos, format string, args ...any) {
	d.problems = append(d.problems, spec.Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// orgLabel is how a plan names an org: its code, or for a new org its
// external_id or handle (DESIGN §5).
func orgLabel(want *spec.Organization, have *LiveOrg) string {
	switch {
	case have != nil:
		return have.Org.Code
	case want.ExternalID != nil && *want.ExternalID != "":
		return *want.ExternalID
	case want.Handle != nil:
		return *want.Handle
	}
	return ""
}

// org diffs one organization; have is nil for an org to create.
func (d *differ) org(want *spec.Organization, have *LiveOrg) []Step {
	label := orgLabel(want, have)
	t := Target{}
	if have != nil {
		t.OrgCode = have.Org.Code
	} else {
		t.OrgKey = label
		if want.ExternalID != nil {
			t.ExternalID = *want.ExternalID
		}
		if want.Handle != nil {
			t.Handle = *want.Handle
		}
		if want.Name == nil {
			d.problem(want.Pos, "new organization %q needs a name", label)
		}
		// Diff the new org against an empty one: every managed field and
		// collection becomes a create.
		have = &LiveOrg{Org: &spec.Organization{}, Logos: map[string]bool{}}
	}
	o := orgDiff{d: d, want: want, have: have, label: label, target: t, isNew: t.OrgCode == "", state: have.State}
	o.fields()
	o.billing()
	o.connections()
	o.members()
	o.invitations()
	o.flags()
	o.properties()
	o.logos()
	o.writeOnly()
	o.checkStateSize()
	return o.steps
}

// orgDiff diffs one organization.
type orgDiff struct {
	d       *differ
	want    *spec.Organization
	have    *LiveOrg
	label   string
	target  Target
	isNew   bool
	steps   []Step
	state   State // the kindesync_state value after this plan
	writes  bool  // state must be written
	scoped  []scopedMember
	invites []wantInvite
}

// add appends a step, with the org's identity filled into its target.
func (o *orgDiff) add(s Step) {
	s.Organization = o.label
	t := &s.Target
	t.OrgCode, t.OrgKey, t.ExternalID, t.Handle = o.target.OrgCode, o.target.OrgKey, o.target.ExternalID, o.target.Handle
	o.steps = append(o.steps, s)
}

func orgSummary(o *spec.Organization) map[string]any {
	m := map[string]any{"code": o.Code}
	if o.Name != nil {
		m["name"] = *o.Name
	}
	if o.ExternalID != nil && *o.ExternalID != "" {
		m["external_id"] = *o.ExternalID
	}
	if o.Handle != nil && *o.Handle != "" {
		m["handle"] = *o.Handle
	}
	return m
}
