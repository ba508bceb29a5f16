package plan

import (
	"maps"
	"slices"

	"github.com/kindesync/kindesync/internal/spec"
)

// catalogDiff diffs the file's environment section against the live
// catalog. Its steps go in two lists: early (creates and updates, before
// every org) and late (removals, after them).
type catalogDiff struct {
	d           *differ
	want        *spec.Environment
	have        *Catalog
	env         *Env // the differ's copy, extended with what this plan creates
	early, late []Step
	// Keys (category names) the plan removes, for the refusals while an
	// org still uses one.
	removedRoles, removedPerms, removedFlags, removedProps map[string]bool
}

// catalog diffs the environment section and returns the steps; it extends
// d.live.Env (a copy) so that the orgs' diffs see the roles, permissions,
// flags and properties the plan creates, with placeholders for their ids.
func (d *differ) catalog() (early, late []Step) {
	want := d.doc.Environment
	if want == nil {
		return nil, nil
	}
	have := d.live.Env.Catalog
	if have == nil {
		have = &Catalog{}
	}
	c := &catalogDiff{d: d, want: want, have: have, env: &d.live.Env,
		removedRoles: map[string]bool{}, removedPerms: map[string]bool{}, removedFlags: map[string]bool{}, removedProps: map[string]bool{}}
	c.permissions()
	c.roles()
	c.categories()
	c.properties()
	c.flags()
	c.refuseUsed()
	// Early: permissions, roles, role permissions, categories, properties,
	// flags. Late: role permissions, roles, permissions, properties, flags.
	slices.SortStableFunc(c.early, func(a, b Step) int { return earlyPhase(a) - earlyPhase(b) })
	slices.SortStableFunc(c.late, func(a, b Step) int { return latePhase(a) - latePhase(b) })
	return c.early, c.late
}

func earlyPhase(s Step) int {
	return slices.Index([]Kind{KindPermission, KindRole, KindRolePermission, KindCategory, KindEnvProperty, KindEnvFlag}, s.Kind)
}

func latePhase(s Step) int {
	return slices.Index([]Kind{KindRolePermission, KindRole, KindPermission, KindEnvProperty, KindEnvFlag}, s.Kind)
}

// copyEnv gives the differ its own maps of the environment, which the
// catalog diff extends; live's stay as read, for the saved plan's
// fingerprints.
func copyEnv(e Env) Env {
	e.Roles = maps.Clone(e.Roles)
	e.Permissions = maps.Clone(e.Permissions)
	e.Flags = maps.Clone(e.Flags)
	e.Properties = maps.Clone(e.Properties)
	return e
}

// changed records field k when the file manages it (w non-nil) and it
// differs from the live value.
func changed[T comparable](before, after map[string]any, k string, w *T, h T) {
	if w != nil && *w != h {
		before[k], after[k] = h, *w
	}
}

func strOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

func valueOf[T any](p *T) T {
	var zero T
	if p != nil {
		zero = *p
	}
	return zero
}

// renames marks creates and deletes of one kind that share a name: Kinde
// cannot rename a key, so the plan says what the pair amounts to.
// creates index c.early, deletes c.late.
func (c *catalogDiff) renames(creates, deletes []int) {
	for _, i := range creates {
		cr := &c.early[i]
		for _, j := range deletes {
			del := &c.late[j]
			if n := stepName(cr); n != "" && n == stepName(del) && cr.Kind == del.Kind {
				cr.After.(map[string]any)["replaces"] = del.Target.Key
				del.Before.(map[string]any)["replaced_by"] = cr.Target.Key
			}
		}
	}
}

func (c *catalogDiff) permissions() {
	if c.want.Permissions == nil {
		return
	}
	var creates, deletes []int
	want := map[string]bool{}
	for _, w := range c.want.Permissions {
		want[w.Key] = true
		h := c.have.Permissions[w.Key]
		if h == nil {
			fields := map[string]any{"key": w.Key, "name": valueOf(w.Name)}
			if w.Description != nil && *w.Description != "" {
				fields["description"] = *w.Description
			}
			c.early = append(c.early, Step{Action: Create, Kind: KindPermission, Address: EnvAddress("permission", w.Key),
				After: cloneFields(fields), Target: Target{Key: w.Key, Fields: fields}})
			creates = append(creates, len(c.early)-1)
			c.env.Permissions[w.Key] = PermissionPlaceholder(w.Key)
			continue
		}
		before, after := map[string]any{}, map[string]any{}
		changed(before, after, "name", w.Name, valueOf(h.Name))
		changed(before, after, "description", w.Description, valueOf(h.Description))
		if len(after) == 0 {
			continue
		}
		fields := map[string]any{"key": w.Key, "name": strOr(w.Name, valueOf(h.Name))}
		if w.Description != nil {
			fields["description"] = *w.Description
		}
		c.early = append(c.early, Step{Action: Update, Kind: KindPermission, Address: EnvAddress("permission", w.Key),
			Before: before, After: after, Target: Target{Key: w.Key, ID: c.env.Permissions[w.Key], Fields: fields}})
	}
	for _, k := range sortedKeys(c.have.Permissions) {
		if want[k] {
			continue
		}
		h := c.have.Permissions[k]
		c.removedPerms[k] = true
		c.late = append(c.late, Step{Action: Delete, Kind: KindPermission, Address: EnvAddress("permission", k),
			Before: map[string]any{"key": k, "name": valueOf(h.Name)}, Target: Target{Key: k, ID: c.env.Permissions[k]}})
		deletes = append(deletes, len(c.late)-1)
	}
	c.renames(creates, deletes)
}

// stepName is the name a create or delete step shows.
func stepName(s *Step) string {
	m, _ := s.After.(map[string]any)
	if m == nil {
		m, _ = s.Before.(map[string]any)
	}
	n, _ := m["name"].(string)
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
