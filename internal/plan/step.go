// Package plan is the pure middle of kindesync: (desired spec, live state)
// -> an ordered list of typed steps, the safety limits, the fingerprints of
// write-only settings, and the steps compiled into API calls. It also defines
// the live-state types it diffs (Live, LiveOrg), which internal/live fills.
//
// It imports only spec: never the Kinde client, net/http, a clock or a
// context, so every plan is a function of its inputs (deps_test.go checks).
package plan

import "fmt"

// Action is what a step does. The set is closed.
type Action string

// The actions of DESIGN §4.
const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
	// Assert re-applies write-only settings that Kinde cannot read back.
	Assert Action = "assert"
)

// Actions lists every action in summary order.
var Actions = []Action{Create, Update, Delete, Assert}

// Symbol is the one-character mark of the action in the text plan.
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	case Assert:
		return "!"
	}
	return "?"
}

// Kind is what a step acts on. The set is closed.
type Kind string

// The kinds of DESIGN §4.
const (
	KindOrganization     Kind = "organization"
	KindUser             Kind = "user"
	KindMember           Kind = "member"
	KindMemberRole       Kind = "member_role"
	KindMemberPermission Kind = "member_permission"
	KindFeatureFlag      Kind = "feature_flag"
	KindProperty         Kind = "property"
	KindConnection       Kind = "connection"
	KindLogo             Kind = "logo"
	KindHandle           Kind = "handle"
	KindMFA              Kind = "mfa"
	KindSessions         Kind = "sessions"
	KindMemberAPIScope   Kind = "member_api_scope"
	KindInvitation       Kind = "invitation"
)

// Kinds lists every kind in summary order.
var Kinds = append([]Kind{KindOrganization, KindUser, KindMember, KindMemberRole, KindMemberPermission,
	KindFeatureFlag, KindProperty, KindConnection, KindLogo, KindHandle, KindMFA, KindSessions,
	KindMemberAPIScope, KindInvitation}, CatalogKinds...)

// Step is one change. Steps are plain data so that a plan can be printed,
// compared and saved; Compile turns them into API calls.
//
// Before and After are the values shown to people: nil when the thing does not
// exist (before a create, after a delete) or cannot be read (write-only).
// Target carries what the API calls need.
type Step struct {
	Action       Action `json:"action"`
	Kind         Kind   `json:"kind"`
	Organization string `json:"organization"`
	Address      string `json:"address"`
	Before       any    `json:"before"`
	After        any    `json:"after"`
	WriteOnly    bool   `json:"write_only,omitempty"`
	Target       Target `json:"target"`
	// Calls names the API calls that carry the step out ("PATCH /api/v1/..."),
	// for reviewers; apply compiles them again from Target.
	Calls []string `json:"calls,omitempty"`
}

// Target is what the API calls of a step are made of. An empty OrgCode means
// the org is created by this plan; an empty UserID with an Email means the user
// is created by this plan. Apply fills both in as it goes.
type Target struct {
	OrgCode     string         `json:"org_code,omitempty"`
	OrgKey      string         `json:"org_key,omitempty"` // external_id or handle of a new org, to find it again
	UserID      string         `json:"user_id,omitempty"`
	Email       string         `json:"email,omitempty"`
	Key         string         `json:"key,omitempty"` // role, permission, flag, property key; logo type
	ID          string         `json:"id,omitempty"`  // role, permission or connection id
	Value       string         `json:"value,omitempty"`
	Fields      map[string]any `json:"fields,omitempty"` // organization create/update body
	Roles       []string       `json:"roles,omitempty"`
	Permissions []string       `json:"permissions,omitempty"`
	File        string         `json:"file,omitempty"` // logo file
	// FileSHA256 is the SHA-256 (hex) of the logo file as planned: apply
	// uploads those bytes or none (a plan saved before it was added holds
	// the hash in After only).
	FileSHA256   string `json:"file_sha256,omitempty"`
	CategoryID   string `json:"category_id,omitempty"`
	ExternalID   string `json:"external_id,omitempty"`
	Handle       string `json:"handle,omitempty"`
	SetNullValue bool   `json:"set_null,omitempty"` // property value removed
	// All marks the flag override deletes of an org that empties every
	// override: one call deletes them together.
	All bool `json:"all,omitempty"`
	// APIID is the API of a member's API scope (ID is the scope's id).
	APIID string `json:"api_id,omitempty"`
	// InviteCode is the invitation a revoke removes.
	InviteCode string `json:"invite_code,omitempty"`
	// SendEmail asks Kinde to email an invitation.
	SendEmail bool   `json:"send_email,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// Address builds the address of a thing inside an org, e.g.
// organization[acme].member[alice@acme.com].role[admin].
func Address(org string, parts ...string) string {
	s := fmt.Sprintf("organization[%s]", org)
	for i := 0; i+1 < len(parts); i += 2 {
		s += fmt.Sprintf(".%s[%s]", parts[i], parts[i+1])
	}
	return s
}

// phase orders steps inside an org (DESIGN §4).
func (s *Step) phase() int {
	switch s.Kind {
	case KindUser:
		return 0
	case KindOrganization:
		switch s.Action {
		case Create, Update:
			return 1
		case Assert:
			return 9
		case Delete:
			return 12
		}
	case KindHandle:
		return 2
	case KindConnection:
		return 3
	case KindMember:
		if s.Action == Delete {
			return 11
		}
		return 4
	case KindMemberAPIScope:
		if s.Action == Delete {
			// Before kindesync_state, which stops recording the grant: a
			// removal that fails must be planned again.
			return 9
		}
		return 5
	case KindMemberRole, KindMemberPermission:
		if s.Action == Delete {
			return 10
		}
		return 5
	case KindFeatureFlag:
		return 6
	case KindProperty:
		if s.Target.Key == StatePropertyKey && s.Organization != "" {
			return 9 // written last: it vouches for the logos and write-only settings
		}
		return 7
	case KindLogo:
		return 8
	case KindMFA, KindSessions:
		return 9
	case KindInvitation:
		// With the members; the diff puts revokes before creates, which
		// makes room under the per-org limit on active invitations.
		return 4
	}
	return 13
}
