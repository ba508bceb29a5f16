package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"

	"github.com/kindesync/kindesync/internal/kinde"
)

// An organization's feature flags, properties, connections, logos, MFA and
// session settings.

// getOrganizationFeatureFlags lists every environment flag with the org's
// value: its override, or else the environment's. Like Kinde's, the list
// does not say which values are overrides (DESIGN §3).
func (s *Server) getOrganizationFeatureFlags(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	resp := flagsResponse{Code: "OK", Message: "Success", FeatureFlags: map[string]flagJSON{}}
	for _, f := range c.st().Environment.FeatureFlags {
		v, overridden := o.FeatureFlags[f.Key]
		if !overridden {
			v = f.value()
		}
		resp.FeatureFlags[f.Key] = servedFlag(f.Type, v)
	}
	return ok(resp)
}

// updateOrganizationFeatureFlagOverride takes the value as a ?value= string
// and checks it against the flag's type.
func (s *Server) updateOrganizationFeatureFlagOverride(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	key := c.path("feature_flag_key")
	f := c.st().Environment.flag(key)
	if f == nil {
		return fail(badRequest("FEATURE_FLAG_INVALID", "No feature flag with key %s.", key))
	}
	if !f.allowsOrgOverride() {
		return fail(badRequest("FEATURE_FLAG_OVERRIDE_NOT_ALLOWED", "The flag %s has allow_override_level env: organizations cannot override it.", key))
	}
	if !c.r.URL.Query().Has("value") {
		return fail(badRequest("VALUE_REQUIRED", "The value parameter is required."))
	}
	v, err := flagValue(f.Type, c.query("value"))
	if err != nil {
		return fail(badRequest("FEATURE_FLAG_VALUE_INVALID", "%v", err))
	}
	setKey(&o.FeatureFlags, key, v)
	return ok(success())
}

func (s *Server) deleteOrganizationFeatureFlagOverride(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	key := c.path("feature_flag_key")
	if c.st().Environment.flag(key) == nil {
		return fail(badRequest("FEATURE_FLAG_INVALID", "No feature flag with key %s.", key))
	}
	// Deleting an override that is not there leaves the org on the default,
	// which is what the caller wants.
	delete(o.FeatureFlags, key)
	return ok(success())
}

func (s *Server) deleteOrganizationFeatureFlagOverrides(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	o.FeatureFlags = nil
	return ok(success())
}

// getOrganizationPropertyValues lists every org-context property, with a
// null value where the org has none.
func (s *Server) getOrganizationPropertyValues(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	resp := kinde.GetPropertyValuesResponse{Code: "OK", Message: "Success", Properties: []kinde.PropertyValue{}}
	for _, p := range c.st().Environment.Properties {
		if p.Context != kinde.ContextOrganization {
			continue
		}
		v := kinde.PropertyValue{ID: p.ID, Name: p.Name, Description: p.Description, Key: p.Key}
		if val, ok := o.Properties[p.Key]; ok {
			v.Value = &val
		}
		resp.Properties = append(resp.Properties, v)
	}
	return ok(resp)
}

func (st *State) orgProperty(key string) error {
	if p := st.Environment.property(key); p == nil || p.Context != kinde.ContextOrganization {
		return badRequest("PROPERTY_INVALID", "No organization property with key %s.", key)
	}
	return nil
}

// setProperty stores a value; an empty one removes it, so that it reads
// back as null like a property never set.
func setProperty(o *Organization, key, value string) {
	if value == "" {
		delete(o.Properties, key)
		return
	}
	setKey(&o.Properties, key, value)
}

// updateOrganizationProperties sets several values. The spec leaves the
// values untyped; Kinde stores text, so numbers and booleans are kept as
// their JSON text and null clears a value.
func (s *Server) updateOrganizationProperties(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Properties == nil {
		return fail(badRequest("INVALID_REQUEST", "properties is required."))
	}
	values := map[string]string{}
	for k, raw := range req.Properties {
		if err := c.st().orgProperty(k); err != nil {
			return fail(err)
		}
		raw = bytes.TrimSpace(raw)
		switch {
		case string(raw) == "null":
			values[k] = ""
		case raw[0] == '"':
			var str string
			json.Unmarshal(raw, &str) //nolint:errcheck // already valid JSON
			values[k] = str
		case raw[0] == '{' || raw[0] == '[':
			return fail(badRequest("PROPERTY_VALUE_INVALID", "The value of %s must be a string, number or boolean.", k))
		default:
			values[k] = string(raw)
		}
	}
	for k, v := range values {
		setProperty(o, k, v)
	}
	return ok(success())
}

func (s *Server) updateOrganizationProperty(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	key := c.path("property_key")
	if err := c.st().orgProperty(key); err != nil {
		return fail(err)
	}
	if !c.r.URL.Query().Has("value") {
		return fail(badRequest("VALUE_REQUIRED", "The value parameter is required."))
	}
	setProperty(o, key, c.query("value"))
	return ok(success())
}

func (s *Server) getOrganizationConnections(c *call) (int, any, error) {
	o, err := c.orgFor("organization_code", false)
	if err != nil {
		return fail(err)
	}
	var conns []*Connection
	for _, id := range o.Connections {
		if conn := c.st().Environment.connection(id); conn != nil {
			conns = append(conns, conn)
		}
	}
	return ok(connectionsResponse(conns, false))
}

// connectionsResponse lists connections flat, as live Kinde does (kinde-go
// and a second community provider read them so), not wrapped in
// {connection: {...}} as the spec's `connection` schema says.
func connectionsResponse(conns []*Connection, hasMore bool) flatConnectionsResponse {
	resp := flatConnectionsResponse{Code: "OK", Message: "Success", Connections: []kinde.Connection{}, HasMore: hasMore}
	for _, c := range conns {
		resp.Connections = append(resp.Connections, kinde.Connection{
			ID: c.ID, Name: c.Name, DisplayName: c.DisplayName, Strategy: c.Strategy,
		})
	}
	return resp
}

// flatConnectionsResponse is get_connections_response as Kinde sends it.
type flatConnectionsResponse struct {
	Code        string             `json:"code"`
	Message     string             `json:"message"`
	Connections []kinde.Connection `json:"connections"`
	HasMore     bool               `json:"has_more"`
}

func (s *Server) enableOrgConnection(c *call) (int, any, error) {
	o, err := c.orgFor("organization_code", false)
	if err != nil {
		return fail(err)
	}
	id := c.path("connection_id")
	if c.st().Environment.connection(id) == nil {
		return fail(badRequest("CONNECTION_INVALID", "No connection with id %s.", id))
	}
	if !slices.Contains(o.Connections, id) {
		o.Connections = append(o.Connections, id)
	}
	return ok(success())
}

func (s *Server) removeOrgConnection(c *call) (int, any, error) {
	o, err := c.orgFor("organization_code", false)
	if err != nil {
		return fail(err)
	}
	id := c.path("connection_id")
	if !slices.Contains(o.Connections, id) {
		return fail(badRequest("CONNECTION_INVALID", "Connection %s is not enabled for %s.", id, o.Code))
	}
	o.Connections = slices.DeleteFunc(o.Connections, func(x string) bool { return x == id })
	return ok(success())
}

func (s *Server) readOrganizationLogo(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	resp := kinde.ReadLogoResponse{Code: "OK", Message: "Success", Logos: []kinde.Logo{}}
	for _, typ := range []string{kinde.LogoLight, kinde.LogoDark} {
		if l := o.Logos[typ]; l != nil {
			path := map[string]string{kinde.LogoLight: "/logo", kinde.LogoDark: "/logo_dark"}[typ]
			resp.Logos = append(resp.Logos, kinde.Logo{Type: typ, FileName: l.FileName, Path: path + "?p_org_code=" + o.Code})
		}
	}
	return ok(resp)
}

func logoHash(l *Logo) string {
	sum := sha256.Sum256(l.Data)
	return hex.EncodeToString(sum[:16])
}

func logoType(c *call) (string, error) {
	typ := c.path("type")
	if typ != kinde.LogoLight && typ != kinde.LogoDark {
		return "", badRequest("INVALID_LOGO_TYPE", "type must be light or dark.")
	}
	return typ, nil
}

// addOrganizationLogo takes the multipart/form-data upload of the spec: a
// file in the field "logo".
func (s *Server) addOrganizationLogo(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	typ, err := logoType(c)
	if err != nil {
		return fail(err)
	}
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return fail(badRequest("INVALID_REQUEST", "the body must be multipart/form-data with a file in the field logo"))
	}
	logo, err := readLogo(multipart.NewReader(bytes.NewReader(c.body), params["boundary"]))
	if err != nil {
		return fail(badRequest("INVALID_LOGO", "%v", err))
	}
	if o.Logos == nil {
		o.Logos = map[string]*Logo{}
	}
	o.Logos[typ] = logo
	return ok(success())
}

func readLogo(mr *multipart.Reader) (*Logo, error) {
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, fmt.Errorf("no file in the field logo")
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "logo" {
			continue
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, err
		}
		if len(data) == 0 {
			return nil, fmt.Errorf("the logo file is empty")
		}
		if _, err := checkLogo(data); err != nil {
			return nil, err
		}
		return &Logo{FileName: or(part.FileName(), "logo"), Data: data}, nil
	}
}

func (s *Server) deleteOrganizationLogo(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	typ, err := logoType(c)
	if err != nil {
		return fail(err)
	}
	if o.Logos[typ] == nil {
		// The spec's answer when there is nothing to delete.
		return http.StatusNoContent, nil, nil
	}
	delete(o.Logos, typ)
	return ok(success())
}

func (s *Server) replaceOrganizationMFA(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req kinde.ReplaceOrganizationMFARequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.EnabledFactors == nil {
		return fail(badRequest("INVALID_REQUEST", "enabled_factors is required."))
	}
	for _, f := range req.EnabledFactors {
		if !slices.Contains(mfaFactors, f) {
			return fail(badRequest("INVALID_MFA_FACTOR", "%s is not an MFA factor.", f))
		}
	}
	o.MFA = &MFA{EnabledFactors: slices.Clone(req.EnabledFactors), IsRecoveryCodesEnabled: clonePtr(req.IsRecoveryCodesEnabled)}
	return ok(success())
}

// updateOrganizationSessions is a PATCH: fields left out keep their values.
func (s *Server) updateOrganizationSessions(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req kinde.UpdateOrganizationSessionsRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if m := req.SSOSessionPersistenceMode; m != nil && *m != kinde.SessionPersistent && *m != kinde.SessionNonPersistent {
		return fail(badRequest("INVALID_REQUEST", "sso_session_persistence_mode must be persistent or non_persistent."))
	}
	if l := req.AuthenticatedSessionLifetime; l != nil && *l < 0 {
		return fail(badRequest("INVALID_REQUEST", "authenticated_session_lifetime cannot be negative."))
	}
	if o.Sessions == nil {
		o.Sessions = &Sessions{}
	}
	ss := o.Sessions
	if req.IsUseOrgSSOSessionPolicy != nil {
		ss.IsUseOrgSSOSessionPolicy = clonePtr(req.IsUseOrgSSOSessionPolicy)
	}
	if req.SSOSessionPersistenceMode != nil {
		ss.SSOSessionPersistenceMode = clonePtr(req.SSOSessionPersistenceMode)
	}
	if req.IsUseOrgAuthenticatedSessionLifetime != nil {
		ss.IsUseOrgAuthenticatedSessionLifetime = clonePtr(req.IsUseOrgAuthenticatedSessionLifetime)
	}
	if l := req.AuthenticatedSessionLifetime; l != nil {
		v := int64(*l)
		ss.AuthenticatedSessionLifetime = &v
	}
	return ok(success())
}
