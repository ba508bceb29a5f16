package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Connections: create, get, update, replace, delete. Options (client ids
// and secrets, SAML metadata) are checked for shape and not kept: the
// emulator signs nobody in through a connection, and a state file is no
// place for an identity provider's secret. enabled_applications sets the
// applications the connection is enabled for.

var connectionStrategies = []string{
	"oauth2:apple", "oauth2:azure_ad", "oauth2:bitbucket", "oauth2:discord", "oauth2:facebook", "oauth2:github",
	"oauth2:gitlab", "oauth2:google", "oauth2:linkedin", "oauth2:microsoft", "oauth2:patreon", "oauth2:slack",
	"oauth2:stripe", "oauth2:twitch", "oauth2:twitter", "oauth2:xero", "saml:custom", "saml:cloudflare",
	"saml:okta", "saml:microsoft", "saml:google", "wsfed:azure_ad",
}

// enterprise reports whether a strategy is an enterprise one (SAML and
// Microsoft Entra ID), the only kind an organization can manage.
func enterprise(strategy string) bool {
	return strings.HasPrefix(strategy, "saml:") || strings.HasPrefix(strategy, "wsfed:") || strategy == "oauth2:azure_ad"
}

type connectionRequest struct {
	Name                *string         `json:"name"`
	DisplayName         *string         `json:"display_name"`
	Strategy            string          `json:"strategy"`
	EnabledApplications []string        `json:"enabled_applications"`
	OrganizationCode    *string         `json:"organization_code"`
	Options             json.RawMessage `json:"options"`
}

func (req *connectionRequest) checkShared() error {
	if req.Name != nil {
		if err := checkLength("name", *req.Name, 128); err != nil {
			return err
		}
	}
	if req.DisplayName != nil {
		if err := checkLength("display_name", *req.DisplayName, 128); err != nil {
			return err
		}
	}
	if o := bytes.TrimSpace(req.Options); len(o) > 0 && o[0] != '{' && !bytes.Equal(o, []byte("null")) {
		return badRequest("INVALID_REQUEST", "options must be an object.")
	}
	return nil
}

// enableFor makes the applications of enabled_applications, when sent, the
// ones the connection is enabled for; it checks them all first.
func (req *connectionRequest) enableFor(e *Environment, id string) error {
	if req.EnabledApplications == nil {
		return nil
	}
	for _, appID := range req.EnabledApplications {
		if e.application(appID) == nil {
			return badRequest("APPLICATION_INVALID", "No application with id %s.", appID)
		}
	}
	for _, a := range e.Applications {
		removeKey(&a.Connections, id)
		if slices.Contains(req.EnabledApplications, a.ID) {
			a.Connections = append(a.Connections, id)
		}
	}
	return nil
}

// createConnection makes an environment connection, or with
// organization_code one that organization manages, which is then enabled
// for it.
func (s *Server) createConnection(c *call) (int, any, error) {
	var req connectionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == nil || req.Strategy == "" {
		return fail(badRequest("INVALID_REQUEST", "name and strategy are required."))
	}
	if err := req.checkShared(); err != nil {
		return fail(err)
	}
	if !slices.Contains(connectionStrategies, req.Strategy) {
		return fail(badRequest("INVALID_STRATEGY", "No connection strategy %s.", req.Strategy))
	}
	st := c.st()
	var org *Organization
	if code := deref(req.OrganizationCode); code != "" {
		if org = st.org(code); org == nil {
			return fail(badRequest("ORGANIZATION_INVALID", "No organization with code %s.", code))
		}
		if !enterprise(req.Strategy) {
			return fail(badRequest("INVALID_STRATEGY", "Only an enterprise connection (SAML, Entra ID) can be managed by an organization, not %s.", req.Strategy))
		}
	}
	e := &st.Environment
	conn := &Connection{
		ID:   s.ids.nextAfter(idConnection, ids(e.Connections, func(c *Connection) string { return c.ID }), func(id string) bool { return e.connection(id) != nil }),
		Name: *req.Name, DisplayName: or(deref(req.DisplayName), *req.Name), Strategy: req.Strategy,
	}
	if err := req.enableFor(e, conn.ID); err != nil {
		return fail(err)
	}
	if org != nil {
		conn.OrganizationCode = org.Code
		org.Connections = append(org.Connections, conn.ID)
	}
	e.Connections = append(e.Connections, conn)
	return http.StatusCreated, createdResponse("connection", conn.ID), nil
}

// connectionFor finds the connection of the path: GetConnection declares no
// 404 and answers 400; the writes declare one.
func (c *call) connectionFor(with404 bool) (*Connection, error) {
	id := c.path("connection_id")
	if conn := c.st().Environment.connection(id); conn != nil {
		return conn, nil
	}
	if with404 {
		return nil, notFound("CONNECTION_NOT_FOUND", "No connection with id %s.", id)
	}
	return nil, badRequest("CONNECTION_INVALID", "No connection with id %s.", id)
}

func (s *Server) getConnection(c *call) (int, any, error) {
	conn, err := c.connectionFor(false)
	if err != nil {
		return fail(err)
	}
	return ok(map[string]any{"code": "OK", "message": "Success", "connection": map[string]string{
		"id": conn.ID, "name": conn.Name, "display_name": conn.DisplayName, "strategy": conn.Strategy,
	}})
}

// updateConnection changes the names it is sent. Neither it nor the
// replace can change a connection's strategy or managing organization: the
// spec's bodies do not carry them.
func (s *Server) updateConnection(c *call) (int, any, error) {
	conn, err := c.connectionFor(true)
	if err != nil {
		return fail(err)
	}
	var req connectionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if err := req.checkShared(); err != nil {
		return fail(err)
	}
	if err := req.enableFor(&c.st().Environment, conn.ID); err != nil {
		return fail(err)
	}
	if req.Name != nil {
		conn.Name = *req.Name
	}
	if req.DisplayName != nil {
		conn.DisplayName = *req.DisplayName
	}
	return ok(success())
}

// replaceConnection sets the whole configuration: a display name left out
// becomes the name.
func (s *Server) replaceConnection(c *call) (int, any, error) {
	conn, err := c.connectionFor(true)
	if err != nil {
		return fail(err)
	}
	var req connectionRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == nil {
		return fail(badRequest("INVALID_REQUEST", "name is required."))
	}
	if err := req.checkShared(); err != nil {
		return fail(err)
	}
	if err := req.enableFor(&c.st().Environment, conn.ID); err != nil {
		return fail(err)
	}
	conn.Name, conn.DisplayName = *req.Name, or(deref(req.DisplayName), *req.Name)
	return ok(success())
}

// deleteConnection also disables it for every organization and removes the
// user identities that came through it.
func (s *Server) deleteConnection(c *call) (int, any, error) {
	conn, err := c.connectionFor(true)
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.Connections = slices.DeleteFunc(st.Environment.Connections, func(x *Connection) bool { return x == conn })
	for _, o := range st.Organizations {
		removeKey(&o.Connections, conn.ID)
	}
	for _, u := range st.Users {
		u.Identities = slices.DeleteFunc(u.Identities, func(i *Identity) bool { return i.ConnectionID == conn.ID })
	}
	for _, a := range st.Environment.Applications {
		removeKey(&a.Connections, conn.ID)
	}
	return ok(success())
}
