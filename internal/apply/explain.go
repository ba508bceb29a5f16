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
	if c.Op == "UpdateOrganizationFeatureFlagOverride" && kinde.HasCode(err, "FEATURE_FLAG_OVERRIDE_NOT_ALLOWED") {
		return fmt.Errorf("organizations cannot override feature flag %q: Kinde refuses it, as the flag's allow_override_level "+
			"(fixed when the flag was created) is env; leave the flag out of this organization's feature_flags, and give it "+
			"allow_override_level env in environment.feature_flags so that plan refuses it first (this step alone failed; "+
			"the organization's other steps went on): %w", s.Target.Key, err)
	}
	return err
}
