package emulator

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// State is everything the emulator serves: one Kinde environment. It is kept
// in a canonical order (every list sorted by its identity, see normalize), so
// that two states holding the same things compare equal.
type State struct {
	// Options is the `options` section of a kindesync config (DESIGN §2), kept
	// verbatim so that a config used as a state file survives a save.
	Options       map[string]any
	Environment   Environment
	Users         []*User
	Organizations []*Organization
}

// Environment holds what organizations refer to.
type Environment struct {
	Roles              []*Role
	Permissions        []*Permission
	FeatureFlags       []*FeatureFlag
	Properties         []*Property
	PropertyCategories []*Category
	Connections        []*Connection
	APIs               []*API
	Applications       []*Application
}

// Role is an environment role; Permissions are permission keys.
type Role struct {
	ID            string
	Key           string
	Name          string
	Description   string
	IsDefaultRole bool
	Permissions   []string
}

// Permission is an environment permission.
type Permission struct {
	ID          string
	Key         string
	Name        string
	Description string
}

// Feature flag types, as the API spells them.
const (
	FlagBool   = "bool"
	FlagInt    = "int"
	FlagString = "str"
)

// FeatureFlag is an environment feature flag. Default is the value's text as
// the API carries it ("true", "5", "dark").
type FeatureFlag struct {
	Key         string
	Name        string
	Description string
	Type        string // FlagBool | FlagInt | FlagString
	Default     string
	// AllowOverrideLevel is env, org or usr as created through the API; ""
	// when the state file does not say.
	AllowOverrideLevel string
	// Override is the environment-level override, nil without one.
	Override *string
}

// Property is an environment property definition.
type Property struct {
	ID          string
	Key         string
	Name        string
	Description string
	Type        string // single_line_text | multi_line_text
	Context     string // org | usr | app
	IsPrivate   bool
	CategoryID  string
}

// Category is a property category.
type Category struct {
	ID      string
	Name    string
	Context string // org | usr | app
}

// Connection is an authentication connection.
type Connection struct {
	ID          string
	Name        string
	DisplayName string
	Strategy    string
	// OrganizationCode is the organization managing an enterprise
	// connection, "" for one of the environment.
	OrganizationCode string
}

// User is an environment user. Emails compare case-insensitively.
type User struct {
	ID          string
	Email       string
	FirstName   string
	LastName    string
	ProvidedID  string
	IsSuspended bool
	Picture     string
	// Identities are those besides the email identity, which Email is.
	Identities []*Identity
	// EmailIdentityID is the id of the identity Email is, when it is not
	// the one derived from the user and the email (see h_identities.go).
	EmailIdentityID string
	// CreatedOn is when the API created the user; zero for users of a state
	// file that does not say, which are served as created when the emulator
	// started.
	CreatedOn time.Time
}

// Organization is one organization. Colours are stored as written and served
// as {raw, hex, hsl}. The write-only settings are kept but never served.
type Organization struct {
	Code       string
	IsDefault  bool
	Name       string
	ExternalID string
	Handle     string
	ThemeCode  string

	BackgroundColor     string
	ButtonColor         string
	ButtonTextColor     string
	LinkColor           string
	BackgroundColorDark string
	ButtonColorDark     string
	ButtonTextColorDark string
	LinkColorDark       string

	IsAutoMembershipEnabled bool
	AllowedDomains          []string
	SenderName              string
	SenderEmail             string
	IsSuspended             bool

	// CreatedOn and SuspendedOn are zero when unknown (a state file that
	// does not say): the emulator then serves the time it started.
	CreatedOn   time.Time
	SuspendedOn time.Time
	// BillingCustomerID is set by a create with is_create_billing_customer.
	BillingCustomerID string

	IsEnforceMFA         *bool
	IsAutoJoinDomainList *bool
	IsEnableAdvancedOrgs *bool
	MFA                  *MFA
	Sessions             *Sessions

	Connections  []string          // connection ids
	FeatureFlags map[string]string // flag key -> override value text
	Properties   map[string]string // property key -> value
	Logos        map[string]*Logo  // "light" | "dark"
	Members      []*Member
	// IsDirectorySynced marks an organization managed by directory sync,
	// which refuses invitations. It is only set in the state file.
	IsDirectorySynced bool
	Invites           []*Invite
}

// MFA is what PUT /organizations/{org_code}/mfa last stored.
type MFA struct {
	EnabledFactors         []string
	IsRecoveryCodesEnabled *bool
}

// Sessions is what PATCH /organizations/{org_code}/sessions has stored.
type Sessions struct {
	IsUseOrgSSOSessionPolicy             *bool
	SSOSessionPersistenceMode            *string
	IsUseOrgAuthenticatedSessionLifetime *bool
	AuthenticatedSessionLifetime         *int64
}

// Logo is an uploaded logo. Source is the absolute path of the file it was
// read from, as long as it has not been replaced since; saving writes that
// path back instead of the bytes when the file still holds them.
type Logo struct {
	FileName string
	Data     []byte
	Source   string
}

// Member is a user's membership of an organization, with role and permission
// keys granted in that organization.
type Member struct {
	UserID      string
	Roles       []string
	Permissions []string
	// APIScopes are the API scopes granted in the organization: API id ->
	// scope ids.
	APIScopes map[string][]string
	MFA       []*MFAFactor
	JoinedOn  time.Time // zero when unknown, as CreatedOn
}

// colours lists an organization's colour fields by their API name, so that
// reading, writing and serving walk the same table.
func (o *Organization) colours() []struct {
	name string
	p    *string
} {
	return []struct {
		name string
		p    *string
	}{
		{"background_color", &o.BackgroundColor},
		{"button_color", &o.ButtonColor},
		{"button_text_color", &o.ButtonTextColor},
		{"link_color", &o.LinkColor},
		{"background_color_dark", &o.BackgroundColorDark},
		{"button_color_dark", &o.ButtonColorDark},
		{"button_text_color_dark", &o.ButtonTextColorDark},
		{"link_color_dark", &o.LinkColorDark},
	}
}

// normalize puts every list into its canonical order. Handlers call it after
// changes, so that the served order and the saved state never depend on the
// order of the calls that built them.
func (st *State) normalize() {
	st.normalizeEnv()
	// Most writes leave these sorted: checking is linear, sorting is not.
	byID := func(a, b *User) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(st.Users, byID) {
		slices.SortFunc(st.Users, byID)
	}
	byCode := func(a, b *Organization) int { return cmp.Compare(a.Code, b.Code) }
	if !slices.IsSortedFunc(st.Organizations, byCode) {
		slices.SortFunc(st.Organizations, byCode)
	}
	for _, o := range st.Organizations {
		o.normalize()
	}
}

// normalizeOrg is normalize after a write that changed only o and the
// environment: it neither added users nor organizations, so their order
// holds. With a million memberships a whole normalize takes a third of a
// second, and the emulator would serve three writes a second.
func (st *State) normalizeOrg(o *Organization) {
	st.normalizeEnv()
	o.normalize()
}

func (st *State) normalizeEnv() {
	if len(st.Options) == 0 {
		st.Options = nil
	}
	e := &st.Environment
	slices.SortFunc(e.Roles, func(a, b *Role) int { return cmp.Compare(a.Key, b.Key) })
	for _, r := range e.Roles {
		sortUnique(&r.Permissions)
	}
	slices.SortFunc(e.Permissions, func(a, b *Permission) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortFunc(e.FeatureFlags, func(a, b *FeatureFlag) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortFunc(e.Properties, func(a, b *Property) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortFunc(e.PropertyCategories, func(a, b *Category) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(e.Connections, func(a, b *Connection) int { return cmp.Compare(a.ID, b.ID) })
	normalizeAPIs(e)
	normalizeApplications(e)
}

func (o *Organization) normalize() {
	if len(o.AllowedDomains) == 0 {
		o.AllowedDomains = nil
	}
	sortUnique(&o.Connections)
	for _, m := range []*map[string]string{&o.FeatureFlags, &o.Properties} {
		if len(*m) == 0 {
			*m = nil
		}
	}
	if len(o.Logos) == 0 {
		o.Logos = nil
	}
	slices.SortFunc(o.Members, func(a, b *Member) int { return cmp.Compare(a.UserID, b.UserID) })
	for _, m := range o.Members {
		sortUnique(&m.Roles)
		sortUnique(&m.Permissions)
		m.normalize()
	}
	normalizeInvites(o)
	if o.MFA != nil {
		sortUnique(&o.MFA.EnabledFactors)
	}
}

// sortUnique sorts and de-duplicates a list. An empty list becomes nil: in
// the state, as in the file, an empty list and an absent one are the same.
func sortUnique(s *[]string) {
	if len(*s) == 0 {
		*s = nil
		return
	}
	slices.Sort(*s)
	*s = slices.Compact(*s)
}

// clone returns a deep copy, so that a snapshot never shares memory with the
// state that handlers keep changing.
func (st *State) clone() *State {
	c := &State{Options: cloneAny(st.Options)}
	e := &st.Environment
	c.Environment = Environment{
		Roles:              cloneEach(e.Roles, func(r Role) Role { r.Permissions = slices.Clone(r.Permissions); return r }),
		Permissions:        cloneEach(e.Permissions, nil),
		FeatureFlags:       cloneEach(e.FeatureFlags, func(f FeatureFlag) FeatureFlag { f.Override = clonePtr(f.Override); return f }),
		Properties:         cloneEach(e.Properties, nil),
		PropertyCategories: cloneEach(e.PropertyCategories, nil),
		Connections:        cloneEach(e.Connections, nil),
		APIs:               cloneEach(e.APIs, cloneAPI),
		Applications:       cloneEach(e.Applications, cloneApplication),
	}
	c.Users = cloneEach(st.Users, func(u User) User { u.Identities = cloneEach(u.Identities, nil); return u })
	c.Organizations = cloneEach(st.Organizations, cloneOrg)
	return c
}

func cloneOrg(o Organization) Organization {
	o.AllowedDomains = slices.Clone(o.AllowedDomains)
	o.IsEnforceMFA = clonePtr(o.IsEnforceMFA)
	o.IsAutoJoinDomainList = clonePtr(o.IsAutoJoinDomainList)
	o.IsEnableAdvancedOrgs = clonePtr(o.IsEnableAdvancedOrgs)
	if o.MFA != nil {
		o.MFA = &MFA{EnabledFactors: slices.Clone(o.MFA.EnabledFactors), IsRecoveryCodesEnabled: clonePtr(o.MFA.IsRecoveryCodesEnabled)}
	}
	if s := o.Sessions; s != nil {
		o.Sessions = &Sessions{
			IsUseOrgSSOSessionPolicy:             clonePtr(s.IsUseOrgSSOSessionPolicy),
			SSOSessionPersistenceMode:            clonePtr(s.SSOSessionPersistenceMode),
			IsUseOrgAuthenticatedSessionLifetime: clonePtr(s.IsUseOrgAuthenticatedSessionLifetime),
			AuthenticatedSessionLifetime:         clonePtr(s.AuthenticatedSessionLifetime),
		}
	}
	o.Connections = slices.Clone(o.Connections)
	o.FeatureFlags = maps.Clone(o.FeatureFlags)
	o.Properties = maps.Clone(o.Properties)
	if o.Logos != nil {
		logos := make(map[string]*Logo, len(o.Logos))
		for k, l := range o.Logos {
			logos[k] = &Logo{FileName: l.FileName, Data: slices.Clone(l.Data), Source: l.Source}
		}
		o.Logos = logos
	}
	o.Members = cloneEach(o.Members, func(m Member) Member {
		m.Roles = slices.Clone(m.Roles)
		m.Permissions = slices.Clone(m.Permissions)
		return cloneMemberExtras(m)
	})
	o.Invites = cloneEach(o.Invites, func(i Invite) Invite { i.Roles = slices.Clone(i.Roles); return i })
	return o
}

// cloneEach copies a list of pointers to structs, deepening each copy with
// deep when the struct holds references.
func cloneEach[T any](in []*T, deep func(T) T) []*T {
	if in == nil {
		return nil
	}
	out := make([]*T, len(in))
	for i, p := range in {
		v := *p
		if deep != nil {
			v = deep(v)
		}
		out[i] = &v
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneAny copies the YAML-decoded options tree.
func cloneAny(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			out[k] = cloneAny(v)
		case []any:
			out[k] = slices.Clone(v)
		default:
			out[k] = v
		}
	}
	return out
}
