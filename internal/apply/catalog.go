package apply

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// catalogKinds are the creates of catalog objects, by the kind of object
// kinde's FindCatalog looks them up as: kindesync's own state property and
// category included.
var catalogKinds = map[string]string{
	"CreateRole":        kinde.CatalogRole,
	"CreatePermission":  kinde.CatalogPermission,
	"CreateFeatureFlag": kinde.CatalogFlag,
	"CreateProperty":    kinde.CatalogProperty,
	"CreateCategory":    kinde.CatalogCategory,
}

// sendCatalog sends the create of a catalog object, resolved as an org's
// is (create): after a lost answer, a success without the id or an "already
// exists", the object is looked up by its key (a category by its name) and
// taken as made only if Kinde shows it as it was sent; one that differs is
// a failure, never adopted. The id fills the object's placeholder for later
// steps (a member may be given a role the same plan creates). done is false
// for other calls.
func (r *runner) sendCatalog(ctx context.Context, first plan.Step, c plan.Call, path string, query url.Values, body any, vars map[string]string) (bool, error) {
	kind, ok := catalogKinds[c.Op]
	if !ok {
		return false, nil
	}
	fields, _ := body.(map[string]any)
	keyField, in := "key", ""
	if kind == kinde.CatalogCategory {
		keyField = "name"
		in, _ = fields["context"].(string)
	}
	key, _ := fields[keyField].(string)
	if key == "" {
		return true, fmt.Errorf("%s: the body has no %s", c.Op, keyField)
	}
	id, err := r.create(ctx, creation{what: kind + " " + key, noID: errNoID,
		send: func(ctx context.Context) (string, error) {
			var out kinde.CreatedResponse
			err := r.c.Call(ctx, c.Op, c.Method, path, query, body, &out)
			if err == nil && kind == kinde.CatalogFlag {
				return key, nil // a flag is known by its key; the answer has no id
			}
			return out.ID(), err
		},
		find: func(ctx context.Context) (string, error) {
			f, err := r.c.FindCatalog(ctx, kind, key, in)
			if err != nil || f == nil {
				return "", err
			}
			if err := differs(kind, key, fields, f.Fields); err != nil {
				return "", err
			}
			return f.ID, nil
		},
	})
	if err != nil {
		return true, err
	}
	if ph := catalogVar(first, c.Op); ph != "" {
		r.setVar(ph, id)
		vars[ph] = id
	}
	return true, nil
}

// catalogVar is the placeholder a create's id fills: "" for the objects
// later steps name by key (flags, properties).
func catalogVar(first plan.Step, op string) string {
	switch {
	case op == "CreateRole" && first.Kind == plan.KindRole:
		return plan.RolePlaceholder(first.Target.Key)
	case op == "CreatePermission" && first.Kind == plan.KindPermission:
		return plan.PermissionPlaceholder(first.Target.Key)
	case op == "CreateCategory" && first.Kind == plan.KindCategory:
		return plan.CategoryRef(first.Target.Key)
	case op == "CreateCategory":
		return plan.CategoryPlaceholder // kindesync's own, for its state property
	}
	return ""
}

// A mismatch is an object found where a create's answer was lost or Kinde
// said it exists, that is not what the create sent: someone else made it,
// or changed it since. It is not adopted: the plan no longer holds.
type mismatch struct {
	kind, key, field string
	sent, found      any
}

func (m *mismatch) Error() string {
	return fmt.Sprintf("%s %q exists in Kinde with %s %q, not %q as this create sent it; not taken as made: run plan again",
		m.kind, m.key, m.field, fmt.Sprint(m.found), fmt.Sprint(m.sent))
}

// differs compares what a create sent with what Kinde shows of the object
// that has its key: every field the list shows, a field left out of the
// create counting as its zero value (no description, not private).
func differs(kind, key string, sent, found map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(found)) {
		got := found[k]
		want, ok := sent[k]
		if !ok {
			switch got.(type) {
			case bool:
				want = false
			default:
				want = ""
			}
		}
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return &mismatch{kind: kind, key: key, field: k, sent: want, found: got}
		}
	}
	return nil
}

// errNoID is a create that answered success without the new object's id:
// later steps that need it cannot run; a re-run finds the object by key.
var errNoID = errors.New("the create answered success without the new object's id")
