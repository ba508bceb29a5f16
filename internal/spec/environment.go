package spec

// Environment is the environment catalog the organizations depend on:
// roles, permissions, feature flags, property categories and properties.
// Each list is nil when unmanaged; a list that is present is managed
// exactly (items in Kinde but not in the list are deleted). Objects are
// identified by key; categories by name.
type Environment struct {
	Pos                Pos
	Permissions        []*EnvPermission
	Roles              []*EnvRole
	FeatureFlags       []*EnvFlag
	PropertyCategories []*EnvCategory
	Properties         []*EnvProperty
}

// EnvPermission is one permission (CreatePermission).
type EnvPermission struct {
	Pos         Pos
	Key         string
	Name        *string
	Description *string
}

// EnvRole is one role (CreateRole) and, when Permissions is non-nil, exactly
// the permission keys it grants.
type EnvRole struct {
	Pos            Pos
	Key            string
	Name           *string
	Description    *string
	IsDefaultRole  *bool
	Permissions    []string
	PermissionsPos Pos
}

// The values of allow_override_level and of a property's type and context,
// as Kinde spells them.
var (
	OverrideLevels   = []string{"env", "org", "usr"}
	PropertyTypes    = []string{"single_line_text", "multi_line_text"}
	PropertyContexts = []string{"org", "usr", "app"}
)

// EnvFlag is one environment feature flag (CreateFeatureFlag). Kinde's API
// reads back only its type and the environment's value; name, description
// and allow_override_level are sent but cannot be compared.
type EnvFlag struct {
	Pos                Pos
	Key                string
	Name               *string
	Description        *string
	Type               FlagType
	Default            *FlagValue
	AllowOverrideLevel *string
}

// EnvCategory is one property category, identified by name.
type EnvCategory struct {
	Pos     Pos
	Name    string
	Context string
}

// EnvProperty is one property definition (CreateProperty). Kinde's API
// reads back its name, description, is_private and context, not its type
// or category.
type EnvProperty struct {
	Pos         Pos
	Key         string
	Name        *string
	Description *string
	Type        *string
	Context     string
	Category    *string
	IsPrivate   *bool
}

// StateCategory is the property category kindesync creates for
// kindesync_state when the environment has none for organizations.
const StateCategory = "kindesync"
