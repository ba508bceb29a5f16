package plan

import (
	"github.com/kindesync/kindesync/internal/spec"
)

// categories are created when missing; Kinde cannot delete one, nor change
// its context.
func (c *catalogDiff) categories() {
	for _, w := range c.want.PropertyCategories {
		if w.Name == spec.StateCategory {
			c.d.problem(w.Pos, "environment.property_categories: %q is kindesync's own category and cannot be managed in a file", w.Name)
			continue
		}
		if h := c.have.Categories[w.Name]; h != nil {
			if h.Context != "" && h.Context != w.Context {
				c.d.problem(w.Pos, "environment.property_categories[%s]: its context is %s in Kinde, and Kinde cannot change a category's context", w.Name, h.Context)
			}
			continue
		}
		fields := map[string]any{"name": w.Name, "context": w.Context}
		c.early = append(c.early, Step{Action: Create, Kind: KindCategory, Address: EnvAddress("property_category", w.Name),
			After: cloneFields(fields), Target: Target{Key: w.Name, Fields: fields}})
	}
}

// categoryID resolves a category name: one in Kinde, or one this plan
// creates from the file.
func (c *catalogDiff) categoryID(name string) (string, bool) {
	if id, ok := c.have.CategoryIDs[name]; ok && name != spec.StateCategory {
		return id, true
	}
	for _, w := range c.want.PropertyCategories {
		if w.Name == name {
			return CategoryRef(name), true
		}
	}
	return "", false
}

func (c *catalogDiff) properties() {
	if c.want.Properties == nil {
		return
	}
	var creates, deletes []int
	want := map[string]bool{}
	for _, w := range c.want.Properties {
		want[w.Key] = true
		h := c.have.Properties[w.Key]
		var catID string
		if w.Category != nil {
			id, ok := c.categoryID(*w.Category)
			if !ok {
				c.d.problem(w.Pos, "environment.properties[%s]: unknown category %q: it is neither in environment.property_categories nor in Kinde%s", w.Key, *w.Category, c.categoryHint(*w.Category))
				continue
			}
			catID = id
		}
		if h == nil {
			if w.Category == nil {
				c.d.problem(w.Pos, "environment.properties[%s]: a new property needs a category (Kinde requires one)", w.Key)
				continue
			}
			fields := map[string]any{"key": w.Key, "name": valueOf(w.Name), "type": strOr(w.Type, "single_line_text"),
				"context": w.Context, "is_private": valueOf(w.IsPrivate), "category_id": catID}
			if w.Description != nil && *w.Description != "" {
				fields["description"] = *w.Description
			}
			after := cloneFields(fields)
			delete(after, "category_id")
			after["category"] = *w.Category
			c.early = append(c.early, Step{Action: Create, Kind: KindEnvProperty, Address: EnvAddress("property", w.Key),
				After: after, Target: Target{Key: w.Key, Fields: fields, CategoryID: catID}})
			creates = append(creates, len(c.early)-1)
			if w.Context == "org" {
				c.env.Properties[w.Key] = true
			}
			continue
		}
		if h.Context != "" && h.Context != w.Context {
			c.d.problem(w.Pos, "environment.properties[%s]: its context is %s in Kinde, and Kinde cannot change a property's context: give it a new key (a delete and a create)", w.Key, h.Context)
			continue
		}
		before, after := map[string]any{}, map[string]any{}
		changed(before, after, "name", w.Name, valueOf(h.Name))
		changed(before, after, "description", w.Description, valueOf(h.Description))
		changed(before, after, "is_private", w.IsPrivate, valueOf(h.IsPrivate))
		if len(after) == 0 {
			continue
		}
		if w.Category == nil {
			c.d.problem(w.Pos, "environment.properties[%s]: changing it needs its category in the file: Kinde's update requires one and cannot show it back", w.Key)
			continue
		}
		fields := map[string]any{"name": strOr(w.Name, valueOf(h.Name)), "is_private": valueOf(w.IsPrivate), "category_id": catID}
		if w.IsPrivate == nil {
			fields["is_private"] = valueOf(h.IsPrivate)
		}
		if w.Description != nil {
			fields["description"] = *w.Description
		}
		c.early = append(c.early, Step{Action: Update, Kind: KindEnvProperty, Address: EnvAddress("property", w.Key),
			Before: before, After: after, Target: Target{Key: w.Key, ID: c.have.PropertyIDs[w.Key], Fields: fields, CategoryID: catID}})
	}
	for _, k := range sortedKeys(c.have.Properties) {
		if want[k] {
			continue
		}
		h := c.have.Properties[k]
		c.removedProps[k] = true
		c.late = append(c.late, Step{Action: Delete, Kind: KindEnvProperty, Address: EnvAddress("property", k),
			Before: map[string]any{"key": k, "name": valueOf(h.Name), "context": h.Context}, Target: Target{Key: k, ID: c.have.PropertyIDs[k]}})
		deletes = append(deletes, len(c.late)-1)
	}
	c.renames(creates, deletes)
}

// flags: Kinde reads back a flag's type and the environment's value only.
// A changed type is refused; a changed default replaces the flag, which
// Kinde's update does with every field, so name and allow_override_level
// must then be in the file.
func (c *catalogDiff) flags() {
	if c.want.FeatureFlags == nil {
		return
	}
	var creates, deletes []int
	want := map[string]bool{}
	for _, w := range c.want.FeatureFlags {
		want[w.Key] = true
		h, ok := c.env.Flags[w.Key]
		if w.Default == nil {
			continue // reported by the loader
		}
		fields := map[string]any{"key": w.Key, "name": strOr(w.Name, w.Key), "type": string(w.Type), "default_value": FlagString(*w.Default)}
		if w.Description != nil {
			fields["description"] = *w.Description
		}
		if w.AllowOverrideLevel != nil {
			fields["allow_override_level"] = *w.AllowOverrideLevel
		}
		if !ok && w.Type == spec.FlagJSON {
			c.d.problem(w.Pos, "environment.feature_flags[%s]: Kinde's API cannot create a json flag (CreateFeatureFlag takes str, int or bool): make it in Kinde's dashboard, then plan again", w.Key)
			continue
		}
		if !ok {
			after := map[string]any{"key": w.Key, "name": fields["name"], "type": string(w.Type), "default": FlagAny(*w.Default)}
			if w.AllowOverrideLevel != nil {
				after["allow_override_level"] = *w.AllowOverrideLevel
			}
			if w.Description != nil && *w.Description != "" {
				after["description"] = *w.Description
			}
			c.early = append(c.early, Step{Action: Create, Kind: KindEnvFlag, Address: EnvAddress("feature_flag", w.Key),
				After: after, Target: Target{Key: w.Key, Fields: fields}})
			creates = append(creates, len(c.early)-1)
			c.env.Flags[w.Key] = Flag{Type: w.Type, Default: *w.Default}
			continue
		}
		if h.Type != w.Type {
			c.d.problem(w.Pos, "environment.feature_flags[%s]: it is of type %s in Kinde, and Kinde cannot change a flag's type: give it a new key (a delete and a create)", w.Key, h.Type)
			continue
		}
		if h.Default == *w.Default {
			continue
		}
		if w.Type == spec.FlagJSON {
			// UpdateFeatureFlag cannot carry a json type; the environment's
			// value, which Kinde reads back, is its override (KINDE-FACTS:
			// json flags are overridable through the API).
			c.early = append(c.early, Step{Action: Update, Kind: KindEnvFlag, Address: EnvAddress("feature_flag", w.Key),
				Before: map[string]any{"default": FlagAny(h.Default)}, After: map[string]any{"default": FlagAny(*w.Default)},
				Target: Target{Key: w.Key, Value: w.Default.String}})
			c.env.Flags[w.Key] = Flag{Type: w.Type, Default: *w.Default}
			continue
		}
		if w.Name == nil || w.AllowOverrideLevel == nil {
			c.d.problem(w.Pos, "environment.feature_flags[%s]: changing its default needs name and allow_override_level in the file: Kinde's update replaces every field and cannot show them back", w.Key)
			continue
		}
		fields["description"] = strOr(w.Description, "")
		c.early = append(c.early, Step{Action: Update, Kind: KindEnvFlag, Address: EnvAddress("feature_flag", w.Key),
			Before: map[string]any{"default": FlagAny(h.Default)}, After: map[string]any{"default": FlagAny(*w.Default)},
			Target: Target{Key: w.Key, Fields: fields}})
		c.env.Flags[w.Key] = Flag{Type: w.Type, Default: *w.Default}
	}
	for _, k := range sortedKeys(c.env.Flags) {
		if want[k] {
			continue
		}
		h := c.env.Flags[k]
		c.removedFlags[k] = true
		c.late = append(c.late, Step{Action: Delete, Kind: KindEnvFlag, Address: EnvAddress("feature_flag", k),
			Before: map[string]any{"key": k, "type": string(h.Type), "default": FlagAny(h.Default)}, Target: Target{Key: k}})
		deletes = append(deletes, len(c.late)-1)
	}
	c.renamesByType(creates, deletes)
}

// renamesByType pairs flag creates and deletes of the same type and
// default: flags have no name Kinde reads back.
func (c *catalogDiff) renamesByType(creates, deletes []int) {
	if len(creates) != 1 || len(deletes) != 1 {
		return
	}
	cr, del := &c.early[creates[0]], &c.late[deletes[0]]
	if cr.After.(map[string]any)["type"] == del.Before.(map[string]any)["type"] {
		cr.After.(map[string]any)["replaces"] = del.Target.Key
		del.Before.(map[string]any)["replaced_by"] = cr.Target.Key
	}
}

// refuseUsed refuses a removal while an organization in the files still
// uses what is removed, naming both places.
func (c *catalogDiff) refuseUsed() {
	where := c.want.Pos
	for _, o := range c.d.doc.Organizations {
		for _, m := range o.Members {
			for _, r := range m.Roles {
				if c.removedRoles[r] {
					c.d.problem(posOr(m.RolesPos, m.Pos), "member %s uses role %q, which the environment section (at %s) removes from Kinde: list it in environment.roles or take it off the member", memberLabel(m), r, where)
				}
			}
			for _, p := range m.Permissions {
				if c.removedPerms[p] {
					c.d.problem(posOr(m.PermissionsPos, m.Pos), "member %s is granted permission %q, which the environment section (at %s) removes from Kinde: list it in environment.permissions or take it off the member", memberLabel(m), p, where)
				}
			}
		}
		for _, f := range o.FeatureFlags {
			if c.removedFlags[f.Key] {
				c.d.problem(f.Pos, "feature flag %q is overridden here, but the environment section (at %s) removes it from Kinde: list it in environment.feature_flags or remove the override", f.Key, where)
			}
		}
		for _, p := range o.Properties {
			if c.removedProps[p.Key] {
				c.d.problem(p.Pos, "property %q is set here, but the environment section (at %s) removes it from Kinde: list it in environment.properties or remove the value", p.Key, where)
			}
		}
	}
	// A removed property's values go with it; a removed flag's overrides too.
	for k := range c.removedProps {
		delete(c.env.Properties, k)
	}
	for k := range c.removedFlags {
		delete(c.env.Flags, k)
	}
}
