package live

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// ResolveOrg finds the organization a user names on the command line: by
// code, else by external_id, else by handle. A name that matches several
// organizations at the first level it matches is ambiguous: nothing is
// guessed.
func ResolveOrg(orgs []kinde.OrganizationSummary, ref string) (kinde.OrganizationSummary, error) {
	for _, key := range []func(kinde.OrganizationSummary) string{
		func(s kinde.OrganizationSummary) string { return s.Code },
		func(s kinde.OrganizationSummary) string { return s.ExternalID },
		func(s kinde.OrganizationSummary) string { return s.Handle },
	} {
		var found []kinde.OrganizationSummary
		for _, s := range orgs {
			if k := key(s); k != "" && k == ref {
				found = append(found, s)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		codes := make([]string, len(found))
		for i, s := range found {
			codes[i] = s.Code
		}
		slices.Sort(codes)
		return kinde.OrganizationSummary{}, fmt.Errorf("%q names %d organizations (%s): give the code", ref, len(found), strings.Join(codes, ", "))
	}
	return kinde.OrganizationSummary{}, fmt.Errorf("no organization has the code, external_id or handle %q", ref)
}
