package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func ptr[T any](v T) *T { return &v }

func TestGetOrganization(t *testing.T) {
	c := start(t, emulator.Options{Now: newClock().Now})
	var got kinde.Organization
	c.call("GET", "/api/v1/organization?code="+acme, nil, http.StatusOK, &got)
	want := kinde.Organization{
		Code: acme, Name: "Acme", Handle: "acme", ExternalID: "acme", AllowedDomains: []string{},
		// Colours read back as {raw, hex, hsl}, raw as written (DESIGN §3).
		BackgroundColor: &kinde.Color{Raw: "#FFF", Hex: "#FFFFFF", HSL: "hsl(0, 0%, 100%)"},
		LinkColor:       &kinde.Color{Raw: "#0056F1", Hex: "#0056F1", HSL: "hsl(219, 100%, 47%)"},
		ThemeCode:       "user_preference", ColorScheme: "light dark", IsAllowRegistrations: ptr(false),
		CreatedOn: epoch, // the state does not say: the emulator's start
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET organization (-want +got):\n%s", diff)
	}

	// Write-only settings are stored but never read back.
	_, raw := c.do("GET", "/api/v1/organization?code="+acme, nil)
	var fields map[string]any
	json.Unmarshal(raw, &fields)
	for _, f := range []string{"is_enforce_mfa", "is_auto_join_domain_list", "is_enable_advanced_orgs", "mfa", "sessions"} {
		if _, ok := fields[f]; ok {
			t.Errorf("GET organization shows write-only %s", f)
		}
	}
}

func TestOrganizationErrors(t *testing.T) {
	c := start(t, emulator.Options{})
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"get unknown", "GET", "/api/v1/organization?code=org_00000000000", nil, 400, "ORGANIZATION_INVALID"},
		{"create without name", "POST", "/api/v1/organization", map[string]any{"name": ""}, 400, "NAME_REQUIRED"},
		{"create with taken handle", "POST", "/api/v1/organization", map[string]any{"name": "X", "handle": "acme"}, 400, "HANDLE_ALREADY_EXISTS"},
		{"update with a bad colour", "PATCH", "/api/v1/organization/" + acme, map[string]any{"button_color": "blue"}, 400, "INVALID_COLOR"},
		{"suspend the default", "PATCH", "/api/v1/organization/org_1ccfb819462", map[string]any{"is_suspended": true}, 400, "CANNOT_SUSPEND_DEFAULT_ORGANIZATION"},
		// The default org cannot be deleted; an unknown one is a 404 with
		// errors as an object (the spec's not_found_response).
		{"delete the default", "DELETE", "/api/v1/organization/org_1ccfb819462", nil, 400, "CANNOT_DELETE_DEFAULT_ORGANIZATION"},
		{"delete unknown", "DELETE", "/api/v1/organization/org_00000000000", nil, 404, "ORGANIZATION_NOT_FOUND"},
		{"unknown route", "GET", "/api/v1/organizations/" + acme + "/users/" + bobID, nil, 404, "ROUTE_NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.code == "ROUTE_NOT_FOUND" {
				t.Skip("not an operation of the spec, so contract.Transport refuses to send it; see TestUnknownRoute")
			}
			status, body := c.do(tt.method, tt.path, tt.body)
			if status != tt.status || errorCode(t, body) != tt.code {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	var obj struct {
		Errors map[string]string `json:"errors"`
	}
	_, body := c.do("DELETE", "/api/v1/organization/org_00000000000", nil)
	if err := json.Unmarshal(body, &obj); err != nil || obj.Errors["code"] == "" {
		t.Errorf("404 body %s: errors is not an object (%v)", body, err)
	}
}

func TestCreateUpdateDeleteOrganization(t *testing.T) {
	clock := newClock()
	c := start(t, emulator.Options{Now: clock.Now})
	var created kinde.CreateOrganizationResponse
	c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{
		Name: "Globex", ExternalID: "globex", Handle: "globex", ButtonColor: "#00f",
	}, http.StatusOK, &created)
	code := created.Organization.Code
	if len(code) != len("org_")+11 {
		t.Fatalf("created code %q is not org_ + 11 hex", code)
	}

	c.call("PATCH", "/api/v1/organization/"+code, kinde.UpdateOrganizationRequest{
		Name: ptr("Globex Corp"), ThemeCode: ptr("dark"), AllowedDomains: []string{"globex.com"},
		IsEnforceMFA: ptr(true), IsAutoJoinDomainList: ptr(false), IsEnableAdvancedOrgs: ptr(true),
		SenderName: ptr("Globex"), IsAutoMembershipEnabled: ptr(true),
	}, http.StatusOK, nil)
	var got kinde.Organization
	c.call("GET", "/api/v1/organization?code="+code, nil, http.StatusOK, &got)
	want := kinde.Organization{
		Code: code, Name: "Globex Corp", Handle: "globex", ExternalID: "globex", AllowedDomains: []string{"globex.com"},
		ButtonColor: &kinde.Color{Raw: "#00f", Hex: "#0000ff", HSL: "hsl(240, 100%, 50%)"},
		ThemeCode:   "dark", ColorScheme: "dark", SenderName: "Globex",
		IsAutoMembershipEnabled: true, IsAllowRegistrations: ptr(true), CreatedOn: epoch,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after update (-want +got):\n%s", diff)
	}
	// The write-only settings are in the state all the same.
	var o *emulator.Organization
	for _, x := range c.e.Snapshot().Organizations {
		if x.Code == code {
			o = x
		}
	}
	if diff := cmp.Diff([]*bool{ptr(true), ptr(false), ptr(true)}, []*bool{o.IsEnforceMFA, o.IsAutoJoinDomainList, o.IsEnableAdvancedOrgs}); diff != "" {
		t.Errorf("write-only settings in state (-want +got):\n%s", diff)
	}

	c.call("DELETE", "/api/v1/organization/"+code+"/handle", nil, http.StatusOK, nil)
	_, body := c.do("GET", "/api/v1/organization?code="+code, nil)
	if h, ok := raw(t, body)["handle"]; !ok || h != nil {
		t.Errorf("handle after delete = %#v, want null", h)
	}
	c.call("DELETE", "/api/v1/organization/"+code, nil, http.StatusOK, nil)
	if status, _ := c.do("GET", "/api/v1/organization?code="+code, nil); status != http.StatusBadRequest {
		t.Errorf("GET deleted org: status %d, want 400", status)
	}
}

func TestCreatedCodesAreSeeded(t *testing.T) {
	codes := func(seed uint64) []string {
		c := start(t, emulator.Options{Seed: seed})
		var out []string
		for _, name := range []string{"A", "B"} {
			var r kinde.CreateOrganizationResponse
			c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{Name: name}, http.StatusOK, &r)
			out = append(out, r.Organization.Code)
		}
		return out
	}
	first, again, other := codes(7), codes(7), codes(8)
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("same seed, different codes (-first +again):\n%s", diff)
	}
	if cmp.Equal(first, other) {
		t.Errorf("seeds 7 and 8 gave the same codes %v", first)
	}
}

func TestUnknownRoute(t *testing.T) {
	// Not an operation of the spec, so this goes around contract.Transport.
	c := start(t, emulator.Options{})
	req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/nothing", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body kinde.NotFoundResponse
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 404 || body.Errors.Code != "ROUTE_NOT_FOUND" {
		t.Errorf("got %d %+v, want 404 ROUTE_NOT_FOUND", resp.StatusCode, body)
	}
}

// A create with is_create_billing_customer answers billing_customer_id,
// which get_organization?expand=billing serves and the state keeps.
func TestCreateOrganizationBillingCustomer(t *testing.T) {
	c := start(t, emulator.Options{})
	var plain, billed kinde.CreateOrganizationResponse
	c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{Name: "Plain"}, http.StatusOK, &plain)
	c.call("POST", "/api/v1/organization", kinde.CreateOrganizationRequest{Name: "Billed", IsCreateBillingCustomer: ptr(true), BillingEmail: "b@x.com"}, http.StatusOK, &billed)
	if plain.Organization.BillingCustomerID != "" {
		t.Errorf("billing_customer_id without is_create_billing_customer: %q", plain.Organization.BillingCustomerID)
	}
	id := billed.Organization.BillingCustomerID
	if !strings.HasPrefix(id, "customer_") {
		t.Fatalf("billing_customer_id = %q, want customer_...", id)
	}
	var got kinde.Organization
	c.call("GET", "/api/v1/organization?expand=billing&code="+billed.Organization.Code, nil, http.StatusOK, &got)
	if got.Billing == nil || got.Billing.BillingCustomerID != id {
		t.Errorf("expand=billing: %+v, want customer %s", got.Billing, id)
	}
	st, err := emulator.ParseState("s.yaml", mustMarshal(t, c.e.Snapshot()))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range st.Organizations {
		if o.Code == billed.Organization.Code && o.BillingCustomerID != id {
			t.Errorf("billing_customer_id after a save and load: %q", o.BillingCustomerID)
		}
	}
}

func mustMarshal(t *testing.T, st *emulator.State) []byte {
	t.Helper()
	data, err := emulator.MarshalState(st, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return data
}
