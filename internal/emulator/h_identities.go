package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// A user's identities. User.Email is its primary email identity, whose id
// is User.EmailIdentityID (or, when that is "", derived from the user and
// the email, so that it is the same at every load); the others are
// User.Identities, in the order they were added. Listings come in that
// order, the primary email first, as Kinde lists them in creation order.

func emailIdentityID(u *User) string {
	if u.EmailIdentityID != "" {
		return u.EmailIdentityID
	}
	return derivedEmailIdentityID(u.ID, u.Email)
}

func derivedEmailIdentityID(userID, email string) string {
	return derivedID(idIdentity, "identity:"+userID+"\x00email\x00"+strings.ToLower(email))
}

// setPrimaryEmail makes email, with identity id, the user's email; an id
// that is the derived one is kept as "", so that saving and loading the
// state give the same value.
func setPrimaryEmail(u *User, email, id string) {
	u.Email, u.EmailIdentityID = email, id
	if email == "" || id == derivedEmailIdentityID(u.ID, email) {
		u.EmailIdentityID = ""
	}
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

// identities lists a user's identities: the primary email, then the others
// in the order they were added. The first of each type is its primary.
func (s *Server) identities(u *User) []identityJSON {
	var out []identityJSON
	seen := map[string]bool{}
	if u.Email != "" {
		seen["email"] = true
		out = append(out, identityJSON{
			ID: emailIdentityID(u), Type: "email", IsConfirmed: true, CreatedOn: s.timestamp(u.CreatedOn),
			Name: u.Email, Email: u.Email, IsPrimary: ptrTo(true),
		})
	}
	for _, i := range u.Identities {
		v := identityJSON{
			ID: i.ID, Type: i.Type, IsConfirmed: true, CreatedOn: s.timestamp(i.CreatedOn), Name: i.Name,
			ConnectionID: null(i.ConnectionID), IsPrimary: ptrTo(!seen[i.Type]),
		}
		seen[i.Type] = true
		if i.Type == "email" {
			v.Email = i.Name
		}
		out = append(out, v)
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }

// pageInOrder is starting_after/ending_before paging over a list in an
// order other than by id: a cursor is found by position. An id that is not
// in the list (deleted since) is a 400, as nothing says where to go on.
func pageInOrder[T any](c *call, items []T, id func(T) string) ([]T, bool, error) {
	size, err := c.pageSize()
	if err != nil {
		return nil, false, err
	}
	at := func(cursor string) (int, error) {
		if i := slices.IndexFunc(items, func(t T) bool { return id(t) == cursor }); i >= 0 {
			return i, nil
		}
		return 0, badRequest("INVALID_CURSOR", "No item with id %s in this listing.", cursor)
	}
	if before := c.query("ending_before"); before != "" {
		end, err := at(before)
		if err != nil {
			return nil, false, err
		}
		start := max(0, end-size)
		return items[start:end], start > 0, nil
	}
	start := 0
	if after := c.query("starting_after"); after != "" {
		i, err := at(after)
		if err != nil {
			return nil, false, err
		}
		start = i + 1
	}
	end := min(start+size, len(items))
	return items[start:end], end < len(items), nil
}

func (s *Server) getUserIdentities(c *call) (int, any, error) {
	u, err := c.userFor()
	if err != nil {
		return fail(err)
	}
	page, more, err := pageInOrder(c, s.identities(u), func(i identityJSON) string { return i.ID })
	if err != nil {
		return fail(err)
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "identities": nonNilSlice(page), "has_more": more})
}

// identityTaken reports whether an email, username or phone is some
// user's already; emails and usernames compare case-insensitively.
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

func (st *State) identityIDTaken(id string) bool {
	u, _ := st.identity(id)
	return u != nil
}

// identity finds an identity by id: the user, and the identity unless it is
// the user's primary email (nil then).
func (st *State) identity(id string) (*User, *Identity) {
	for _, u := range st.Users {
		if i := find(u.Identities, func(i *Identity) bool { return i.ID == id }); i != nil {
			return u, i
		}
		if u.Email != "" && emailIdentityID(u) == id {
			return u, nil
		}
	}
	return nil, nil
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
	value := strings.TrimSpace(req.Value)
	switch {
	case !slices.Contains(identityTypes, req.Type):
		return fail(badRequest("INVALID_IDENTITY_TYPE", "type must be one of %s.", strings.Join(identityTypes, ", ")))
	case value == "":
		return fail(badRequest("INVALID_REQUEST", "value is required."))
	case req.Type == "email" && !strings.Contains(value, "@"):
		return fail(badRequest("INVALID_EMAIL", "%s is not an email address.", value))
	case (req.Type == "social" || req.Type == "enterprise") && st.Environment.connection(req.ConnectionID) == nil:
		return fail(badRequest("CONNECTION_INVALID", "A %s identity needs the connection_id of a connection.", req.Type))
	}
	if req.Type == "phone" {
		// Kinde keeps phones in E.164: the country's calling code and the
		// national number, as kinde-go's tests find them.
		if value, err = e164(value, req.PhoneCountryID); err != nil {
			return fail(err)
		}
	}
	if req.Type != "social" && req.Type != "enterprise" && st.identityTaken(req.Type, value) {
		return fail(badRequest("IDENTITY_ALREADY_EXISTS", "A user has the %s %s already.", req.Type, value))
	}
	if req.Type == "email" && u.Email == "" {
		// A first email becomes the user's (primary) email.
		setPrimaryEmail(u, value, "")
		return http.StatusCreated, createdResponse("identity", emailIdentityID(u)), nil
	}
	i := &Identity{Type: req.Type, Name: value, CreatedOn: s.now()}
	if req.Type == "social" || req.Type == "enterprise" {
		i.ConnectionID = req.ConnectionID
	}
	i.ID = s.ids.next(idIdentity, st.identityIDTaken)
	u.Identities = append(u.Identities, i)
	return http.StatusCreated, createdResponse("identity", i.ID), nil
}

func (c *call) identityFor() (*User, *Identity, error) {
	id := c.path("identity_id")
	if u, i := c.st().identity(id); u != nil {
		return u, i, nil
	}
	return nil, nil, badRequest("IDENTITY_INVALID", "No identity with id %s.", id)
}

func (s *Server) getIdentity(c *call) (int, any, error) {
	u, _, err := c.identityFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("identity_id")
	for _, v := range s.identities(u) {
		if v.ID == id {
			// The spec has the fields at the top level; kinde-go reads
			// them under identity. Which live Kinde sends is not known,
			// so the answer carries both.
			return ok(struct {
				Code     string       `json:"code"`
				Message  string       `json:"message"`
				Identity identityJSON `json:"identity"`
				identityJSON
			}{"OK", "Success", v, v})
		}
	}
	return fail(badRequest("IDENTITY_INVALID", "No identity with id %s.", id))
}

// updateIdentity with is_primary true makes the identity the first of its
// type: a secondary email trades places with the user's email. Asking for
// false changes nothing: a type always has a primary.
func (s *Server) updateIdentity(c *call) (int, any, error) {
	u, i, err := c.identityFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		IsPrimary *bool `json:"is_primary"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if i == nil || !deref(req.IsPrimary) {
		return ok(success())
	}
	if i.Type == "email" {
		oldEmail, oldID, oldOn := u.Email, emailIdentityID(u), u.CreatedOn
		setPrimaryEmail(u, i.Name, i.ID)
		i.Name, i.ID, i.CreatedOn = oldEmail, oldID, oldOn
		return ok(success())
	}
	u.Identities = slices.DeleteFunc(u.Identities, func(x *Identity) bool { return x == i })
	u.Identities = slices.Insert(u.Identities, 0, i)
	return ok(success())
}

// deleteIdentity removes an identity. Deleting the primary email makes the
// next email the primary, if there is one.
func (s *Server) deleteIdentity(c *call) (int, any, error) {
	u, i, err := c.identityFor()
	if err != nil {
		return fail(err)
	}
	if i == nil {
		next := find(u.Identities, func(x *Identity) bool { return x.Type == "email" })
		if next == nil {
			setPrimaryEmail(u, "", "")
			return ok(success())
		}
		setPrimaryEmail(u, next.Name, next.ID)
		i = next
	}
	u.Identities = slices.DeleteFunc(u.Identities, func(x *Identity) bool { return x == i })
	return ok(success())
}
