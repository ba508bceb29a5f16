package kinde

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// GetOrganization reads one organization by code (GET /api/v1/organization?code=).
func (c *Client) GetOrganization(ctx context.Context, code string) (*Organization, error) {
	var o Organization
	if err := c.get(ctx, "getOrganization", "/api/v1/organization", url.Values{"code": {code}}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// GetOrganizations lists every organization (next_token paging).
func (c *Client) GetOrganizations(ctx context.Context) ([]OrganizationSummary, error) {
	return listNextToken(ctx, c, "getOrganizations", "/api/v1/organizations", nil, "organizations",
		func(r *GetOrganizationsResponse) ([]OrganizationSummary, string) { return r.Organizations, r.NextToken },
		func(o OrganizationSummary) string { return o.Code })
}

// CreateOrganization creates an organization; Kinde picks its code, which
// is in the answer's Organization.Code. Not retried after a 5xx: a repeat
// could create a second organization.
func (c *Client) CreateOrganization(ctx context.Context, req *CreateOrganizationRequest) (*CreateOrganizationResponse, error) {
	var out CreateOrganizationResponse
	if err := c.send(ctx, "createOrganization", http.MethodPost, "/api/v1/organization", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateOrganization changes the fields set in req, the handle included.
func (c *Client) UpdateOrganization(ctx context.Context, code string, req *UpdateOrganizationRequest) error {
	return c.send(ctx, "updateOrganization", http.MethodPatch, pathf("/api/v1/organization/%s", code), nil, req, nil)
}

// DeleteOrganization deletes an organization.
func (c *Client) DeleteOrganization(ctx context.Context, code string) error {
	return c.send(ctx, "deleteOrganization", http.MethodDelete, pathf("/api/v1/organization/%s", code), nil, nil, nil)
}

// DeleteOrganizationHandle removes an organization's handle. The spec has no
// other operation on this path: a handle is set through UpdateOrganization.
func (c *Client) DeleteOrganizationHandle(ctx context.Context, code string) error {
	return c.send(ctx, "DeleteOrganizationHandle", http.MethodDelete, pathf("/api/v1/organization/%s/handle", code), nil, nil, nil)
}

// GetOrganizationFeatureFlags returns the organization's flag values by key.
// They include inherited values and do not mark overrides (DESIGN §3).
func (c *Client) GetOrganizationFeatureFlags(ctx context.Context, code string) (map[string]FeatureFlagValue, error) {
	return flagPages[GetOrganizationFeatureFlagsResponse](ctx, c, "GetOrganizationFeatureFlags",
		pathf("/api/v1/organizations/%s/feature_flags", code),
		func(r *GetOrganizationFeatureFlagsResponse) (map[string]FeatureFlagValue, string) {
			return r.FeatureFlags, r.NextToken
		})
}

// flagPages reads a flag map, following a cursor in its answer (the spec
// shows none) and merging the pages.
func flagPages[R any](ctx context.Context, c *Client, op, path string, page func(*R) (map[string]FeatureFlagValue, string)) (map[string]FeatureFlagValue, error) {
	type kv struct {
		k string
		v FeatureFlagValue
	}
	items, err := listCursor(ctx, c, op, path, nil, "feature_flags", func(r *R) ([]kv, string) {
		m, next := page(r)
		out := make([]kv, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			out = append(out, kv{k, m[k]})
		}
		return out, next
	}, func(e kv) string { return e.k })
	if err != nil {
		return nil, err
	}
	out := make(map[string]FeatureFlagValue, len(items))
	for _, e := range items {
		out[e.k] = e.v
	}
	return out, nil
}

// UpdateOrganizationFeatureFlagOverride sets the org's override of a flag;
// the value travels as text in ?value= ("true", "50", "blue").
func (c *Client) UpdateOrganizationFeatureFlagOverride(ctx context.Context, code, flagKey, value string) error {
	return c.send(ctx, "UpdateOrganizationFeatureFlagOverride", http.MethodPatch,
		pathf("/api/v1/organizations/%s/feature_flags/%s", code, flagKey), url.Values{"value": {value}}, nil, nil)
}

// DeleteOrganizationFeatureFlagOverride removes the org's override of a flag.
func (c *Client) DeleteOrganizationFeatureFlagOverride(ctx context.Context, code, flagKey string) error {
	return c.send(ctx, "DeleteOrganizationFeatureFlagOverride", http.MethodDelete,
		pathf("/api/v1/organizations/%s/feature_flags/%s", code, flagKey), nil, nil, nil)
}

// GetOrganizationPropertyValues lists the organization's properties with
// their values, following a next_token in the answer (the spec shows none).
func (c *Client) GetOrganizationPropertyValues(ctx context.Context, code string) ([]PropertyValue, error) {
	return listCursor(ctx, c, "GetOrganizationPropertyValues", pathf("/api/v1/organizations/%s/properties", code), nil, "properties",
		func(r *GetPropertyValuesResponse) ([]PropertyValue, string) { return r.Properties, r.NextToken },
		func(p PropertyValue) string { return p.Key })
}

// UpdateOrganizationProperties sets several property values by key in one call.
func (c *Client) UpdateOrganizationProperties(ctx context.Context, code string, values map[string]string) error {
	return c.send(ctx, "UpdateOrganizationProperties", http.MethodPatch, pathf("/api/v1/organizations/%s/properties", code),
		nil, &UpdateOrganizationPropertiesRequest{Properties: values}, nil)
}

// UpdateOrganizationProperty sets one property value (PUT ...?value=).
func (c *Client) UpdateOrganizationProperty(ctx context.Context, code, propertyKey, value string) error {
	return c.send(ctx, "UpdateOrganizationProperty", http.MethodPut,
		pathf("/api/v1/organizations/%s/properties/%s", code, propertyKey), url.Values{"value": {value}}, nil, nil)
}

// GetOrganizationConnections lists the connections enabled for the org.
// The operation takes no paging parameters, although its answer (shared
// with GetConnections) has has_more: when it is set, the next page is asked
// for with starting_after, as GetConnections does.
func (c *Client) GetOrganizationConnections(ctx context.Context, code string) ([]Connection, error) {
	entries, err := listAfter(ctx, c, "GetOrganizationConnections", pathf("/api/v1/organizations/%s/connections", code), url.Values{},
		"connections", min(c.cfg.MaxPages, maxCursorPages),
		func(r *GetConnectionsResponse) ([]ConnectionEntry, bool) { return r.Connections, r.HasMore },
		func(e ConnectionEntry) string { return e.Connection.ID })
	if err != nil {
		return nil, err
	}
	return unwrapConnections(entries), nil
}

// EnableOrgConnection turns a connection on for the org.
func (c *Client) EnableOrgConnection(ctx context.Context, code, connectionID string) error {
	return c.send(ctx, "EnableOrgConnection", http.MethodPost,
		pathf("/api/v1/organizations/%s/connections/%s", code, connectionID), nil, nil, nil)
}

// RemoveOrgConnection turns a connection off for the org.
func (c *Client) RemoveOrgConnection(ctx context.Context, code, connectionID string) error {
	return c.send(ctx, "RemoveOrgConnection", http.MethodDelete,
		pathf("/api/v1/organizations/%s/connections/%s", code, connectionID), nil, nil, nil)
}

// ReadOrganizationLogo lists the org's logos (type light or dark, file name, path).
func (c *Client) ReadOrganizationLogo(ctx context.Context, code string) ([]Logo, error) {
	var r ReadLogoResponse
	if err := c.getList(ctx, "ReadOrganizationLogo", pathf("/api/v1/organizations/%s/logos", code), nil, "logos", &r); err != nil {
		return nil, err
	}
	return r.Logos, nil
}

// AddOrganizationLogo uploads a logo (logoType LogoLight or LogoDark) as the
// multipart/form-data file field "logo". A POST, but it sets the logo of
// that type, so a repeat after a lost answer is harmless and the call is
// retried like a PUT.
func (c *Client) AddOrganizationLogo(ctx context.Context, code, logoType, fileName string, data []byte) error {
	return c.Upload(ctx, "AddOrganizationLogo", pathf("/api/v1/organizations/%s/logos/%s", code, logoType), "logo", fileName, data)
}

// DeleteOrganizationLogo removes a logo. The spec's 204 ("no logo found to
// delete") counts as success.
func (c *Client) DeleteOrganizationLogo(ctx context.Context, code, logoType string) error {
	return c.send(ctx, "DeleteOrganizationLogo", http.MethodDelete,
		pathf("/api/v1/organizations/%s/logos/%s", code, logoType), nil, nil, nil)
}

// ReplaceOrganizationMFA sets the org's MFA configuration (write-only).
func (c *Client) ReplaceOrganizationMFA(ctx context.Context, code string, req *ReplaceOrganizationMFARequest) error {
	if req.EnabledFactors == nil {
		cp := *req
		cp.EnabledFactors = []string{} // required by the spec: send [] rather than null
		req = &cp
	}
	return c.send(ctx, "ReplaceOrganizationMFA", http.MethodPut, pathf("/api/v1/organizations/%s/mfa", code), nil, req, nil)
}

// UpdateOrganizationSessions sets the org's session configuration (write-only).
func (c *Client) UpdateOrganizationSessions(ctx context.Context, code string, req *UpdateOrganizationSessionsRequest) error {
	return c.send(ctx, "UpdateOrganizationSessions", http.MethodPatch, pathf("/api/v1/organizations/%s/sessions", code), nil, req, nil)
}
