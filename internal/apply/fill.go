package apply

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

// fill replaces placeholders ({org_code}, {user:EMAIL}, {category_id}) in a
// path with the ids earlier calls returned. Paths hold them escaped.
func fill(s string, vars map[string]string) (string, error) {
	if !strings.Contains(s, "{") && !strings.Contains(s, "%7B") {
		return s, nil
	}
	for k, v := range vars {
		s = strings.ReplaceAll(s, url.PathEscape(k), url.PathEscape(v))
		s = strings.ReplaceAll(s, k, v)
	}
	if i := strings.Index(s, "{"); i >= 0 {
		return "", fmt.Errorf("%s: %w", s[i:], errUnresolved)
	}
	if i := strings.Index(s, "%7B"); i >= 0 {
		return "", fmt.Errorf("%s: %w", s[i:], errUnresolved)
	}
	return s, nil
}

// isPlaceholder reports a whole string that stands for an id; a user's value
// such as a property "{json}" is not one.
func isPlaceholder(s string) bool {
	return s == plan.OrgCodePlaceholder || s == plan.CategoryPlaceholder ||
		(strings.HasPrefix(s, "{user:") && strings.HasSuffix(s, "}"))
}

// idKeys are the body fields that carry ids: only their values may be
// placeholders, so that a description or a value a user wrote that looks
// like one ("{role:admin}") is sent as written.
var idKeys = map[string]bool{"id": true, "category_id": true, "permission_id": true, "role_id": true}

// fillAny replaces placeholders in the string leaves of a JSON-shaped body.
// Only whole-string leaves are placeholders; other strings pass unchanged.
func fillAny(v any, vars map[string]string) (any, error) {
	return fillIn(v, vars, true)
}

func fillIn(v any, vars map[string]string, idField bool) (any, error) {
	switch x := v.(type) {
	case string:
		if idField && (isPlaceholder(x) || plan.IsCatalogPlaceholder(x)) {
			id, ok := vars[x]
			if !ok {
				return nil, fmt.Errorf("%s: %w", x, errUnresolved)
			}
			return id, nil
		}
		return x, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			f, err := fillIn(e, vars, idKeys[k])
			if err != nil {
				return nil, err
			}
			out[k] = f
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			f, err := fillIn(e, vars, idField)
			if err != nil {
				return nil, err
			}
			out[i] = f
		}
		return out, nil
	}
	return v, nil
}
