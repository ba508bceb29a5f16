package emulator

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// One user: get, update, delete, and its identities. A user's email (User.
// Email) is its primary email identity; the others are User.Identities.

// userFor finds the user of the id query parameter (getUserData,
// updateUser, deleteUser) or of the user_id path parameter; none of these
// operations declares a 404.
func (c *call) userFor() (*User, error) {
	id := c.path("user_id")
	if id == "" {
		id = c.query("id")
	}
	if id == "" {
		return nil, badRequest("USER_ID_REQUIRED", "The id parameter is required.")
	}
	if u := c.st().user(id); u != nil {
		return u, nil
	}
	return nil, badRequest("USER_INVALID", "No user with id %s.", id)
}

// firstIdentity is the value of the user's first identity of a type.
func (u *User) firstIdentity(typ string) string {
	if i := find(u.Identities, func(i *Identity) bool { return i.Type == typ }); i != nil {
		return i.Name
	}
	return ""
}

func identitySummaries(u *User) []kinde.UserIdentitySummary {
	var out []kinde.UserIdentitySummary
	if u.Email != "" {
		out = append(out, kinde.UserIdentitySummary{Type: kinde.IdentityEmail, Identity: u.Email})
	}
	for _, i := range u.Identities {
		out = append(out, kinde.UserIdentitySummary{Type: i.Type, Identity: i.Name})
	}
	return out
}

// userDataJSON is user (get_user's answer). Its strings are not nullable in
// the spec: unset ones are left out. The sign-in counters are null, as for
// a user who never signed in.
type userDataJSON struct {
	ID             string                      `json:"id"`
	ProvidedID     string                      `json:"provided_id,omitempty"`
	PreferredEmail string                      `json:"preferred_email,omitempty"`
	Phone          string                      `json:"phone,omitempty"`
	Username       string                      `json:"username,omitempty"`
	LastName       string                      `json:"last_name,omitempty"`
	FirstName      string                      `json:"first_name,omitempty"`
	IsSuspended    bool                        `json:"is_suspended"`
	Picture        string                      `json:"picture,omitempty"`
	TotalSignIns   *int                        `json:"total_sign_ins"`
	FailedSignIns  *int                        `json:"failed_sign_ins"`
	LastSignedIn   *string                     `json:"last_signed_in"`
	CreatedOn      string                      `json:"created_on"`
	Organizations  []string                    `json:"organizations,omitempty"`
	Identities     []kinde.UserIdentitySummary `json:"identities,omitempty"`
}

func (s *Server) getUserData(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	v := userDataJSON{
		ID: u.ID, ProvidedID: u.ProvidedID, PreferredEmail: u.Email, Phone: u.firstIdentity("phone"),
		Username: u.firstIdentity("username"), LastName: u.LastName, FirstName: u.FirstName,
		IsSuspended: u.IsSuspended, Picture: u.Picture, CreatedOn: s.timestamp(u.CreatedOn),
	}
	for _, e := range list(c.query("expand")) {
		switch e {
		case "organizations":
			v.Organizations = nonNilSlice(c.st().userOrgs(u.ID))
		case "identities":
			v.Identities = nonNilSlice(identitySummaries(u))
		case "billing":
		default:
			return fail(badRequest("INVALID_EXPAND", "expand takes organizations, identities and billing, not %s.", e))
		}
	}
	return ok(v)
}

func (s *Server) updateUser(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		GivenName                *string `json:"given_name"`
		FamilyName               *string `json:"family_name"`
		Picture                  *string `json:"picture"`
		IsSuspended              *bool   `json:"is_suspended"`
		IsPasswordResetRequested *bool   `json:"is_password_reset_requested"`
		ProvidedID               *string `json:"provided_id"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	for _, n := range []*string{req.GivenName, req.FamilyName} {
		if n != nil && len([]rune(*n)) > 64 {
			return fail(badRequest("INVALID_REQUEST", "Names are at most 64 characters."))
		}
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&u.FirstName, req.GivenName}, {&u.LastName, req.FamilyName}, {&u.Picture, req.Picture}, {&u.ProvidedID, req.ProvidedID}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if req.IsSuspended != nil {
		u.IsSuspended = *req.IsSuspended
	}
	// A password reset is a sign-in matter: answered, not kept.
	return ok(struct {
		ID                       string  `json:"id"`
		GivenName                string  `json:"given_name"`
		FamilyName               string  `json:"family_name"`
		Email                    string  `json:"email,omitempty"`
		IsSuspended              bool    `json:"is_suspended"`
		IsPasswordResetRequested bool    `json:"is_password_reset_requested"`
		Picture                  *string `json:"picture"`
	}{u.ID, u.FirstName, u.LastName, u.Email, u.IsSuspended, deref(req.IsPasswordResetRequested), null(u.Picture)})
}

// deleteUser also ends the user's memberships.
func (s *Server) deleteUser(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Users = slices.DeleteFunc(st.Users, func(x *User) bool { return x == u })
	for _, o := range st.Organizations {
		o.Members = slices.DeleteFunc(o.Members, func(m *Member) bool { return m.UserID == u.ID })
	}
	return ok(success())
}

type identityJSON struct {
	ID           string  `json:"id"`
	Type         string  `json:"type"`
	IsConfirmed  bool    `json:"is_confirmed"`
	CreatedOn    string  `json:"created_on"`
	TotalLogins  int     `json:"total_logins"`
	Name         string  `json:"name"`
	Email        string  `json:"email,omitempty"`
	ConnectionID *string `json:"connection_id"`
	IsPrimary    *bool   `json:"is_primary"`
}

// identities lists a user's identities in id order, the email one
// included, with the id the loader would derive for it.
func (s *Server) identities(u *User) []identityJSON {
	var out []identityJSON
	primary, secondary := true, false
	if u.Email != "" {
		out = append(out, identityJSON{
			ID: emailIdentityID(u), Type: "email",
			IsConfirmed: true, CreatedOn: s.timestamp(u.CreatedOn), Name: u.Email, Email: u.Email, IsPrimary: &primary,
		})
	}
	for _, i := range u.Identities {
		v := identityJSON{
			ID: i.ID, Type: i.Type, IsConfirmed: true, CreatedOn: s.timestamp(i.CreatedOn), Name: i.Name,
			ConnectionID: null(i.ConnectionID), IsPrimary: &secondary,
		}
		if i.Type == "email" {
			v.Email = i.Name
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b identityJSON) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// emailIdentityID is the id of the identity User.Email is: derived, so that
// it is the same at every load.
func emailIdentityID(u *User) string {
	return derivedID(idIdentity, "identity:"+u.ID+"\x00email\x00"+strings.ToLower(u.Email))
}

func (s *Server) getUserIdentities(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	page, more, err := pageByID(c, s.identities(u), func(i identityJSON) string { return i.ID })
	if err != nil {
		return fail(err)
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "identities": nonNilSlice(page), "has_more": more})
}

// identityTaken reports whether an email or username is some user's
// already; emails and usernames compare case-insensitively.
func (st *State) identityTaken(typ, value string) bool {
	for _, u := range st.Users {
		if typ == "email" && strings.EqualFold(u.Email, value) {
			return true
		}
		if slices.ContainsFunc(u.Identities, func(i *Identity) bool { return i.Type == typ && strings.EqualFold(i.Name, value) }) {
			return true
		}
	}
	return false
}

func (s *Server) createUserIdentity(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Value          string `json:"value"`
		Type           string `json:"type"`
		PhoneCountryID string `json:"phone_country_id"`
		ConnectionID   string `json:"connection_id"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	st := c.st()
	switch {
	case !slices.Contains(identityTypes, req.Type):
		return fail(badRequest("INVALID_IDENTITY_TYPE", "type must be one of %s.", strings.Join(identityTypes, ", ")))
	case req.Value == "":
		return fail(badRequest("INVALID_REQUEST", "value is required."))
	case req.Type == "email" && !strings.Contains(req.Value, "@"):
		return fail(badRequest("INVALID_EMAIL", "%s is not an email address.", req.Value))
	case req.Type == "phone" && req.PhoneCountryID == "":
		return fail(badRequest("INVALID_REQUEST", "phone_country_id is required for a phone identity."))
	case (req.Type == "social" || req.Type == "enterprise") && st.Environment.connection(req.ConnectionID) == nil:
		return fail(badRequest("CONNECTION_INVALID", "A %s identity needs the connection_id of a connection.", req.Type))
	case (req.Type == "email" || req.Type == "username") && st.identityTaken(req.Type, req.Value):
		return fail(badRequest("IDENTITY_ALREADY_EXISTS", "A user has the %s %s already.", req.Type, req.Value))
	}
	if req.Type == "email" && u.Email == "" {
		// A first email becomes the user's (primary) email.
		u.Email = req.Value
		return http.StatusCreated, createdResponse("identity", emailIdentityID(u)), nil
	}
	i := &Identity{Type: req.Type, Name: req.Value, CreatedOn: s.now()}
	if req.Type == "social" || req.Type == "enterprise" {
		i.ConnectionID = req.ConnectionID
	}
	i.ID = s.ids.next(idIdentity, func(id string) bool {
		return slices.ContainsFunc(st.Users, func(u *User) bool {
			return find(u.Identities, func(x *Identity) bool { return x.ID == id }) != nil
		})
	})
	u.Identities = append(u.Identities, i)
	return http.StatusCreated, createdResponse("identity", i.ID), nil
}
