package kinde

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pagedServer serves ids in pages of the given sizes, in one paging style,
// and records the query of each request.
type pagedServer struct {
	mu      sync.Mutex
	pages   [][]string
	queries []string
	style   string // "next_token" or "starting_after"
	// encode builds the response for a page of ids.
	encode func(ids []string, next string, more bool) any
}

func (p *pagedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := r.URL.Query()
	p.queries = append(p.queries, q.Encode())
	i := 0
	switch p.style {
	case "next_token":
		if tok := q.Get("next_token"); tok != "" {
			i, _ = strconv.Atoi(strings.TrimPrefix(tok, "tok"))
		}
	case "starting_after":
		if after := q.Get("starting_after"); after != "" {
			for j, pg := range p.pages {
				if len(pg) > 0 && pg[len(pg)-1] == after {
					i = j + 1
				}
			}
		}
	}
	next, more := "", i+1 < len(p.pages)
	if more {
		next = fmt.Sprintf("tok%d", i+1)
	}
	writeJSON(w, p.encode(p.pages[i], next, more))
}

func idPages(sizes ...int) ([][]string, []string) {
	var pages [][]string
	var all []string
	n := 0
	for _, s := range sizes {
		var pg []string
		for range s {
			n++
			pg = append(pg, fmt.Sprintf("id%03d", n))
		}
		pages = append(pages, pg)
		all = append(all, pg...)
	}
	return pages, all
}

func TestListsReadEveryPage(t *testing.T) {
	ctx := context.Background()
	type lister struct {
		name   string
		style  string
		encode func(ids []string, next string, more bool) any
		list   func(*Client) ([]string, error)
		extra  string // query parameters besides paging
	}
	listers := []lister{
		{name: "GetOrganizations", style: "next_token",
			encode: func(ids []string, next string, _ bool) any {
				r := GetOrganizationsResponse{NextToken: next, Organizations: []OrganizationSummary{}}
				for _, id := range ids {
					r.Organizations = append(r.Organizations, OrganizationSummary{Code: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetOrganizations(ctx)
				return mapSlice(v, func(o OrganizationSummary) string { return o.Code }), err
			}},
		{name: "GetOrganizationUsers", style: "next_token",
			encode: func(ids []string, next string, _ bool) any {
				r := GetOrganizationUsersResponse{NextToken: next}
				for _, id := range ids {
					r.OrganizationUsers = append(r.OrganizationUsers, OrganizationUser{ID: id, Roles: []string{"admin"}})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetOrganizationUsers(ctx, "org_1")
				return mapSlice(v, func(u OrganizationUser) string { return u.ID }), err
			}},
		{name: "GetRoles", style: "next_token",
			encode: func(ids []string, next string, _ bool) any {
				r := GetRolesResponse{NextToken: next}
				for _, id := range ids {
					r.Roles = append(r.Roles, Role{ID: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetRoles(ctx)
				return mapSlice(v, func(r Role) string { return r.ID }), err
			}},
		{name: "GetPermissions", style: "next_token",
			encode: func(ids []string, next string, _ bool) any {
				r := GetPermissionsResponse{NextToken: next}
				for _, id := range ids {
					r.Permissions = append(r.Permissions, Permission{ID: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetPermissions(ctx)
				return mapSlice(v, func(p Permission) string { return p.ID }), err
			}},
		{name: "GetUsers", style: "next_token", extra: "email=a%40x.com%2Cb%40x.com",
			encode: func(ids []string, next string, _ bool) any {
				r := GetUsersResponse{NextToken: next}
				for _, id := range ids {
					r.Users = append(r.Users, User{ID: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetUsers(ctx, &GetUsersOptions{Emails: []string{"a@x.com", "b@x.com"}})
				return mapSlice(v, func(u User) string { return u.ID }), err
			}},
		{name: "GetProperties", style: "starting_after", extra: "context=org",
			encode: func(ids []string, _ string, more bool) any {
				r := GetPropertiesResponse{HasMore: more}
				for _, id := range ids {
					r.Properties = append(r.Properties, Property{ID: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetProperties(ctx, ContextOrganization)
				return mapSlice(v, func(p Property) string { return p.ID }), err
			}},
		{name: "GetCategories", style: "starting_after", extra: "context=org",
			encode: func(ids []string, _ string, more bool) any {
				r := GetCategoriesResponse{HasMore: more}
				for _, id := range ids {
					r.Categories = append(r.Categories, Category{ID: id})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetCategories(ctx, ContextOrganization)
				return mapSlice(v, func(c Category) string { return c.ID }), err
			}},
		{name: "GetConnections", style: "starting_after",
			encode: func(ids []string, _ string, more bool) any {
				r := GetConnectionsResponse{HasMore: more}
				for _, id := range ids {
					r.Connections = append(r.Connections, ConnectionEntry{Connection: Connection{ID: id}})
				}
				return r
			},
			list: func(c *Client) ([]string, error) {
				v, err := c.GetConnections(ctx)
				return mapSlice(v, func(c Connection) string { return c.ID }), err
			}},
	}
	for _, l := range listers {
		for _, sizes := range [][]int{{3}, {500, 7}, {500, 500, 1}} {
			t.Run(fmt.Sprintf("%s/%d pages", l.name, len(sizes)), func(t *testing.T) {
				pages, want := idPages(sizes...)
				srv := &pagedServer{pages: pages, style: l.style, encode: l.encode}
				env := newTestEnv(t, srv.ServeHTTP)
				got, err := l.list(env.c)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("items (-want +got):\n%s", diff)
				}
				var wantQueries []string
				for i := range pages {
					q, _ := url.ParseQuery(l.extra)
					q.Set("page_size", "500")
					switch {
					case i > 0 && l.style == "next_token":
						q.Set("next_token", fmt.Sprintf("tok%d", i))
					case i > 0:
						q.Set("starting_after", pages[i-1][len(pages[i-1])-1])
					}
					wantQueries = append(wantQueries, q.Encode())
				}
				if diff := cmp.Diff(wantQueries, srv.queries); diff != "" {
					t.Errorf("queries (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	var out []U
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

func TestPagingStopsOnBadCursor(t *testing.T) {
	t.Run("repeated next_token", func(t *testing.T) {
		env := newTestEnv(t, okJSON(GetRolesResponse{Roles: []Role{{ID: "r"}}, NextToken: "same"}))
		if _, err := env.c.GetRoles(context.Background()); err == nil || !strings.Contains(err.Error(), "repeated the cursor") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("next_token with an empty page ends the list", func(t *testing.T) {
		env := newTestEnv(t, okJSON(GetRolesResponse{Roles: []Role{}, NextToken: "more"}))
		roles, err := env.c.GetRoles(context.Background())
		if err != nil || len(roles) != 0 {
			t.Fatalf("GetRoles = %v, %v", roles, err)
		}
	})
	t.Run("has_more without progress", func(t *testing.T) {
		env := newTestEnv(t, okJSON(GetPropertiesResponse{Properties: []Property{{ID: "p"}}, HasMore: true}))
		if _, err := env.c.GetProperties(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "repeated the cursor") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestBulkWritesSplitAt100(t *testing.T) {
	tests := []struct {
		users     int
		wantSizes []int
	}{
		{users: 1, wantSizes: []int{1}},
		{users: 100, wantSizes: []int{100}},
		{users: 101, wantSizes: []int{100, 1}},
		{users: 250, wantSizes: []int{100, 100, 50}},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodPost, http.MethodPatch} {
			t.Run(fmt.Sprintf("%s %d users", method, tt.users), func(t *testing.T) {
				var mu sync.Mutex
				var sizes []int
				env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
					if r.Method != method || r.URL.Path != "/api/v1/organizations/org_1/users" {
						http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, 400)
						return
					}
					var body UpdateOrganizationUsersRequest
					if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
						http.Error(w, err.Error(), 400)
						return
					}
					mu.Lock()
					sizes = append(sizes, len(body.Users))
					mu.Unlock()
					ids := mapSlice(body.Users, func(u UpdateOrganizationUser) string { return u.ID })
					writeJSON(w, UpdateOrganizationUsersResponse{UsersAdded: ids, UsersUpdated: ids})
				})
				var ids []string
				for i := range tt.users {
					ids = append(ids, fmt.Sprintf("kp_%d", i))
				}
				var got []string
				var err error
				if method == http.MethodPost {
					var r *AddOrganizationUsersResponse
					r, err = env.c.AddOrganizationUsers(context.Background(), "org_1",
						mapSlice(ids, func(id string) AddOrganizationUser { return AddOrganizationUser{ID: id, Roles: []string{"admin"}} }))
					got = r.UsersAdded
				} else {
					var r *UpdateOrganizationUsersResponse
					r, err = env.c.UpdateOrganizationUsers(context.Background(), "org_1",
						mapSlice(ids, func(id string) UpdateOrganizationUser {
							return UpdateOrganizationUser{ID: id, Operation: OperationDelete}
						}))
					got = r.UsersUpdated
				}
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.wantSizes, sizes); diff != "" {
					t.Errorf("batch sizes (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(ids, got); diff != "" {
					t.Errorf("merged answer (-want +got):\n%s", diff)
				}
				if w := env.c.Stats().Writes; w != len(tt.wantSizes) {
					t.Errorf("writes = %d, want %d", w, len(tt.wantSizes))
				}
			})
		}
	}
}

func TestBulkErrorSaysWhatWasSent(t *testing.T) {
	var calls atomic.Int32
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 {
			w.WriteHeader(400)
			writeJSON(w, ErrorResponse{Errors: ErrorList{{Code: "USER_INVALID", Message: "no such user"}}})
			return
		}
		writeJSON(w, AddOrganizationUsersResponse{UsersAdded: []string{"x"}})
	})
	users := make([]AddOrganizationUser, 150)
	r, err := env.c.AddOrganizationUsers(context.Background(), "org_1", users)
	if err == nil || !strings.Contains(err.Error(), "users 101-150 of 150 (the first 100 were sent)") || !HasCode(err, "USER_INVALID") {
		t.Fatalf("err = %v", err)
	}
	if diff := cmp.Diff([]string{"x"}, r.UsersAdded); diff != "" {
		t.Errorf("partial answer (-want +got):\n%s", diff)
	}
}
