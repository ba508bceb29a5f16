package apply

import (
	"context"
	"errors"
	"net/url"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// sendCatalog sends the creates of catalog objects whose ids later steps
// need (a member may be given a role the same plan creates): the id each
// answers fills the object's placeholder. done is false for other calls.
func (r *runner) sendCatalog(ctx context.Context, first plan.Step, c plan.Call, path string, query url.Values, body any, vars map[string]string) (bool, error) {
	var ph string
	switch {
	case c.Op == "CreateRole" && first.Kind == plan.KindRole:
		ph = plan.RolePlaceholder(first.Target.Key)
	case c.Op == "CreatePermission" && first.Kind == plan.KindPermission:
		ph = plan.PermissionPlaceholder(first.Target.Key)
	case c.Op == "CreateCategory" && first.Kind == plan.KindCategory:
		ph = plan.CategoryRef(first.Target.Key)
	default:
		return false, nil
	}
	var out kinde.CreatedResponse
	if err := r.c.Call(ctx, c.Op, c.Method, path, query, body, &out); err != nil {
		return true, err
	}
	id := out.ID()
	if id == "" {
		return true, errNoID
	}
	r.setVar(ph, id)
	vars[ph] = id
	return true, nil
}

// errNoID is a create that answered success without the new object's id:
// later steps that need it cannot run; a re-run finds the object by key.
var errNoID = errors.New("the create answered success without the new object's id")
