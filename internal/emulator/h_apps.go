package emulator

import (
	"net/http"
	"slices"
)

// Applications: list, create, get, update, delete; their connections; and
// which of them an API authorizes. Only the settings the spec's bodies
// carry are kept; redirect and logout URLs through updateApplication.

type applicationSummaryJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

func (s *Server) getApplications(c *call) (int, any, error) {
	order, err := c.sortOrder("name_asc", "name_desc")
	if err != nil {
		return fail(err)
	}
	apps, desc, key := sorted(c.st().Environment.Applications, order,
		func(a *Application) string { return a.Name }, func(a *Application) string { return a.ID })
	page, next, err := pageByToken(c, "applications", order, desc, apps, key)
	if err != nil {
		return fail(err)
	}
	resp := struct {
		Code         string                   `json:"code"`
		Message      string                   `json:"message"`
		Applications []applicationSummaryJSON `json:"applications"`
		NextToken    string                   `json:"next_token,omitempty"`
	}{"OK", "Success", []applicationSummaryJSON{}, next}
	for _, a := range page {
		resp.Applications = append(resp.Applications, applicationSummaryJSON{a.ID, a.Name, a.Type})
	}
	return ok(resp)
}

func (s *Server) createApplication(c *call) (int, any, error) {
	var req struct {
		Name    string  `json:"name"`
		Type    string  `json:"type"`
		OrgCode *string `json:"org_code"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if err := checkLength("name", req.Name, 128); err != nil {
		return fail(err)
	}
	if !slices.Contains(applicationTypes, req.Type) {
		return fail(badRequest("INVALID_REQUEST", "type must be reg, spa, m2m or device."))
	}
	st := c.st()
	code := deref(req.OrgCode)
	if code != "" {
		if req.Type != "m2m" {
			return fail(badRequest("INVALID_REQUEST", "Only an m2m application can be scoped to an organization."))
		}
		if st.org(code) == nil {
			return fail(badRequest("ORGANIZATION_INVALID", "No organization with code %s.", code))
		}
	}
	e := &st.Environment
	a := &Application{ID: s.ids.next(idApplication, func(id string) bool { return e.application(id) != nil }), Name: req.Name, Type: req.Type, OrgCode: code}
	e.Applications = append(e.Applications, a)
	app := map[string]string{"id": a.ID, "client_id": a.ID}
	if secret := a.clientSecret(); secret != "" {
		app["client_secret"] = secret
	}
	return http.StatusCreated, map[string]any{"code": "OK", "message": "Success", "application": app}, nil
}

// applicationFor finds the application of the path; none of these
// operations declares a 404.
func (c *call) applicationFor() (*Application, error) {
	id := c.path("application_id")
	if a := c.st().Environment.application(id); a != nil {
		return a, nil
	}
	return nil, badRequest("APPLICATION_INVALID", "No application with id %s.", id)
}

func (s *Server) getApplication(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	v := map[string]any{"id": a.ID, "name": a.Name, "type": a.Type, "client_id": a.ID}
	if secret := a.clientSecret(); secret != "" {
		v["client_secret"] = secret
	}
	if a.LoginURI != "" {
		v["login_uri"] = a.LoginURI
	}
	if a.HomepageURI != "" {
		v["homepage_uri"] = a.HomepageURI
	}
	for _, k := range applicationSettings {
		v[k] = a.Settings[k]
	}
	// Access control needs connections: always false for types without.
	if a.Type == "m2m" {
		v["is_access_control_enabled"] = false
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "application": v})
}

func (s *Server) updateApplication(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Name         *string  `json:"name"`
		LanguageKey  *string  `json:"language_key"`
		LogoutURIs   []string `json:"logout_uris"`
		RedirectURIs []string `json:"redirect_uris"`
		LoginURI     *string  `json:"login_uri"`
		HomepageURI  *string  `json:"homepage_uri"`

		IsAllowFacelessAuth         *bool `json:"is_allow_faceless_auth"`
		IsAskForName                *bool `json:"is_ask_for_name"`
		HasMarketingConsent         *bool `json:"has_marketing_consent"`
		HasSignInLinkOnSignUpPage   *bool `json:"has_sign_in_link_on_sign_up_page"`
		HasRegisterLinkOnSignInPage *bool `json:"has_register_link_on_sign_in_page"`
		HasSignInWithSSOButton      *bool `json:"has_sign_in_with_sso_button"`
		UseGravatarFallback         *bool `json:"use_gravatar_fallback"`
		IsAccessControlEnabled      *bool `json:"is_access_control_enabled"`
	}
	if err := c.decode(&req, false); err != nil {
		return fail(err)
	}
	if req.Name != nil {
		if err := checkLength("name", *req.Name, 128); err != nil {
			return fail(err)
		}
	}
	if deref(req.IsAccessControlEnabled) && a.Type == "m2m" {
		return fail(badRequest("INVALID_REQUEST", "Access control needs an application that users sign in to, not m2m."))
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&a.Name, req.Name}, {&a.LanguageKey, req.LanguageKey}, {&a.LoginURI, req.LoginURI}, {&a.HomepageURI, req.HomepageURI}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if req.LogoutURIs != nil {
		a.LogoutURIs = slices.Clone(req.LogoutURIs)
	}
	if req.RedirectURIs != nil {
		a.RedirectURIs = slices.Clone(req.RedirectURIs)
	}
	for k, v := range map[string]*bool{
		"is_allow_faceless_auth": req.IsAllowFacelessAuth, "is_ask_for_name": req.IsAskForName,
		"has_marketing_consent": req.HasMarketingConsent, "has_sign_in_link_on_sign_up_page": req.HasSignInLinkOnSignUpPage,
		"has_register_link_on_sign_in_page": req.HasRegisterLinkOnSignInPage, "has_sign_in_with_sso_button": req.HasSignInWithSSOButton,
		"use_gravatar_fallback": req.UseGravatarFallback, "is_access_control_enabled": req.IsAccessControlEnabled,
	} {
		if v == nil {
			continue
		}
		if a.Settings == nil {
			a.Settings = map[string]bool{}
		}
		a.Settings[k] = *v
		if !*v {
			delete(a.Settings, k) // unset and false read the same: keep files terse
		}
	}
	return ok(success())
}

// deleteApplication also takes it out of the APIs authorizing it.
func (s *Server) deleteApplication(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	e.Applications = slices.DeleteFunc(e.Applications, func(x *Application) bool { return x == a })
	for _, api := range e.APIs {
		removeKey(&api.Applications, a.ID)
	}
	return ok(success())
}

// getApplicationConnections lists flat connection objects, as the other
// connection lists do (live Kinde's shape, kinde-go reads them so), in id
// order.
func (s *Server) getApplicationConnections(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	var conns []*Connection
	for _, id := range a.Connections {
		if conn := c.st().Environment.connection(id); conn != nil {
			conns = append(conns, conn)
		}
	}
	// The operation has no paging parameters: every connection, has_more false.
	return ok(connectionsResponse(conns, false))
}

func (s *Server) enableConnection(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("connection_id")
	if c.st().Environment.connection(id) == nil {
		return fail(badRequest("CONNECTION_INVALID", "No connection with id %s.", id))
	}
	if !slices.Contains(a.Connections, id) {
		a.Connections = append(a.Connections, id)
	}
	return ok(success())
}

func (s *Server) removeConnection(c *call) (int, any, error) {
	a, err := c.applicationFor()
	if err != nil {
		return fail(err)
	}
	id := c.path("connection_id")
	if !slices.Contains(a.Connections, id) {
		return fail(badRequest("CONNECTION_INVALID", "Connection %s is not enabled for application %s.", id, a.ID))
	}
	removeKey(&a.Connections, id)
	return ok(success())
}

// updateAPIApplications authorizes the applications listed for the API, and
// revokes those with operation delete; all are checked first.
func (s *Server) updateAPIApplications(c *call) (int, any, error) {
	api, err := c.apiFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Applications []struct {
			ID        string `json:"id"`
			Operation string `json:"operation"`
		} `json:"applications"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	e := &c.st().Environment
	for _, a := range req.Applications {
		if e.application(a.ID) == nil {
			return fail(badRequest("APPLICATION_INVALID", "No application with id %s.", a.ID))
		}
		if a.Operation != "" && a.Operation != "delete" {
			return fail(badRequest("INVALID_OPERATION", "operation must be delete or left out, not %s.", a.Operation))
		}
	}
	resp := struct {
		Code         string   `json:"code"`
		Message      string   `json:"message"`
		Disconnected []string `json:"applications_disconnected"`
		Connected    []string `json:"applications_connected"`
	}{"OK", "Success", []string{}, []string{}}
	for _, a := range req.Applications {
		has := slices.Contains(api.Applications, a.ID)
		switch {
		case a.Operation == "delete" && has:
			removeKey(&api.Applications, a.ID)
			resp.Disconnected = append(resp.Disconnected, a.ID)
		case a.Operation == "" && !has:
			api.Applications = append(api.Applications, a.ID)
			resp.Connected = append(resp.Connected, a.ID)
		}
	}
	return ok(resp)
}

// apiApplicationType is the type as get_api_response spells it.
func apiApplicationType(t string) string {
	switch t {
	case "m2m":
		return "Machine to machine (M2M)"
	case "reg":
		return "Back-end web"
	case "spa":
		return "Front-end and mobile"
	}
	return "Device and IoT"
}
