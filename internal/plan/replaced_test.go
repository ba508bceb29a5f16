package plan

import (
	"fmt"
	"testing"

	"github.com/kindesync/kindesync/internal/spec"
)

// TestSafetyNamesReplacement: removals over the limit that are replaced
// for the same members say by what; removals that are not, or keys given
// to other members, do not.
func TestSafetyNamesReplacement(t *testing.T) {
	var members []*spec.Member
	for i := range 8 {
		members = append(members, &spec.Member{Email: fmt.Sprintf("u%d@acme.com", i), ID: fmt.Sprintf("kp_%d", i), Roles: []string{"viewer"}})
	}
	live := []*LiveOrg{{Org: &spec.Organization{Code: "org_a", Members: members}}}
	step := func(a Action, k Kind, user, key string) Step {
		return Step{Action: a, Kind: k, Organization: "org_a", Address: Address("org_a", "member", user, "role", key),
			Target: Target{OrgCode: "org_a", UserID: user, Key: key}}
	}
	removals := func(extra ...Step) []Step {
		var out []Step
		for i := range 4 {
			out = append(out, step(Delete, KindMemberRole, fmt.Sprintf("kp_%d", i), "viewer"))
		}
		return append(out, extra...)
	}
	tests := []struct {
		name  string
		steps []Step
		want  string
	}{
		{"not replaced", removals(), "organization[org_a]: removing 4 of 8 member roles (more than 25%)"},
		{"replaced", removals(step(Create, KindMemberRole, "kp_0", "admin"), step(Create, KindMemberRole, "kp_1", "admin")),
			"organization[org_a]: removing 4 of 8 member roles (more than 25%); replaced by admin"},
		{"given to another member", removals(step(Create, KindMemberRole, "kp_7", "admin")),
			"organization[org_a]: removing 4 of 8 member roles (more than 25%)"},
		{"many keys", removals(step(Create, KindMemberRole, "kp_0", "d"), step(Create, KindMemberRole, "kp_0", "c"),
			step(Create, KindMemberRole, "kp_1", "b"), step(Create, KindMemberRole, "kp_2", "a")),
			"organization[org_a]: removing 4 of 8 member roles (more than 25%); replaced by a, b, c and 1 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Safety(tt.steps, live, 0.25)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("Safety = %q, want [%q]", got, tt.want)
			}
		})
	}
}
