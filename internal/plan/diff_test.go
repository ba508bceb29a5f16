package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/spec"
)

func ptr[T any](v T) *T { return &v }

func testEnv() Env {
	return Env{
		Roles:       map[string]string{"admin": "rol_admin", "viewer": "rol_viewer"},
		Permissions: map[string]string{"reports:read": "perm_read", "reports:write": "perm_write"},
		Flags: map[string]Flag{
			"dark_mode": {Type: spec.FlagBool, Default: spec.FlagValue{Type: spec.FlagBool}},
			"seats":     {Type: spec.FlagInt, Default: spec.FlagValue{Type: spec.FlagInt, Int: 5}},
		},
		Properties:    map[string]bool{"kp_org_city": true},
		StateProperty: true,
		Connections:   []Connection{{ID: "conn_google", Name: "Google"}},
		Users:         map[string]string{"alice@acme.com": "kp_alice", "bob@acme.com": "kp_bob"},
	}
}

func liveOrg(code string, mod func(o *LiveOrg)) *LiveOrg {
	lo := &LiveOrg{Org: &spec.Organization{Code: code, Name: ptr("Acme")}, Logos: map[string]bool{},
		RolePermissions: map[string]map[string][]string{}}
	if mod != nil {
		mod(lo)
	}
	return lo
}

// addrs lists "action kind address" of each step, the shape most cases check.
func addrs(p *Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, fmt.Sprintf("%s %s %s", s.Action, s.Kind, s.Address))
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name    string
		opts    spec.Options
		want    []*spec.Organization
		live    []*LiveOrg
		steps   []string
		calls   int
		blocked int
	}{
		{
			name: "no changes when equal",
			want: []*spec.Organization{{Code: "org_a", Name: ptr("Acme"), Members: []*spec.Member{{Email: "alice@acme.com", Roles: []string{"admin"}}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.Members = []*spec.Member{{ID: "kp_alice", Email: "alice@acme.com", Roles: []string{"admin"}}}
			})},
			steps: nil,
		},
		{
			name:  "new org found again by external_id is not created twice",
			want:  []*spec.Organization{{ExternalID: ptr("acme"), Name: ptr("Acme Inc")}},
			live:  []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) { o.Org.ExternalID = ptr("acme") })},
			steps: []string{`update organization organization[org_a]`},
			calls: 1,
		},
		{
			name:  "identity by handle",
			want:  []*spec.Organization{{Handle: ptr("acme"), Name: ptr("Acme")}},
			live:  []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) { o.Org.Handle = ptr("acme") })},
			steps: nil,
		},
		{
			name: "new org with members and flags, in order",
			want: []*spec.Organization{{ExternalID: ptr("new"), Name: ptr("New"), AllowedDomains: []string{"new.com"},
				FeatureFlags: []spec.FlagOverride{{Key: "seats", Value: spec.FlagValue{Type: spec.FlagInt, Int: 50}}},
				Members:      []*spec.Member{{Email: "alice@acme.com", Roles: []string{"admin"}}}}},
			steps: []string{
				"create organization organization[new]",
				"create member organization[new].member[alice@acme.com]",
				"create feature_flag organization[new].feature_flag[seats]",
			},
			calls: 4, // create, patch allowed_domains, bulk add, flag
		},
		{
			name:  "unmanaged members are left alone",
			want:  []*spec.Organization{{Code: "org_a"}},
			live:  []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) { o.Org.Members = []*spec.Member{{ID: "kp_bob", Email: "bob@acme.com"}} })},
			steps: nil,
		},
		{
			name:  "empty members removes every member",
			want:  []*spec.Organization{{Code: "org_a", Members: []*spec.Member{}}},
			live:  []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) { o.Org.Members = []*spec.Member{{ID: "kp_bob", Email: "bob@acme.com"}} })},
			steps: []string{"delete member organization[org_a].member[bob@acme.com]"},
			calls: 1,
		},
		{
			name: "roles diffed, unmanaged permissions untouched",
			want: []*spec.Organization{{Code: "org_a", Members: []*spec.Member{{Email: "alice@acme.com", Roles: []string{"viewer"}}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.Members = []*spec.Member{{ID: "kp_alice", Email: "alice@acme.com", Roles: []string{"admin"}, Permissions: []string{"reports:write"}}}
			})},
			steps: []string{
				"create member_role organization[org_a].member[alice@acme.com].role[viewer]",
				"delete member_role organization[org_a].member[alice@acme.com].role[admin]",
			},
			calls: 2,
		},
		{
			name: "a permission that also comes from a role is present and never removed",
			want: []*spec.Organization{{Code: "org_a", Members: []*spec.Member{{Email: "alice@acme.com", Permissions: []string{"reports:read"}}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.Members = []*spec.Member{{ID: "kp_alice", Email: "alice@acme.com", Roles: []string{"admin"}, Permissions: []string{"reports:write"}}}
				o.RolePermissions["kp_alice"] = map[string][]string{"reports:read": {"admin"}}
			})},
			steps: []string{"delete member_permission organization[org_a].member[alice@acme.com].permission[reports:write]"},
			calls: 1,
		},
		{
			name: "a permission shown only through a role the plan removes is removed too, in case it is also direct",
			want: []*spec.Organization{{Code: "org_a", Members: []*spec.Member{{Email: "alice@acme.com", Roles: []string{}, Permissions: []string{}}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.Members = []*spec.Member{{ID: "kp_alice", Email: "alice@acme.com", Roles: []string{"viewer"}, Permissions: []string{}}}
				o.RolePermissions["kp_alice"] = map[string][]string{"reports:read": {"viewer"}}
			})},
			steps: []string{
				"delete member_role organization[org_a].member[alice@acme.com].role[viewer]",
				"delete member_permission organization[org_a].member[alice@acme.com].permission[reports:read]",
			},
			calls: 2,
		},
		{
			name: "flag override equal to the environment value is no change; stray override deleted",
			want: []*spec.Organization{{Code: "org_a", FeatureFlags: []spec.FlagOverride{{Key: "seats", Value: spec.FlagValue{Type: spec.FlagInt, Int: 5}}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.FeatureFlags = []spec.FlagOverride{{Key: "dark_mode", Value: spec.FlagValue{Type: spec.FlagBool, Bool: true}}}
			})},
			steps: []string{"delete feature_flag organization[org_a].feature_flag[dark_mode]"},
			calls: 1,
		},
		{
			name: "properties set in one call, stray value cleared",
			want: []*spec.Organization{{Code: "org_a", Properties: []spec.PropertyValue{{Key: "kp_org_city", Value: "Sydney"}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.Org.Properties = []spec.PropertyValue{{Key: "kp_org_city", Value: "Perth"}}
			})},
			steps: []string{"update property organization[org_a].property[kp_org_city]"},
			calls: 1,
		},
		{
			name:  "connections by name",
			want:  []*spec.Organization{{Code: "org_a", Connections: []spec.Ref{{Value: "Google"}}}},
			live:  []*LiveOrg{liveOrg("org_a", nil)},
			steps: []string{"create connection organization[org_a].connection[Google]"},
			calls: 1,
		},
		{
			name: "write-only settings asserted, then the fingerprint stored",
			want: []*spec.Organization{{Code: "org_a", IsEnforceMFA: ptr(true), MFA: &spec.MFA{EnabledFactors: []string{"mfa:email"}}}},
			live: []*LiveOrg{liveOrg("org_a", nil)},
			steps: []string{
				"assert organization organization[org_a]",
				"assert mfa organization[org_a].mfa[org]",
				"create property organization[org_a].property[kindesync_state]",
			},
			calls: 3,
		},
		{
			name: "write-only settings with a matching fingerprint are not re-applied",
			want: []*spec.Organization{{Code: "org_a", IsEnforceMFA: ptr(true)}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				o.State.WriteOnly = Fingerprint(&spec.Organization{IsEnforceMFA: ptr(true)})
			})},
			steps: nil,
		},
		{
			name:  "unlisted orgs deleted when asked, never the default org, and blocked",
			opts:  spec.Options{DeleteUnlistedOrganizations: true},
			live:  []*LiveOrg{liveOrg("org_a", nil), liveOrg("org_default", func(o *LiveOrg) { o.IsDefault = true })},
			steps: []string{"delete organization organization[org_a]"},
			calls: 1, blocked: 1,
		},
		{
			name: "removing 3 of 8 members is blocked",
			want: []*spec.Organization{{Code: "org_a", Members: []*spec.Member{
				{ID: "kp_1"}, {ID: "kp_2"}, {ID: "kp_3"}, {ID: "kp_4"}, {ID: "kp_5"}}}},
			live: []*LiveOrg{liveOrg("org_a", func(o *LiveOrg) {
				for i := 1; i <= 8; i++ {
					o.Org.Members = append(o.Org.Members, &spec.Member{ID: fmt.Sprintf("kp_%d", i)})
				}
			})},
			steps: []string{
				"delete member organization[org_a].member[kp_6]",
				"delete member organization[org_a].member[kp_7]",
				"delete member organization[org_a].member[kp_8]",
			},
			calls: 1, blocked: 1,
		},
		{
			name: "missing user created once for two orgs",
			opts: spec.Options{MissingUsers: spec.MissingUsersCreate},
			want: []*spec.Organization{
				{Code: "org_a", Members: []*spec.Member{{Email: "new@acme.com"}}},
				{Code: "org_b", Members: []*spec.Member{{Email: "new@acme.com"}}},
			},
			live: []*LiveOrg{liveOrg("org_a", nil), liveOrg("org_b", nil)},
			steps: []string{
				"create user user[new@acme.com]",
				"create member organization[org_a].member[new@acme.com]",
				"create member organization[org_b].member[new@acme.com]",
			},
			calls: 3,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if opts.MissingUsers == "" {
				opts.MissingUsers = spec.MissingUsersError
			}
			doc := &spec.Document{Options: opts, Organizations: tc.want}
			p, err := Diff(doc, &Live{Env: testEnv(), Orgs: tc.live}, Options{MaxDeleteFraction: DefaultMaxDeleteFraction})
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if diff := cmp.Diff(tc.steps, addrs(p)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			if p.Summary.APICalls != tc.calls {
				t.Errorf("API calls = %d, want %d", p.Summary.APICalls, tc.calls)
			}
			if len(p.Blocked) != tc.blocked {
				t.Errorf("blocked = %q, want %d limits", p.Blocked, tc.blocked)
			}
		})
	}
}

func TestDiffProblems(t *testing.T) {
	pos := spec.Pos{File: "orgs.yaml", Line: 7, Col: 9}
	doc := &spec.Document{Options: spec.Options{MissingUsers: spec.MissingUsersError}, Organizations: []*spec.Organization{
		{Pos: pos, Code: "org_missing"},
		{Pos: pos, Code: "org_a", Members: []*spec.Member{{Pos: pos, Email: "ghost@acme.com", Roles: []string{"owner"}}},
			FeatureFlags: []spec.FlagOverride{{Pos: pos, Key: "seats", Value: spec.FlagValue{Type: spec.FlagString, String: "x"}}}},
	}}
	_, err := Diff(doc, &Live{Env: testEnv(), Orgs: []*LiveOrg{liveOrg("org_a", nil)}}, Options{})
	want := strings.Join([]string{
		`orgs.yaml:7:9: organization "org_missing" does not exist in Kinde (a new organization leaves out code: Kinde picks codes)`,
		`orgs.yaml:7:9: member ghost@acme.com: unknown role "owner"`,
		`orgs.yaml:7:9: no Kinde user has the email ghost@acme.com (options.missing_users: create would create one)`,
		`orgs.yaml:7:9: feature flag "seats" is of type int, not str`,
	}, "\n")
	if err == nil {
		t.Fatal("Diff succeeded, want problems")
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestCompileBatchesMembers(t *testing.T) {
	var steps []Step
	for i := range 250 {
		steps = append(steps, Step{Action: Create, Kind: KindMember, Organization: "org_a",
			Target: Target{OrgCode: "org_a", UserID: fmt.Sprintf("kp_%d", i)}})
	}
	calls := Compile(steps)
	var sizes []int
	for _, c := range calls {
		sizes = append(sizes, len(c.Body.(map[string]any)["users"].([]any)))
	}
	if diff := cmp.Diff([]int{100, 100, 50}, sizes); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}
}
