package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/spec"
)

// targetedMax is the largest selection read org by org without the full
// list when some of its orgs need no GET of their own: a list page holds
// 500 orgs, so past a few dozen orgs one by one costs more than paging.
// When every selected org needs its details anyway, reading them by code
// costs nothing extra and saves the list whatever the selection's size.
const targetedMax = 10

// selectedOrgs returns the entries of doc inside the selection.
func selectedOrgs(doc *spec.Document, sel *plan.Selection) []*spec.Organization {
	if sel == nil {
		return doc.Organizations
	}
	var out []*spec.Organization
	for _, o := range doc.Organizations {
		if sel.MatchesEntry(o) {
			out = append(out, o)
		}
	}
	return out
}

// targeted reports whether the selected orgs can be read by code alone:
// every one has a code, delete_unlisted (which needs the list) is off, and
// reading by code costs no more than listing.
func targeted(doc *spec.Document, orgs []*spec.Organization, sel *plan.Selection) bool {
	if sel == nil || doc.Options.DeleteUnlistedOrganizations {
		return false
	}
	allDetails := true
	for _, o := range orgs {
		if o.Code == "" {
			return false
		}
		allDetails = allDetails && partsFor(o).Details
	}
	return allDetails || len(orgs) <= targetedMax
}

// readByCode reads each org with GET /organization?code=, which answers the
// summary and the details in one call. An org that does not exist is left
// out, for the diff to report at its entry.
func readByCode(ctx context.Context, src Source, orgs []*spec.Organization, width int) ([]kinde.OrganizationSummary, map[string]*kinde.Organization, error) {
	full := make([]*kinde.Organization, len(orgs))
	err := parallel(ctx, len(orgs), width, func(i int) error {
		o, err := src.GetOrganization(ctx, orgs[i].Code)
		if missingOrg(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading organization %s: %w", orgs[i].Code, err)
		}
		full[i] = o
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var sums []kinde.OrganizationSummary
	byCode := map[string]*kinde.Organization{}
	for _, o := range full {
		if o == nil || byCode[o.Code] != nil {
			continue
		}
		byCode[o.Code] = o
		sums = append(sums, kinde.OrganizationSummary{Code: o.Code, Name: o.Name, Handle: o.Handle, IsDefault: o.IsDefault,
			ExternalID: o.ExternalID, IsAutoMembershipEnabled: o.IsAutoMembershipEnabled})
	}
	return sums, byCode, nil
}

// missingOrg reports Kinde's answer for a code no org has: 400
// ORGANIZATION_INVALID (a 404 is taken the same way).
func missingOrg(err error) bool {
	var ae *kinde.APIError
	return err != nil && (kinde.IsNotFound(err) || errors.As(err, &ae) && ae.HasCode("ORGANIZATION_INVALID"))
}

// detailsCache hands ReadOrg the details already read by code, once each.
type detailsCache struct {
	mu sync.Mutex
	m  map[string]*kinde.Organization
}

func (c *detailsCache) take(code string) *kinde.Organization {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	o := c.m[code]
	delete(c.m, code)
	return o
}
