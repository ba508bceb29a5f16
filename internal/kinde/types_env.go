package kinde

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Role is the spec's roles schema, an item of GET /api/v1/roles.
type Role struct {
	ID            string `json:"id"`
	Key           string `json:"key"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	IsDefaultRole bool   `json:"is_default_role"`
}

// GetRolesResponse is get_roles_response (next_token paging).
type GetRolesResponse struct {
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	Roles     []Role `json:"roles"`
	NextToken string `json:"next_token,omitempty"`
}

// Permission is the spec's permissions schema, an item of GET /api/v1/permissions.
type Permission struct {
	ID          string `json:"id"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// GetPermissionsResponse is get_permissions_response (next_token paging).
type GetPermissionsResponse struct {
	Code        string       `json:"code,omitempty"`
	Message     string       `json:"message,omitempty"`
	Permissions []Permission `json:"permissions"`
	NextToken   string       `json:"next_token,omitempty"`
}

// Property contexts, for GetProperties, GetCategories and CreateProperty.
const (
	ContextUser         = "usr"
	ContextOrganization = "org"
	ContextApplication  = "app"
)

// Property types for CreateProperty.
const (
	PropertySingleLineText = "single_line_text"
	PropertyMultiLineText  = "multi_line_text"
)

// Property is the spec's property schema, an item of GET /api/v1/properties.
type Property struct {
	ID              string `json:"id"`
	Key             string `json:"key"`
	Name            string `json:"name"`
	IsPrivate       bool   `json:"is_private"`
	Description     string `json:"description"`
	IsKindeProperty bool   `json:"is_kinde_property"`
}

// GetPropertiesResponse is get_properties_response (starting_after/has_more paging).
type GetPropertiesResponse struct {
	Code       string     `json:"code,omitempty"`
	Message    string     `json:"message,omitempty"`
	Properties []Property `json:"properties"`
	HasMore    bool       `json:"has_more"`
}

// CreatePropertyRequest is the body of POST /api/v1/properties. All but
// Description are required by the spec, so they are always sent.
type CreatePropertyRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Key         string `json:"key"`
	Type        string `json:"type"`    // single_line_text | multi_line_text
	Context     string `json:"context"` // org | usr | app
	IsPrivate   bool   `json:"is_private"`
	CategoryID  string `json:"category_id"`
}

// CreatePropertyResponse is create_property_response (status 201).
type CreatePropertyResponse struct {
	Message  string          `json:"message,omitempty"`
	Code     string          `json:"code,omitempty"`
	Property CreatedProperty `json:"property"`
}

// CreatedProperty is create_property_response.property.
type CreatedProperty struct {
	ID string `json:"id"`
}

// Category is the spec's category schema, an item of GET /api/v1/property_categories.
type Category struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// GetCategoriesResponse is get_categories_response (starting_after/has_more paging).
type GetCategoriesResponse struct {
	Code       string     `json:"code,omitempty"`
	Message    string     `json:"message,omitempty"`
	Categories []Category `json:"categories"`
	HasMore    bool       `json:"has_more"`
}

// User is an item of users_response (GET /api/v1/users).
type User struct {
	ID                      string                `json:"id"`
	ProvidedID              string                `json:"provided_id,omitempty"`
	Email                   string                `json:"email"`
	Phone                   string                `json:"phone,omitempty"`
	Username                string                `json:"username,omitempty"`
	LastName                string                `json:"last_name"`
	FirstName               string                `json:"first_name"`
	IsSuspended             bool                  `json:"is_suspended"`
	Picture                 string                `json:"picture,omitempty"`
	TotalSignIns            *int                  `json:"total_sign_ins"`
	FailedSignIns           *int                  `json:"failed_sign_ins"`
	LastSignedIn            string                `json:"last_signed_in,omitempty"`
	CreatedOn               string                `json:"created_on,omitempty"`
	LastOrganizationSignIns []OrganizationSignIn  `json:"last_organization_sign_ins,omitempty"`
	Organizations           []string              `json:"organizations,omitempty"` // expand=organizations
	Identities              []UserIdentitySummary `json:"identities,omitempty"`    // expand=identities
	Billing                 *UserBilling          `json:"billing,omitempty"`       // expand=billing
}

// OrganizationSignIn is an item of User.last_organization_sign_ins.
type OrganizationSignIn struct {
	OrgCode      string `json:"org_code"`
	LastSignedIn string `json:"last_signed_in"`
}

// UserIdentitySummary is an item of User.identities.
type UserIdentitySummary struct {
	Type         string `json:"type"`
	Identity     string `json:"identity"`
	ConnectionID string `json:"connection_id,omitempty"`
}

// UserBilling is User.billing.
type UserBilling struct {
	CustomerID string `json:"customer_id"`
}

// GetUsersResponse is users_response (next_token paging).
type GetUsersResponse struct {
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	Users     []User `json:"users"`
	NextToken string `json:"next_token,omitempty"`
}

// Identity types for CreateUserIdentity.
const (
	IdentityEmail    = "email"
	IdentityPhone    = "phone"
	IdentityUsername = "username"
)

// CreateUserRequest is the body of POST /api/v1/user.
type CreateUserRequest struct {
	Profile          *UserProfile         `json:"profile,omitempty"`
	OrganizationCode string               `json:"organization_code,omitempty"`
	ProvidedID       string               `json:"provided_id,omitempty"`
	Identities       []CreateUserIdentity `json:"identities,omitempty"`
}

// UserProfile is CreateUserRequest.profile.
type UserProfile struct {
	GivenName  string `json:"given_name,omitempty"`
	FamilyName string `json:"family_name,omitempty"`
	Picture    string `json:"picture,omitempty"`
}

// CreateUserIdentity is an item of CreateUserRequest.identities.
type CreateUserIdentity struct {
	Type       string          `json:"type"` // email | phone | username
	IsVerified *bool           `json:"is_verified,omitempty"`
	Details    IdentityDetails `json:"details"`
}

// IdentityDetails is CreateUserIdentity.details.
type IdentityDetails struct {
	Email          string `json:"email,omitempty"`
	Phone          string `json:"phone,omitempty"`
	PhoneCountryID string `json:"phone_country_id,omitempty"`
	Username       string `json:"username,omitempty"`
}

// CreateUserResponse is create_user_response.
type CreateUserResponse struct {
	ID         string                     `json:"id"`
	Created    bool                       `json:"created"`
	Identities []CreateUserIdentityResult `json:"identities,omitempty"`
}

// CreateUserIdentityResult is user_identity, an item of CreateUserResponse.identities.
type CreateUserIdentityResult struct {
	Type   string `json:"type"`
	Result struct {
		Created bool `json:"created"`
	} `json:"result"`
}

// TokenResponse is the body of a successful POST /oauth2/token (RFC 6749 §5.1;
// the endpoint is not in the Management API spec).
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"` // seconds
	Scope       string `json:"scope,omitempty"`
}

// TokenErrorResponse is the body of a failed POST /oauth2/token (RFC 6749 §5.2).
type TokenErrorResponse struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// ErrorItem is the spec's error schema.
type ErrorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ErrorList is the errors member of an error body. The spec has two shapes:
// error_response holds a list, not_found_response (some 404s) a single
// object. Decoding accepts both; encoding writes a list.
type ErrorList []ErrorItem

// UnmarshalJSON implements the two shapes described on ErrorList.
func (l *ErrorList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*l = nil
		return nil
	case b[0] == '[':
		var items []ErrorItem
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	case b[0] == '{':
		var item ErrorItem
		if err := json.Unmarshal(b, &item); err != nil {
			return err
		}
		*l = ErrorList{item}
		return nil
	default:
		return fmt.Errorf("errors: want a list or an object, got %.40s", b)
	}
}

// ErrorResponse is error_response: {"errors": [{code, message}]}.
// It also decodes not_found_response.
type ErrorResponse struct {
	Errors ErrorList `json:"errors"`
}

// NotFoundResponse is not_found_response: {"errors": {code, message}}, the
// body the spec gives for 404s such as deleteOrganization's. The emulator
// writes it; the client reads it through ErrorResponse.
type NotFoundResponse struct {
	Errors ErrorItem `json:"errors"`
}
