package kinde

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type seen struct {
	Method, Path, Query, Body string
}

// recorder records each API request and answers with a canned body.
type recorder struct {
	mu   sync.Mutex
	reqs []seen
	body string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.reqs = append(rc.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(b)})
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(rc.body))
}

// Each write sends the method, path, query and JSON body the spec gives.
func TestWritesMatchTheSpec(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(*Client) error
		want seen
	}{
		{"createOrganization", func(c *Client) error {
			_, err := c.CreateOrganization(ctx, &CreateOrganizationRequest{Name: "Acme", ExternalID: "acme", Handle: "acme"})
			return err
		}, seen{"POST", "/api/v1/organization", "", `{"name":"Acme","external_id":"acme","handle":"acme"}`}},
		{"updateOrganization omits nil, sends empty allowed_domains", func(c *Client) error {
			return c.UpdateOrganization(ctx, "org_1", &UpdateOrganizationRequest{
				Name: ptr("Acme"), LinkColorDark: ptr("#66aaff"), IsEnforceMFA: ptr(false), AllowedDomains: []string{},
			})
		}, seen{"PATCH", "/api/v1/organization/org_1", "", `{"name":"Acme","link_color_dark":"#66aaff","allowed_domains":[],"is_enforce_mfa":false}`}},
		{"deleteOrganization", func(c *Client) error { return c.DeleteOrganization(ctx, "org_1") },
			seen{"DELETE", "/api/v1/organization/org_1", "", ""}},
		{"DeleteOrganizationHandle", func(c *Client) error { return c.DeleteOrganizationHandle(ctx, "org_1") },
			seen{"DELETE", "/api/v1/organization/org_1/handle", "", ""}},
		{"AddOrganizationUsers", func(c *Client) error {
			_, err := c.AddOrganizationUsers(ctx, "org_1", []AddOrganizationUser{{ID: "kp_1", Roles: []string{"admin"}, Permissions: []string{"reports:read"}}, {ID: "kp_2"}})
			return err
		}, seen{"POST", "/api/v1/organizations/org_1/users", "", `{"users":[{"id":"kp_1","roles":["admin"],"permissions":["reports:read"]},{"id":"kp_2"}]}`}},
		{"UpdateOrganizationUsers", func(c *Client) error {
			_, err := c.UpdateOrganizationUsers(ctx, "org_1", []UpdateOrganizationUser{{ID: "kp_1", Operation: OperationDelete}, {ID: "kp_2", Roles: []string{}}})
			return err
		}, seen{"PATCH", "/api/v1/organizations/org_1/users", "", `{"users":[{"id":"kp_1","operation":"delete"},{"id":"kp_2","roles":[]}]}`}},
		{"RemoveOrganizationUser", func(c *Client) error { return c.RemoveOrganizationUser(ctx, "org_1", "kp_1") },
			seen{"DELETE", "/api/v1/organizations/org_1/users/kp_1", "", ""}},
		{"CreateOrganizationUserRole", func(c *Client) error { return c.CreateOrganizationUserRole(ctx, "org_1", "kp_1", "role_1") },
			seen{"POST", "/api/v1/organizations/org_1/users/kp_1/roles", "", `{"role_id":"role_1"}`}},
		{"DeleteOrganizationUserRole", func(c *Client) error { return c.DeleteOrganizationUserRole(ctx, "org_1", "kp_1", "role_1") },
			seen{"DELETE", "/api/v1/organizations/org_1/users/kp_1/roles/role_1", "", ""}},
		{"CreateOrganizationUserPermission", func(c *Client) error {
			return c.CreateOrganizationUserPermission(ctx, "org_1", "kp_1", "perm_1")
		}, seen{"POST", "/api/v1/organizations/org_1/users/kp_1/permissions", "", `{"permission_id":"perm_1"}`}},
		{"DeleteOrganizationUserPermission", func(c *Client) error {
			return c.DeleteOrganizationUserPermission(ctx, "org_1", "kp_1", "perm_1")
		}, seen{"DELETE", "/api/v1/organizations/org_1/users/kp_1/permissions/perm_1", "", ""}},
		{"UpdateOrganizationFeatureFlagOverride", func(c *Client) error {
			return c.UpdateOrganizationFeatureFlagOverride(ctx, "org_1", "theme", "dark blue")
		}, seen{"PATCH", "/api/v1/organizations/org_1/feature_flags/theme", "value=dark+blue", ""}},
		{"DeleteOrganizationFeatureFlagOverride", func(c *Client) error { return c.DeleteOrganizationFeatureFlagOverride(ctx, "org_1", "theme") },
			seen{"DELETE", "/api/v1/organizations/org_1/feature_flags/theme", "", ""}},
		{"UpdateOrganizationProperties", func(c *Client) error {
			return c.UpdateOrganizationProperties(ctx, "org_1", map[string]string{"kp_org_city": "Sydney", "kindesync_state": "sha256:1"})
		}, seen{"PATCH", "/api/v1/organizations/org_1/properties", "", `{"properties":{"kindesync_state":"sha256:1","kp_org_city":"Sydney"}}`}},
		{"UpdateOrganizationProperty", func(c *Client) error { return c.UpdateOrganizationProperty(ctx, "org_1", "kp_org_city", "Sydney") },
			seen{"PUT", "/api/v1/organizations/org_1/properties/kp_org_city", "value=Sydney", ""}},
		{"EnableOrgConnection", func(c *Client) error { return c.EnableOrgConnection(ctx, "org_1", "conn_1") },
			seen{"POST", "/api/v1/organizations/org_1/connections/conn_1", "", ""}},
		{"RemoveOrgConnection", func(c *Client) error { return c.RemoveOrgConnection(ctx, "org_1", "conn_1") },
			seen{"DELETE", "/api/v1/organizations/org_1/connections/conn_1", "", ""}},
		{"DeleteOrganizationLogo", func(c *Client) error { return c.DeleteOrganizationLogo(ctx, "org_1", LogoDark) },
			seen{"DELETE", "/api/v1/organizations/org_1/logos/dark", "", ""}},
		{"ReplaceOrganizationMFA with no factors sends []", func(c *Client) error {
			return c.ReplaceOrganizationMFA(ctx, "org_1", &ReplaceOrganizationMFARequest{IsRecoveryCodesEnabled: ptr(true)})
		}, seen{"PUT", "/api/v1/organizations/org_1/mfa", "", `{"enabled_factors":[],"is_recovery_codes_enabled":true}`}},
		{"UpdateOrganizationSessions", func(c *Client) error {
			return c.UpdateOrganizationSessions(ctx, "org_1", &UpdateOrganizationSessionsRequest{
				SSOSessionPersistenceMode: ptr(SessionPersistent), AuthenticatedSessionLifetime: ptr(86400),
			})
		}, seen{"PATCH", "/api/v1/organizations/org_1/sessions", "", `{"sso_session_persistence_mode":"persistent","authenticated_session_lifetime":86400}`}},
		{"CreateProperty", func(c *Client) error {
			_, err := c.CreateProperty(ctx, &CreatePropertyRequest{Name: "kindesync state", Key: "kindesync_state", Type: PropertySingleLineText,
				Context: ContextOrganization, IsPrivate: true, CategoryID: "cat_1"})
			return err
		}, seen{"POST", "/api/v1/properties", "", `{"name":"kindesync state","key":"kindesync_state","type":"single_line_text","context":"org","is_private":true,"category_id":"cat_1"}`}},
		{"createUser", func(c *Client) error { _, err := c.CreateUser(ctx, NewEmailUser("bob@acme.com")); return err },
			seen{"POST", "/api/v1/user", "", `{"identities":[{"type":"email","details":{"email":"bob@acme.com"}}]}`}},
		{"path segments are escaped", func(c *Client) error { return c.DeleteOrganizationFeatureFlagOverride(ctx, "org/1", "a b?") },
			seen{"DELETE", "/api/v1/organizations/org%2F1/feature_flags/a%20b%3F", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{body: `{"code":"OK","message":"Success"}`}
			env := newTestEnv(t, rc.ServeHTTP)
			if err := tt.call(env.c); err != nil {
				t.Fatal(err)
			}
			if len(rc.reqs) != 1 {
				t.Fatalf("requests = %+v, want 1", rc.reqs)
			}
			got := rc.reqs[0]
			got.Body = strings.TrimSpace(got.Body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadsDecodeTheSpecShapes(t *testing.T) {
	ctx := context.Background()
	t.Run("getOrganization colours and nulls", func(t *testing.T) {
		rc := &recorder{body: `{"code":"org_1","name":"Acme","handle":null,"external_id":"acme",
			"link_color":{"raw":"#0055FF","hex":"#0055ff","hsl":"hsl(220, 100%, 50%)"},"button_color":null,
			"allowed_domains":["acme.com"],"theme_code":"light","is_suspended":false}`}
		env := newTestEnv(t, rc.ServeHTTP)
		o, err := env.c.GetOrganization(ctx, "org_1")
		if err != nil {
			t.Fatal(err)
		}
		want := &Organization{Code: "org_1", Name: "Acme", ExternalID: "acme", AllowedDomains: []string{"acme.com"}, ThemeCode: "light",
			LinkColor: &Color{Raw: "#0055FF", Hex: "#0055ff", HSL: "hsl(220, 100%, 50%)"}}
		if diff := cmp.Diff(want, o); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(seen{"GET", "/api/v1/organization", "code=org_1", ""}, rc.reqs[0]); diff != "" {
			t.Errorf("request (-want +got):\n%s", diff)
		}
	})
	t.Run("user permissions ask for expand=roles", func(t *testing.T) {
		rc := &recorder{body: `{"permissions":[{"id":"p1","key":"reports:read","roles":[]},{"id":"p2","key":"x","roles":[{"id":"r1","key":"admin"}]}]}`}
		env := newTestEnv(t, rc.ServeHTTP)
		got, err := env.c.GetOrganizationUserPermissions(ctx, "org_1", "kp_1")
		if err != nil {
			t.Fatal(err)
		}
		want := []OrganizationUserPermission{{ID: "p1", Key: "reports:read", Roles: []PermissionRole{}},
			{ID: "p2", Key: "x", Roles: []PermissionRole{{ID: "r1", Key: "admin"}}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if rc.reqs[0].Query != "expand=roles" {
			t.Errorf("query = %q, want expand=roles", rc.reqs[0].Query)
		}
	})
	t.Run("feature flags as strings or bare values", func(t *testing.T) {
		rc := &recorder{body: `{"feature_flags":{"a":{"type":"bool","value":"true"},"b":{"type":"int","value":50},"c":{"type":"bool","value":false},"d":{"type":"str","value":"x y"},"e":{"type":"json","value":{ "k": [1, 2] }}}}`}
		env := newTestEnv(t, rc.ServeHTTP)
		got, err := env.c.GetOrganizationFeatureFlags(ctx, "org_1")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]FeatureFlagValue{"a": {"bool", "true"}, "b": {"int", "50"}, "c": {"bool", "false"}, "d": {"str", "x y"}, "e": {"json", `{"k":[1,2]}`}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("connections wrapped as the spec says, or flat", func(t *testing.T) {
		rc := &recorder{body: `{"connections":[{"code":"OK","connection":{"id":"c1","name":"Google","strategy":"oauth2:google"}},{"id":"c2","name":"Email","display_name":"E"}]}`}
		env := newTestEnv(t, rc.ServeHTTP)
		got, err := env.c.GetOrganizationConnections(ctx, "org_1")
		if err != nil {
			t.Fatal(err)
		}
		want := []Connection{{ID: "c1", Name: "Google", Strategy: "oauth2:google"}, {ID: "c2", Name: "Email", DisplayName: "E"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestAddOrganizationLogoIsMultipart(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	var gotType, gotName, gotPartType string
	var gotData []byte
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/v1/organizations/org_1/logos/light" {
			http.Error(w, "unexpected", 400)
			return
		}
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		gotType = mt
		part, err := multipart.NewReader(r.Body, params["boundary"]).NextPart()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		gotName = part.FormName() + "/" + part.FileName()
		gotPartType = part.Header.Get("Content-Type")
		gotData, _ = io.ReadAll(part)
		writeJSON(w, SuccessResponse{Code: "OK"})
	})
	if err := env.c.AddOrganizationLogo(context.Background(), "org_1", LogoLight, "logos/acme.png", png); err != nil {
		t.Fatal(err)
	}
	got := []string{gotType, gotName, gotPartType, string(gotData)}
	want := []string{"multipart/form-data", "logo/acme.png", "image/png", string(png)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestGetUsersByEmailBatches(t *testing.T) {
	var mu sync.Mutex
	var batches []int
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		emails := strings.Split(r.URL.Query().Get("email"), ",")
		mu.Lock()
		batches = append(batches, len(emails))
		mu.Unlock()
		var resp GetUsersResponse
		for _, e := range emails {
			resp.Users = append(resp.Users, User{ID: "kp_" + e, Email: e})
		}
		writeJSON(w, resp)
	})
	var emails []string
	for i := range 120 {
		emails = append(emails, strings.Repeat("u", i%7+1)+string(rune('a'+i%26))+"@acme.com"+strings.Repeat(" ", i%2))
	}
	emails = append(emails, "UA@acme.com") // a case-insensitive duplicate of "ua@acme.com"
	users, err := env.c.GetUsersByEmail(context.Background(), emails)
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, e := range emails {
		distinct[strings.ToLower(strings.TrimSpace(e))] = true
	}
	total := 0
	for _, b := range batches {
		total += b
		if b > emailsPerCall {
			t.Errorf("batch of %d emails, want at most %d", b, emailsPerCall)
		}
	}
	if total != len(distinct) || len(users) != len(distinct) {
		t.Errorf("looked up %d emails, got %d users, want %d each", total, len(users), len(distinct))
	}
	if _, err := env.c.GetUsersByEmail(context.Background(), []string{`"a,b"@acme.com`}); err == nil {
		t.Error("an email with a comma was sent")
	}
}

func TestStatsCountCallsAndWrites(t *testing.T) {
	var n int
	var mu sync.Mutex
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			w.WriteHeader(503)
			return
		}
		json.NewEncoder(w).Encode(SuccessResponse{})
	}, func(c *Config) { c.Rate = -1 })
	ctx := context.Background()
	env.c.UpdateOrganizationProperty(ctx, "o", "k", "v") // 503 then 200
	env.c.DeleteOrganization(ctx, "o")
	env.c.GetOrganizationPropertyValues(ctx, "o")
	want := Stats{
		Calls:        map[string]int{"token": 1, "UpdateOrganizationProperty": 1, "deleteOrganization": 1, "GetOrganizationPropertyValues": 1},
		Total:        4,
		Writes:       2,
		HTTPRequests: 5,
		Retries:      1,
	}
	if diff := cmp.Diff(want, env.c.Stats()); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	env.c.ResetStats()
	if diff := cmp.Diff(Stats{Calls: map[string]int{}}, env.c.Stats()); diff != "" {
		t.Errorf("after reset (-want +got):\n%s", diff)
	}
}
