package plan

import "github.com/kindesync/kindesync/internal/spec"

// StatePropertyKey is the private org property in which kindesync keeps the
// fingerprint of what it last applied that Kinde cannot read back (DESIGN §3).
const StatePropertyKey = spec.StateProperty

// Live is what was read from Kinde, in the shape of the spec model so that the
// diff is set arithmetic and export falls out of it.
type Live struct {
	Env  Env
	Orgs []*LiveOrg
	// EnvParts says what of the catalog was read, for a saved plan's re-read.
	EnvParts Parts
}

// Env is the environment catalog, resolving names to ids.
type Env struct {
	Roles       map[string]string // role key -> id
	Permissions map[string]string // permission key -> id
	Flags       map[string]Flag   // flag key -> type and environment value
	Properties  map[string]bool   // org property keys (kindesync_state excluded)
	// StateProperty reports whether the kindesync_state property exists.
	StateProperty bool
	// OrgCategoryID is a property category for org properties, where one exists.
	OrgCategoryID string
	Connections   []Connection
	// Users maps lower-case email to user id, for the emails looked up.
	Users map[string]string
	// APIs are the environment's APIs with their scopes, read only when a
	// file grants members API scopes.
	APIs []API `json:",omitempty"`
	// Catalog is the catalog in detail, read when the files manage it.
	Catalog *Catalog `json:",omitempty"`
}

// API is an environment API and its scopes.
type API struct {
	ID       string
	Audience string
	Scopes   map[string]string // scope key -> id
}

// Flag is an environment feature flag.
type Flag struct {
	Type    spec.FlagType
	Default spec.FlagValue
}

// Connection is an environment connection.
type Connection struct {
	ID   string
	Name string
	// Strategy tells an enterprise connection (SAML, WS-Fed, Entra ID),
	// the kind a customer's own SSO is.
	Strategy string `json:",omitempty"`
}

// LiveOrg is one live organization. Org holds the values read, in the spec
// shape: scalars always, collections only when they were read (the files
// manage them), otherwise nil.
type LiveOrg struct {
	Org       *spec.Organization
	IsDefault bool
	// Org.FeatureFlags holds overrides only: values that differ from the
	// environment's (DESIGN §3).
	// RolePermissions maps user id to the permission keys that member holds
	// through roles, each with the keys of the roles that grant it,
	// through roles, for the members whose permissions were read.
	RolePermissions map[string]map[string][]string
	// Logos are the logo types present, when logos were read.
	Logos map[string]bool
	// State is the parsed kindesync_state value, when properties were read.
	State State
	// Invites are the org's invitations, when they were read.
	Invites *Invites `json:",omitempty"`
	// Parts is what was read; Read is false for an org known only from the
	// organizations list.
	Parts Parts `json:"-"`
	Read  bool  `json:"-"`
	// Fingerprint is the saved plan's fingerprint of the org as read, when
	// the reader made it then, while other orgs were still being read; ""
	// when it did not.
	Fingerprint string `json:"-"`
}

// Invites are an org's invitations as the diff and the per-org limits need
// them.
type Invites struct {
	Pending []PendingInvite
	// Accepted are the lower-case emails of accepted invitations: those
	// people are members now, and their invitations plan nothing.
	Accepted []string
	// CreatedLastDay counts the invitations created in the 24 hours before
	// the read, revoked and accepted ones included (Kinde's rolling limit).
	CreatedLastDay int
}

// PendingInvite is an invitation neither accepted nor revoked.
type PendingInvite struct {
	Code      string
	Email     string // lower case
	FirstName string
	LastName  string
	Roles     []string // sorted
}

// Parts says what of one org is read; the rest costs nothing (DESIGN §3:
// read only what the files manage).
type Parts struct {
	Details     bool     `json:"details,omitempty"` // GET organization: colours, domains, sender, ...
	Members     bool     `json:"members,omitempty"`
	Permissions []string `json:"permissions,omitempty"` // user ids whose permissions are read
	// PermissionEmails are members by email whose permissions are managed;
	// their ids are known only once members are read.
	PermissionEmails []string `json:"-"`
	// AllPermissions reads every member's permissions (export).
	AllPermissions bool `json:"all_permissions,omitempty"`
	Flags          bool `json:"flags,omitempty"`
	Properties     bool `json:"properties,omitempty"`
	Connections    bool `json:"connections,omitempty"`
	Logos          bool `json:"logos,omitempty"`
	Invitations    bool `json:"invitations,omitempty"`
	// Catalog (the environment's Read only) is the catalog in detail, with
	// the permissions of these roles.
	Catalog         bool     `json:"catalog,omitempty"`
	RolePermissions []string `json:"role_permissions,omitempty"`
	// For the environment's read: the permissions list, or the property
	// categories, were not read (no step or check needed them); a saved
	// plan's re-read leaves them out too. Plans saved before these existed
	// read both.
	NoPermissions bool `json:"no_permissions,omitempty"`
	NoCategories  bool `json:"no_categories,omitempty"`
}
