package emulator

import (
	"cmp"
	"slices"
	"time"
)

// The parts of the state that kindesync itself does not manage but other
// clients of the API do: APIs and their scopes, identities besides the
// email, organization invitations, and members' API scopes and MFA factors.

// API is a registered API; audiences are unique.
type API struct {
	ID       string
	Name     string
	Audience string
	Scopes   []*APIScope
	// Applications are the ids of the applications authorized for it.
	Applications []string
}

// APIScope is a scope of an API; keys are unique within the API.
type APIScope struct {
	ID          string
	Key         string
	Description string
}

// Identity is a user's identity other than the email one that User.Email
// holds: a username, a phone, a second email, or a social or enterprise
// login through a connection.
type Identity struct {
	ID           string
	Type         string // email | username | phone | enterprise | social
	Name         string // the value: address, username, number or login
	ConnectionID string
	CreatedOn    time.Time
}

// Invite is an invitation to an organization. Revoked and accepted ones
// are kept: they still count towards the creations of the last 24 hours
// and list with include_revoked / include_accepted.
type Invite struct {
	ID         string
	Code       string
	Email      string
	FirstName  string
	LastName   string
	Roles      []string // role keys
	IsSent     bool
	IsRevoked  bool
	CreatedOn  time.Time
	AcceptedOn time.Time // zero while not accepted
}

func (i *Invite) active() bool { return !i.IsRevoked && i.AcceptedOn.IsZero() }

// MFAFactor is a member's MFA factor in an organization.
type MFAFactor struct {
	ID         string
	Type       string // email | sms | authenticator_app ...
	Name       string // the address or number it uses
	IsVerified bool
	UsageCount int
	CreatedOn  time.Time
	LastUsedOn time.Time // zero when never used
}

func normalizeAPIs(e *Environment) {
	slices.SortFunc(e.APIs, func(a, b *API) int { return cmp.Compare(a.ID, b.ID) })
	for _, a := range e.APIs {
		slices.SortFunc(a.Scopes, func(x, y *APIScope) int { return cmp.Compare(x.ID, y.ID) })
	}
}

func (m *Member) normalize() {
	for api, scopes := range m.APIScopes {
		sortUnique(&scopes)
		if scopes == nil {
			delete(m.APIScopes, api)
			continue
		}
		m.APIScopes[api] = scopes
	}
	if len(m.APIScopes) == 0 {
		m.APIScopes = nil
	}
	slices.SortFunc(m.MFA, func(a, b *MFAFactor) int { return cmp.Compare(a.ID, b.ID) })
	if len(m.MFA) == 0 {
		m.MFA = nil
	}
}

func normalizeInvites(o *Organization) {
	slices.SortFunc(o.Invites, func(a, b *Invite) int { return cmp.Compare(a.Code, b.Code) })
	if len(o.Invites) == 0 {
		o.Invites = nil
	}
	for _, i := range o.Invites {
		if len(i.Roles) == 0 {
			i.Roles = nil
		}
	}
}

func cloneAPI(a API) API {
	a.Scopes = cloneEach(a.Scopes, nil)
	a.Applications = slices.Clone(a.Applications)
	return a
}

func cloneMemberExtras(m Member) Member {
	if m.APIScopes != nil {
		scopes := make(map[string][]string, len(m.APIScopes))
		for k, v := range m.APIScopes {
			scopes[k] = slices.Clone(v)
		}
		m.APIScopes = scopes
	}
	m.MFA = cloneEach(m.MFA, nil)
	return m
}

func (e *Environment) api(id string) *API {
	return find(e.APIs, func(a *API) bool { return a.ID == id })
}

func (a *API) scope(id string) *APIScope {
	return find(a.Scopes, func(s *APIScope) bool { return s.ID == id })
}

func (a *API) scopeByKey(key string) *APIScope {
	return find(a.Scopes, func(s *APIScope) bool { return s.Key == key })
}

// apiScopeTaken reports whether any API of the environment has a scope with
// this id: scope ids are unique across APIs, as Kinde's are.
func (e *Environment) apiScopeTaken(id string) bool {
	for _, a := range e.APIs {
		if a.scope(id) != nil {
			return true
		}
	}
	return false
}

// forEachMember calls f for every membership of every organization.
func (st *State) forEachMember(f func(o *Organization, m *Member)) {
	for _, o := range st.Organizations {
		for _, m := range o.Members {
			f(o, m)
		}
	}
}

// ids lists the ids of items.
func ids[T any](items []*T, id func(*T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}
