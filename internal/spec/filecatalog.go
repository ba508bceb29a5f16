package spec

// FileCatalog is the catalog the files' environment section defines, for
// checking names without Kinde (validate without --remote): a list that is
// present is managed exactly, so after apply Kinde holds exactly its items,
// and an organization that names anything else names something that will
// not exist. Kinds the section leaves out are not checked (nil), nor are
// connections and users, which only Kinde knows. It is nil without an
// environment section.
func (d *Document) FileCatalog() *Catalog {
	e := d.Environment
	if e == nil {
		return nil
	}
	c := &Catalog{CreateMissingUsers: true}
	if e.Roles != nil {
		c.Roles = map[string]bool{}
		for _, r := range e.Roles {
			c.Roles[r.Key] = true
		}
	}
	if e.Permissions != nil {
		c.Permissions = map[string]bool{}
		for _, p := range e.Permissions {
			c.Permissions[p.Key] = true
		}
	}
	if e.FeatureFlags != nil {
		c.Flags = map[string]FlagType{}
		for _, f := range e.FeatureFlags {
			c.Flags[f.Key] = f.Type
		}
	}
	if e.Properties != nil {
		c.Properties = map[string]bool{}
		for _, p := range e.Properties {
			if p.Context == "org" {
				c.Properties[p.Key] = true
			}
		}
	}
	return c
}
