package kinde

import (
	"context"
	"net/http"
	"net/url"
)

// The organization operations of issue 13: APIs and their scopes (to
// resolve members' API scopes), organization invitations, and members' MFA.

// APIScope is one scope of an API.
type APIScope struct {
	ID          string `json:"id"`
	Key         string `json:"key"`
	Description string `json:"description,omitempty"`
}

// API is one item of get_apis_response, with its scopes when asked for.
type API struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Audience        string     `json:"audience"`
	IsManagementAPI bool       `json:"is_management_api"`
	Scopes          []APIScope `json:"scopes,omitempty"`
}

// GetAPIsResponse is get_apis_response. The operation has no paging
// parameters.
type GetAPIsResponse struct {
	Code      string  `json:"code"`
	Message   string  `json:"message"`
	NextToken *string `json:"next_token"`
	APIs      []API   `json:"apis"`
}

// GetAPIs lists every API with its scopes (expand=scopes), in one call.
func (c *Client) GetAPIs(ctx context.Context) ([]API, error) {
	var r GetAPIsResponse
	if err := c.get(ctx, "getAPIs", "/api/v1/apis", url.Values{"expand": {"scopes"}}, &r); err != nil {
		return nil, err
	}
	return r.APIs, nil
}

// InviteRole is one role of an invitation.
type InviteRole struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// OrganizationInvite is organization_invite.
type OrganizationInvite struct {
	ID         string       `json:"id"`
	Code       string       `json:"code"`
	Email      string       `json:"email"`
	FirstName  *string      `json:"first_name"`
	LastName   *string      `json:"last_name"`
	FullName   string       `json:"full_name"`
	CreatedOn  string       `json:"created_on"`
	IsSent     bool         `json:"is_sent"`
	AcceptedOn *string      `json:"accepted_on"`
	Roles      []InviteRole `json:"roles"`
	IsRevoked  bool         `json:"is_revoked"`
	InviteLink string       `json:"invite_link,omitempty"`
}

// GetOrganizationInvitesResponse is get_organization_invites_response.
type GetOrganizationInvitesResponse struct {
	Code      string               `json:"code"`
	Message   string               `json:"message"`
	Invites   []OrganizationInvite `json:"invites"`
	NextToken string               `json:"next_token"`
}

// GetOrganizationInvites lists an org's invitations, revoked and accepted
// ones included (the per-org limits count them), oldest first.
func (c *Client) GetOrganizationInvites(ctx context.Context, code string) ([]OrganizationInvite, error) {
	q := url.Values{"include_revoked": {"true"}, "include_accepted": {"true"}, "sort": {"created_on_asc"}}
	return listNextToken(ctx, c, "getOrganizationInvites", "/api/v1/organization/"+url.PathEscape(code)+"/invites", q, "invites",
		func(r *GetOrganizationInvitesResponse) ([]OrganizationInvite, string) { return r.Invites, r.NextToken },
		func(i OrganizationInvite) string { return i.Code })
}

// CreateOrganizationInviteRequest is createOrganizationInvite's body.
type CreateOrganizationInviteRequest struct {
	Email     string   `json:"email"`
	FirstName *string  `json:"first_name,omitempty"`
	LastName  *string  `json:"last_name,omitempty"`
	Roles     []string `json:"roles"`
	SendEmail bool     `json:"send_email"`
}

// MFAFactor is get_user_mfa_response's mfa: the member's MFA configuration.
type MFAFactor struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	CreatedOn  string `json:"created_on,omitempty"`
	Name       string `json:"name,omitempty"`
	IsVerified bool   `json:"is_verified"`
	UsageCount int    `json:"usage_count"`
	LastUsedOn string `json:"last_used_on,omitempty"`
}

// GetOrgUserMFAResponse is get_user_mfa_response.
type GetOrgUserMFAResponse struct {
	Code    string    `json:"code"`
	Message string    `json:"message"`
	MFA     MFAFactor `json:"mfa"`
}

func memberPath(code, userID string) string {
	return "/api/v1/organizations/" + url.PathEscape(code) + "/users/" + url.PathEscape(userID)
}

// GetOrgUserMFA reads a member's MFA configuration in an org.
func (c *Client) GetOrgUserMFA(ctx context.Context, code, userID string) (*MFAFactor, error) {
	var r GetOrgUserMFAResponse
	if err := c.get(ctx, "GetOrgUserMFA", memberPath(code, userID)+"/mfa", nil, &r); err != nil {
		return nil, err
	}
	return &r.MFA, nil
}

// ResetOrgUserMFA removes one MFA factor of a member.
func (c *Client) ResetOrgUserMFA(ctx context.Context, code, userID, factorID string) error {
	return c.send(ctx, "ResetOrgUserMFA", http.MethodDelete, memberPath(code, userID)+"/mfa/"+url.PathEscape(factorID), nil, nil, nil)
}

// ResetOrgUserMFAAll removes every MFA factor of a member.
func (c *Client) ResetOrgUserMFAAll(ctx context.Context, code, userID string) error {
	return c.send(ctx, "ResetOrgUserMFAAll", http.MethodDelete, memberPath(code, userID)+"/mfa", nil, nil, nil)
}
