package plan

import "github.com/kindesync/kindesync/internal/spec"

// pending refuses the parts of the format this build reads but does not
// plan yet, rather than leave them silently unapplied.
func (d *differ) pending(o *spec.Organization) {
	if d.doc.Options.MissingUsers == spec.MissingUsersInvite {
		d.problem(o.Pos, "options.missing_users: invite is not planned by this build yet")
	}
	if o.Invitations != nil {
		d.problem(o.Pos, "invitations are not planned by this build yet")
	}
}
