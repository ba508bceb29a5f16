package cli

import (
	"fmt"
	"strings"

	"github.com/kindesync/kindesync/internal/emulator"
)

// relCatalog is an environment section over relState's catalog that
// creates relRoles roles, relPerms permissions, a flag, a category and a
// property, every one used by the orgs of relConfigCatalog, so that an org
// needs the ids the environment's creates answer. Few: the environment's
// calls are sent one after another, and the client's pace falls with each
// injected 429.
const relRoles, relPerms, relSetsEvery = 3, 2, 5

func relCatalog() string {
	var b strings.Builder
	b.WriteString("environment:\n  permissions:\n    - {key: reports:read, name: Read reports}\n")
	for j := range relPerms {
		fmt.Fprintf(&b, "    - {key: rel_p%d, name: Rel P%d, description: Granted directly}\n", j, j)
	}
	b.WriteString("  roles:\n    - {key: admin, name: Admin, permissions: [reports:read]}\n    - {key: viewer, name: Viewer, permissions: [reports:read]}\n")
	for j := range relRoles {
		fmt.Fprintf(&b, "    - {key: rel_r%d, name: Rel R%d, description: Made by the run, permissions: [reports:read, rel_p%d]}\n", j, j, j%relPerms)
	}
	b.WriteString(`  feature_flags:
    - {key: dark_mode, type: bool, default: false}
    - {key: seats, type: int, default: 5}
    - {key: rel_limit, type: int, default: 3, name: Limit, allow_override_level: org}
  property_categories:
    - {name: Rel A, context: org}
  properties:
    - {key: kp_org_city, name: City, context: org}
    - {key: rel_tier, name: Tier, context: org, category: Rel A}
`)
	return b.String()
}

// relConfigCatalog is relConfigNewUsers (not rich) whose orgs also use what
// relCatalog creates: in every relSetsEvery-th org the first member gets one
// of the new roles and a new permission, and the org sets the new flag and
// property. The other orgs need the environment's creates all the same: its
// group stops at its first failure, before the users the orgs name.
func relConfigCatalog(prefix string, n, m, fresh int) (string, []relOrg) {
	body, want := relConfigNewUsers(prefix, n, m, fresh, false)
	var b strings.Builder
	org := -1
	for _, l := range strings.SplitAfter(body, "\n") {
		switch {
		case l == "version: 1\n":
			b.WriteString(l)
			b.WriteString(relCatalog())
			continue
		case strings.HasPrefix(l, "  - external_id: "):
			org++
		case l == "    members:\n" && org%relSetsEvery == 0:
			fmt.Fprintf(&b, "    feature_flags: {rel_limit: %d}\n    properties: {rel_tier: T%d}\n", org, org)
		case strings.HasSuffix(l, "roles: [admin]}\n") && org%relSetsEvery == 0:
			k := org / relSetsEvery
			l = strings.TrimSuffix(l, "]}\n") + fmt.Sprintf(", rel_r%d], permissions: [rel_p%d]}\n", k%relRoles, k%relPerms)
		}
		b.WriteString(l)
	}
	return b.String(), want
}

// catalogDuplicates lists the catalog objects the emulator holds more than
// once by key (a category: by name and context).
func catalogDuplicates(e *emulator.Environment) []string {
	seen := map[string]int{}
	for _, r := range e.Roles {
		seen["role "+r.Key]++
	}
	for _, p := range e.Permissions {
		seen["permission "+p.Key]++
	}
	for _, f := range e.FeatureFlags {
		seen["feature flag "+f.Key]++
	}
	for _, p := range e.Properties {
		seen["property "+p.Key]++
	}
	for _, c := range e.PropertyCategories {
		seen["property category "+c.Name+" ("+c.Context+")"]++
	}
	var dups []string
	for k, n := range seen {
		if n > 1 {
			dups = append(dups, fmt.Sprintf("%s: %d times", k, n))
		}
	}
	return dups
}
