package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

const flagsFixture = `version: 1
environment:
  feature_flags:
    - {key: cfg, type: json, default: {colour: blue, sizes: [1, 2.5], nested: {on: true}}}
    - {key: locked, type: bool, allow_override_level: env}
    - {key: seats, type: int, default: 5, allow_override_level: usr}
organizations:
  - {code: org_1ccfb819462, is_default: true, name: Default Organization}
  - {code: org_7d45b01ef13, name: Acme, feature_flags: {cfg: {colour: red}}}
`

func startFlags(t *testing.T) *client {
	t.Helper()
	e := emulatortest.StartYAML(t, flagsFixture, emulator.Options{})
	return &client{t: t, e: e, token: e.Token()}
}

// Flags of type json are served with their object as the value, and can be
// overridden with a JSON object.
func TestJSONFlags(t *testing.T) {
	c := startFlags(t)
	flags := func(path string) map[string]any {
		_, body := c.do("GET", path, nil)
		return raw(t, body)["feature_flags"].(map[string]any)
	}
	want := map[string]any{"type": "json", "value": map[string]any{"colour": "blue", "sizes": []any{1.0, 2.5}, "nested": map[string]any{"on": true}}}
	if diff := cmp.Diff(want, flags("/api/v1/environment/feature_flags")["cfg"]); diff != "" {
		t.Errorf("environment json flag (-want +got):\n%s", diff)
	}
	org := "/api/v1/organizations/" + acme + "/feature_flags/cfg?value="
	c.call("PATCH", org+url.QueryEscape(`{"colour": "green"}`), nil, http.StatusOK, nil)
	if diff := cmp.Diff(map[string]any{"colour": "green"}, flags("/api/v1/organizations/" + acme + "/feature_flags")["cfg"].(map[string]any)["value"]); diff != "" {
		t.Errorf("org json override (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`[1]`, `"x"`, `{`, `null`} {
		if status, body := c.do("PATCH", org+url.QueryEscape(bad), nil); status != http.StatusBadRequest || errorCode(t, body) != "FEATURE_FLAG_VALUE_INVALID" {
			t.Errorf("override %s: %d %s, want 400 FEATURE_FLAG_VALUE_INVALID", bad, status, body)
		}
	}
	// The state file keeps json values as YAML mappings, and reads them back.
	data := mustMarshal(t, c.e.Snapshot())
	if !strings.Contains(string(data), "colour: green") {
		t.Errorf("saved state lacks the json override as a mapping:\n%s", data)
	}
	st, err := emulator.ParseState("s.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c.e.Snapshot(), st); diff != "" {
		t.Errorf("load(save(snapshot)) (-snapshot +loaded):\n%s", diff)
	}
}

// An org override is refused unless the flag's allow_override_level allows
// org overrides (org or usr; a flag without a level allows them).
func TestOverrideLevel(t *testing.T) {
	c := startFlags(t)
	org := "/api/v1/organizations/" + acme + "/feature_flags/"
	if status, body := c.do("PATCH", org+"locked?value=true", nil); status != http.StatusBadRequest || errorCode(t, body) != "FEATURE_FLAG_OVERRIDE_NOT_ALLOWED" {
		t.Errorf("override of an env-level flag: %d %s, want 400 FEATURE_FLAG_OVERRIDE_NOT_ALLOWED", status, body)
	}
	c.call("PATCH", org+"seats?value=7", nil, http.StatusOK, nil)
	_, err := emulator.ParseState("s.yaml", []byte(flagsFixture+"  - {name: B, feature_flags: {locked: true}}\n"))
	if err == nil || !strings.Contains(err.Error(), "s.yaml:10:39: organizations[2].feature_flags.locked: flag \"locked\" has allow_override_level env") {
		t.Errorf("state with an org override of an env-level flag: %v", err)
	}
}

// Int flags hold 32-bit integers; a decimal is trimmed, as Kinde does.
func TestIntFlagRange(t *testing.T) {
	c := startFlags(t)
	org := "/api/v1/organizations/" + acme + "/feature_flags/seats?value="
	for _, tt := range []struct {
		value string
		want  int
	}{{"2147483647", 200}, {"-2147483648", 200}, {"2147483648", 400}, {"-2147483649", 400}, {"1e3", 400}, {"12.7", 200}} {
		if status, body := c.do("PATCH", org+url.QueryEscape(tt.value), nil); status != tt.want {
			t.Errorf("seats = %s: %d %s, want %d", tt.value, status, body, tt.want)
		}
	}
	_, body := c.do("GET", "/api/v1/organizations/"+acme+"/feature_flags", nil)
	if got := raw(t, body)["feature_flags"].(map[string]any)["seats"].(map[string]any)["value"]; got != "12" {
		t.Errorf("seats after 12.7 = %v, want 12", got)
	}
	if _, err := emulator.ParseState("s.yaml", []byte("version: 1\nenvironment:\n  feature_flags: [{key: n, type: int, default: 4294967296}]\n")); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("state with an int flag out of range: %v", err)
	}
}
