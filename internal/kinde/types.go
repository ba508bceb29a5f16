package kinde

// Wire types of the Organizations operations. JSON names are the spec's
// (kinde-api/kinde-management-api.yaml); the emulator serves these same
// structs, so a field added here shows up on both sides of the wire.
//
// Nullable strings in responses are plain strings: Kinde's null and "" both
// mean "not set" for every field kindesync reads, and decoding null into a
// string leaves "". Where null carries meaning of its own (colours, property
// values, counters) the field is a pointer.

// SuccessResponse is the spec's success_response, the body of most writes.
type SuccessResponse struct {
	Message string `json:"message,omitempty"`
	Code    string `json:"code,omitempty"`
}

// Color is how Kinde returns a brand colour: written as a string, read back
// as this object (DESIGN §3), so compare Hex after normalising.
type Color struct {
	Raw string `json:"raw"`
	Hex string `json:"hex"`
	HSL string `json:"hsl"`
}

// Organization is get_organization_response (GET /api/v1/organization?code=).
// It is the object itself, not wrapped in code/message.
type Organization struct {
	Code                    string   `json:"code"`
	Name                    string   `json:"name"`
	Handle                  string   `json:"handle"`
	IsDefault               bool     `json:"is_default"`
	ExternalID              string   `json:"external_id"`
	IsAutoMembershipEnabled bool     `json:"is_auto_membership_enabled"`
	Logo                    string   `json:"logo"`
	LogoDark                string   `json:"logo_dark"`
	FaviconSVG              string   `json:"favicon_svg"`
	FaviconFallback         string   `json:"favicon_fallback"`
	AllowedDomains          []string `json:"allowed_domains"`

	LinkColor           *Color `json:"link_color"`
	BackgroundColor     *Color `json:"background_color"`
	ButtonColor         *Color `json:"button_color"`
	ButtonTextColor     *Color `json:"button_text_color"`
	LinkColorDark       *Color `json:"link_color_dark"`
	BackgroundColorDark *Color `json:"background_color_dark"`
	ButtonTextColorDark *Color `json:"button_text_color_dark"`
	ButtonColorDark     *Color `json:"button_color_dark"`

	ButtonBorderRadius *int `json:"button_border_radius"`
	CardBorderRadius   *int `json:"card_border_radius"`
	InputBorderRadius  *int `json:"input_border_radius"`

	ThemeCode            string `json:"theme_code"`   // light | dark | user_preference
	ColorScheme          string `json:"color_scheme"` // light | dark | "light dark"
	CreatedOn            string `json:"created_on"`
	IsAllowRegistrations *bool  `json:"is_allow_registrations"` // deprecated by Kinde
	SenderName           string `json:"sender_name"`
	SenderEmail          string `json:"sender_email"`
	IsSuspended          bool   `json:"is_suspended"`
	SuspendedOn          string `json:"suspended_on"`

	Billing *OrganizationBilling `json:"billing,omitempty"` // only with expand=billing
}

// OrganizationBilling is Organization.billing.
type OrganizationBilling struct {
	BillingCustomerID string                  `json:"billing_customer_id"`
	Agreements        []OrganizationAgreement `json:"agreements"`
}

// OrganizationAgreement is one item of Organization.billing.agreements.
type OrganizationAgreement struct {
	PlanCode    string `json:"plan_code"`
	AgreementID string `json:"agreement_id"`
}

// OrganizationSummary is organization_item_schema, an item of GET /api/v1/organizations.
type OrganizationSummary struct {
	Code                    string `json:"code"`
	Name                    string `json:"name"`
	Handle                  string `json:"handle"`
	IsDefault               bool   `json:"is_default"`
	ExternalID              string `json:"external_id"`
	IsAutoMembershipEnabled bool   `json:"is_auto_membership_enabled"`
}

// GetOrganizationsResponse is get_organizations_response (next_token paging).
type GetOrganizationsResponse struct {
	Code          string                `json:"code,omitempty"`
	Message       string                `json:"message,omitempty"`
	Organizations []OrganizationSummary `json:"organizations"`
	NextToken     string                `json:"next_token,omitempty"`
}

// CreateOrganizationRequest is the body of POST /api/v1/organization.
type CreateOrganizationRequest struct {
	Name string `json:"name"`
	// FeatureFlags is typed by the spec as key -> "str"|"int"|"bool"; kindesync
	// sets overrides afterwards through UpdateOrganizationFeatureFlagOverride.
	FeatureFlags            map[string]string `json:"feature_flags,omitempty"`
	ExternalID              string            `json:"external_id,omitempty"`
	BackgroundColor         string            `json:"background_color,omitempty"`
	ButtonColor             string            `json:"button_color,omitempty"`
	ButtonTextColor         string            `json:"button_text_color,omitempty"`
	LinkColor               string            `json:"link_color,omitempty"`
	BackgroundColorDark     string            `json:"background_color_dark,omitempty"`
	ButtonColorDark         string            `json:"button_color_dark,omitempty"`
	ButtonTextColorDark     string            `json:"button_text_color_dark,omitempty"`
	LinkColorDark           string            `json:"link_color_dark,omitempty"`
	ThemeCode               string            `json:"theme_code,omitempty"`
	Handle                  string            `json:"handle,omitempty"`
	IsAllowRegistrations    *bool             `json:"is_allow_registrations,omitempty"`
	IsAutoMembershipEnabled *bool             `json:"is_auto_membership_enabled,omitempty"`
	SenderName              *string           `json:"sender_name,omitempty"`
	SenderEmail             *string           `json:"sender_email,omitempty"`
	IsCreateBillingCustomer *bool             `json:"is_create_billing_customer,omitempty"`
	BillingEmail            string            `json:"billing_email,omitempty"`
	BillingPlanCode         string            `json:"billing_plan_code,omitempty"`
}

// CreateOrganizationResponse is create_organization_response.
type CreateOrganizationResponse struct {
	Message      string                    `json:"message,omitempty"`
	Code         string                    `json:"code,omitempty"`
	Organization CreatedOrganizationDetail `json:"organization"`
}

// CreatedOrganizationDetail is create_organization_response.organization.
type CreatedOrganizationDetail struct {
	Code              string `json:"code"`
	BillingCustomerID string `json:"billing_customer_id,omitempty"`
}

// UpdateOrganizationRequest is the body of PATCH /api/v1/organization/{org_code}.
// Every field is optional: nil (or a nil slice) is left out and so left
// unchanged, which is why even strings are pointers. A non-nil empty
// AllowedDomains is sent as [] and clears the list. The handle is set here;
// the spec's /organization/{org_code}/handle path only deletes it.
type UpdateOrganizationRequest struct {
	Name                    *string  `json:"name,omitempty"`
	ExternalID              *string  `json:"external_id,omitempty"`
	BackgroundColor         *string  `json:"background_color,omitempty"`
	ButtonColor             *string  `json:"button_color,omitempty"`
	ButtonTextColor         *string  `json:"button_text_color,omitempty"`
	LinkColor               *string  `json:"link_color,omitempty"`
	BackgroundColorDark     *string  `json:"background_color_dark,omitempty"`
	ButtonColorDark         *string  `json:"button_color_dark,omitempty"`
	ButtonTextColorDark     *string  `json:"button_text_color_dark,omitempty"`
	LinkColorDark           *string  `json:"link_color_dark,omitempty"`
	ThemeCode               *string  `json:"theme_code,omitempty"`
	Handle                  *string  `json:"handle,omitempty"`
	IsAllowRegistrations    *bool    `json:"is_allow_registrations,omitempty"`
	IsAutoMembershipEnabled *bool    `json:"is_auto_membership_enabled,omitempty"`
	IsAutoJoinDomainList    *bool    `json:"is_auto_join_domain_list,omitempty"`
	AllowedDomains          []string `json:"allowed_domains,omitzero"`
	IsEnableAdvancedOrgs    *bool    `json:"is_enable_advanced_orgs,omitempty"`
	IsEnforceMFA            *bool    `json:"is_enforce_mfa,omitempty"`
	SenderName              *string  `json:"sender_name,omitempty"`
	SenderEmail             *string  `json:"sender_email,omitempty"`
	IsSuspended             *bool    `json:"is_suspended,omitempty"`
}

// OrganizationUser is organization_user, an item of GET /organizations/{org_code}/users.
// Roles are role keys.
type OrganizationUser struct {
	ID             string   `json:"id"`
	Email          string   `json:"email"`
	FullName       string   `json:"full_name"`
	LastName       string   `json:"last_name"`
	FirstName      string   `json:"first_name"`
	Picture        string   `json:"picture"`
	JoinedOn       string   `json:"joined_on"`
	LastAccessedOn string   `json:"last_accessed_on"`
	IsSuspended    bool     `json:"is_suspended"`
	Roles          []string `json:"roles"`
}

// GetOrganizationUsersResponse is get_organization_users_response (next_token paging).
type GetOrganizationUsersResponse struct {
	Code              string             `json:"code,omitempty"`
	Message           string             `json:"message,omitempty"`
	OrganizationUsers []OrganizationUser `json:"organization_users"`
	NextToken         string             `json:"next_token,omitempty"`
}

// AddOrganizationUser is one item of AddOrganizationUsersRequest: roles and
// permissions are keys, not ids.
type AddOrganizationUser struct {
	ID          string   `json:"id"`
	Roles       []string `json:"roles,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
}

// AddOrganizationUsersRequest is the body of POST /organizations/{org_code}/users.
type AddOrganizationUsersRequest struct {
	Users []AddOrganizationUser `json:"users"`
}

// AddOrganizationUsersResponse is add_organization_users_response.
type AddOrganizationUsersResponse struct {
	Code       string   `json:"code,omitempty"`
	Message    string   `json:"message,omitempty"`
	UsersAdded []string `json:"users_added"`
}

// OperationDelete is the UpdateOrganizationUser.Operation that removes the user.
const OperationDelete = "delete"

// UpdateOrganizationUser is one item of UpdateOrganizationUsersRequest.
// A nil Roles or Permissions is left out; a non-nil empty one is sent as [].
type UpdateOrganizationUser struct {
	ID          string   `json:"id"`
	Operation   string   `json:"operation,omitempty"`
	Roles       []string `json:"roles,omitzero"`
	Permissions []string `json:"permissions,omitzero"`
}

// UpdateOrganizationUsersRequest is the body of PATCH /organizations/{org_code}/users.
type UpdateOrganizationUsersRequest struct {
	Users []UpdateOrganizationUser `json:"users"`
}

// UpdateOrganizationUsersResponse is update_organization_users_response.
type UpdateOrganizationUsersResponse struct {
	Message      string   `json:"message,omitempty"`
	Code         string   `json:"code,omitempty"`
	UsersAdded   []string `json:"users_added"`
	UsersUpdated []string `json:"users_updated"`
	UsersRemoved []string `json:"users_removed"`
}

// OrganizationUserRole is organization_user_role.
type OrganizationUserRole struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Name string `json:"name"`
}

// GetOrganizationUserRolesResponse is get_organizations_user_roles_response.
// The schema carries next_token but the operation takes no paging parameters.
type GetOrganizationUserRolesResponse struct {
	Code      string                 `json:"code,omitempty"`
	Message   string                 `json:"message,omitempty"`
	Roles     []OrganizationUserRole `json:"roles"`
	NextToken string                 `json:"next_token,omitempty"`
}

// CreateOrganizationUserRoleRequest is the body of POST .../users/{user_id}/roles.
type CreateOrganizationUserRoleRequest struct {
	RoleID string `json:"role_id"`
}

// PermissionRole is a role that grants an OrganizationUserPermission.
type PermissionRole struct {
	ID  string `json:"id"`
	Key string `json:"key"`
}

// OrganizationUserPermission is organization_user_permission. Roles is filled
// only with expand=roles; an empty Roles means granted directly (DESIGN §3).
type OrganizationUserPermission struct {
	ID          string           `json:"id"`
	Key         string           `json:"key"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Roles       []PermissionRole `json:"roles"`
}

// GetOrganizationUserPermissionsResponse is get_organizations_user_permissions_response (not paged).
type GetOrganizationUserPermissionsResponse struct {
	Code        string                       `json:"code,omitempty"`
	Message     string                       `json:"message,omitempty"`
	Permissions []OrganizationUserPermission `json:"permissions"`
}

// CreateOrganizationUserPermissionRequest is the body of POST .../users/{user_id}/permissions.
type CreateOrganizationUserPermissionRequest struct {
	PermissionID string `json:"permission_id"`
}
