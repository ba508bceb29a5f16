package kinde

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// GetRoles lists the environment's roles (next_token paging).
func (c *Client) GetRoles(ctx context.Context) ([]Role, error) {
	return listNextToken(ctx, c, "GetRoles", "/api/v1/roles", nil, "roles",
		func(r *GetRolesResponse) ([]Role, string) { return r.Roles, r.NextToken },
		func(r Role) string { return r.ID })
}

// GetPermissions lists the environment's permissions (next_token paging).
func (c *Client) GetPermissions(ctx context.Context) ([]Permission, error) {
	return listNextToken(ctx, c, "GetPermissions", "/api/v1/permissions", nil, "permissions",
		func(r *GetPermissionsResponse) ([]Permission, string) { return r.Permissions, r.NextToken },
		func(p Permission) string { return p.ID })
}

// GetEnvironmentFeatureFlags returns the environment's flag values (the
// defaults an org override is compared against) by key. The spec spells the
// operationId GetEnvironementFeatureFlags; it takes no paging parameters,
// but a next_token in its answer is followed.
func (c *Client) GetEnvironmentFeatureFlags(ctx context.Context) (map[string]FeatureFlagValue, error) {
	return flagPages(ctx, c, "GetEnvironementFeatureFlags", "/api/v1/environment/feature_flags",
		func(r *GetEnvironmentFeatureFlagsResponse) (map[string]FeatureFlagValue, string) {
			return r.FeatureFlags, r.NextToken
		})
}

// GetProperties lists properties (starting_after/has_more paging). context
// filters by ContextOrganization, ContextUser or ContextApplication; "" is
// every property.
func (c *Client) GetProperties(ctx context.Context, context string) ([]Property, error) {
	q := url.Values{}
	if context != "" {
		q.Set("context", context)
	}
	return listStartingAfter(ctx, c, "GetProperties", "/api/v1/properties", q, "properties",
		func(r *GetPropertiesResponse) ([]Property, bool) { return r.Properties, r.HasMore },
		func(p Property) string { return p.ID })
}

// CreateProperty creates a property, e.g. the private org property
// kindesync_state (DESIGN §3). Not retried after a 5xx: a repeat would fail
// on the key the first attempt may have created.
func (c *Client) CreateProperty(ctx context.Context, req *CreatePropertyRequest) (*CreatePropertyResponse, error) {
	var out CreatePropertyResponse
	if err := c.send(ctx, "CreateProperty", http.MethodPost, "/api/v1/properties", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetCategories lists property categories (starting_after/has_more paging).
// context is ContextOrganization, ContextUser or "" for all.
func (c *Client) GetCategories(ctx context.Context, context string) ([]Category, error) {
	q := url.Values{}
	if context != "" {
		q.Set("context", context)
	}
	return listStartingAfter(ctx, c, "GetCategories", "/api/v1/property_categories", q, "categories",
		func(r *GetCategoriesResponse) ([]Category, bool) { return r.Categories, r.HasMore },
		func(cat Category) string { return cat.ID })
}

// GetConnections lists the environment's connections (starting_after/has_more paging).
func (c *Client) GetConnections(ctx context.Context) ([]Connection, error) {
	entries, err := listStartingAfter(ctx, c, "GetConnections", "/api/v1/connections", nil, "connections",
		func(r *GetConnectionsResponse) ([]ConnectionEntry, bool) { return r.Connections, r.HasMore },
		func(e ConnectionEntry) string { return e.Connection.ID })
	if err != nil {
		return nil, err
	}
	return unwrapConnections(entries), nil
}

func unwrapConnections(entries []ConnectionEntry) []Connection {
	out := make([]Connection, len(entries))
	for i, e := range entries {
		out[i] = e.Connection
	}
	return out
}

// GetUsersOptions filters GetUsers. The spec takes each filter as one
// comma-separated query value.
type GetUsersOptions struct {
	Emails  []string
	UserIDs []string
	// Expand is "organizations", "identities", "billing", or several
	// comma-separated.
	Expand string
}

// GetUsers lists users (next_token paging), filtered by opts.
func (c *Client) GetUsers(ctx context.Context, opts *GetUsersOptions) ([]User, error) {
	q := url.Values{}
	if opts != nil {
		if len(opts.Emails) > 0 {
			q.Set("email", strings.Join(opts.Emails, ","))
		}
		if len(opts.UserIDs) > 0 {
			q.Set("user_id", strings.Join(opts.UserIDs, ","))
		}
		if opts.Expand != "" {
			q.Set("expand", opts.Expand)
		}
	}
	return listNextToken(ctx, c, "getUsers", "/api/v1/users", q, "users",
		func(r *GetUsersResponse) ([]User, string) { return r.Users, r.NextToken },
		func(u User) string { return u.ID })
}

// Batches for GetUsersByEmail: enough to save calls, small enough to keep
// the URL well under the 8 KiB that servers and proxies commonly accept.
const (
	emailsPerCall    = 50
	emailQueryBudget = 4000 // bytes of the joined, unescaped email list
)

// GetUsersByEmail finds the users with these emails, several emails per
// call (the email filter is comma-separated). Users not found are simply
// absent from the answer; the caller matches emails case-insensitively.
func (c *Client) GetUsersByEmail(ctx context.Context, emails []string) ([]User, error) {
	var batches [][]string
	var cur []string
	size := 0
	seen := map[string]bool{}
	for _, e := range emails {
		e = strings.TrimSpace(e)
		if e == "" || seen[strings.ToLower(e)] {
			continue
		}
		if strings.Contains(e, ",") {
			return nil, fmt.Errorf("kinde: cannot look up email %q: the API's email filter is comma-separated", e)
		}
		seen[strings.ToLower(e)] = true
		if len(cur) > 0 && (len(cur) == emailsPerCall || size+1+len(e) > emailQueryBudget) {
			batches = append(batches, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += 1 + len(e)
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	var all []User
	for _, b := range batches {
		users, err := c.GetUsers(ctx, &GetUsersOptions{Emails: b})
		if err != nil {
			return nil, err
		}
		all = append(all, users...)
	}
	return all, nil
}

// CreateUser creates a user (POST /api/v1/user). Not retried after a 5xx:
// a repeat could create a second user.
func (c *Client) CreateUser(ctx context.Context, req *CreateUserRequest) (*CreateUserResponse, error) {
	var out CreateUserResponse
	if err := c.send(ctx, "createUser", http.MethodPost, "/api/v1/user", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// NewEmailUser is the CreateUserRequest for a user known only by email, as
// missing_users: create makes them. The identity is not marked verified:
// Kinde verifies it when the user first signs in.
func NewEmailUser(email string) *CreateUserRequest {
	return &CreateUserRequest{Identities: []CreateUserIdentity{{
		Type:    IdentityEmail,
		Details: IdentityDetails{Email: email},
	}}}
}
