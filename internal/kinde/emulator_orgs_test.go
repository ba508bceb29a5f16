package kinde_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func TestEmulatorOrganizationLifecycle(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	acme, err := c.GetOrganization(ctx, acmeOrg)
	if err != nil {
		t.Fatal(err)
	}
	if acme.Name != "Acme" || acme.Handle != "acme" || acme.ExternalID != "acme" || acme.IsDefault {
		t.Errorf("GetOrganization(acme) = %+v", acme)
	}

	created, err := c.CreateOrganization(ctx, &kinde.CreateOrganizationRequest{
		Name: "Globex", ExternalID: "globex", Handle: "globex", BackgroundColor: "#fff", ThemeCode: "dark",
	})
	if err != nil {
		t.Fatal(err)
	}
	code := created.Organization.Code
	if code == "" {
		t.Fatal("CreateOrganization: no code in the answer")
	}

	err = c.UpdateOrganization(ctx, code, &kinde.UpdateOrganizationRequest{
		Name: ptr("Globex Corp"), Handle: ptr("globex-corp"), ButtonColor: ptr("#0055FF"),
		AllowedDomains: []string{"globex.com"}, SenderName: ptr("Globex"),
		IsEnforceMFA: ptr(true), IsAutoJoinDomainList: ptr(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetOrganization(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	want := &kinde.Organization{
		Code: code, Name: "Globex Corp", Handle: "globex-corp", ExternalID: "globex",
		AllowedDomains:  []string{"globex.com"},
		BackgroundColor: &kinde.Color{Raw: "#fff", Hex: "#ffffff", HSL: "hsl(0, 0%, 100%)"},
		ButtonColor:     &kinde.Color{Raw: "#0055FF", Hex: "#0055FF", HSL: "hsl(220, 100%, 50%)"},
		ThemeCode:       "dark", ColorScheme: "dark", SenderName: "Globex",
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(kinde.Organization{}, "IsAllowRegistrations", "CreatedOn")); diff != "" {
		t.Errorf("organization after create and update (-want +got):\n%s", diff)
	}
	// Write-only settings never come back through the API; the state shows
	// that they arrived.
	if o := findOrg(env.emu.Snapshot(), code); o == nil || o.IsEnforceMFA == nil || !*o.IsEnforceMFA ||
		o.IsAutoJoinDomainList == nil || *o.IsAutoJoinDomainList {
		t.Errorf("write-only settings in the emulator's state: %+v", o)
	}

	// An empty AllowedDomains is sent as [] and clears the list.
	if err := c.UpdateOrganization(ctx, code, &kinde.UpdateOrganizationRequest{AllowedDomains: []string{}}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetOrganization(ctx, code); err != nil || len(got.AllowedDomains) != 0 || got.Name != "Globex Corp" {
		t.Errorf("after clearing allowed_domains: %q, name %q, %v", got.AllowedDomains, got.Name, err)
	}

	for _, tt := range []struct{ externalID, handle, want string }{
		{"globex", "", code},
		{"", "acme", acmeOrg},
		{"nope", "globex-corp", ""}, // the handle alone is not enough
		{"globex", "globex-corp", code},
		{"nope", "nope", ""},
	} {
		found, err := c.FindOrganization(ctx, tt.externalID, tt.handle)
		if err != nil || found != tt.want {
			t.Errorf("FindOrganization(%q, %q) = %q, %v; want %q", tt.externalID, tt.handle, found, err, tt.want)
		}
	}

	if err := c.DeleteOrganizationHandle(ctx, code); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetOrganization(ctx, code); err != nil || got.Handle != "" {
		t.Errorf("handle after DeleteOrganizationHandle = %q, %v", got.Handle, err)
	}

	orgs, err := c.GetOrganizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{acmeOrg, defaultOrg, code}, orgCodes(orgs), cmpSorted); diff != "" {
		t.Errorf("GetOrganizations codes (-want +got):\n%s", diff)
	}

	if err := c.DeleteOrganization(ctx, code); err != nil {
		t.Fatal(err)
	}
	if findOrg(env.emu.Snapshot(), code) != nil {
		t.Errorf("organization %s still in the emulator after DeleteOrganization", code)
	}
	// Deleting it again is the spec's 404, in the not_found_response shape.
	err = env.failed("second DeleteOrganization", c.DeleteOrganization(ctx, code))
	if !kinde.IsNotFound(err) || !kinde.HasCode(err, "ORGANIZATION_NOT_FOUND") {
		t.Errorf("second DeleteOrganization: %v; want 404 ORGANIZATION_NOT_FOUND", err)
	}
	err = env.failed("GetOrganization of a deleted org", func() error { _, err := c.GetOrganization(ctx, code); return err }())
	if kinde.StatusOf(err) != http.StatusBadRequest || !kinde.HasCode(err, "ORGANIZATION_INVALID") {
		t.Errorf("GetOrganization of a deleted org: %v; want 400 ORGANIZATION_INVALID", err)
	}
	err = env.failed("deleting the default org", c.DeleteOrganization(ctx, defaultOrg))
	if !kinde.HasCode(err, "CANNOT_DELETE_DEFAULT_ORGANIZATION") {
		t.Errorf("deleting the default org: %v", err)
	}
	err = env.failed("a taken handle", c.UpdateOrganization(ctx, defaultOrg, &kinde.UpdateOrganizationRequest{Handle: ptr("acme")}))
	if !kinde.HasCode(err, "HANDLE_ALREADY_EXISTS") {
		t.Errorf("a taken handle: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorOrganizationFeatureFlags(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	envFlags, err := c.GetEnvironmentFeatureFlags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := map[string]kinde.FeatureFlagValue{
		"dark_mode": {Type: "bool", Value: "false"},
		"seats":     {Type: "int", Value: "5"},
		"theme":     {Type: "str", Value: "blue"},
	}
	if diff := cmp.Diff(wantEnv, envFlags); diff != "" {
		t.Errorf("GetEnvironmentFeatureFlags (-want +got):\n%s", diff)
	}

	// The org list holds inherited values too, without marking overrides.
	check := func(when string, want map[string]kinde.FeatureFlagValue) {
		t.Helper()
		got, err := c.GetOrganizationFeatureFlags(ctx, acmeOrg)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: GetOrganizationFeatureFlags (-want +got):\n%s", when, diff)
		}
	}
	check("from the fixture", map[string]kinde.FeatureFlagValue{
		"dark_mode": {Type: "bool", Value: "true"},
		"seats":     {Type: "int", Value: "5"},
		"theme":     {Type: "str", Value: "blue"},
	})

	for _, set := range [][2]string{{"seats", "50"}, {"theme", "dark blue & co"}} {
		if err := c.UpdateOrganizationFeatureFlagOverride(ctx, acmeOrg, set[0], set[1]); err != nil {
			t.Fatalf("override %s: %v", set[0], err)
		}
	}
	if err := c.DeleteOrganizationFeatureFlagOverride(ctx, acmeOrg, "dark_mode"); err != nil {
		t.Fatal(err)
	}
	check("after two overrides and a delete", map[string]kinde.FeatureFlagValue{
		"dark_mode": {Type: "bool", Value: "false"},
		"seats":     {Type: "int", Value: "50"},
		"theme":     {Type: "str", Value: "dark blue & co"},
	})
	if diff := cmp.Diff(map[string]string{"seats": "50", "theme": "dark blue & co"}, findOrg(env.emu.Snapshot(), acmeOrg).FeatureFlags); diff != "" {
		t.Errorf("overrides in the emulator's state (-want +got):\n%s", diff)
	}

	err = env.failed("an int flag set to text", c.UpdateOrganizationFeatureFlagOverride(ctx, acmeOrg, "seats", "lots"))
	if kinde.StatusOf(err) != http.StatusBadRequest || !kinde.HasCode(err, "FEATURE_FLAG_VALUE_INVALID") {
		t.Errorf("an int flag set to text: %v", err)
	}
	err = env.failed("an unknown flag", c.UpdateOrganizationFeatureFlagOverride(ctx, acmeOrg, "nope", "1"))
	if !kinde.HasCode(err, "FEATURE_FLAG_INVALID") {
		t.Errorf("an unknown flag: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorOrganizationProperties(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	// Only org properties are listed; one without a value reads as null.
	check := func(when string, city, zip *string) {
		t.Helper()
		got, err := c.GetOrganizationPropertyValues(ctx, acmeOrg)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		want := map[string]*string{"kp_org_city": city, "kp_org_zip": zip}
		values := map[string]*string{}
		for _, p := range got {
			values[p.Key] = p.Value
		}
		if diff := cmp.Diff(want, values); diff != "" {
			t.Errorf("%s: property values (-want +got):\n%s", when, diff)
		}
	}
	check("from the fixture", ptr("Sydney"), nil)

	if err := c.UpdateOrganizationProperties(ctx, acmeOrg, map[string]string{"kp_org_city": "Melbourne", "kp_org_zip": "3000"}); err != nil {
		t.Fatal(err)
	}
	check("after the bulk update", ptr("Melbourne"), ptr("3000"))
	if err := c.UpdateOrganizationProperty(ctx, acmeOrg, "kp_org_zip", "3000 VIC/AU?"); err != nil {
		t.Fatal(err)
	}
	check("after the single update", ptr("Melbourne"), ptr("3000 VIC/AU?"))
	if diff := cmp.Diff(map[string]string{"kp_org_city": "Melbourne", "kp_org_zip": "3000 VIC/AU?"}, findOrg(env.emu.Snapshot(), acmeOrg).Properties); diff != "" {
		t.Errorf("values in the emulator's state (-want +got):\n%s", diff)
	}

	err := env.failed("a user property on an org", c.UpdateOrganizationProperty(ctx, acmeOrg, "kp_usr_nick", "x"))
	if !kinde.HasCode(err, "PROPERTY_INVALID") {
		t.Errorf("a user property on an org: %v", err)
	}
	err = env.failed("an unknown property in bulk", c.UpdateOrganizationProperties(ctx, acmeOrg, map[string]string{"nope": "x"}))
	if !kinde.HasCode(err, "PROPERTY_INVALID") {
		t.Errorf("an unknown property in bulk: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorOrganizationConnections(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	check := func(when string, want ...string) {
		t.Helper()
		got, err := c.GetOrganizationConnections(ctx, acmeOrg)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		var ids []string
		for _, conn := range got {
			ids = append(ids, conn.ID)
		}
		if diff := cmp.Diff(want, ids, cmpSorted, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: connections (-want +got):\n%s", when, diff)
		}
	}
	check("from the fixture", googleConn)
	if err := c.EnableOrgConnection(ctx, acmeOrg, emailConn); err != nil {
		t.Fatal(err)
	}
	// Enabling twice changes nothing.
	if err := c.EnableOrgConnection(ctx, acmeOrg, emailConn); err != nil {
		t.Fatal(err)
	}
	check("after enabling Email", googleConn, emailConn)
	if err := c.RemoveOrgConnection(ctx, acmeOrg, googleConn); err != nil {
		t.Fatal(err)
	}
	check("after removing Google", emailConn)
	if diff := cmp.Diff([]string{emailConn}, findOrg(env.emu.Snapshot(), acmeOrg).Connections); diff != "" {
		t.Errorf("connections in the emulator's state (-want +got):\n%s", diff)
	}

	err := env.failed("removing a connection not enabled", c.RemoveOrgConnection(ctx, acmeOrg, googleConn))
	if !kinde.HasCode(err, "CONNECTION_INVALID") {
		t.Errorf("removing a connection not enabled: %v", err)
	}
	err = env.failed("enabling an unknown connection", c.EnableOrgConnection(ctx, acmeOrg, "conn_nope"))
	if !kinde.HasCode(err, "CONNECTION_INVALID") {
		t.Errorf("enabling an unknown connection: %v", err)
	}
	env.sameCounts()
}

// A PNG signature and an SVG are enough for the emulator's image check.
var (
	pngLogo = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	svgLogo = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>`)
)

func TestEmulatorOrganizationLogos(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	check := func(when string, want []kinde.Logo) {
		t.Helper()
		got, err := c.ReadOrganizationLogo(ctx, acmeOrg)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: ReadOrganizationLogo (-want +got):\n%s", when, diff)
		}
	}
	check("from the fixture", nil)
	if err := c.AddOrganizationLogo(ctx, acmeOrg, kinde.LogoLight, "logos/acme.png", pngLogo); err != nil {
		t.Fatal(err)
	}
	if err := c.AddOrganizationLogo(ctx, acmeOrg, kinde.LogoDark, "acme-dark.svg", svgLogo); err != nil {
		t.Fatal(err)
	}
	check("after two uploads", []kinde.Logo{
		{Type: "light", FileName: "acme.png", Path: "/logo?p_org_code=" + acmeOrg},
		{Type: "dark", FileName: "acme-dark.svg", Path: "/logo_dark?p_org_code=" + acmeOrg},
	})
	logos := findOrg(env.emu.Snapshot(), acmeOrg).Logos
	if string(logos["light"].Data) != string(pngLogo) || string(logos["dark"].Data) != string(svgLogo) {
		t.Errorf("the emulator did not store the bytes sent: %+v", logos)
	}
	if o, err := c.GetOrganization(ctx, acmeOrg); err != nil || o.Logo == "" || o.LogoDark == "" {
		t.Errorf("GetOrganization after uploads: logo %q, logo_dark %q, %v", o.Logo, o.LogoDark, err)
	}

	if err := c.DeleteOrganizationLogo(ctx, acmeOrg, kinde.LogoDark); err != nil {
		t.Fatal(err)
	}
	// Nothing left to delete is the spec's 204, which is success.
	if err := c.DeleteOrganizationLogo(ctx, acmeOrg, kinde.LogoDark); err != nil {
		t.Errorf("deleting a deleted logo: %v", err)
	}
	check("after deleting the dark logo", []kinde.Logo{{Type: "light", FileName: "acme.png", Path: "/logo?p_org_code=" + acmeOrg}})

	err := env.failed("uploading text", c.AddOrganizationLogo(ctx, acmeOrg, kinde.LogoLight, "notes.txt", []byte("not an image")))
	if !kinde.HasCode(err, "INVALID_LOGO") {
		t.Errorf("uploading text: %v", err)
	}
	env.sameCounts()
}

func TestEmulatorOrganizationMFAAndSessions(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()

	if err := c.ReplaceOrganizationMFA(ctx, acmeOrg, &kinde.ReplaceOrganizationMFARequest{
		EnabledFactors: []string{kinde.MFAEmail, kinde.MFAAuthenticatorApp}, IsRecoveryCodesEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	want := &emulator.MFA{EnabledFactors: []string{"mfa:authenticator_app", "mfa:email"}, IsRecoveryCodesEnabled: ptr(true)}
	if diff := cmp.Diff(want, findOrg(env.emu.Snapshot(), acmeOrg).MFA); diff != "" {
		t.Errorf("MFA in the emulator's state (-want +got):\n%s", diff)
	}
	// No factors at all is sent as the [] the spec requires, not null.
	if err := c.ReplaceOrganizationMFA(ctx, acmeOrg, &kinde.ReplaceOrganizationMFARequest{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&emulator.MFA{}, findOrg(env.emu.Snapshot(), acmeOrg).MFA); diff != "" {
		t.Errorf("MFA replaced by none (-want +got):\n%s", diff)
	}
	// An unknown factor is not tried: the spec's enum refuses it in the
	// contract transport before it is sent.

	if err := c.UpdateOrganizationSessions(ctx, acmeOrg, &kinde.UpdateOrganizationSessionsRequest{
		IsUseOrgSSOSessionPolicy: ptr(true), SSOSessionPersistenceMode: ptr(kinde.SessionPersistent),
		IsUseOrgAuthenticatedSessionLifetime: ptr(true), AuthenticatedSessionLifetime: ptr(86400),
	}); err != nil {
		t.Fatal(err)
	}
	// A PATCH: what is left out keeps its value.
	if err := c.UpdateOrganizationSessions(ctx, acmeOrg, &kinde.UpdateOrganizationSessionsRequest{
		SSOSessionPersistenceMode: ptr(kinde.SessionNonPersistent),
	}); err != nil {
		t.Fatal(err)
	}
	wantSessions := &emulator.Sessions{
		IsUseOrgSSOSessionPolicy: ptr(true), SSOSessionPersistenceMode: ptr("non_persistent"),
		IsUseOrgAuthenticatedSessionLifetime: ptr(true), AuthenticatedSessionLifetime: ptr(int64(86400)),
	}
	if diff := cmp.Diff(wantSessions, findOrg(env.emu.Snapshot(), acmeOrg).Sessions); diff != "" {
		t.Errorf("sessions in the emulator's state (-want +got):\n%s", diff)
	}
	env.sameCounts()
}
