package kinde

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The spec pages lists in three ways, each operation its own:
//   - next_token: page_size + next_token in, next_token out (organizations,
//     organization users, roles, permissions, users);
//   - starting_after: page_size + starting_after=<last id> in, has_more out
//     (properties, property categories, environment connections);
//   - none: no paging parameters at all (user roles and permissions, flags,
//     property values, org connections, logos), even where the response
//     schema carries next_token or has_more.

// get sends a GET and decodes its answer into out.
func (c *Client) get(ctx context.Context, op, path string, q url.Values, out any) error {
	r, err := newRequest(op, http.MethodGet, path, q, nil)
	if err != nil {
		return err
	}
	return c.do(ctx, r, out)
}

// send sends a write with an optional JSON body and decodes its answer into
// out (if not nil).
func (c *Client) send(ctx context.Context, op, method, path string, q url.Values, body, out any) error {
	r, err := newRequest(op, method, path, q, body)
	if err != nil {
		return err
	}
	return c.do(ctx, r, out)
}

// listNextToken reads every page of a next_token list. page extracts a
// response's items and next token.
func listNextToken[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, page func(*R) ([]T, string)) ([]T, error) {
	q = cloneQuery(q)
	q.Set("page_size", c.pageSize)
	var all []T
	seen := map[string]bool{}
	for {
		var r R
		if err := c.get(ctx, op, path, q, &r); err != nil {
			return nil, err
		}
		items, next := page(&r)
		all = append(all, items...)
		// An empty page ends the list even with a token, in case a server
		// hands one out on its last page.
		if next == "" || len(items) == 0 {
			return all, nil
		}
		if seen[next] {
			return nil, fmt.Errorf("kinde: %s %s: the server repeated next_token %q; stopping to avoid a loop", op, path, next)
		}
		seen[next] = true
		q.Set("next_token", next)
	}
}

// listStartingAfter reads every page of a starting_after/has_more list. id
// gives an item's id, the cursor for the page after it.
func listStartingAfter[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, page func(*R) ([]T, bool), id func(T) string) ([]T, error) {
	q = cloneQuery(q)
	q.Set("page_size", c.pageSize)
	var all []T
	seen := map[string]bool{}
	for {
		var r R
		if err := c.get(ctx, op, path, q, &r); err != nil {
			return nil, err
		}
		items, more := page(&r)
		all = append(all, items...)
		if !more || len(items) == 0 {
			return all, nil
		}
		last := id(items[len(items)-1])
		if last == "" || seen[last] {
			return nil, fmt.Errorf("kinde: %s %s: has_more is set but the page gives no new id to continue after", op, path)
		}
		seen[last] = true
		q.Set("starting_after", last)
	}
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// chunks splits items into runs of at most n.
func chunks[T any](items []T, n int) [][]T {
	var out [][]T
	for len(items) > n {
		out = append(out, items[:n:n])
		items = items[n:]
	}
	if len(items) > 0 {
		out = append(out, items)
	}
	return out
}
