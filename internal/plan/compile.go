package plan

import (
	"net/url"
	"slices"
	"strconv"
)

// Call is one API request that carries out one or more steps. Steps holds the
// indexes of those steps in the slice given to Compile.
type Call struct {
	Op     string            `json:"op"`
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query,omitempty"`
	Body   any               `json:"body,omitempty"`
	File   string            `json:"file,omitempty"` // a logo, sent as multipart/form-data field "logo"
	Steps  []int             `json:"steps"`
	// Refs are the places of Path and Body that hold ids an earlier call
	// of the same run makes: apply fills these, and only these.
	Refs []Ref `json:"refs,omitempty"`
}

// BulkLimit is the most users Kinde takes in one bulk add or update.
const BulkLimit = 100

// Placeholders stand in paths and bodies for ids that only exist once an
// earlier call has run; each call's Refs say where they are, and apply fills
// those places only.
const (
	OrgCodePlaceholder  = "{org_code}"
	CategoryPlaceholder = "{category_id}"
)

// createOrgFields are the fields CreateOrganization takes; the rest of a new
// org's settings follow in an UpdateOrganization call.
var createOrgFields = map[string]bool{
	"name": true, "external_id": true, "handle": true, "theme_code": true,
	"background_color": true, "button_color": true, "button_text_color": true, "link_color": true,
	"background_color_dark": true, "button_color_dark": true, "button_text_color_dark": true, "link_color_dark": true,
	"is_auto_membership_enabled": true, "sender_name": true, "sender_email": true,
	"is_create_billing_customer": true, "billing_email": true, "billing_plan_code": true,
}

func orgPath(t Target, suffix string) string {
	code := t.OrgCode
	if code == "" {
		code = OrgCodePlaceholder
	}
	return "/api/v1/organization/" + url.PathEscape(code) + suffix
}

func orgsPath(t Target, suffix string) string {
	code := t.OrgCode
	if code == "" {
		code = OrgCodePlaceholder
	}
	return "/api/v1/organizations/" + url.PathEscape(code) + suffix
}

func userRef(t Target) string {
	if t.UserID != "" {
		return t.UserID
	}
	return UserVar(t.Email)
}

// memberRef is a member's id in a bulk call's body, at users/i/id.
func memberRef(t Target, i int) []Ref {
	if t.UserID != "" {
		return nil
	}
	return []Ref{{Kind: RefUser, Key: t.Email, Pointer: pointer("users", strconv.Itoa(i), "id")}}
}

// Compile turns the steps of one group (one org, or the environment), in
// order, into the fewest API calls Kinde allows: bulk member adds and
// removals of up to 100 users, one PATCH for an org's changed fields and one
// for its changed properties. Printing and applying both use it, so the call
// count a plan shows is the count apply makes.
func Compile(steps []Step) []Call {
	var calls []Call
	// open merges steps into the call of the same kind still being built;
	// the index is into calls, -1 when none is open.
	openOrgPatch, openProps, openAdd, openRemove, openFlags := -1, -1, -1, -1, -1
	openRolePerms := map[string]int{}
	for i, s := range steps {
		t := s.Target
		one := func(c Call) {
			c.Steps = []int{i}
			calls = append(calls, c)
		}
		switch {
		case isCatalogKind(s.Kind):
			compileCatalog(&calls, openRolePerms, i, s)
		case s.Kind == KindUser:
			one(Call{Op: "createUser", Method: "POST", Path: "/api/v1/user", Body: map[string]any{
				"identities": []any{map[string]any{"type": "email", "details": map[string]any{"email": t.Email}}}}})
		case s.Kind == KindProperty && s.Organization == "":
			cat := t.CategoryID
			if cat == "" {
				one(Call{Op: "CreateCategory", Method: "POST", Path: "/api/v1/property_categories",
					Body: map[string]any{"name": "kindesync", "context": "org"}})
				cat = CategoryPlaceholder
			}
			var refs []Ref
			if t.CategoryID == "" {
				refs = []Ref{{Kind: RefStateCategory, Pointer: pointer("category_id")}}
			}
			one(Call{Op: "CreateProperty", Method: "POST", Path: "/api/v1/properties", Body: map[string]any{
				"name": "kindesync state", "key": t.Key, "type": "single_line_text", "context": "org",
				"is_private": true, "category_id": cat,
				"description": "Fingerprint of settings kindesync applied that Kinde cannot read back. Managed by kindesync."}, Refs: refs})
		case s.Kind == KindOrganization && s.Action == Create:
			create, rest := map[string]any{}, map[string]any{}
			for k, v := range t.Fields {
				if createOrgFields[k] {
					create[k] = v
				} else {
					rest[k] = v
				}
			}
			one(Call{Op: "createOrganization", Method: "POST", Path: "/api/v1/organization", Body: create})
			if len(rest) > 0 {
				one(Call{Op: "updateOrganization", Method: "PATCH", Path: orgPath(t, ""), Body: rest, Refs: orgRef(t)})
			}
		case (s.Kind == KindOrganization && s.Action == Update) || (s.Kind == KindHandle && s.Action != Delete):
			if openOrgPatch < 0 {
				openOrgPatch = len(calls)
				calls = append(calls, Call{Op: "updateOrganization", Method: "PATCH", Path: orgPath(t, ""), Body: map[string]any{}, Refs: orgRef(t)})
			}
			c := &calls[openOrgPatch]
			for k, v := range t.Fields {
				c.Body.(map[string]any)[k] = v
			}
			c.Steps = append(c.Steps, i)
		case s.Kind == KindHandle:
			one(Call{Op: "DeleteOrganizationHandle", Method: "DELETE", Path: orgPath(t, "/handle"), Refs: orgRef(t)})
		case s.Kind == KindConnection && s.Action == Create:
			one(Call{Op: "EnableOrgConnection", Method: "POST", Path: orgsPath(t, "/connections/"+url.PathEscape(t.ID)), Refs: orgRef(t)})
		case s.Kind == KindConnection:
			one(Call{Op: "RemoveOrgConnection", Method: "DELETE", Path: orgsPath(t, "/connections/"+url.PathEscape(t.ID)), Refs: orgRef(t)})
		case s.Kind == KindMember && s.Action == Create:
			if openAdd < 0 || len(calls[openAdd].Steps) == BulkLimit {
				openAdd = len(calls)
				calls = append(calls, Call{Op: "AddOrganizationUsers", Method: "POST", Path: orgsPath(t, "/users"),
					Body: map[string]any{"users": []any{}}, Refs: orgRef(t)})
			}
			u := map[string]any{"id": userRef(t)}
			if len(t.Roles) > 0 {
				u["roles"] = slices.Clone(t.Roles)
			}
			if len(t.Permissions) > 0 {
				u["permissions"] = slices.Clone(t.Permissions)
			}
			c := &calls[openAdd]
			b := c.Body.(map[string]any)
			c.Refs = append(c.Refs, memberRef(t, len(b["users"].([]any)))...)
			b["users"] = append(b["users"].([]any), u)
			c.Steps = append(c.Steps, i)
		case s.Kind == KindMember:
			if openRemove < 0 || len(calls[openRemove].Steps) == BulkLimit {
				openRemove = len(calls)
				calls = append(calls, Call{Op: "UpdateOrganizationUsers", Method: "PATCH", Path: orgsPath(t, "/users"),
					Body: map[string]any{"users": []any{}}, Refs: orgRef(t)})
			}
			c := &calls[openRemove]
			b := c.Body.(map[string]any)
			c.Refs = append(c.Refs, memberRef(t, len(b["users"].([]any)))...)
			b["users"] = append(b["users"].([]any), map[string]any{"id": userRef(t), "operation": "delete"})
			c.Steps = append(c.Steps, i)
		case s.Kind == KindMemberRole && s.Action == Create:
			one(Call{Op: "CreateOrganizationUserRole", Method: "POST", Path: orgsPath(t, "/users/"+url.PathEscape(userRef(t))+"/roles"),
				Body: map[string]any{"role_id": t.ID}, Refs: append(userRefs(t), catalogRef(RefRole, t.Key, t.ID, Ref{Pointer: pointer("role_id")})...)})
		case s.Kind == KindMemberRole:
			one(Call{Op: "DeleteOrganizationUserRole", Method: "DELETE",
				Path: orgsPath(t, "/users/"+url.PathEscape(userRef(t))+"/roles/"+url.PathEscape(t.ID)),
				Refs: append(userRefs(t), catalogRef(RefRole, t.Key, t.ID, Ref{Segment: userSegment + 2})...)})
		case s.Kind == KindMemberPermission && s.Action == Create:
			one(Call{Op: "CreateOrganizationUserPermission", Method: "POST", Path: orgsPath(t, "/users/"+url.PathEscape(userRef(t))+"/permissions"),
				Body: map[string]any{"permission_id": t.ID}, Refs: append(userRefs(t), catalogRef(RefPermission, t.Key, t.ID, Ref{Pointer: pointer("permission_id")})...)})
		case s.Kind == KindMemberPermission:
			one(Call{Op: "DeleteOrganizationUserPermission", Method: "DELETE",
				Path: orgsPath(t, "/users/"+url.PathEscape(userRef(t))+"/permissions/"+url.PathEscape(t.ID)),
				Refs: append(userRefs(t), catalogRef(RefPermission, t.Key, t.ID, Ref{Segment: userSegment + 2})...)})
		case s.Kind == KindInvitation && s.Action == Delete:
			one(Call{Op: "deleteOrganizationInvite", Method: "DELETE", Path: orgPath(t, "/invites/"+url.PathEscape(t.InviteCode)), Refs: orgRef(t)})
		case s.Kind == KindInvitation:
			b := map[string]any{"email": t.Email, "roles": append([]string{}, t.Roles...), "send_email": t.SendEmail}
			if t.FirstName != "" {
				b["first_name"] = t.FirstName
			}
			if t.LastName != "" {
				b["last_name"] = t.LastName
			}
			one(Call{Op: "createOrganizationInvite", Method: "POST", Path: orgPath(t, "/invites"), Body: b, Refs: orgRef(t)})
		case s.Kind == KindMemberAPIScope:
			path := orgsPath(t, "/users/"+url.PathEscape(userRef(t))+"/apis/"+url.PathEscape(t.APIID)+"/scopes/"+url.PathEscape(t.ID))
			if s.Action == Delete {
				one(Call{Op: "deleteOrganizationUserAPIScope", Method: "DELETE", Path: path, Refs: userRefs(t)})
			} else {
				one(Call{Op: "addOrganizationUserAPIScope", Method: "POST", Path: path, Refs: userRefs(t)})
			}
		case s.Kind == KindFeatureFlag && s.Action == Delete && t.All:
			if openFlags < 0 {
				openFlags = len(calls)
				calls = append(calls, Call{Op: "DeleteOrganizationFeatureFlagOverrides", Method: "DELETE", Path: orgsPath(t, "/feature_flags"), Refs: orgRef(t)})
			}
			calls[openFlags].Steps = append(calls[openFlags].Steps, i)
		case s.Kind == KindFeatureFlag && s.Action == Delete:
			one(Call{Op: "DeleteOrganizationFeatureFlagOverride", Method: "DELETE", Path: orgsPath(t, "/feature_flags/"+url.PathEscape(t.Key)), Refs: orgRef(t)})
		case s.Kind == KindFeatureFlag:
			one(Call{Op: "UpdateOrganizationFeatureFlagOverride", Method: "PATCH", Path: orgsPath(t, "/feature_flags/"+url.PathEscape(t.Key)),
				Query: map[string]string{"value": t.Value}, Refs: orgRef(t)})
		case s.Kind == KindProperty && t.Key == StatePropertyKey:
			one(Call{Op: "UpdateOrganizationProperty", Method: "PUT", Path: orgsPath(t, "/properties/"+url.PathEscape(t.Key)),
				Query: map[string]string{"value": t.Value}, Refs: orgRef(t)})
		case s.Kind == KindProperty:
			if openProps < 0 {
				openProps = len(calls)
				calls = append(calls, Call{Op: "UpdateOrganizationProperties", Method: "PATCH", Path: orgsPath(t, "/properties"),
					Body: map[string]any{"properties": map[string]any{}}, Refs: orgRef(t)})
			}
			c := &calls[openProps]
			var v any = t.Value
			if t.SetNullValue {
				v = nil
			}
			c.Body.(map[string]any)["properties"].(map[string]any)[t.Key] = v
			c.Steps = append(c.Steps, i)
		case s.Kind == KindLogo && s.Action == Delete:
			one(Call{Op: "DeleteOrganizationLogo", Method: "DELETE", Path: orgsPath(t, "/logos/"+url.PathEscape(t.Key)), Refs: orgRef(t)})
		case s.Kind == KindLogo:
			one(Call{Op: "AddOrganizationLogo", Method: "POST", Path: orgsPath(t, "/logos/"+url.PathEscape(t.Key)), File: t.File, Refs: orgRef(t)})
		case s.Kind == KindOrganization && s.Action == Assert:
			one(Call{Op: "updateOrganization", Method: "PATCH", Path: orgPath(t, ""), Body: t.Fields, Refs: orgRef(t)})
		case s.Kind == KindMFA:
			one(Call{Op: "ReplaceOrganizationMFA", Method: "PUT", Path: orgsPath(t, "/mfa"), Body: t.Fields, Refs: orgRef(t)})
		case s.Kind == KindSessions:
			one(Call{Op: "UpdateOrganizationSessions", Method: "PATCH", Path: orgsPath(t, "/sessions"), Body: t.Fields, Refs: orgRef(t)})
		case s.Kind == KindOrganization && s.Action == Delete:
			one(Call{Op: "deleteOrganization", Method: "DELETE", Path: orgPath(t, ""), Refs: orgRef(t)})
		}
	}
	return calls
}
