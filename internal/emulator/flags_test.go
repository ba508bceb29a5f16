package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

func (c *client) envFlags() map[string]string {
	c.t.Helper()
	var r kinde.GetEnvironmentFeatureFlagsResponse
	c.call("GET", "/api/v1/environment/feature_flags", nil, http.StatusOK, &r)
	out := map[string]string{}
	for k, v := range r.FeatureFlags {
		out[k] = v.Type + ":" + v.Value
	}
	return out
}

func (c *client) orgFlags(org string) map[string]string {
	c.t.Helper()
	var r kinde.GetOrganizationFeatureFlagsResponse
	c.call("GET", "/api/v1/organizations/"+org+"/feature_flags", nil, http.StatusOK, &r)
	out := map[string]string{}
	for k, v := range r.FeatureFlags {
		out[k] = v.Value
	}
	return out
}

func TestFeatureFlagWrites(t *testing.T) {
	c := start(t, emulator.Options{})
	c.call("POST", "/api/v1/feature_flags", map[string]string{
		"key": "max_reports", "name": "Max reports", "type": "int", "allow_override_level": "org", "default_value": "10",
	}, http.StatusCreated, nil)
	if got := c.envFlags()["max_reports"]; got != "int:10" {
		t.Errorf("new flag in the environment: %q", got)
	}
	for _, tt := range []struct {
		name string
		body map[string]string
		code string
	}{
		{"duplicate key", map[string]string{"key": "seats", "name": "S", "type": "int", "default_value": "1"}, "FEATURE_FLAG_KEY_ALREADY_EXISTS"},
		{"default of the wrong type", map[string]string{"key": "k", "name": "K", "type": "int", "default_value": "ten"}, "INVALID_DEFAULT_VALUE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c.wantError("POST", "/api/v1/feature_flags", tt.body, http.StatusBadRequest, tt.code)
		})
	}
	c.wantRawError("POST", "/api/v1/feature_flags", map[string]string{"key": "k", "name": "K", "type": "bool"}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantRawError("POST", "/api/v1/feature_flags", map[string]string{"key": "k", "name": "K", "type": "json", "default_value": "{}"}, http.StatusBadRequest, "INVALID_REQUEST")

	put := func(key string, q url.Values) (int, []byte) {
		return c.do("PUT", "/api/v1/feature_flags/"+key+"?"+q.Encode(), nil)
	}
	q := url.Values{"name": {"Maximum reports"}, "description": {"Per org"}, "type": {"int"}, "allow_override_level": {"org"}, "default_value": {"20"}}
	if status, body := put("max_reports", q); status != http.StatusOK {
		t.Fatalf("replace: %d %s", status, body)
	}
	if got := c.envFlags()["max_reports"]; got != "int:20" {
		t.Errorf("replaced default: %q", got)
	}
	q.Set("allow_override_level", "env")
	if status, body := put("max_reports", q); status != http.StatusBadRequest || errorCode(t, body) != "OVERRIDE_LEVEL_IMMUTABLE" {
		t.Errorf("new override level: %d %s", status, body)
	}
	// dark_mode has an org override (in acme): its type is fixed.
	q = url.Values{"name": {"Dark"}, "description": {""}, "type": {"str"}, "allow_override_level": {"org"}, "default_value": {"x"}}
	if status, body := put("dark_mode", q); status != http.StatusBadRequest || errorCode(t, body) != "FEATURE_FLAG_OVERRIDDEN" {
		t.Errorf("type change of an overridden flag: %d %s", status, body)
	}
	c.wantRawError("PUT", "/api/v1/feature_flags/seats?name=S&type=int&allow_override_level=org&default_value=1", nil, http.StatusBadRequest, "INVALID_REQUEST")
	if status, body := put("nope", q); status != http.StatusBadRequest || errorCode(t, body) != "FEATURE_FLAG_INVALID" {
		t.Errorf("unknown flag: %d %s", status, body)
	}

	// Deleting a flag deletes its org overrides.
	c.call("DELETE", "/api/v1/feature_flags/dark_mode", nil, http.StatusOK, nil)
	if _, there := c.orgFlags(acme)["dark_mode"]; there {
		t.Error("dark_mode still listed for acme")
	}
	for _, o := range c.e.Snapshot().Organizations {
		if _, there := o.FeatureFlags["dark_mode"]; there {
			t.Errorf("%s keeps an override of a deleted flag", o.Code)
		}
	}
	c.wantError("DELETE", "/api/v1/feature_flags/dark_mode", nil, http.StatusBadRequest, "FEATURE_FLAG_INVALID")
}

func TestEnvironmentFlagOverrides(t *testing.T) {
	c := start(t, emulator.Options{})
	base := "/api/v1/environment/feature_flags/"
	c.call("PATCH", base+"seats", map[string]string{"value": "9"}, http.StatusOK, nil)
	c.call("PATCH", base+"theme", map[string]string{"value": "red"}, http.StatusOK, nil)
	want := map[string]string{"dark_mode": "bool:false", "seats": "int:9", "theme": "str:red"}
	if diff := cmp.Diff(want, c.envFlags()); diff != "" {
		t.Errorf("environment flags with overrides (-want +got):\n%s", diff)
	}
	// An organization without an override of its own gets the environment's value.
	if got := c.orgFlags(acme); got["seats"] != "9" || got["dark_mode"] != "true" {
		t.Errorf("acme's flags: %v", got)
	}
	c.wantError("PATCH", base+"seats", map[string]string{"value": "many"}, http.StatusBadRequest, "INVALID_VALUE")
	c.wantError("PATCH", base+"nope", map[string]string{"value": "1"}, http.StatusBadRequest, "FEATURE_FLAG_INVALID")

	c.call("DELETE", base+"seats", nil, http.StatusOK, nil)
	c.call("DELETE", base+"seats", nil, http.StatusOK, nil) // none left: still a success
	if got := c.envFlags()["seats"]; got != "int:5" {
		t.Errorf("seats after removing its override: %q", got)
	}
	c.call("DELETE", "/api/v1/environment/feature_flags", nil, http.StatusOK, nil)
	if got := c.envFlags()["theme"]; got != "str:blue" {
		t.Errorf("theme after removing every override: %q", got)
	}
	c.wantError("DELETE", base+"nope", nil, http.StatusBadRequest, "FEATURE_FLAG_INVALID")
}

func TestPropertyAndCategoryWrites(t *testing.T) {
	c := start(t, emulator.Options{})
	var props kinde.GetPropertiesResponse
	c.call("GET", "/api/v1/properties?context=org", nil, http.StatusOK, &props)
	var city string
	for _, p := range props.Properties {
		if p.Key == "kp_org_city" {
			city = p.ID
		}
	}
	const cat = "cat_0192b7e8b4f8ca08110d2b22059662a8"
	c.call("PUT", "/api/v1/properties/"+city, map[string]any{"name": "Town", "description": "Where", "is_private": true, "category_id": cat}, http.StatusOK, nil)
	for _, p := range c.e.Snapshot().Environment.Properties {
		if p.ID == city && (p.Name != "Town" || !p.IsPrivate || p.Description != "Where") {
			t.Errorf("updated property: %+v", p)
		}
	}
	c.wantError("PUT", "/api/v1/properties/"+city, map[string]any{"name": "Town", "is_private": true, "category_id": "cat_nope"}, http.StatusBadRequest, "CATEGORY_INVALID")
	c.wantRawError("PUT", "/api/v1/properties/"+city, map[string]any{"name": "Town", "category_id": cat}, http.StatusBadRequest, "INVALID_REQUEST")
	c.wantError("PUT", "/api/v1/properties/prop_nope", map[string]any{"name": "Town", "is_private": true, "category_id": cat}, http.StatusBadRequest, "PROPERTY_INVALID")

	// Deleting a property deletes its values.
	c.call("DELETE", "/api/v1/properties/"+city, nil, http.StatusOK, nil)
	for _, o := range c.e.Snapshot().Organizations {
		if _, there := o.Properties["kp_org_city"]; there {
			t.Errorf("%s keeps a value of a deleted property", o.Code)
		}
	}
	c.wantError("DELETE", "/api/v1/properties/"+city, nil, http.StatusBadRequest, "PROPERTY_INVALID")

	c.call("PUT", "/api/v1/property_categories/"+cat, map[string]string{"name": "Address"}, http.StatusOK, nil)
	var cats kinde.GetCategoriesResponse
	c.call("GET", "/api/v1/property_categories", nil, http.StatusOK, &cats)
	if len(cats.Categories) != 1 || cats.Categories[0].Name != "Address" {
		t.Errorf("categories: %+v", cats.Categories)
	}
	c.wantError("PUT", "/api/v1/property_categories/cat_nope", map[string]string{"name": "x"}, http.StatusBadRequest, "CATEGORY_INVALID")
	c.wantError("PUT", "/api/v1/property_categories/"+cat, map[string]string{}, http.StatusBadRequest, "INVALID_REQUEST")
}
