package kinde

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Feature flag types as the spec names them.
const (
	FlagTypeString = "str"
	FlagTypeInt    = "int"
	FlagTypeBool   = "bool"
)

// FeatureFlagValue is one value of a feature_flags map: the spec types value
// as a string ("true", "50"). Decoding also accepts a JSON bool or number and
// keeps its text, so a server that sends them unquoted reads the same, and
// the object of a flag of type json, kept as compact JSON text.
type FeatureFlagValue struct {
	Type  string `json:"type"` // str | int | bool | json
	Value string `json:"value"`
}

// UnmarshalJSON implements the tolerance described on FeatureFlagValue.
func (v *FeatureFlagValue) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	v.Type = raw.Type
	v.Value = ""
	val := bytes.TrimSpace(raw.Value)
	switch {
	case len(val) == 0 || string(val) == "null":
	case val[0] == '"':
		return json.Unmarshal(val, &v.Value)
	case string(val) == "true" || string(val) == "false" || (val[0] >= '0' && val[0] <= '9') || val[0] == '-':
		v.Value = string(val)
	case val[0] == '{' || val[0] == '[':
		// A flag of type json: its value is the object, kept as compact text.
		var buf bytes.Buffer
		if err := json.Compact(&buf, val); err != nil {
			return fmt.Errorf("feature flag value: %w", err)
		}
		v.Value = buf.String()
	default:
		return fmt.Errorf("feature flag value: unexpected JSON %.40s", val)
	}
	return nil
}

// GetOrganizationFeatureFlagsResponse is get_organization_feature_flags_response:
// a map from flag key, holding inherited values too (DESIGN §3). The spec
// shows no paging; NextToken is read in case live Kinde pages it anyway.
type GetOrganizationFeatureFlagsResponse struct {
	Code         string                      `json:"code,omitempty"`
	Message      string                      `json:"message,omitempty"`
	FeatureFlags map[string]FeatureFlagValue `json:"feature_flags"`
	NextToken    string                      `json:"next_token,omitempty"`
}

// GetEnvironmentFeatureFlagsResponse is get_environment_feature_flags_response.
// The schema has next_token, but the operation takes no paging parameters.
type GetEnvironmentFeatureFlagsResponse struct {
	Code         string                      `json:"code,omitempty"`
	Message      string                      `json:"message,omitempty"`
	FeatureFlags map[string]FeatureFlagValue `json:"feature_flags"`
	NextToken    string                      `json:"next_token,omitempty"`
}

// PropertyValue is property_value, an item of GET /organizations/{org_code}/properties.
// Value is nil when the property has no value for this org.
type PropertyValue struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Key         string  `json:"key"`
	Value       *string `json:"value"`
}

// GetPropertyValuesResponse is get_property_values_response. The schema has
// next_token; GetOrganizationPropertyValues takes no paging parameters.
type GetPropertyValuesResponse struct {
	Code       string          `json:"code,omitempty"`
	Message    string          `json:"message,omitempty"`
	Properties []PropertyValue `json:"properties"`
	NextToken  string          `json:"next_token,omitempty"`
}

// UpdateOrganizationPropertiesRequest is the body of PATCH /organizations/{org_code}/properties.
type UpdateOrganizationPropertiesRequest struct {
	Properties map[string]string `json:"properties"`
}

// Logo types (the {type} path parameter of the logo operations).
const (
	LogoLight = "light"
	LogoDark  = "dark"
)

// Logo is one item of read_logo_response.logos.
type Logo struct {
	Type     string `json:"type"`
	FileName string `json:"file_name"`
	Path     string `json:"path"`
}

// ReadLogoResponse is read_logo_response (GET /organizations/{org_code}/logos).
type ReadLogoResponse struct {
	Code    string `json:"code,omitempty"`
	Logos   []Logo `json:"logos"`
	Message string `json:"message,omitempty"`
}

// Connection is an authentication connection.
type Connection struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Strategy    string `json:"strategy"`
}

// ConnectionEntry is one item of get_connections_response.connections. The
// spec reuses its `connection` schema there, which wraps each connection in
// {code, message, connection}. Decoding also accepts a flat connection object,
// in case the live API lists them unwrapped.
type ConnectionEntry struct {
	Code       string     `json:"code,omitempty"`
	Message    string     `json:"message,omitempty"`
	Connection Connection `json:"connection"`
}

// UnmarshalJSON implements the tolerance described on ConnectionEntry.
func (e *ConnectionEntry) UnmarshalJSON(b []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	*e = ConnectionEntry{}
	if _, wrapped := probe["connection"]; wrapped {
		type plain ConnectionEntry // no UnmarshalJSON: avoids recursion
		var p plain
		if err := json.Unmarshal(b, &p); err != nil {
			return err
		}
		*e = ConnectionEntry(p)
		return nil
	}
	return json.Unmarshal(b, &e.Connection)
}

// GetConnectionsResponse is get_connections_response, for both
// GET /api/v1/connections (starting_after/has_more paging) and
// GET /organizations/{organization_code}/connections (no paging parameters).
type GetConnectionsResponse struct {
	Code        string            `json:"code,omitempty"`
	Message     string            `json:"message,omitempty"`
	Connections []ConnectionEntry `json:"connections"`
	HasMore     bool              `json:"has_more"`
}

// MFA factors accepted by ReplaceOrganizationMFA.
const (
	MFAEmail            = "mfa:email"
	MFASMS              = "mfa:sms"
	MFAAuthenticatorApp = "mfa:authenticator_app"
)

// ReplaceOrganizationMFARequest is the body of PUT /organizations/{org_code}/mfa.
// EnabledFactors is required by the spec, so it is always sent.
type ReplaceOrganizationMFARequest struct {
	EnabledFactors         []string `json:"enabled_factors"`
	IsRecoveryCodesEnabled *bool    `json:"is_recovery_codes_enabled,omitempty"`
}

// Session persistence modes of UpdateOrganizationSessionsRequest.
const (
	SessionPersistent    = "persistent"
	SessionNonPersistent = "non_persistent"
)

// UpdateOrganizationSessionsRequest is the body of PATCH /organizations/{org_code}/sessions.
type UpdateOrganizationSessionsRequest struct {
	IsUseOrgSSOSessionPolicy             *bool   `json:"is_use_org_sso_session_policy,omitempty"`
	SSOSessionPersistenceMode            *string `json:"sso_session_persistence_mode,omitempty"`
	IsUseOrgAuthenticatedSessionLifetime *bool   `json:"is_use_org_authenticated_session_lifetime,omitempty"`
	AuthenticatedSessionLifetime         *int    `json:"authenticated_session_lifetime,omitempty"` // seconds
}
