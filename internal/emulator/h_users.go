package emulator

import (
	"slices"

	"github.com/kindesync/kindesync/internal/kinde"
)

// One user: get, update, delete (its identities are in h_identities.go).

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
