package apply

import (
	"fmt"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// explain turns refusals a user can act on into a message that says how.
func explain(c plan.Call, s plan.Step, err error) error {
	if c.Op == "createOrganizationInvite" && kinde.HasCode(err, "ORGANIZATION_DIRECTORY_SYNCED") {
		return fmt.Errorf("organization %s is managed by directory sync, and Kinde refuses invitations to it: "+
			"invite %s in the identity provider, and leave invitations (and missing_users: invite) out for this organization: %w",
			s.Organization, s.Target.Email, err)
	}
	return err
}
