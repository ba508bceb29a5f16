package plan

import (
	"fmt"

	"github.com/kindesync/kindesync/internal/spec"
)

// adoptsByHandle reports whether an entry without a code, which no live org
// matches by external_id, may take the live org that holds its handle. It
// may only when the entry gives no other external_id: an external_id is the
// identity the user chose, and an org found by handle that carries another
// one (or none, where the entry gives one) is a different org, most likely
// someone else's. Matching it would re-key that org in place (external_id
// "acme" → "beta") and apply the entry's members and flags to it; the user
// who means that says so with code. Apply's look-up after a conflict holds
// to the same rule (kinde.FindOrganization).
func (d *differ) adoptsByHandle(want *spec.Organization, have *LiveOrg) bool {
	if want.ExternalID == nil {
		return true
	}
	theirs := ""
	if have.Org.ExternalID != nil {
		theirs = *have.Org.ExternalID
	}
	if theirs == *want.ExternalID {
		return true
	}
	d.problem(want.Pos, "organization with external_id %q and handle %q: that handle is held by organization %s, whose external_id is %s; "+
		"an entry without code matches an organization by handle only when it gives no other external_id. "+
		"To manage %s (and change its external_id), give code: %s; to create a new organization, give it another handle",
		*want.ExternalID, *want.Handle, have.Org.Code, quotedOrNone(theirs), have.Org.Code, have.Org.Code)
	return false
}

func quotedOrNone(s string) string {
	if s == "" {
		return "empty"
	}
	return fmt.Sprintf("%q", s)
}
