package kinde

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCallSplitsBulkBodies(t *testing.T) {
	var mu sync.Mutex
	var sizes []int
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		var body AddOrganizationUsersRequest
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		sizes = append(sizes, len(body.Users))
		mu.Unlock()
		writeJSON(w, AddOrganizationUsersResponse{UsersAdded: mapSlice(body.Users, func(u AddOrganizationUser) string { return u.ID })})
	})
	var users []map[string]any
	for i := range 130 {
		users = append(users, map[string]any{"id": fmt.Sprintf("kp_%d", i), "roles": []string{"admin"}})
	}
	var out AddOrganizationUsersResponse
	err := env.c.Call(context.Background(), "AddOrganizationUsers", http.MethodPost, "/api/v1/organizations/org_1/users", nil,
		map[string]any{"users": users}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{100, 30}, sizes); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
	if len(out.UsersAdded) != 130 {
		t.Errorf("merged users_added = %d, want 130", len(out.UsersAdded))
	}
}

func TestCallIsTheSameRequestPath(t *testing.T) {
	rc := &recorder{body: `{"code":"OK"}`}
	env := newTestEnv(t, rc.ServeHTTP)
	err := env.c.Call(context.Background(), "UpdateOrganizationFeatureFlagOverride", http.MethodPatch,
		"/api/v1/organizations/org%2F1/feature_flags/f", map[string][]string{"value": {"true"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []seen{{"PATCH", "/api/v1/organizations/org%2F1/feature_flags/f", "value=true", ""}}
	if diff := cmp.Diff(want, rc.reqs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := env.c.Stats().Calls["UpdateOrganizationFeatureFlagOverride"]; got != 1 {
		t.Errorf("counted %d calls, want 1", got)
	}
}

func TestFinders(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/organizations":
			writeJSON(w, GetOrganizationsResponse{Organizations: []OrganizationSummary{
				{Code: "org_a", ExternalID: "acme"}, {Code: "org_b", Handle: "beta"}, {Code: "org_c", Handle: "acme-h", ExternalID: "other"},
			}})
		case "/api/v1/users":
			if strings.EqualFold(r.URL.Query().Get("email"), "alice@acme.com") {
				writeJSON(w, GetUsersResponse{Users: []User{{ID: "kp_alice", Email: "alice@acme.com"}}})
				return
			}
			writeJSON(w, GetUsersResponse{})
		case "/api/v1/properties":
			writeJSON(w, GetPropertiesResponse{Properties: []Property{{ID: "p1", Key: "kindesync_state"}}})
		}
	})
	ctx := context.Background()
	var got []string
	for _, q := range [][2]string{{"acme", ""}, {"", "beta"}, {"nope", "acme-h"}, {"nope", "nope"}, {"other", "acme-h"}} {
		code, err := env.c.FindOrganization(ctx, q[0], q[1])
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, code)
	}
	for _, e := range []string{"Alice@ACME.com", "bob@acme.com"} {
		id, err := env.c.FindUserByEmail(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	for _, k := range []string{"kindesync_state", "other"} {
		found, err := env.c.FindProperty(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(found))
	}
	want := []string{"org_a", "org_b", "", "", "org_c", "kp_alice", "", "true", "false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
