package emulator

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// The environment: roles, permissions, feature flags, properties, property
// categories, connections and users.

// sorted returns items in the order of a sort parameter: by name, or by the
// identity key (key or id), ascending unless the order ends in _desc. The
// paging key is the name or identity, made unique by the identity.
func sorted[T any](items []T, order string, name, ident func(T) string) ([]T, bool, func(T) string) {
	desc := strings.HasSuffix(order, "_desc")
	key := ident
	if strings.HasPrefix(order, "name") {
		key = func(t T) string { return sortKey(strings.ToLower(name(t)), ident(t)) }
	}
	out := slices.Clone(items)
	slices.SortFunc(out, func(a, b T) int {
		if desc {
			return cmp.Compare(key(b), key(a))
		}
		return cmp.Compare(key(a), key(b))
	})
	return out, desc, key
}

func (s *Server) getRoles(c *call) (int, any, error) {
	order, err := c.sortOrder("name_asc", "name_desc", "key_asc", "key_desc")
	if err != nil {
		return fail(err)
	}
	roles, desc, key := sorted(c.st().Environment.Roles, order,
		func(r *Role) string { return r.Name }, func(r *Role) string { return r.Key })
	page, next, err := pageByToken(c, "roles", order, desc, roles, key)
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetRolesResponse{Code: "OK", Message: "Success", Roles: []kinde.Role{}, NextToken: next}
	for _, r := range page {
		resp.Roles = append(resp.Roles, kinde.Role{ID: r.ID, Key: r.Key, Name: r.Name, Description: r.Description, IsDefaultRole: r.IsDefaultRole})
	}
	return ok(resp)
}

// permissionsPage serves the permission listings, of the environment or of
// a role (same shape, same sort orders).
func permissionsPage(c *call, listName string, perms []*Permission) (int, any, error) {
	order, err := c.sortOrder("name_asc", "name_desc", "id_asc", "id_desc")
	if err != nil {
		return fail(err)
	}
	ident := func(p *Permission) string { return p.Key }
	if strings.HasPrefix(order, "id") {
		ident = func(p *Permission) string { return p.ID }
	}
	perms, desc, key := sorted(perms, order, func(p *Permission) string { return p.Name }, ident)
	page, next, err := pageByToken(c, listName, order, desc, perms, key)
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetPermissionsResponse{Code: "OK", Message: "Success", Permissions: []kinde.Permission{}, NextToken: next}
	for _, p := range page {
		resp.Permissions = append(resp.Permissions, kinde.Permission{ID: p.ID, Key: p.Key, Name: p.Name, Description: p.Description})
	}
	return ok(resp)
}

func (s *Server) getPermissions(c *call) (int, any, error) {
	return permissionsPage(c, "permissions", c.st().Environment.Permissions)
}

func (s *Server) getRolePermissions(c *call) (int, any, error) {
	id := c.path("role_id")
	e := &c.st().Environment
	r := e.roleByID(id)
	if r == nil {
		return fail(badRequest("ROLE_INVALID", "No role with id %s.", id))
	}
	var perms []*Permission
	for _, k := range r.Permissions {
		if p := e.permission(k); p != nil {
			perms = append(perms, p)
		}
	}
	return permissionsPage(c, "role_permissions:"+r.ID, perms)
}

func (s *Server) getEnvironmentFeatureFlags(c *call) (int, any, error) {
	resp := flagsResponse{Code: "OK", Message: "Success", FeatureFlags: map[string]flagJSON{}}
	for _, f := range c.st().Environment.FeatureFlags {
		resp.FeatureFlags[f.Key] = servedFlag(f.Type, f.value())
	}
	return ok(resp)
}

func (s *Server) getProperties(c *call) (int, any, error) {
	ctx := c.query("context")
	if ctx != "" && !slices.Contains([]string{"usr", "org", "app"}, ctx) {
		return fail(badRequest("INVALID_CONTEXT", "context must be usr, org or app."))
	}
	props := slices.Clone(c.st().Environment.Properties)
	props = slices.DeleteFunc(props, func(p *Property) bool { return ctx != "" && p.Context != ctx })
	slices.SortFunc(props, func(a, b *Property) int { return cmp.Compare(a.ID, b.ID) })
	page, more, err := pageByID(c, props, func(p *Property) string { return p.ID })
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetPropertiesResponse{Code: "OK", Message: "Success", Properties: []kinde.Property{}, HasMore: more}
	for _, p := range page {
		resp.Properties = append(resp.Properties, kinde.Property{ID: p.ID, Key: p.Key, Name: p.Name, IsPrivate: p.IsPrivate, Description: p.Description})
	}
	return ok(resp)
}

func (s *Server) createProperty(c *call) (int, any, error) {
	var req kinde.CreatePropertyRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	switch {
	case req.Name == "" || req.Key == "":
		return fail(badRequest("INVALID_REQUEST", "name and key are required."))
	case req.Type != kinde.PropertySingleLineText && req.Type != kinde.PropertyMultiLineText:
		return fail(badRequest("INVALID_REQUEST", "type must be single_line_text or multi_line_text."))
	case !slices.Contains([]string{"usr", "org", "app"}, req.Context):
		return fail(badRequest("INVALID_REQUEST", "context must be usr, org or app."))
	case find(e.PropertyCategories, func(cat *Category) bool { return cat.ID == req.CategoryID }) == nil:
		return fail(badRequest("CATEGORY_INVALID", "No property category with id %s.", req.CategoryID))
	case e.property(req.Key) != nil:
		return fail(badRequest("PROPERTY_KEY_ALREADY_EXISTS", "A property with key %s exists.", req.Key))
	}
	p := &Property{
		ID: s.ids.nextAfter(idProperty, ids(e.Properties, func(p *Property) string { return p.ID }), func(id string) bool {
			return find(e.Properties, func(p *Property) bool { return p.ID == id }) != nil
		}),
		Key: req.Key, Name: req.Name, Description: req.Description, Type: req.Type,
		Context: req.Context, IsPrivate: req.IsPrivate, CategoryID: req.CategoryID,
	}
	e.Properties = append(e.Properties, p)
	return http.StatusCreated, kinde.CreatePropertyResponse{Code: "OK", Message: "Success", Property: kinde.CreatedProperty{ID: p.ID}}, nil
}

func (s *Server) getCategories(c *call) (int, any, error) {
	ctx := c.query("context")
	if ctx != "" && ctx != "usr" && ctx != "org" {
		return fail(badRequest("INVALID_CONTEXT", "context must be usr or org."))
	}
	cats := slices.Clone(c.st().Environment.PropertyCategories)
	cats = slices.DeleteFunc(cats, func(cat *Category) bool { return ctx != "" && cat.Context != ctx })
	page, more, err := pageByID(c, cats, func(cat *Category) string { return cat.ID })
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetCategoriesResponse{Code: "OK", Message: "Success", Categories: []kinde.Category{}, HasMore: more}
	for _, cat := range page {
		resp.Categories = append(resp.Categories, kinde.Category{ID: cat.ID, Name: cat.Name})
	}
	return ok(resp)
}

// createCategoryResponse is create_category_response; internal/kinde has no
// type for it.
type createCategoryResponse struct {
	Message  string `json:"message"`
	Code     string `json:"code"`
	Category struct {
		ID string `json:"id"`
	} `json:"category"`
}

func (s *Server) createCategory(c *call) (int, any, error) {
	var req struct {
		Name    string `json:"name"`
		Context string `json:"context"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == "" || !slices.Contains([]string{"usr", "org", "app"}, req.Context) {
		return fail(badRequest("INVALID_REQUEST", "name is required and context must be usr, org or app."))
	}
	e := &c.st().Environment
	cat := &Category{
		ID: s.ids.nextAfter(idCategory, ids(e.PropertyCategories, func(c *Category) string { return c.ID }), func(id string) bool {
			return find(e.PropertyCategories, func(cat *Category) bool { return cat.ID == id }) != nil
		}),
		Name: req.Name, Context: req.Context,
	}
	e.PropertyCategories = append(e.PropertyCategories, cat)
	resp := createCategoryResponse{Code: "OK", Message: "Success"}
	resp.Category.ID = cat.ID
	return http.StatusCreated, resp, nil
}

func (s *Server) getConnections(c *call) (int, any, error) {
	conns := c.st().Environment.Connections
	// No connection in a state has home realm domains, so filtering by one
	// finds nothing.
	if c.query("home_realm_domain") != "" {
		conns = nil
	}
	page, more, err := pageByID(c, conns, func(conn *Connection) string { return conn.ID })
	if err != nil {
		return fail(err)
	}
	return ok(connectionsResponse(page, more))
}

func (s *Server) getUsers(c *call) (int, any, error) {
	st := c.st()
	ids, emails := list(c.query("user_id")), list(strings.ToLower(c.query("email")))
	// Users in a state have no usernames or phones: those filters match none.
	none := c.query("username") != "" || c.query("phone") != ""
	hasOrg := c.query("has_organization")
	expand := list(c.query("expand"))
	var users []*User
	for _, u := range st.Users {
		switch {
		case none,
			len(ids) > 0 && !slices.Contains(ids, u.ID),
			len(emails) > 0 && !slices.Contains(emails, strings.ToLower(u.Email)),
			hasOrg != "" && (hasOrg == "true") != (len(st.userOrgs(u.ID)) > 0):
			continue
		}
		users = append(users, u)
	}
	page, next, err := pageByToken(c, "users", "", false, users, func(u *User) string { return u.ID })
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetUsersResponse{Code: "OK", Message: "Success", Users: []kinde.User{}, NextToken: next}
	for _, u := range page {
		v := kinde.User{
			ID: u.ID, ProvidedID: u.ProvidedID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
			IsSuspended: u.IsSuspended, CreatedOn: s.timestamp(u.CreatedOn),
		}
		if slices.Contains(expand, "organizations") {
			v.Organizations = st.userOrgs(u.ID)
		}
		if slices.Contains(expand, "identities") {
			v.Identities = identitySummaries(u)
		}
		resp.Users = append(resp.Users, v)
	}
	return ok(resp)
}

func (st *State) userOrgs(id string) []string {
	var codes []string
	for _, o := range st.Organizations {
		if o.member(id) != nil {
			codes = append(codes, o.Code)
		}
	}
	return codes
}

// createUser supports email identities, which is what kindesync creates
// (missing_users: create); users in a state have no phones or usernames.
func (s *Server) createUser(c *call) (int, any, error) {
	var req kinde.CreateUserRequest
	if err := c.decode(&req, false); err != nil {
		return fail(err)
	}
	st := c.st()
	u := &User{ProvidedID: req.ProvidedID, CreatedOn: s.now()}
	if p := req.Profile; p != nil {
		u.FirstName, u.LastName = p.GivenName, p.FamilyName
	}
	resp := kinde.CreateUserResponse{Created: true}
	for _, id := range req.Identities {
		if id.Type != kinde.IdentityEmail {
			return fail(badRequest("IDENTITY_TYPE_UNSUPPORTED", "The emulator only creates email identities, not %s.", id.Type))
		}
		if u.Email != "" || id.Details.Email == "" {
			return fail(badRequest("INVALID_REQUEST", "Give exactly one email identity, with details.email."))
		}
		if st.userByEmail(id.Details.Email) != nil {
			return fail(badRequest("USER_ALREADY_EXISTS", "A user with email %s exists.", id.Details.Email))
		}
		u.Email = id.Details.Email
		r := kinde.CreateUserIdentityResult{Type: kinde.IdentityEmail}
		r.Result.Created = true
		resp.Identities = append(resp.Identities, r)
	}
	var org *Organization
	if req.OrganizationCode != "" {
		if org = st.org(req.OrganizationCode); org == nil {
			return fail(badRequest("ORGANIZATION_INVALID", "No organization with code %s.", req.OrganizationCode))
		}
	}
	u.ID = s.ids.next(idUser, func(id string) bool { return st.user(id) != nil })
	st.Users = append(st.Users, u)
	if org != nil {
		org.Members = append(org.Members, &Member{UserID: u.ID, JoinedOn: s.now()})
	}
	resp.ID = u.ID
	return ok(resp)
}
