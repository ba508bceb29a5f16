package live

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/plan"
)

// now is the clock of the invitation limit's rolling 24 hours; tests set it.
var now = time.Now

// readInvites reads an org's invitations: the pending ones to diff, the
// accepted emails, and how many were created in the last 24 hours.
func readInvites(ctx context.Context, src Source, code string) (*plan.Invites, error) {
	list, err := src.GetOrganizationInvites(ctx, code)
	if err != nil {
		return nil, err
	}
	out := &plan.Invites{Pending: []plan.PendingInvite{}, Accepted: []string{}}
	since := now().Add(-24 * time.Hour)
	for _, i := range list {
		if t, err := time.Parse(time.RFC3339, i.CreatedOn); err != nil || t.After(since) {
			// A time that does not parse counts as recent: the limit is
			// better met early than missed.
			out.CreatedLastDay++
		}
		email := strings.ToLower(i.Email)
		switch {
		case i.AcceptedOn != nil && *i.AcceptedOn != "":
			out.Accepted = append(out.Accepted, email)
		case i.IsRevoked:
		default:
			p := plan.PendingInvite{Code: i.Code, Email: email, Roles: []string{}}
			if i.FirstName != nil {
				p.FirstName = *i.FirstName
			}
			if i.LastName != nil {
				p.LastName = *i.LastName
			}
			for _, r := range i.Roles {
				p.Roles = append(p.Roles, r.Key)
			}
			slices.Sort(p.Roles)
			out.Pending = append(out.Pending, p)
		}
	}
	slices.SortFunc(out.Pending, func(a, b plan.PendingInvite) int {
		return strings.Compare(a.Email+"\x00"+a.Code, b.Email+"\x00"+b.Code)
	})
	slices.Sort(out.Accepted)
	out.Accepted = slices.Compact(out.Accepted)
	return out, nil
}
