package live

import (
	"maps"
	"slices"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// ExportCatalog turns the live catalog into the environment section a file
// must hold for plan to show no changes to it. Every list is present, so
// the section manages the catalog exactly; what Kinde cannot give back (a
// flag's name, description and override level, a property's type and
// category) is left out, and so unmanaged. kindesync's own property and
// category are never written.
func ExportCatalog(env *plan.Env) *spec.Environment {
	c := env.Catalog
	if c == nil {
		return nil
	}
	out := &spec.Environment{
		Permissions: []*spec.EnvPermission{}, Roles: []*spec.EnvRole{}, FeatureFlags: []*spec.EnvFlag{},
		PropertyCategories: []*spec.EnvCategory{}, Properties: []*spec.EnvProperty{},
	}
	for _, k := range keysOf(c.Permissions) {
		p := c.Permissions[k]
		out.Permissions = append(out.Permissions, &spec.EnvPermission{Key: k, Name: p.Name, Description: nonEmpty(p.Description)})
	}
	for _, k := range keysOf(c.Roles) {
		r := c.Roles[k]
		e := &spec.EnvRole{Key: k, Name: r.Name, Description: nonEmpty(r.Description), IsDefaultRole: onlyTrue(r.IsDefaultRole)}
		if r.Permissions != nil {
			e.Permissions = append([]string{}, r.Permissions...)
		}
		out.Roles = append(out.Roles, e)
	}
	for _, k := range keysOf(env.Flags) {
		f := env.Flags[k]
		def := f.Default
		out.FeatureFlags = append(out.FeatureFlags, &spec.EnvFlag{Key: k, Type: f.Type, Default: &def})
	}
	for _, n := range keysOf(c.Categories) {
		out.PropertyCategories = append(out.PropertyCategories, &spec.EnvCategory{Name: n, Context: c.Categories[n].Context})
	}
	for _, k := range keysOf(c.Properties) {
		p := c.Properties[k]
		out.Properties = append(out.Properties, &spec.EnvProperty{Key: k, Name: p.Name, Description: nonEmpty(p.Description),
			Context: p.Context, IsPrivate: onlyTrue(p.IsPrivate)})
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
