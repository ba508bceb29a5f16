package plan

import (
	"net/url"
	"strconv"

	"github.com/kindesync/kindesync/internal/spec"
)

// The kinds of the environment catalog (issue 14). Their steps belong to
// the environment (Organization ""): creates and updates run before every
// organization, removals after them.
const (
	KindPermission     Kind = "permission"
	KindRole           Kind = "role"
	KindRolePermission Kind = "role_permission"
	KindCategory       Kind = "property_category"
	KindEnvProperty    Kind = "environment_property"
	KindEnvFlag        Kind = "environment_feature_flag"
)

// CatalogKinds lists the catalog's kinds in summary order.
var CatalogKinds = []Kind{KindPermission, KindRole, KindRolePermission, KindCategory, KindEnvProperty, KindEnvFlag}

func isCatalogKind(k Kind) bool {
	switch k {
	case KindPermission, KindRole, KindRolePermission, KindCategory, KindEnvProperty, KindEnvFlag:
		return true
	}
	return false
}

// CatalogRemoval reports a step that runs after every organization: a
// catalog object removed (an org may have used it until its own steps ran).
func (s *Step) CatalogRemoval() bool {
	return s.Organization == "" && s.Action == Delete && isCatalogKind(s.Kind)
}

// Catalog is the environment's catalog as read from Kinde, in the shape of
// the file's environment section, with the ids its calls need. Flags are
// Env.Flags (Kinde reads back only their type and value); role and
// permission ids are Env.Roles and Env.Permissions.
type Catalog struct {
	Roles       map[string]*spec.EnvRole // Permissions nil unless read
	Permissions map[string]*spec.EnvPermission
	Properties  map[string]*spec.EnvProperty // every context; kindesync_state left out
	PropertyIDs map[string]string
	Categories  map[string]*spec.EnvCategory // by name; kindesync's own left out
	CategoryIDs map[string]string            // name -> id, kindesync's own too
	// RolePermissionsRead are the role keys whose permissions were read.
	RolePermissionsRead []string
}

// Placeholders for the ids of catalog objects the same plan creates; apply
// fills them in as the creates answer.
func RolePlaceholder(key string) string       { return "{role:" + key + "}" }
func PermissionPlaceholder(key string) string { return "{permission:" + key + "}" }
func CategoryRef(name string) string          { return "{category:" + name + "}" }

// EnvAddress is the address of a catalog object: environment.role[admin].
func EnvAddress(parts ...string) string {
	s := "environment"
	for i := 0; i+1 < len(parts); i += 2 {
		s += "." + parts[i] + "[" + parts[i+1] + "]"
	}
	return s
}

// compileCatalog appends the calls of one catalog step. Role permission
// changes of one role share PATCH calls of up to BulkLimit items; open maps
// a role id to its call still being built.
func compileCatalog(calls *[]Call, open map[string]int, i int, s Step) {
	t := s.Target
	one := func(c Call) {
		c.Steps = []int{i}
		*calls = append(*calls, c)
	}
	id := url.PathEscape(t.ID)
	switch {
	case s.Kind == KindPermission && s.Action == Create:
		one(Call{Op: "CreatePermission", Method: "POST", Path: "/api/v1/permissions", Body: cloneFields(t.Fields)})
	case s.Kind == KindPermission && s.Action == Update:
		one(Call{Op: "UpdatePermissions", Method: "PATCH", Path: "/api/v1/permissions/" + id, Body: cloneFields(t.Fields),
			Refs: catalogRef(RefPermission, t.Key, t.ID, Ref{Segment: catalogSegment})})
	case s.Kind == KindPermission:
		one(Call{Op: "DeletePermission", Method: "DELETE", Path: "/api/v1/permissions/" + id,
			Refs: catalogRef(RefPermission, t.Key, t.ID, Ref{Segment: catalogSegment})})
	case s.Kind == KindRole && s.Action == Create:
		one(Call{Op: "CreateRole", Method: "POST", Path: "/api/v1/roles", Body: cloneFields(t.Fields)})
	case s.Kind == KindRole && s.Action == Update:
		one(Call{Op: "UpdateRoles", Method: "PATCH", Path: "/api/v1/roles/" + id, Body: cloneFields(t.Fields),
			Refs: catalogRef(RefRole, t.Key, t.ID, Ref{Segment: catalogSegment})})
	case s.Kind == KindRole:
		one(Call{Op: "DeleteRole", Method: "DELETE", Path: "/api/v1/roles/" + id,
			Refs: catalogRef(RefRole, t.Key, t.ID, Ref{Segment: catalogSegment})})
	case s.Kind == KindRolePermission:
		j, ok := open[t.ID]
		if !ok || len((*calls)[j].Steps) == BulkLimit {
			j = len(*calls)
			open[t.ID] = j
			*calls = append(*calls, Call{Op: "UpdateRolePermissions", Method: "PATCH", Path: "/api/v1/roles/" + id + "/permissions",
				Body: map[string]any{"permissions": []any{}}, Refs: catalogRef(RefRole, t.Key, t.ID, Ref{Segment: catalogSegment})})
		}
		item := map[string]any{"id": t.Fields["permission_id"]}
		if s.Action == Delete {
			item["operation"] = "delete"
		}
		c := &(*calls)[j]
		b := c.Body.(map[string]any)
		// The step shows the permission's key (After, or Before for a
		// removal); its id is the placeholder of one the plan creates.
		pkey, _ := s.After.(string)
		if s.Action == Delete {
			pkey, _ = s.Before.(string)
		}
		pid, _ := t.Fields["permission_id"].(string)
		c.Refs = append(c.Refs, catalogRef(RefPermission, pkey, pid,
			Ref{Pointer: pointer("permissions", strconv.Itoa(len(b["permissions"].([]any))), "id")})...)
		b["permissions"] = append(b["permissions"].([]any), item)
		c.Steps = append(c.Steps, i)
	case s.Kind == KindCategory:
		one(Call{Op: "CreateCategory", Method: "POST", Path: "/api/v1/property_categories", Body: cloneFields(t.Fields)})
	case s.Kind == KindEnvProperty && s.Action == Create:
		one(Call{Op: "CreateProperty", Method: "POST", Path: "/api/v1/properties", Body: cloneFields(t.Fields), Refs: categoryRef(t.Fields)})
	case s.Kind == KindEnvProperty && s.Action == Update:
		one(Call{Op: "UpdateProperty", Method: "PUT", Path: "/api/v1/properties/" + id, Body: cloneFields(t.Fields), Refs: categoryRef(t.Fields)})
	case s.Kind == KindEnvProperty:
		one(Call{Op: "DeleteProperty", Method: "DELETE", Path: "/api/v1/properties/" + id})
	case s.Kind == KindEnvFlag && s.Action == Create:
		one(Call{Op: "CreateFeatureFlag", Method: "POST", Path: "/api/v1/feature_flags", Body: cloneFields(t.Fields)})
	case s.Kind == KindEnvFlag && s.Action == Update && t.Fields == nil:
		// A json flag: its environment value is set as the environment's
		// override, the only write Kinde's API has for one.
		one(Call{Op: "UpdateEnvironementFeatureFlagOverride", Method: "PATCH", Path: "/api/v1/environment/feature_flags/" + url.PathEscape(t.Key),
			Body: map[string]any{"value": t.Value}})
	case s.Kind == KindEnvFlag && s.Action == Update:
		q := map[string]string{}
		for k, v := range t.Fields {
			q[k], _ = v.(string)
		}
		key := url.PathEscape(t.Key)
		one(Call{Op: "UpdateFeatureFlag", Method: "PUT", Path: "/api/v1/feature_flags/" + key, Query: q})
		// The environment's value is what Kinde reads back: an override
		// left over from the dashboard would hide the new default.
		one(Call{Op: "DeleteEnvironementFeatureFlagOverride", Method: "DELETE", Path: "/api/v1/environment/feature_flags/" + key})
	case s.Kind == KindEnvFlag:
		one(Call{Op: "DeleteFeatureFlag", Method: "DELETE", Path: "/api/v1/feature_flags/" + url.PathEscape(t.Key)})
	}
}

func cloneFields(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func catalogNoun(k Kind) string {
	switch k {
	case KindEnvFlag:
		return "feature flag"
	case KindEnvProperty:
		return "property"
	}
	return string(k)
}
