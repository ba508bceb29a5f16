package emulator

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// APIs, their scopes, and the API scopes of organization members.
// internal/kinde has no types for these; the structs below follow the spec.

type apiScopeView struct {
	ID          string `json:"id"`
	Key         string `json:"key"`
	Description string `json:"description,omitempty"`
}

type apiView struct {
	ID              string          `json:"id"`
	Name            string          `json:"name"`
	Audience        string          `json:"audience"`
	IsManagementAPI bool            `json:"is_management_api"`
	Scopes          *[]apiScopeView `json:"scopes,omitempty"`
	// Applications is only in get_api_response: every application, and
	// whether the API authorizes it.
	Applications *[]apiApplicationJSON `json:"applications,omitempty"`
}

type apiApplicationJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	IsActive bool   `json:"is_active"`
}

func viewAPI(a *API, scopes bool) apiView {
	v := apiView{ID: a.ID, Name: a.Name, Audience: a.Audience}
	if scopes {
		list := []apiScopeView{}
		for _, sc := range a.Scopes {
			list = append(list, apiScopeView{ID: sc.ID, Key: sc.Key})
		}
		v.Scopes = &list
	}
	return v
}

// getAPIs lists every API sorted by name, as the spec says; the operation
// has no paging parameters, so there is never a next_token.
func (s *Server) getAPIs(c *call) (int, any, error) {
	expand := c.query("expand")
	if expand != "" && expand != "scopes" {
		return fail(badRequest("INVALID_EXPAND", "expand must be scopes."))
	}
	apis := slices.Clone(c.st().Environment.APIs)
	slices.SortFunc(apis, func(a, b *API) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	resp := struct {
		Code    string    `json:"code"`
		Message string    `json:"message"`
		APIs    []apiView `json:"apis"`
	}{"OK", "Success", []apiView{}}
	for _, a := range apis {
		resp.APIs = append(resp.APIs, viewAPI(a, expand == "scopes"))
	}
	return ok(resp)
}

// checkLength enforces Kinde's "1-64 characters" on names and keys.
func checkLength(field, v string, maxLen int) error {
	if n := utf8.RuneCountInString(v); n == 0 || n > maxLen {
		return badRequest("INVALID_REQUEST", "%s must be 1 to %d characters.", field, maxLen)
	}
	return nil
}

func (s *Server) addAPIs(c *call) (int, any, error) {
	var req struct {
		Name     string `json:"name"`
		Audience string `json:"audience"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if err := cmp.Or(checkLength("name", req.Name, 64), checkLength("audience", req.Audience, 64)); err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	if find(e.APIs, func(a *API) bool { return a.Audience == req.Audience }) != nil {
		return fail(badRequest("API_AUDIENCE_ALREADY_EXISTS", "An API with audience %s exists.", req.Audience))
	}
	a := &API{ID: s.ids.next(idAPI, func(id string) bool { return e.api(id) != nil }), Name: req.Name, Audience: req.Audience}
	e.APIs = append(e.APIs, a)
	return ok(createdResponse("api", a.ID))
}

// createdResponse is the {code, message, <what>: {id}} answer of creates.
func createdResponse(what, id string) map[string]any {
	return map[string]any{"code": "OK", "message": "Success", what: map[string]string{"id": id}}
}

// apiFor finds the API a call names; the operations declare no 404.
func (c *call) apiFor() (*API, error) {
	id := c.path("api_id")
	if a := c.st().Environment.api(id); a != nil {
		return a, nil
	}
	return nil, badRequest("API_INVALID", "No API with id %s.", id)
}

func (c *call) apiScopeFor() (*API, *APIScope, error) {
	a, err := c.apiFor()
	if err != nil {
		return nil, nil, err
	}
	id := c.path("scope_id")
	if sc := a.scope(id); sc != nil {
		return a, sc, nil
	}
	return nil, nil, badRequest("SCOPE_INVALID", "API %s has no scope with id %s.", a.ID, id)
}

func (s *Server) getAPI(c *call) (int, any, error) {
	a, err := c.apiFor()
	if err != nil {
		return fail(err)
	}
	v := viewAPI(a, true)
	apps := []apiApplicationJSON{}
	for _, app := range c.st().Environment.Applications {
		apps = append(apps, apiApplicationJSON{app.ID, app.Name, apiApplicationType(app.Type), slices.Contains(a.Applications, app.ID)})
	}
	v.Applications = &apps
	return ok(map[string]any{"code": "OK", "message": "Success", "api": v})
}

func (s *Server) deleteAPI(c *call) (int, any, error) {
	a, err := c.apiFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.APIs = slices.DeleteFunc(st.Environment.APIs, func(x *API) bool { return x == a })
	st.forEachMember(func(_ *Organization, m *Member) { delete(m.APIScopes, a.ID) })
	return ok(success())
}

func (s *Server) getAPIScopes(c *call) (int, any, error) {
	a, err := c.apiFor()
	if err != nil {
		return fail(err)
	}
	scopes := []apiScopeView{}
	for _, sc := range a.Scopes {
		scopes = append(scopes, apiScopeView{ID: sc.ID, Key: sc.Key, Description: sc.Description})
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "scopes": scopes})
}

func (s *Server) addAPIScope(c *call) (int, any, error) {
	a, err := c.apiFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Key         string `json:"key"`
		Description string `json:"description"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if err := checkLength("key", req.Key, 64); err != nil {
		return fail(err)
	}
	if strings.ContainsFunc(req.Key, unicode.IsSpace) {
		return fail(badRequest("INVALID_REQUEST", "key cannot contain white space."))
	}
	if a.scopeByKey(req.Key) != nil {
		return fail(badRequest("SCOPE_KEY_ALREADY_EXISTS", "API %s has a scope %s.", a.ID, req.Key))
	}
	e := &c.st().Environment
	sc := &APIScope{ID: s.ids.next(idAPIScope, e.apiScopeTaken), Key: req.Key, Description: req.Description}
	a.Scopes = append(a.Scopes, sc)
	return ok(createdResponse("scope", sc.ID))
}

func (s *Server) getAPIScope(c *call) (int, any, error) {
	_, sc, err := c.apiScopeFor()
	if err != nil {
		return fail(err)
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "scope": apiScopeView{ID: sc.ID, Key: sc.Key, Description: sc.Description}})
}

func (s *Server) updateAPIScope(c *call) (int, any, error) {
	_, sc, err := c.apiScopeFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Description *string `json:"description"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Description != nil {
		sc.Description = *req.Description
	}
	return ok(success())
}

func (s *Server) deleteAPIScope(c *call) (int, any, error) {
	a, sc, err := c.apiScopeFor()
	if err != nil {
		return fail(err)
	}
	a.Scopes = slices.DeleteFunc(a.Scopes, func(x *APIScope) bool { return x == sc })
	c.st().forEachMember(func(_ *Organization, m *Member) {
		if ids, ok := m.APIScopes[a.ID]; ok {
			m.APIScopes[a.ID] = slices.DeleteFunc(ids, func(id string) bool { return id == sc.ID })
		}
	})
	return ok(success())
}

func (s *Server) addOrganizationUserAPIScope(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	a, sc, err := c.apiScopeFor()
	if err != nil {
		return fail(err)
	}
	// Granting a scope the member has already changes nothing.
	if !slices.Contains(m.APIScopes[a.ID], sc.ID) {
		if m.APIScopes == nil {
			m.APIScopes = map[string][]string{}
		}
		m.APIScopes[a.ID] = append(m.APIScopes[a.ID], sc.ID)
	}
	return ok(success())
}

func (s *Server) deleteOrganizationUserAPIScope(c *call) (int, any, error) {
	_, m, err := c.memberFor()
	if err != nil {
		return fail(err)
	}
	a, sc, err := c.apiScopeFor()
	if err != nil {
		return fail(err)
	}
	if !slices.Contains(m.APIScopes[a.ID], sc.ID) {
		return fail(badRequest("SCOPE_NOT_ASSIGNED", "The user does not have the scope %s of API %s in this organization.", sc.Key, a.ID))
	}
	m.APIScopes[a.ID] = slices.DeleteFunc(m.APIScopes[a.ID], func(id string) bool { return id == sc.ID })
	return ok(success())
}
