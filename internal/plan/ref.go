package plan

import (
	"strconv"
	"strings"
)

// RefKind is what a Ref stands for.
type RefKind string

// The ids a call may need from an earlier call of the same run.
const (
	RefOrg           RefKind = "org"            // the code of the org its group creates
	RefUser          RefKind = "user"           // a user the environment creates; Key is the email
	RefStateCategory RefKind = "state_category" // kindesync's own property category
	RefRole          RefKind = "role"           // a role the catalog creates; Key is its key
	RefPermission    RefKind = "permission"     // Key is the permission's key
	RefCategory      RefKind = "category"       // a property category; Key is its name
)

// A Ref is a place in a call that holds an id only an earlier call of the
// same run makes: a new org's code, a new user's id, a created role's. The
// call holds the Ref's placeholder (Var) there, so that a plan can show it;
// apply puts the id in exactly these places and sends every other string as
// written, however much it looks like a placeholder (a property keyed "id"
// whose value is "{org_code}", a role key "{role:x}").
//
// Compile makes Refs from the targets' typed fields (an empty OrgCode, an
// empty UserID with an Email, an empty CategoryID, a catalog id the diff
// set to the placeholder of the object the plan creates), never by
// searching a user's text. Saved plans carry targets, not calls, so plans
// saved before Refs existed compile to the same Refs.
type Ref struct {
	Kind RefKind `json:"kind"`
	Key  string  `json:"key,omitempty"`
	// Segment, when above 0, is the index of the "/"-separated segment of
	// the call's Path that holds the id ("/api/v1/organizations/X" has X
	// at 4); otherwise Pointer is the JSON pointer (RFC 6901) of the body
	// string that holds it ("/users/3/id").
	Segment int    `json:"segment,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// Var is the name an id is kept under while a run makes it, and the text
// that stands in its place in a compiled call.
func (r Ref) Var() string {
	switch r.Kind {
	case RefOrg:
		return OrgCodePlaceholder
	case RefUser:
		return "{user:" + r.Key + "}"
	case RefStateCategory:
		return CategoryPlaceholder
	case RefRole:
		return RolePlaceholder(r.Key)
	case RefPermission:
		return PermissionPlaceholder(r.Key)
	case RefCategory:
		return CategoryRef(r.Key)
	}
	return "{" + string(r.Kind) + ":" + r.Key + "}"
}

// String names the id for a person: "the id of user a@b.com".
func (r Ref) String() string {
	switch r.Kind {
	case RefOrg:
		return "the new organization's code"
	case RefStateCategory:
		return "the id of kindesync's property category"
	case RefCategory:
		return "the id of property category " + strconv.Quote(r.Key)
	}
	return "the id of " + string(r.Kind) + " " + r.Key
}

// UserVar is the Var of the user with this email.
func UserVar(email string) string { return Ref{Kind: RefUser, Key: email}.Var() }

// PointerTokens splits a JSON pointer into its reference tokens.
func PointerTokens(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// pointer builds a JSON pointer from tokens.
func pointer(toks ...string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// The places of the ids a call may need in a path: the org's code under
// /api/v1/organization(s)/, a member's id under .../users/, a catalog
// object's id under /api/v1/roles/ or /api/v1/permissions/.
const (
	orgSegment     = 4
	userSegment    = 6
	catalogSegment = 4
)

// orgRef is the org code's place in a path under /api/v1/organization(s)/,
// when the run creates the org.
func orgRef(t Target) []Ref {
	if t.OrgCode != "" {
		return nil
	}
	return []Ref{{Kind: RefOrg, Segment: orgSegment}}
}

// userRefs is the member's place in the path of its roles, permissions and
// API scopes, when the run creates the user, after the org's.
func userRefs(t Target) []Ref {
	refs := orgRef(t)
	if t.UserID == "" {
		refs = append(refs, Ref{Kind: RefUser, Key: t.Email, Segment: userSegment})
	}
	return refs
}

// catalogRef is a place holding a catalog object's id, when that id is the
// placeholder the diff gave an object the plan creates. key is the object's
// key (or name), as the step has it: the check is one of equality with the
// placeholder made from that key, never a search for braces.
func catalogRef(kind RefKind, key, id string, r Ref) []Ref {
	r.Kind, r.Key = kind, key
	if key == "" || id != r.Var() {
		return nil
	}
	return []Ref{r}
}

// categoryRef is the category_id of a catalog property's body, when it is
// a category the plan creates: CategoryRef of its name, which the diff put
// there (the step does not carry the name otherwise). A live id never has
// that form, and a file's text never reaches category_id.
func categoryRef(fields map[string]any) []Ref {
	id, _ := fields["category_id"].(string)
	name, ok := strings.CutPrefix(id, "{category:")
	if !ok || !strings.HasSuffix(name, "}") {
		return nil
	}
	return []Ref{{Kind: RefCategory, Key: strings.TrimSuffix(name, "}"), Pointer: pointer("category_id")}}
}
