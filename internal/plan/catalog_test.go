package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGroupsCatalogRemovalsLast: the catalog's creates run with the
// environment before the orgs, its removals in a group of their own after
// them, and Summarize compiles each apart.
func TestGroupsCatalogRemovalsLast(t *testing.T) {
	p := &Plan{Steps: []Step{
		{Action: Create, Kind: KindRole, Address: "environment.role[a]", Target: Target{Key: "a", Fields: map[string]any{"key": "a", "name": "A"}}},
		{Action: Create, Kind: KindMemberRole, Organization: "org_1", Address: "organization[org_1].member[x].role[a]",
			Target: Target{OrgCode: "org_1", UserID: "kp_1", ID: RolePlaceholder("a")}},
		{Action: Delete, Kind: KindRole, Address: "environment.role[b]", Target: Target{Key: "b", ID: "r_b"}},
		{Action: Delete, Kind: KindRolePermission, Address: "environment.role[a].permission[p]", Target: Target{Key: "a", ID: "r_a", Fields: map[string]any{"permission_id": "p_1"}}},
	}}
	var got []string
	for _, g := range p.Groups() {
		label := g.Organization
		if g.After {
			label = "after"
		}
		for _, s := range g.Steps {
			got = append(got, label+" "+s.Address)
		}
	}
	want := []string{" environment.role[a]", "org_1 organization[org_1].member[x].role[a]", "after environment.role[b]", "after environment.role[a].permission[p]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	p.Summarize()
	if p.Summary.APICalls != 4 {
		t.Errorf("%d API calls, want 4", p.Summary.APICalls)
	}
	calls := Compile(p.Steps[3:])
	if len(calls) != 1 || calls[0].Path != "/api/v1/roles/r_a/permissions" {
		t.Fatalf("role permission removal compiles to %+v", calls)
	}
	want2 := map[string]any{"permissions": []any{map[string]any{"id": "p_1", "operation": "delete"}}}
	if diff := cmp.Diff(want2, calls[0].Body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
}
