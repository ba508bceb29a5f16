package cli

import (
	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// SelectFlags narrow a plan or an apply to some organizations.
type SelectFlags struct {
	Org []string `name:"org" sep:"none" placeholder:"SEL" help:"Plan only the organizations whose code, external_id or handle, as the files write it, matches SEL: a value or a glob (repeatable). delete_unlisted_organizations then deletes only unlisted orgs whose identity in Kinde matches."`
}

// selection turns --org into a plan.Selection; nil without --org.
func (f SelectFlags) selection() (*plan.Selection, error) {
	if len(f.Org) == 0 {
		return nil, nil
	}
	if err := plan.CheckPatterns(f.Org); err != nil {
		return nil, err
	}
	return &plan.Selection{Patterns: append([]string(nil), f.Org...)}, nil
}

// loadSelected loads the files; with a selection, the entries it does not
// select keep only their identities (spec.Loader.Keep): a plan of one org
// of 10,000 does not parse and check the other 9,999. read, if set, holds
// files read already (spec.Loader.Sources).
func loadSelected(files []string, sel *plan.Selection, read map[string]*spec.Source) (*spec.Document, error) {
	l := &spec.Loader{Sources: read}
	if sel != nil {
		l.Keep = func(code, externalID, handle string) bool {
			return sel.MatchesEntry(&spec.Organization{Code: code, ExternalID: &externalID, Handle: &handle})
		}
	}
	return l.Load(files...)
}
