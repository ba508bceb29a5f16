package apply

import (
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
)

// fill returns the path and body of c with the ids earlier calls returned
// put in the places its Refs name, and nowhere else: every other string of
// the call, a user's value that looks like a placeholder ("{org_code}" as a
// property's value, "{user:a@b.com}" as a name), is sent as written. The
// call's body is not changed; what fill changes it copies.
func fill(c plan.Call, vars map[string]string) (string, any, error) {
	path, body := c.Path, c.Body
	var segs []string
	for _, r := range c.Refs {
		id, ok := vars[r.Var()]
		if !ok || id == "" {
			return "", nil, fmt.Errorf("needs %s: %w", r, errUnresolved)
		}
		if r.Segment > 0 {
			if segs == nil {
				segs = strings.Split(c.Path, "/")
			}
			// The place must hold the Ref's placeholder: a Ref that points
			// elsewhere is refused rather than allowed to overwrite a value.
			if r.Segment >= len(segs) || segs[r.Segment] != url.PathEscape(r.Var()) {
				return "", nil, fmt.Errorf("%s: no %s at segment %d of %s", c.Op, r.Var(), r.Segment, c.Path)
			}
			segs[r.Segment] = url.PathEscape(id)
			continue
		}
		b, err := setAt(body, plan.PointerTokens(r.Pointer), r.Var(), id)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %s at %s: %w", c.Op, r.Var(), r.Pointer, err)
		}
		body = b
	}
	if segs != nil {
		path = strings.Join(segs, "/")
	}
	return path, body, nil
}

// setAt returns v with the string at ptr, which must be want, replaced by
// id. Maps and slices on the way are copied, the rest shared.
func setAt(v any, ptr []string, want, id string) (any, error) {
	if len(ptr) == 0 {
		if s, ok := v.(string); !ok || s != want {
			return nil, fmt.Errorf("holds %v, not the placeholder", v)
		}
		return id, nil
	}
	switch x := v.(type) {
	case map[string]any:
		e, ok := x[ptr[0]]
		if !ok {
			return nil, fmt.Errorf("no field %q", ptr[0])
		}
		n, err := setAt(e, ptr[1:], want, id)
		if err != nil {
			return nil, err
		}
		out := maps.Clone(x)
		out[ptr[0]] = n
		return out, nil
	case []any:
		i, err := strconv.Atoi(ptr[0])
		if err != nil || i < 0 || i >= len(x) {
			return nil, fmt.Errorf("no item %q", ptr[0])
		}
		n, err := setAt(x[i], ptr[1:], want, id)
		if err != nil {
			return nil, err
		}
		out := append([]any(nil), x...)
		out[i] = n
		return out, nil
	}
	return nil, fmt.Errorf("%q is inside a %T", ptr[0], v)
}
