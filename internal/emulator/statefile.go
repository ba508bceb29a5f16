package emulator

import (
	"gopkg.in/yaml.v3"
)

// The state file (DESIGN §6) is the YAML format of DESIGN §2 plus an
// `environment` section and `users`. These structs are its exact grammar:
// the loader decodes with KnownFields, so an unknown key is an error. The
// same structs are written back by MarshalState.
//
// Values whose YAML type depends on something else (flag values on the
// flag's type, logos being a path or inline bytes) are kept as nodes and
// checked by hand. They are yaml.Node values, not pointers: yaml.v3 only
// captures a node into a field of type yaml.Node.

type fileState struct {
	Version       int            `yaml:"version"`
	Options       map[string]any `yaml:"options,omitempty"`
	Environment   fileEnv        `yaml:"environment"`
	Users         []fileUser     `yaml:"users"`
	Organizations []fileOrg      `yaml:"organizations"`
}

type fileEnv struct {
	Roles              []fileRole        `yaml:"roles"`
	Permissions        []filePermission  `yaml:"permissions"`
	FeatureFlags       []fileFlag        `yaml:"feature_flags"`
	PropertyCategories []fileCategory    `yaml:"property_categories,omitempty"`
	Properties         []fileProperty    `yaml:"properties"`
	Connections        []fileConnection  `yaml:"connections"`
	APIs               []fileAPI         `yaml:"apis,omitempty"`
	Applications       []fileApplication `yaml:"applications,omitempty"`
}

type fileRole struct {
	Key           string   `yaml:"key"`
	ID            string   `yaml:"id,omitempty"`
	Name          string   `yaml:"name,omitempty"`
	Description   string   `yaml:"description,omitempty"`
	IsDefaultRole bool     `yaml:"is_default_role,omitempty"`
	Permissions   []string `yaml:"permissions,omitempty,flow"`
}

type filePermission struct {
	Key         string `yaml:"key"`
	ID          string `yaml:"id,omitempty"`
	Name        string `yaml:"name,omitempty"`
	Description string `yaml:"description,omitempty"`
}

type fileFlag struct {
	Key         string    `yaml:"key"`
	Name        string    `yaml:"name,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Type        string    `yaml:"type"`
	Default     yaml.Node `yaml:"default,omitempty"`
	// AllowOverrideLevel and Override are optional: env, org or usr, and
	// the environment-level override, typed like default.
	AllowOverrideLevel string    `yaml:"allow_override_level,omitempty"`
	Override           yaml.Node `yaml:"override,omitempty"`
}

type fileProperty struct {
	Key         string `yaml:"key"`
	ID          string `yaml:"id,omitempty"`
	Name        string `yaml:"name,omitempty"`
	Description string `yaml:"description,omitempty"`
	Type        string `yaml:"type,omitempty"`
	Context     string `yaml:"context,omitempty"`
	IsPrivate   bool   `yaml:"is_private,omitempty"`
	CategoryID  string `yaml:"category_id,omitempty"`
}

type fileCategory struct {
	ID      string `yaml:"id,omitempty"`
	Name    string `yaml:"name"`
	Context string `yaml:"context,omitempty"`
}

type fileConnection struct {
	ID          string `yaml:"id,omitempty"`
	Name        string `yaml:"name"`
	DisplayName string `yaml:"display_name,omitempty"`
	Strategy    string `yaml:"strategy,omitempty"`
	// OrganizationCode names the organization managing an enterprise connection.
	OrganizationCode string `yaml:"organization_code,omitempty"`
}

type fileUser struct {
	ID          string `yaml:"id,omitempty"`
	Email       string `yaml:"email,omitempty"`
	FirstName   string `yaml:"first_name,omitempty"`
	LastName    string `yaml:"last_name,omitempty"`
	ProvidedID  string `yaml:"provided_id,omitempty"`
	IsSuspended bool   `yaml:"is_suspended,omitempty"`
	Picture     string `yaml:"picture,omitempty"`
	// Identities besides the email one.
	Identities []fileIdentity `yaml:"identities,omitempty"`
	// EmailIdentityID is the id of the email's identity, when not derived.
	EmailIdentityID string `yaml:"email_identity_id,omitempty"`
	CreatedOn       string `yaml:"created_on,omitempty"` // RFC 3339; optional, as in every file before it
}

type fileOrg struct {
	Code       string `yaml:"code,omitempty"`
	IsDefault  bool   `yaml:"is_default,omitempty"`
	ExternalID string `yaml:"external_id,omitempty"`
	Name       string `yaml:"name"`
	Handle     string `yaml:"handle,omitempty"`
	ThemeCode  string `yaml:"theme_code,omitempty"`

	BackgroundColor     string `yaml:"background_color,omitempty"`
	ButtonColor         string `yaml:"button_color,omitempty"`
	ButtonTextColor     string `yaml:"button_text_color,omitempty"`
	LinkColor           string `yaml:"link_color,omitempty"`
	BackgroundColorDark string `yaml:"background_color_dark,omitempty"`
	ButtonColorDark     string `yaml:"button_color_dark,omitempty"`
	ButtonTextColorDark string `yaml:"button_text_color_dark,omitempty"`
	LinkColorDark       string `yaml:"link_color_dark,omitempty"`

	IsAutoMembershipEnabled bool     `yaml:"is_auto_membership_enabled,omitempty"`
	AllowedDomains          []string `yaml:"allowed_domains,omitempty,flow"`
	SenderName              string   `yaml:"sender_name,omitempty"`
	SenderEmail             string   `yaml:"sender_email,omitempty"`
	IsSuspended             bool     `yaml:"is_suspended,omitempty"`

	// Timestamps in RFC 3339 and the billing customer: optional additions.
	CreatedOn         string `yaml:"created_on,omitempty"`
	SuspendedOn       string `yaml:"suspended_on,omitempty"`
	BillingCustomerID string `yaml:"billing_customer_id,omitempty"`

	IsEnforceMFA         *bool         `yaml:"is_enforce_mfa,omitempty"`
	IsAutoJoinDomainList *bool         `yaml:"is_auto_join_domain_list,omitempty"`
	IsEnableAdvancedOrgs *bool         `yaml:"is_enable_advanced_orgs,omitempty"`
	MFA                  *fileMFA      `yaml:"mfa,omitempty"`
	Sessions             *fileSessions `yaml:"sessions,omitempty"`

	Connections  []string             `yaml:"connections,omitempty,flow"`
	FeatureFlags map[string]yaml.Node `yaml:"feature_flags,omitempty"`
	Properties   map[string]yaml.Node `yaml:"properties,omitempty"`
	Logos        *fileLogos           `yaml:"logos,omitempty"`
	Members      []fileMember         `yaml:"members,omitempty"`

	IsDirectorySynced bool         `yaml:"is_directory_synced,omitempty"`
	Invites           []fileInvite `yaml:"invites,omitempty"`
}

type fileMFA struct {
	EnabledFactors         []string `yaml:"enabled_factors,flow"`
	IsRecoveryCodesEnabled *bool    `yaml:"is_recovery_codes_enabled,omitempty"`
}

type fileSessions struct {
	IsUseOrgSSOSessionPolicy             *bool   `yaml:"is_use_org_sso_session_policy,omitempty"`
	SSOSessionPersistenceMode            *string `yaml:"sso_session_persistence_mode,omitempty"`
	IsUseOrgAuthenticatedSessionLifetime *bool   `yaml:"is_use_org_authenticated_session_lifetime,omitempty"`
	AuthenticatedSessionLifetime         *int64  `yaml:"authenticated_session_lifetime,omitempty"`
}

// fileLogos holds, per logo, either a path relative to the state file (as in
// DESIGN §2) or an inline mapping {file_name, data} with the bytes in base64.
type fileLogos struct {
	Light yaml.Node `yaml:"light,omitempty"`
	Dark  yaml.Node `yaml:"dark,omitempty"`
}

type fileMember struct {
	Email       string   `yaml:"email,omitempty"`
	ID          string   `yaml:"id,omitempty"`
	Roles       []string `yaml:"roles,omitempty,flow"`
	Permissions []string `yaml:"permissions,omitempty,flow"`
	// APIScopes maps an API's audience to the keys of its scopes granted.
	APIScopes map[string][]string `yaml:"api_scopes,omitempty"`
	MFA       []fileMFAFactor     `yaml:"mfa_factors,omitempty"`
	JoinedOn  string              `yaml:"joined_on,omitempty"`
}

// Timestamps in the file are RFC 3339 strings; one left out is the zero time.

type fileAPI struct {
	ID       string         `yaml:"id,omitempty"`
	Name     string         `yaml:"name"`
	Audience string         `yaml:"audience"`
	Scopes   []fileAPIScope `yaml:"scopes,omitempty"`
	// Applications are the ids of the applications authorized for the API.
	Applications []string `yaml:"applications,omitempty,flow"`
}

type fileAPIScope struct {
	Key         string `yaml:"key"`
	ID          string `yaml:"id,omitempty"`
	Description string `yaml:"description,omitempty"`
}

type fileIdentity struct {
	ID           string `yaml:"id,omitempty"`
	Type         string `yaml:"type"`
	Name         string `yaml:"name"`
	ConnectionID string `yaml:"connection_id,omitempty"`
	CreatedOn    string `yaml:"created_on,omitempty"`
}

type fileInvite struct {
	Code       string   `yaml:"code"`
	ID         string   `yaml:"id,omitempty"`
	Email      string   `yaml:"email"`
	FirstName  string   `yaml:"first_name,omitempty"`
	LastName   string   `yaml:"last_name,omitempty"`
	Roles      []string `yaml:"roles,omitempty,flow"`
	IsSent     bool     `yaml:"is_sent,omitempty"`
	IsRevoked  bool     `yaml:"is_revoked,omitempty"`
	CreatedOn  string   `yaml:"created_on,omitempty"`
	AcceptedOn string   `yaml:"accepted_on,omitempty"`
}

type fileMFAFactor struct {
	ID         string `yaml:"id,omitempty"`
	Type       string `yaml:"type"`
	Name       string `yaml:"name,omitempty"`
	IsVerified bool   `yaml:"is_verified,omitempty"`
	UsageCount int    `yaml:"usage_count,omitempty"`
	CreatedOn  string `yaml:"created_on,omitempty"`
	LastUsedOn string `yaml:"last_used_on,omitempty"`
}
