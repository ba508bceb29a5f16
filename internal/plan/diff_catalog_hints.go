package plan

import (
	"maps"
	"slices"

	"github.com/kindesync/kindesync/internal/spec"
)

// permissionHint is spec.NameHint over the permissions the environment
// will hold: Kinde's and the file's.
func (c *catalogDiff) permissionHint(key string) string {
	return spec.NameHint(key, "permissions", slices.Collect(maps.Keys(c.env.Permissions)))
}

// categoryHint is spec.NameHint over the property categories, Kinde's and
// the file's, kindesync's own left out.
func (c *catalogDiff) categoryHint(name string) string {
	var names []string
	for n := range c.have.CategoryIDs {
		if n != spec.StateCategory {
			names = append(names, n)
		}
	}
	for _, w := range c.want.PropertyCategories {
		names = append(names, w.Name)
	}
	return spec.NameHint(name, "property categories", names)
}
