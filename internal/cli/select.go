package cli

import "github.com/kindesync/kindesync/internal/plan"

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
