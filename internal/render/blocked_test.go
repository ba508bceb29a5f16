package render

import (
	"fmt"
	"testing"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// TestParseLimitReadsPlansMessages: the messages plan writes for each
// limit are read back, so that the markdown plan groups them; a message
// of another shape is shown whole.
func TestParseLimitReadsPlansMessages(t *testing.T) {
	var members []*spec.Member
	var steps []plan.Step
	for i := range 8 {
		email := fmt.Sprintf("u%d@acme.com", i)
		members = append(members, &spec.Member{Email: email, ID: fmt.Sprintf("kp_%d", i), Roles: []string{"viewer"}})
		if i < 3 {
			steps = append(steps, plan.Step{Action: plan.Delete, Kind: plan.KindMemberRole, Organization: "org_a",
				Address: plan.Address("org_a", "member", email, "role", "viewer"), Target: plan.Target{OrgCode: "org_a", Key: "viewer"}})
		}
	}
	steps = append(steps,
		plan.Step{Action: plan.Delete, Kind: plan.KindOrganization, Organization: "org_b", Address: plan.Address("org_b"), Target: plan.Target{OrgCode: "org_b"}},
		plan.Step{Action: plan.Delete, Kind: plan.KindRole, Address: "environment.role[billing]", Target: plan.Target{Key: "billing"}},
		plan.Step{Action: plan.Delete, Kind: plan.KindConnection, Organization: "org_c", Address: plan.Address("org_c", "connection", "Okta"),
			Before: map[string]any{"strategy": "saml:okta"}, Target: plan.Target{OrgCode: "org_c"}},
		plan.Step{Action: plan.Update, Kind: plan.KindOrganization, Organization: "org_d", Address: plan.Address("org_d"),
			Before: map[string]any{"is_suspended": false}, After: map[string]any{"is_suspended": true}},
	)
	live := []*plan.LiveOrg{{Org: &spec.Organization{Code: "org_a", Members: members}}}
	msgs := append(plan.Safety(steps, live, 0.25), plan.SSORemovals(steps)...)
	msgs = append(msgs, plan.Suspensions(steps)...)
	want := []struct{ subject, limit, detail string }{
		{"org_b", "deleting an organization", ""},
		{"environment.role[billing]", "deleting a role from the environment", ""},
		{"org_a", "removing more than 25% of the member roles", "3 of 8"},
		{"org_c", "turning off the enterprise (SSO) connection[Okta] (saml:okta)", ""},
		{"org_d", "suspending an organization logs out every member", ""},
	}
	if len(msgs) != len(want) {
		t.Fatalf("plan wrote %d messages, want %d: %q", len(msgs), len(want), msgs)
	}
	for i, m := range msgs {
		h := parseLimit(m)
		if h.subject != want[i].subject || h.limit != want[i].limit || h.detail != want[i].detail {
			t.Errorf("parseLimit(%q) = %q, %q, %q; want %q, %q, %q", m, h.subject, h.limit, h.detail, want[i].subject, want[i].limit, want[i].detail)
		}
	}
	if h := parseLimit("something plan does not write yet"); h.subject != "" || h.limit != "something plan does not write yet" {
		t.Errorf("an unknown message is read as %+v", h)
	}
}
