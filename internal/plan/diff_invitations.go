package plan

import (
	"slices"

	"github.com/kindesync/kindesync/internal/spec"
)

// Kinde's per-organization limits on invitations (createOrganizationInvite
// names them without numbers). These are kindesync's assumptions, the same
// as the emulator's defaults; a plan that would pass either is refused
// before anything is written.
const (
	InviteActiveLimit = 100 // active (not accepted, not revoked) at once
	InviteDailyLimit  = 50  // created in a rolling 24 hours
)

// wantInvite is one invitation the plan wants pending.
type wantInvite struct {
	pos                 spec.Pos
	email               string
	first, last         string
	roles               []string // sorted
	fromMember, managed bool     // a member with no user; listed in invitations
}

// invite records a member with no Kinde user under missing_users: invite.
func (o *orgDiff) invite(w *spec.Member) {
	o.invites = append(o.invites, wantInvite{pos: w.Pos, email: w.Email, roles: sortedCopy(w.Roles), fromMember: true})
}

// invitations diffs the pending invitations: those of the invitations list
// (managed exactly: others pending are revoked) and those of members with no
// user. An invitation already accepted plans nothing: that person is a member
// now. Revokes come before creates, to make room under the active limit.
func (o *orgDiff) invitations() {
	for _, i := range o.want.Invitations {
		w := wantInvite{pos: i.Pos, email: i.Email, roles: sortedCopy(i.Roles), managed: true}
		if i.FirstName != nil {
			w.first = *i.FirstName
		}
		if i.LastName != nil {
			w.last = *i.LastName
		}
		o.invites = append(o.invites, w)
	}
	if len(o.invites) == 0 && o.want.Invitations == nil {
		return
	}
	env := &o.d.live.Env
	for _, w := range o.invites {
		for _, r := range w.roles {
			if _, ok := env.Roles[r]; !ok {
				o.d.nameProblem(w.pos, "invitation of %s: unknown role %q", w.email, r)
			}
		}
	}
	inv := o.have.Invites
	if inv == nil {
		inv = &Invites{}
	}
	pending := map[string][]PendingInvite{}
	for _, p := range inv.Pending {
		pending[p.Email] = append(pending[p.Email], p)
	}
	accepted := set(inv.Accepted)
	want := map[string]bool{}
	var creates []wantInvite
	var revokes []PendingInvite
	for _, w := range o.invites {
		want[w.email] = true
		if accepted[w.email] && !w.fromMember {
			continue
		}
		have := pending[w.email]
		// A member's invitation gives the member's roles; names are not the
		// member's to give, so only an invitations entry compares them.
		same := func(p PendingInvite) bool {
			return slices.Equal(p.Roles, w.roles) && (w.fromMember || (p.FirstName == w.first && p.LastName == w.last))
		}
		if len(have) == 1 && same(have[0]) {
			continue
		}
		revokes = append(revokes, have...)
		creates = append(creates, w)
	}
	if o.want.Invitations != nil {
		for _, p := range inv.Pending {
			if !want[p.Email] {
				revokes = append(revokes, p)
			}
		}
	}
	for _, p := range revokes {
		o.add(Step{Action: Delete, Kind: KindInvitation, Address: Address(o.label, "invitation", p.Email),
			Before: inviteAny(p.Email, p.FirstName, p.LastName, p.Roles), Target: Target{Email: p.Email, InviteCode: p.Code}})
	}
	send := o.d.doc.Options.SendInvitationEmail
	for _, w := range creates {
		after := inviteAny(w.email, w.first, w.last, w.roles)
		after["send_email"] = send
		o.add(Step{Action: Create, Kind: KindInvitation, Address: Address(o.label, "invitation", w.email), After: after,
			Target: Target{Email: w.email, Roles: w.roles, FirstName: w.first, LastName: w.last, SendEmail: send}})
	}
	if active := len(inv.Pending) - len(revokes) + len(creates); active > InviteActiveLimit {
		o.d.problem(o.want.Pos, "organization %s: the plan leaves %d active invitations; Kinde allows an organization at most %d (kindesync's assumption: the limit is not published)",
			o.label, active, InviteActiveLimit)
	}
	if recent := inv.CreatedLastDay + len(creates); len(creates) > 0 && recent > InviteDailyLimit {
		o.d.problem(o.want.Pos, "organization %s: the plan creates %d invitations, and %d were created in the last 24 hours; Kinde allows an organization at most %d a day (kindesync's assumption: the limit is not published)",
			o.label, len(creates), inv.CreatedLastDay, InviteDailyLimit)
	}
}

func inviteAny(email, first, last string, roles []string) map[string]any {
	m := map[string]any{"email": email, "roles": slices.Clone(roles)}
	if first != "" {
		m["first_name"] = first
	}
	if last != "" {
		m["last_name"] = last
	}
	return m
}
