// Package spec is kindesync's YAML model (DESIGN §2): loading, environment
// interpolation, validation and the JSON Schema. It knows nothing of HTTP and
// imports no other package of kindesync.
//
// Three states are kept apart everywhere: a scalar field that is nil, or a
// collection that is nil, is unmanaged (never read, never changed); a non-nil
// empty collection is managed and must be emptied; anything else is managed
// exactly. The loader guarantees that a collection present in the file is
// non-nil even when it is empty.
package spec

// Version is the only format version this build reads and writes.
const Version = 1

// Pos is a place in an input file, for messages of the form file:line:col.
type Pos struct {
	File string
	Line int
	Col  int
}

// Document is every input file merged.
type Document struct {
	Options       Options
	Environment   *Environment // nil: the catalog is unmanaged
	Organizations []*Organization
	// Files are the input files read, in order, for the input hash of a saved plan.
	Files []string

	// Interpolated is every ${NAME} the loader replaced and what it stood
	// for, so that Redact keeps those values out of later messages. Never
	// printed or saved.
	Interpolated []Interpolation `json:"-"`
}

// Interpolation is one ${Name} replaced by Value.
type Interpolation struct{ Name, Value string }

// MissingUsers says what to do with a member whose email has no Kinde user.
type MissingUsers string

// The values of options.missing_users.
const (
	MissingUsersError  MissingUsers = "error"
	MissingUsersCreate MissingUsers = "create"
	MissingUsersInvite MissingUsers = "invite"
)

// Options are the document-wide switches.
type Options struct {
	DeleteUnlistedOrganizations bool
	MissingUsers                MissingUsers // never empty after loading
	SendInvitationEmail         bool
}

// Organization is one organization. Code is empty for an org that does not
// exist yet; such an org has ExternalID or Handle so that a re-run finds it.
type Organization struct {
	Pos Pos

	Code       string
	ExternalID *string
	Name       *string
	Handle     *string
	ThemeCode  *string

	// Colours are normalised by the loader to lower-case #rrggbb.
	BackgroundColor     *string
	ButtonColor         *string
	ButtonTextColor     *string
	LinkColor           *string
	BackgroundColorDark *string
	ButtonColorDark     *string
	ButtonTextColorDark *string
	LinkColorDark       *string

	IsAutoMembershipEnabled *bool
	AllowedDomains          []string // nil: unmanaged
	SenderName              *string
	SenderEmail             *string
	IsSuspended             *bool

	// Write-only in Kinde (DESIGN §3): tracked through a fingerprint.
	IsEnforceMFA         *bool
	IsAutoJoinDomainList *bool
	IsEnableAdvancedOrgs *bool
	MFA                  *MFA
	Sessions             *Sessions

	Connections  []Ref           // by name or id; nil: unmanaged
	FeatureFlags []FlagOverride  // nil: unmanaged
	Properties   []PropertyValue // nil: unmanaged
	Logos        *Logos          // nil: unmanaged
	Members      []*Member       // nil: unmanaged
	Billing      *Billing        `json:",omitempty"` // nil: none; honoured only on create
	Invitations  []*Invitation   `json:",omitempty"` // pending invitations; nil: unmanaged
}

// MFA is PUT /organizations/{org_code}/mfa.
type MFA struct {
	Pos                    Pos
	EnabledFactors         []string // mfa:email | mfa:sms | mfa:authenticator_app; never nil
	IsRecoveryCodesEnabled *bool
}

// Sessions is PATCH /organizations/{org_code}/sessions.
type Sessions struct {
	Pos                                  Pos
	IsUseOrgSSOSessionPolicy             *bool
	SSOSessionPersistenceMode            *string // persistent | non_persistent
	IsUseOrgAuthenticatedSessionLifetime *bool
	AuthenticatedSessionLifetime         *int64 // seconds, >= 0
}

// Ref names something by name or by id, as written in the file.
type Ref struct {
	Pos   Pos
	Value string
}

// FlagType is a Kinde feature flag type.
type FlagType string

// Kinde's feature flag types, as the API spells them.
const (
	FlagBool   FlagType = "bool"
	FlagInt    FlagType = "int"
	FlagString FlagType = "str"
	// FlagJSON flags (made in Kinde's dashboard) hold an object. Its
	// FlagValue.String is the object as canonical JSON (CanonicalJSON), so
	// that values compare as text.
	FlagJSON FlagType = "json"
)

// FlagValue is a typed flag value; Type says which field holds it.
type FlagValue struct {
	Type   FlagType
	Bool   bool
	Int    int64
	String string
}

// FlagOverride is an org-level feature flag value.
type FlagOverride struct {
	Pos   Pos
	Key   string
	Value FlagValue
}

// PropertyValue is an org property value by key. Scalars are kept as the
// string Kinde stores.
type PropertyValue struct {
	Pos   Pos
	Key   string
	Value string
}

// Logos are image files; paths are resolved relative to the YAML file that
// names them. Present Logos are managed exactly: an empty path means that
// type has no logo. The loader stores each path
// joined to that file's directory and cleaned, so it opens as it is from
// the working directory, and has checked that the file exists.
type Logos struct {
	Pos   Pos
	Light string
	Dark  string
}

// Member is one org member, identified by Email (lower-cased by the loader)
// or by ID.
type Member struct {
	Pos         Pos
	Email       string
	ID          string
	Roles       []string    // role keys; nil: unmanaged
	Permissions []string    // permission keys granted directly; nil: unmanaged
	APIScopes   []APIScopes `json:",omitempty"` // API scopes granted in the org; nil: unmanaged

	// RolesPos and PermissionsPos are the places of the two lists, for the
	// messages of CheckNames; zero when the list is absent.
	RolesPos, PermissionsPos Pos
}
