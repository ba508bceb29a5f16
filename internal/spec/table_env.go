package spec

import (
	"cmp"

	"gopkg.in/yaml.v3"
)

// The tables of the environment section (issue 14). Names and enums are
// Kinde's (CreateRole, CreatePermission, CreateFeatureFlag, CreateProperty,
// CreateCategory).

var (
	tText       = &typ{kind: kString} // descriptions: "" is a value
	tFlagType   = &typ{kind: kString, enum: []string{string(FlagBool), string(FlagInt), string(FlagString), string(FlagJSON)}}
	tLevel      = &typ{kind: kString, enum: OverrideLevels}
	tPropType   = &typ{kind: kString, enum: PropertyTypes}
	tContext    = &typ{kind: kString, enum: PropertyContexts}
	tFlagScalar = &typ{kind: kFlagValue}
)

var environmentField = objectPtr("environment", &typ{kind: kObject, obj: environmentObject},
	"The environment catalog the organizations use. Each list left out is unmanaged; a list present is managed exactly: what Kinde has beyond it is deleted (a delete, blocked without --allow-deletes).",
	func(f *fileDoc) **Environment { return &f.Environment })

var environmentObject = &object{
	name: "environment",
	desc: "Roles, permissions, feature flags, property categories and properties, each identified by key (categories by name).",
	fields: []field{
		objectList("permissions", &typ{kind: kList, elem: &typ{kind: kObject, obj: permissionObject}},
			"Permissions: present means exactly these.",
			func(e *Environment) *[]*EnvPermission { return &e.Permissions },
			func(a, b *EnvPermission) int { return cmp.Compare(a.Key, b.Key) }),
		objectList("roles", &typ{kind: kList, elem: &typ{kind: kObject, obj: roleObject}},
			"Roles: present means exactly these.",
			func(e *Environment) *[]*EnvRole { return &e.Roles },
			func(a, b *EnvRole) int { return cmp.Compare(a.Key, b.Key) }),
		objectList("feature_flags", &typ{kind: kList, elem: &typ{kind: kObject, obj: flagObject}},
			"Feature flags: present means exactly these.",
			func(e *Environment) *[]*EnvFlag { return &e.FeatureFlags },
			func(a, b *EnvFlag) int { return cmp.Compare(a.Key, b.Key) }),
		objectList("property_categories", &typ{kind: kList, elem: &typ{kind: kObject, obj: categoryObject}},
			"Property categories, by name. Kinde cannot delete a category: ones not listed are left alone.",
			func(e *Environment) *[]*EnvCategory { return &e.PropertyCategories },
			func(a, b *EnvCategory) int { return cmp.Compare(a.Name, b.Name) }),
		objectList("properties", &typ{kind: kList, elem: &typ{kind: kObject, obj: propertyObject}},
			"Property definitions: present means exactly these (kindesync's own kindesync_state excepted).",
			func(e *Environment) *[]*EnvProperty { return &e.Properties },
			func(a, b *EnvProperty) int { return cmp.Compare(a.Key, b.Key) }),
	},
	check: checkEnvironment,
}

var permissionObject = &object{
	name: "permission",
	desc: "One permission, identified by key.",
	fields: []field{
		required(plainString("key", tName, "The permission's key, as tokens carry it. Kinde cannot rename a key: a changed key is a delete and a create.",
			func(p *EnvPermission) *string { return &p.Key })),
		required(optString("name", tName, "The permission's name.", func(p *EnvPermission) **string { return &p.Name })),
		optString("description", tText, "What the permission allows.", func(p *EnvPermission) **string { return &p.Description }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*EnvPermission).Pos = d.pos(n) },
}

var roleObject = &object{
	name: "role",
	desc: "One role, identified by key.",
	fields: []field{
		required(plainString("key", tName, "The role's key. Kinde cannot rename a key: a changed key is a delete and a create.",
			func(r *EnvRole) *string { return &r.Key })),
		required(optString("name", tName, "The role's name.", func(r *EnvRole) **string { return &r.Name })),
		optString("description", tText, "What the role is for.", func(r *EnvRole) **string { return &r.Description }),
		optBool("is_default_role", "New organization members get this role.", func(r *EnvRole) **bool { return &r.IsDefaultRole }),
		stringList("permissions", tNames, "Permission keys the role grants: present means exactly these. Each is in environment.permissions, or in Kinde when permissions are unmanaged.",
			func(r *EnvRole) *[]string { return &r.Permissions }, func(r *EnvRole) *Pos { return &r.PermissionsPos }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*EnvRole).Pos = d.pos(n) },
}

var flagObject = &object{
	name: "feature_flag",
	desc: "One environment feature flag, identified by key. Kinde reads back its type and default only: name, description and allow_override_level are sent when the flag is created or its default changes.",
	fields: []field{
		required(plainString("key", tName, "The flag's key, as code reads it. Kinde cannot rename a key: a changed key is a delete and a create.",
			func(f *EnvFlag) *string { return &f.Key })),
		optString("name", tName, "The flag's name; the key when left out.", func(f *EnvFlag) **string { return &f.Name }),
		optString("description", tText, "What the flag is for.", func(f *EnvFlag) **string { return &f.Description }),
		{name: "type", typ: tFlagType, required: true, desc: "bool, int, str or json. Kinde cannot change a flag's type, and its API cannot create a json flag (make one in Kinde's dashboard).",
			set: func(d *decoder, f *field, parent any, n *yaml.Node) {
				if v, ok := d.str(f.typ, n); ok {
					parent.(*EnvFlag).Type = FlagType(v)
				}
			},
			get: func(e *encoder, f *field, parent any) *yaml.Node { return strNode(string(parent.(*EnvFlag).Type)) }},
		{name: "default", typ: tFlagScalar, required: true, desc: "The environment's value, of the flag's type (true, 5, \"free\", or an object for a json flag).",
			set: func(d *decoder, f *field, parent any, n *yaml.Node) {
				if v, ok := d.flagValue(n); ok {
					parent.(*EnvFlag).Default = &v
				}
			},
			get: func(e *encoder, f *field, parent any) *yaml.Node {
				if v := parent.(*EnvFlag).Default; v != nil {
					return flagNode(*v)
				}
				return nil
			}},
		optString("allow_override_level", tLevel, "Where the flag may be overridden: env (nowhere), org or usr. Set at creation; Kinde cannot change it.",
			func(f *EnvFlag) **string { return &f.AllowOverrideLevel }),
	},
	check: checkFlag,
}

var categoryObject = &object{
	name: "property_category",
	desc: "One property category, identified by name.",
	fields: []field{
		required(plainString("name", tName, "The category's name.", func(c *EnvCategory) *string { return &c.Name })),
		required(plainString("context", tContext, "org, usr or app. Set at creation.", func(c *EnvCategory) *string { return &c.Context })),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*EnvCategory).Pos = d.pos(n) },
}

var propertyObject = &object{
	name: "property",
	desc: "One property definition, identified by key. Kinde reads back its name, description, context and is_private; type and category are sent when it is created or updated.",
	fields: []field{
		required(plainString("key", tName, "The property's key. Kinde cannot rename a key: a changed key is a delete and a create.",
			func(p *EnvProperty) *string { return &p.Key })),
		required(optString("name", tName, "The property's name.", func(p *EnvProperty) **string { return &p.Name })),
		optString("description", tText, "What the property holds.", func(p *EnvProperty) **string { return &p.Description }),
		optString("type", tPropType, "single_line_text (the default for a new property) or multi_line_text. Set at creation.",
			func(p *EnvProperty) **string { return &p.Type }),
		required(plainString("context", tContext, "org, usr or app: what the property describes. Set at creation.",
			func(p *EnvProperty) *string { return &p.Context })),
		optString("category", tName, "The name of the property's category, in property_categories or in Kinde; a new property needs one.",
			func(p *EnvProperty) **string { return &p.Category }),
		optBool("is_private", "true: the value is not put in tokens. Default false.", func(p *EnvProperty) **bool { return &p.IsPrivate }),
	},
	check: checkProperty,
}

func required(f field) field {
	f.required = true
	return f
}

func flagNode(v FlagValue) *yaml.Node {
	switch v.Type {
	case FlagBool:
		return boolNode(v.Bool)
	case FlagInt:
		return intNode(v.Int)
	case FlagJSON:
		return jsonNode(v.String)
	}
	return strNode(v.String)
}

// checkFlag: the default must be of the flag's type (d.flagValue keeps
// integers to Kinde's 32 bits).
func checkFlag(d *decoder, parent any, n *yaml.Node) {
	f := parent.(*EnvFlag)
	f.Pos = d.pos(n)
	if f.Type == "" || f.Default == nil {
		return
	}
	if f.Default.Type != f.Type {
		d.errorAt(f.Pos, "default: this is %s, but the default is %s", flagTypeName(f.Type), flagValueText(*f.Default))
		f.Default = nil
	}
}

func checkProperty(d *decoder, parent any, n *yaml.Node) {
	p := parent.(*EnvProperty)
	p.Pos = d.pos(n)
	if p.Key == StateProperty {
		d.errorAt(p.Pos, "key: %s is kindesync's own property and cannot be managed in a file", p.Key)
	}
}

func checkEnvironment(d *decoder, parent any, n *yaml.Node) { parent.(*Environment).Pos = d.pos(n) }

// uniqueKeys reports every key (category name) listed twice in e, and a
// property whose context is not its category's.
func (e *Environment) uniqueKeys(probs *Problems) {
	check := func(list string, key string, pos Pos, seen map[string]Pos) {
		if first, dup := seen[key]; dup {
			probs.add(pos, "environment.%s: %q is listed twice (first at %s)", list, key, first.relativeTo(pos.File))
			return
		}
		seen[key] = pos
	}
	seen := map[string]Pos{}
	for _, p := range e.Permissions {
		check("permissions", p.Key, p.Pos, seen)
	}
	seen = map[string]Pos{}
	for _, r := range e.Roles {
		check("roles", r.Key, r.Pos, seen)
	}
	seen = map[string]Pos{}
	for _, f := range e.FeatureFlags {
		check("feature_flags", f.Key, f.Pos, seen)
	}
	seen = map[string]Pos{}
	for _, c := range e.PropertyCategories {
		check("property_categories", c.Name, c.Pos, seen)
	}
	seen = map[string]Pos{}
	for _, p := range e.Properties {
		check("properties", p.Key, p.Pos, seen)
	}
	// A property in a category of the file has that category's context.
	ctx := map[string]string{}
	for _, c := range e.PropertyCategories {
		if _, dup := ctx[c.Name]; !dup {
			ctx[c.Name] = c.Context
		}
	}
	for _, p := range e.Properties {
		if p.Category == nil || p.Context == "" {
			continue
		}
		if c, ok := ctx[*p.Category]; ok && c != "" && c != p.Context {
			probs.add(p.Pos, "environment.properties[%s]: context %s, but its category %q is for context %s", p.Key, p.Context, *p.Category, c)
		}
	}
}

// mergeEnvironments joins the environment sections of several files: a
// list is managed when any file has it; its items are concatenated and a
// key may appear once across all files.
func mergeEnvironments(envs []*Environment, probs *Problems) *Environment {
	if len(envs) == 0 {
		return nil
	}
	out := &Environment{Pos: envs[0].Pos}
	for _, e := range envs {
		out.Permissions = appendManaged(out.Permissions, e.Permissions)
		out.Roles = appendManaged(out.Roles, e.Roles)
		out.FeatureFlags = appendManaged(out.FeatureFlags, e.FeatureFlags)
		out.PropertyCategories = appendManaged(out.PropertyCategories, e.PropertyCategories)
		out.Properties = appendManaged(out.Properties, e.Properties)
	}
	out.uniqueKeys(probs)
	return out
}

func appendManaged[T any](a, b []T) []T {
	if a == nil && b == nil {
		return nil
	}
	return append(append([]T{}, a...), b...)
}
