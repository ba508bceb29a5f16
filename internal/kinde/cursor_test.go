package kinde

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Lists the spec shows without paging parameters are read with the spec's
// request, and a cursor in the answer is followed (live Kinde's answers
// carry next_token or has_more there).
func TestUnpagedListsFollowTheirCursor(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		page  func(page int, next string) any // page 0 or 1; next is "" on the last
		list  func(*Client) (any, error)
		want  any
		query string // of the second request
	}{
		{"environment flags",
			func(p int, next string) any {
				return GetEnvironmentFeatureFlagsResponse{NextToken: next, FeatureFlags: map[string]FeatureFlagValue{fmt.Sprint("f", p): {Type: "bool", Value: "true"}}}
			},
			func(c *Client) (any, error) { return c.GetEnvironmentFeatureFlags(ctx) },
			map[string]FeatureFlagValue{"f0": {"bool", "true"}, "f1": {"bool", "true"}}, "next_token=tok1"},
		{"organization flags",
			func(p int, next string) any {
				return GetOrganizationFeatureFlagsResponse{NextToken: next, FeatureFlags: map[string]FeatureFlagValue{fmt.Sprint("f", p): {Type: "int", Value: "5"}}}
			},
			func(c *Client) (any, error) { return c.GetOrganizationFeatureFlags(ctx, "org_1") },
			map[string]FeatureFlagValue{"f0": {"int", "5"}, "f1": {"int", "5"}}, "next_token=tok1"},
		{"organization property values",
			func(p int, next string) any {
				return GetPropertyValuesResponse{NextToken: next, Properties: []PropertyValue{{Key: fmt.Sprint("k", p), Value: ptr("v")}}}
			},
			func(c *Client) (any, error) { return c.GetOrganizationPropertyValues(ctx, "org_1") },
			[]PropertyValue{{Key: "k0", Value: ptr("v")}, {Key: "k1", Value: ptr("v")}}, "next_token=tok1"},
		{"organization connections",
			func(p int, next string) any {
				return GetConnectionsResponse{HasMore: next != "", Connections: []ConnectionEntry{{Connection: Connection{ID: fmt.Sprint("conn_", p)}}}}
			},
			func(c *Client) (any, error) { return c.GetOrganizationConnections(ctx, "org_1") },
			[]Connection{{ID: "conn_0"}, {ID: "conn_1"}}, "starting_after=conn_0"},
		{"member roles",
			func(p int, next string) any {
				return GetOrganizationUserRolesResponse{NextToken: next, Roles: []OrganizationUserRole{{ID: fmt.Sprint("r", p)}}}
			},
			func(c *Client) (any, error) { return c.GetOrganizationUserRoles(ctx, "org_1", "kp_1") },
			[]OrganizationUserRole{{ID: "r0"}, {ID: "r1"}}, "next_token=tok1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var queries []string
			env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				queries = append(queries, r.URL.RawQuery)
				n := len(queries)
				mu.Unlock()
				if n == 1 {
					writeJSON(w, tt.page(0, "tok1"))
				} else {
					writeJSON(w, tt.page(1, ""))
				}
			})
			got, err := tt.list(env.c)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"", tt.query}, queries); diff != "" {
				t.Errorf("queries (-want +got):\n%s", diff)
			}
		})
	}
}

// A server that never ends a list fails the call: fresh cursors with fresh
// items stop at the page bound, fresh cursors over the same items at once.
func TestEndlessListsStop(t *testing.T) {
	ctx := context.Background()
	endless := func(sameItems bool) (http.HandlerFunc, *atomic.Int32) {
		var n atomic.Int32
		return func(w http.ResponseWriter, r *http.Request) {
			i := n.Add(1)
			id := fmt.Sprint("id", i)
			if sameItems {
				id = "id"
			}
			next := fmt.Sprint("tok", i)
			switch {
			case strings.HasSuffix(r.URL.Path, "/organizations"):
				writeJSON(w, GetOrganizationsResponse{Organizations: []OrganizationSummary{{Code: id}}, NextToken: next})
			case strings.HasSuffix(r.URL.Path, "/feature_flags"):
				writeJSON(w, GetEnvironmentFeatureFlagsResponse{FeatureFlags: map[string]FeatureFlagValue{id: {Type: "bool", Value: "true"}}, NextToken: next})
			case strings.HasSuffix(r.URL.Path, "/connections"):
				writeJSON(w, GetConnectionsResponse{Connections: []ConnectionEntry{{Connection: Connection{ID: id + next}}}, HasMore: true})
			}
		}, &n
	}
	for _, tt := range []struct {
		name      string
		same      bool
		maxPages  int
		call      func(*Client) error
		want      string
		wantPages int32
	}{
		{"organizations, fresh items", false, 20, func(c *Client) error { _, err := c.GetOrganizations(ctx); return err },
			"has not ended after 20 pages", 20},
		{"organizations, the same items", true, 0, func(c *Client) error { _, err := c.GetOrganizations(ctx); return err },
			"holds only items of earlier pages", 2},
		{"environment flags, fresh items", false, 0, func(c *Client) error { _, err := c.GetEnvironmentFeatureFlags(ctx); return err },
			"has not ended after 100 pages", 100},
		{"org connections, fresh ids", false, 0, func(c *Client) error { _, err := c.GetOrganizationConnections(ctx, "org_1"); return err },
			"has not ended after 100 pages", 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, n := endless(tt.same)
			env := newTestEnv(t, h, func(c *Config) { c.MaxPages = tt.maxPages })
			err := tt.call(env.c)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if n.Load() != tt.wantPages {
				t.Errorf("%d pages read, want %d", n.Load(), tt.wantPages)
			}
		})
	}
}

// A 200 list answer without its list field is an error, never an empty
// list: an organization list read as empty would plan to create every org
// again.
func TestListAnswerWithoutItsListIsAnError(t *testing.T) {
	ctx := context.Background()
	env := newTestEnv(t, okJSON(SuccessResponse{Code: "OK", Message: "Success"}))
	for name, call := range map[string]func() error{
		"organizations":      func() error { _, err := env.c.GetOrganizations(ctx); return err },
		"organization users": func() error { _, err := env.c.GetOrganizationUsers(ctx, "org_1"); return err },
		"roles":              func() error { _, err := env.c.GetRoles(ctx); return err },
		"permissions":        func() error { _, err := env.c.GetPermissions(ctx); return err },
		"users":              func() error { _, err := env.c.GetUsers(ctx, nil); return err },
		"properties":         func() error { _, err := env.c.GetProperties(ctx, ""); return err },
		"categories":         func() error { _, err := env.c.GetCategories(ctx, ""); return err },
		"connections":        func() error { _, err := env.c.GetConnections(ctx); return err },
		"environment flags":  func() error { _, err := env.c.GetEnvironmentFeatureFlags(ctx); return err },
		"organization flags": func() error { _, err := env.c.GetOrganizationFeatureFlags(ctx, "org_1"); return err },
		"property values":    func() error { _, err := env.c.GetOrganizationPropertyValues(ctx, "org_1"); return err },
		"org connections":    func() error { _, err := env.c.GetOrganizationConnections(ctx, "org_1"); return err },
		"member roles":       func() error { _, err := env.c.GetOrganizationUserRoles(ctx, "org_1", "kp_1"); return err },
		"member permissions": func() error { _, err := env.c.GetOrganizationUserPermissions(ctx, "org_1", "kp_1"); return err },
		"logos":              func() error { _, err := env.c.ReadOrganizationLogo(ctx, "org_1"); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "refusing to read it as empty") {
			t.Errorf("%s: err = %v, want the missing list named", name, err)
		}
	}
	// An empty list, or null, is a list.
	env = newTestEnv(t, okJSON(map[string]any{"code": "OK", "organizations": nil}))
	if orgs, err := env.c.GetOrganizations(ctx); err != nil || len(orgs) != 0 {
		t.Errorf("organizations: null: %v, %v", orgs, err)
	}
}
