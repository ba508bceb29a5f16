package live

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/spec"
)

// Stale re-reads what a saved plan was computed from and names every object
// that changed since: a plan is only safe to carry out against the state it
// was computed from (DESIGN §4). It returns the orgs it re-read, for the
// safety limits to be evaluated again.
func Stale(ctx context.Context, src Source, p *plan.Plan) ([]string, []*plan.LiveOrg, error) {
	if len(p.Reads) == 0 {
		return []string{"the saved plan holds no fingerprints of what it read"}, nil, nil
	}
	var envRead *plan.Read
	for i := range p.Reads {
		if p.Reads[i].Organization == "" {
			envRead = &p.Reads[i]
		}
	}
	if envRead == nil {
		return []string{"the saved plan holds no fingerprint of the environment"}, nil, nil
	}
	env, err := ReadEnvParts(ctx, src, envRead.Parts)
	if err != nil {
		return nil, nil, err
	}
	var changed []string
	if envFingerprint(&env) != envRead.Fingerprint {
		changed = append(changed, "the environment (roles, permissions, feature flags, properties or connections)")
	}
	summaries, cache, err := staleSummaries(ctx, src, p)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]kinde.OrganizationSummary{}
	byKey := map[string]bool{}
	for _, s := range summaries {
		byCode[s.Code] = s
		byKey["external_id:"+s.ExternalID] = s.ExternalID != ""
		byKey["handle:"+s.Handle] = s.Handle != ""
	}
	// An org the plan creates that exists now was made by someone else (or
	// another run) in between: creating it again would make a second one.
	for _, st := range p.Steps {
		if st.Kind != plan.KindOrganization || st.Action != plan.Create {
			continue
		}
		if byKey["external_id:"+st.Target.ExternalID] || byKey["handle:"+st.Target.Handle] {
			changed = append(changed, fmt.Sprintf("organization %s, which the plan creates, exists now", st.Organization))
		}
	}
	var mu sync.Mutex
	var reread []*plan.LiveOrg
	err = parallel(ctx, len(p.Reads), 16, func(i int) error {
		r := p.Reads[i]
		if r.Organization == "" {
			return nil
		}
		s, ok := byCode[r.Organization]
		var msg string
		switch {
		case !ok:
			msg = fmt.Sprintf("organization %s no longer exists", r.Organization)
		case r.Listed:
			lo := summaryOrg(s)
			if orgFingerprint(lo) != r.Fingerprint {
				msg = fmt.Sprintf("organization %s changed", r.Organization)
			}
			mu.Lock()
			reread = append(reread, lo)
			mu.Unlock()
		default:
			lo, err := readOrg(ctx, src, s, r.Parts, &env, cache.take(s.Code))
			if err != nil {
				return fmt.Errorf("reading organization %s: %w", r.Organization, err)
			}
			lo.Read = true
			if orgFingerprint(lo) != r.Fingerprint {
				msg = fmt.Sprintf("organization %s changed", r.Organization)
			}
			mu.Lock()
			reread = append(reread, lo)
			mu.Unlock()
		}
		if msg != "" {
			mu.Lock()
			changed = append(changed, msg)
			mu.Unlock()
		}
		return nil
	})
	sort.Strings(changed)
	return changed, reread, err
}

// staleSummaries reads the org list, or for a partial plan that creates no
// org and deletes none (so needs the list for neither) each org it read by
// code, as plan did.
func staleSummaries(ctx context.Context, src Source, p *plan.Plan) ([]kinde.OrganizationSummary, *detailsCache, error) {
	if p.Selection == nil {
		s, err := src.GetOrganizations(ctx)
		return s, nil, err
	}
	var orgs []*spec.Organization
	allDetails := true
	for _, r := range p.Reads {
		if r.Organization != "" {
			allDetails = allDetails && r.Parts.Details
		}
		if r.Listed {
			s, err := src.GetOrganizations(ctx)
			return s, nil, err
		}
		if r.Organization != "" {
			orgs = append(orgs, &spec.Organization{Code: r.Organization})
		}
	}
	for _, st := range p.Steps {
		if st.Kind == plan.KindOrganization && st.Action == plan.Create || !allDetails && len(orgs) > targetedMax {
			s, err := src.GetOrganizations(ctx)
			return s, nil, err
		}
	}
	sums, full, err := readByCode(ctx, src, orgs, 16)
	return sums, &detailsCache{m: full}, err
}
