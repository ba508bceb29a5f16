package emulator

import (
	"net/http"
	"slices"
)

// Environment feature flags: create, replace, delete, and the
// environment-level override of a flag's default.

// value is the flag's value in the environment: its override, or else its
// default. Organizations without an override of their own get this value.
func (f *FeatureFlag) value() string {
	if f.Override != nil {
		return *f.Override
	}
	return f.Default
}

var createFlagTypes = []string{FlagBool, FlagInt, FlagString}

func (s *Server) createFeatureFlag(c *call) (int, any, error) {
	var req struct {
		Name               *string `json:"name"`
		Description        string  `json:"description"`
		Key                *string `json:"key"`
		Type               string  `json:"type"`
		AllowOverrideLevel string  `json:"allow_override_level"`
		DefaultValue       *string `json:"default_value"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == nil || req.Key == nil || req.DefaultValue == nil {
		return fail(badRequest("INVALID_REQUEST", "name, key, type and default_value are required."))
	}
	if err := checkLength("name", *req.Name, 128); err != nil {
		return fail(err)
	}
	if err := checkLength("key", *req.Key, 128); err != nil {
		return fail(err)
	}
	if !slices.Contains(createFlagTypes, req.Type) {
		return fail(badRequest("INVALID_REQUEST", "type must be str, int or bool."))
	}
	if req.AllowOverrideLevel != "" && !slices.Contains(overrideLevels, req.AllowOverrideLevel) {
		return fail(badRequest("INVALID_REQUEST", "allow_override_level must be env, org or usr."))
	}
	def, err := flagValue(req.Type, *req.DefaultValue)
	if err != nil {
		return fail(badRequest("INVALID_DEFAULT_VALUE", "default_value: %v.", err))
	}
	e := &c.st().Environment
	if e.flag(*req.Key) != nil {
		return fail(badRequest("FEATURE_FLAG_KEY_ALREADY_EXISTS", "A feature flag with key %s exists.", *req.Key))
	}
	e.FeatureFlags = append(e.FeatureFlags, &FeatureFlag{
		Key: *req.Key, Name: *req.Name, Description: req.Description, Type: req.Type,
		Default: def, AllowOverrideLevel: req.AllowOverrideLevel,
	})
	return http.StatusCreated, success(), nil
}

func (c *call) flagFor() (*FeatureFlag, error) {
	key := c.path("feature_flag_key")
	if f := c.st().Environment.flag(key); f != nil {
		return f, nil
	}
	return nil, badRequest("FEATURE_FLAG_INVALID", "No feature flag with key %s.", key)
}

// updateFeatureFlag replaces a flag from its query parameters, all of which
// the spec requires. The override level is set at creation and cannot
// change (KINDE-FACTS); the type can only while nothing overrides the flag,
// since the overrides would no longer be of its type.
func (s *Server) updateFeatureFlag(c *call) (int, any, error) {
	f, err := c.flagFor()
	if err != nil {
		return fail(err)
	}
	q := c.r.URL.Query()
	for _, p := range []string{"name", "description", "type", "allow_override_level", "default_value"} {
		if !q.Has(p) {
			return fail(badRequest("INVALID_REQUEST", "The %s parameter is required.", p))
		}
	}
	name, typ, level := q.Get("name"), q.Get("type"), q.Get("allow_override_level")
	if err := checkLength("name", name, 128); err != nil {
		return fail(err)
	}
	if !slices.Contains(createFlagTypes, typ) {
		return fail(badRequest("INVALID_REQUEST", "type must be str, int or bool."))
	}
	if !slices.Contains(overrideLevels, level) {
		return fail(badRequest("INVALID_REQUEST", "allow_override_level must be env, org or usr."))
	}
	if f.AllowOverrideLevel != "" && level != f.AllowOverrideLevel {
		return fail(badRequest("OVERRIDE_LEVEL_IMMUTABLE", "The override level of %s is %s and cannot change.", f.Key, f.AllowOverrideLevel))
	}
	if typ != f.Type && c.st().flagOverridden(f.Key) {
		return fail(badRequest("FEATURE_FLAG_OVERRIDDEN", "%s has overrides: remove them before changing its type.", f.Key))
	}
	def, err := flagValue(typ, q.Get("default_value"))
	if err != nil {
		return fail(badRequest("INVALID_DEFAULT_VALUE", "default_value: %v.", err))
	}
	f.Name, f.Description, f.Type, f.AllowOverrideLevel, f.Default = name, q.Get("description"), typ, level, def
	return ok(success())
}

func (st *State) flagOverridden(key string) bool {
	if f := st.Environment.flag(key); f != nil && f.Override != nil {
		return true
	}
	return slices.ContainsFunc(st.Organizations, func(o *Organization) bool {
		_, ok := o.FeatureFlags[key]
		return ok
	})
}

func (s *Server) deleteFeatureFlag(c *call) (int, any, error) {
	f, err := c.flagFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.FeatureFlags = slices.DeleteFunc(st.Environment.FeatureFlags, func(x *FeatureFlag) bool { return x == f })
	for _, o := range st.Organizations {
		delete(o.FeatureFlags, f.Key)
	}
	return ok(success())
}

func (s *Server) updateEnvironmentFeatureFlagOverride(c *call) (int, any, error) {
	f, err := c.flagFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Value *string `json:"value"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Value == nil {
		return fail(badRequest("VALUE_REQUIRED", "value is required."))
	}
	v, err := flagValue(f.Type, *req.Value)
	if err != nil {
		return fail(badRequest("INVALID_VALUE", "%v.", err))
	}
	f.Override = &v
	return ok(success())
}

// Removing an override that is not there succeeds, as for organizations.
func (s *Server) deleteEnvironmentFeatureFlagOverride(c *call) (int, any, error) {
	f, err := c.flagFor()
	if err != nil {
		return fail(err)
	}
	f.Override = nil
	return ok(success())
}

func (s *Server) deleteEnvironmentFeatureFlagOverrides(c *call) (int, any, error) {
	for _, f := range c.st().Environment.FeatureFlags {
		f.Override = nil
	}
	return ok(success())
}
