package kinde_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// emuLister is one paged list of the client, with what the emulator holds
// for it.
type emuLister struct {
	name   string
	op     string
	path   string
	cursor string // the query parameter that asks for the next page
	kind   string // what seeded makes for it
	extra  int    // items seeded makes besides n of kind
	list   func(context.Context, *kinde.Client) ([]string, error)
	want   func(*emulator.State) []string
}

var emuListers = []emuLister{
	{
		name: "organizations", op: "getOrganizations", path: "/api/v1/organizations", cursor: "next_token",
		kind: "orgs", extra: 2, // the default org and the members' org
		list: func(ctx context.Context, c *kinde.Client) ([]string, error) {
			orgs, err := c.GetOrganizations(ctx)
			return orgCodes(orgs), err
		},
		want: func(st *emulator.State) (out []string) {
			for _, o := range st.Organizations {
				out = append(out, o.Code)
			}
			return out
		},
	},
	{
		name: "organization users", op: "GetOrganizationUsers", path: "/api/v1/organizations/" + seededOrg + "/users", cursor: "next_token",
		kind: "members",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			users, err := c.GetOrganizationUsers(ctx, seededOrg)
			for _, u := range users {
				out = append(out, u.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, m := range findOrg(st, seededOrg).Members {
				out = append(out, m.UserID)
			}
			return out
		},
	},
	{
		name: "roles", op: "GetRoles", path: "/api/v1/roles", cursor: "next_token", kind: "roles",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			roles, err := c.GetRoles(ctx)
			for _, r := range roles {
				out = append(out, r.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, r := range st.Environment.Roles {
				out = append(out, r.ID)
			}
			return out
		},
	},
	{
		name: "permissions", op: "GetPermissions", path: "/api/v1/permissions", cursor: "next_token", kind: "permissions",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			perms, err := c.GetPermissions(ctx)
			for _, p := range perms {
				out = append(out, p.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, p := range st.Environment.Permissions {
				out = append(out, p.ID)
			}
			return out
		},
	},
	{
		name: "users", op: "getUsers", path: "/api/v1/users", cursor: "next_token", kind: "users",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			users, err := c.GetUsers(ctx, nil)
			for _, u := range users {
				out = append(out, u.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, u := range st.Users {
				out = append(out, u.ID)
			}
			return out
		},
	},
	{
		name: "properties", op: "GetProperties", path: "/api/v1/properties", cursor: "starting_after", kind: "properties",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			props, err := c.GetProperties(ctx, "")
			for _, p := range props {
				out = append(out, p.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, p := range st.Environment.Properties {
				out = append(out, p.ID)
			}
			return out
		},
	},
	{
		name: "categories", op: "GetCategories", path: "/api/v1/property_categories", cursor: "starting_after", kind: "categories",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			cats, err := c.GetCategories(ctx, "")
			for _, cat := range cats {
				out = append(out, cat.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, cat := range st.Environment.PropertyCategories {
				out = append(out, cat.ID)
			}
			return out
		},
	},
	{
		name: "connections", op: "GetConnections", path: "/api/v1/connections", cursor: "starting_after", kind: "connections",
		list: func(ctx context.Context, c *kinde.Client) (out []string, err error) {
			conns, err := c.GetConnections(ctx)
			for _, conn := range conns {
				out = append(out, conn.ID)
			}
			return out, err
		},
		want: func(st *emulator.State) (out []string) {
			for _, conn := range st.Environment.Connections {
				out = append(out, conn.ID)
			}
			return out
		},
	},
}

// Every paged list reads every page, in each paging style, with the page
// size the client was given: 7 items in pages of 4 take 2 requests, 8 take
// 2 (no empty third page) and 9 take 3.
func TestEmulatorPaging(t *testing.T) {
	t.Parallel()
	const pageSize = 4
	for _, l := range emuListers {
		for _, tt := range []struct{ items, pages int }{{7, 2}, {8, 2}, {9, 3}} {
			t.Run(fmt.Sprintf("%s/%d items", l.name, tt.items), func(t *testing.T) {
				t.Parallel()
				env := startEmu(t, seeded(map[string]int{l.kind: tt.items - l.extra}),
					func(_ *emulator.Options, cfg *kinde.Config) { cfg.PageSize = pageSize })
				got, err := l.list(t.Context(), env.c)
				if err != nil {
					t.Fatal(err)
				}
				want := l.want(env.emu.Snapshot())
				if len(want) != tt.items {
					t.Fatalf("the emulator holds %d items, want %d: the seed is wrong", len(want), tt.items)
				}
				if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
					t.Errorf("listed ids (-want +got):\n%s", diff)
				}
				env.checkPages(l, tt.pages, fmt.Sprint(pageSize))
				env.sameCounts()
			})
		}
	}
}

// checkPages checks that a listing took pages requests of pageSize, each
// after the first continuing where the last ended.
func (env *emuEnv) checkPages(l emuLister, pages int, pageSize string) {
	env.t.Helper()
	reqs := env.requests(http.MethodGet, l.path)
	if len(reqs) != pages {
		env.t.Errorf("%d requests of %s, want %d", len(reqs), l.path, pages)
	}
	for i, x := range reqs {
		q, err := url.ParseQuery(x.query)
		if err != nil {
			env.t.Fatal(err)
		}
		if got := q.Get("page_size"); got != pageSize {
			env.t.Errorf("request %d: page_size=%q, want %s", i+1, got, pageSize)
		}
		if has := q.Get(l.cursor) != ""; has != (i > 0) {
			env.t.Errorf("request %d: %s=%q", i+1, l.cursor, q.Get(l.cursor))
		}
	}
	if got := env.c.Stats().Calls[l.op]; got != pages {
		env.t.Errorf("client counted %d calls of %s, want %d", got, l.op, pages)
	}
}

// Without a PageSize the client asks for Kinde's maximum, 500: 1,200
// members and users come in pages of 500, 500 and 200.
func TestEmulatorDefaultPageSize(t *testing.T) {
	t.Parallel()
	env := startEmu(t, seeded(map[string]int{"members": 1200}))
	for _, l := range emuListers {
		if l.kind != "members" && l.kind != "users" {
			continue
		}
		got, err := l.list(t.Context(), env.c)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(l.want(env.emu.Snapshot()), got, cmpSorted); diff != "" {
			t.Errorf("%s: listed ids (-want +got):\n%s", l.name, diff)
		}
		env.checkPages(l, 3, "500")
	}
	env.sameCounts()
}

// A page_size above 500 is refused by the emulator, as by Kinde, in both
// paging styles.
func TestEmulatorPageSizeAboveLimit(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(_ *emulator.Options, cfg *kinde.Config) { cfg.PageSize = 501 })
	for _, l := range emuListers {
		if l.kind != "orgs" && l.kind != "properties" {
			continue
		}
		_, err := l.list(t.Context(), env.c)
		err = env.failed(l.name, err)
		if kinde.StatusOf(err) != http.StatusBadRequest || !kinde.HasCode(err, "INVALID_PAGE_SIZE") {
			t.Errorf("%s with page_size=501: %v; want 400 INVALID_PAGE_SIZE", l.name, err)
		}
	}
	env.sameCounts()
}
