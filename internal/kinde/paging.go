package kinde

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The spec pages lists in three ways, each operation its own:
//   - next_token: page_size + next_token in, next_token out (organizations,
//     organization users, roles, permissions, users);
//   - starting_after: page_size + starting_after=<last id> in, has_more out
//     (properties, property categories, environment connections);
//   - none: no paging parameters at all (user roles and permissions, flags,
//     property values, org connections, logos), even where the response
//     schema carries next_token or has_more. Live Kinde may page them all
//     the same (KINDE-FACTS), so a cursor in such an answer is followed
//     (listCursor, and listAfter for has_more), within maxCursorPages.
//
// Every list answer must hold its list field, and every list ends: a
// repeated cursor, a page of items already read, or more than
// Config.MaxPages pages is an error, never a truncated or endless list.

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

// maxCursorPages bounds the lists the spec shows no paging for: a cursor
// in their answer is followed, but a flag or connection list of more than
// this many pages is a server that never ends a list.
const maxCursorPages = 100

// withFields decodes an answer into v and records its top-level fields, so
// that a list answer without its list field is told from an empty list.
type withFields struct {
	v      any
	fields map[string]json.RawMessage
}

func (w *withFields) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, w.v); err != nil {
		return err
	}
	return json.Unmarshal(b, &w.fields)
}

// getList GETs one page of a list into out and checks that the answer has
// the list's field. A 200 without it (a proxy's answer, an API change) is
// not an empty list: read as one it would make every org look absent, and a
// plan would create again what exists.
func (c *Client) getList(ctx context.Context, op, path string, q url.Values, field string, out any) error {
	w := &withFields{v: out}
	if err := c.get(ctx, op, path, q, w); err != nil {
		return err
	}
	if _, ok := w.fields[field]; !ok {
		have := slices.Sorted(maps.Keys(w.fields))
		for i, k := range have {
			have[i] = c.clean(k, 40)
		}
		return fmt.Errorf("kinde: %s GET %s: the answer has no %q list (it has %s): refusing to read it as empty",
			op, path, field, c.clean(strings.Join(have, ", "), 200))
	}
	return nil
}

// pager reads the pages of one list and stops one that does not end: a
// cursor seen before, a page of nothing but items already read, or more
// pages than max.
type pager struct {
	c        *Client
	op, path string
	max      int
	pages    int
	cursors  map[string]bool
	items    map[string]bool
}

func (c *Client) newPager(op, path string, max int) *pager {
	return &pager{c: c, op: op, path: path, max: max, cursors: map[string]bool{}, items: map[string]bool{}}
}

// next records a page (its item keys and the cursor to the next) and says
// whether to read on. An empty page ends the list even with a cursor, in
// case a server hands one out on its last page.
func (p *pager) next(keys []string, cursor string) (bool, error) {
	p.pages++
	fresh := false
	for _, k := range keys {
		if !p.items[k] {
			fresh = true
			p.items[k] = true
		}
	}
	switch {
	case cursor == "" || len(keys) == 0:
		return false, nil
	case p.cursors[cursor]:
		return false, fmt.Errorf("kinde: %s %s: the server repeated the cursor %q; stopping to avoid a loop", p.op, p.path, p.c.clean(cursor, 80))
	case !fresh:
		return false, fmt.Errorf("kinde: %s %s: page %d holds only items of earlier pages, yet the server says there are more; stopping to avoid a loop", p.op, p.path, p.pages)
	case p.pages >= p.max:
		return false, fmt.Errorf("kinde: %s %s: the list has not ended after %d pages; stopping (a server that never ends a list?)", p.op, p.path, p.pages)
	}
	p.cursors[cursor] = true
	return true, nil
}

// listNextToken reads every page of a next_token list. field is the list's
// JSON name; page extracts a response's items and next token; key names an
// item, to tell a page already read.
func listNextToken[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, field string,
	page func(*R) ([]T, string), key func(T) string) ([]T, error) {
	q = cloneQuery(q)
	q.Set("page_size", c.pageSize)
	var all []T
	pg := c.newPager(op, path, c.cfg.MaxPages)
	for {
		var r R
		if err := c.getList(ctx, op, path, q, field, &r); err != nil {
			return nil, err
		}
		items, next := page(&r)
		all = append(all, items...)
		more, err := pg.next(keysOf(items, key), next)
		if !more {
			return all, err
		}
		q.Set("next_token", next)
	}
}

// listStartingAfter reads every page of a starting_after/has_more list. id
// gives an item's id, the cursor for the page after it.
func listStartingAfter[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, field string,
	page func(*R) ([]T, bool), id func(T) string) ([]T, error) {
	q = cloneQuery(q)
	q.Set("page_size", c.pageSize)
	return listAfter(ctx, c, op, path, q, field, c.cfg.MaxPages, page, id)
}

func listAfter[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, field string, max int,
	page func(*R) ([]T, bool), id func(T) string) ([]T, error) {
	var all []T
	pg := c.newPager(op, path, max)
	for {
		var r R
		if err := c.getList(ctx, op, path, q, field, &r); err != nil {
			return nil, err
		}
		items, more := page(&r)
		all = append(all, items...)
		cursor := ""
		if more && len(items) > 0 {
			if cursor = id(items[len(items)-1]); cursor == "" {
				return nil, fmt.Errorf("kinde: %s %s: has_more is set but the page gives no id to continue after", op, path)
			}
		}
		more, err := pg.next(keysOf(items, id), cursor)
		if !more {
			return all, err
		}
		q.Set("starting_after", cursor)
	}
}

// listCursor reads a list whose operation the spec shows without paging
// parameters although its answer carries next_token: the first request is
// sent as the spec has it, and a cursor in an answer is followed (with
// next_token, the parameter of Kinde's other lists), never ignored.
func listCursor[R, T any](ctx context.Context, c *Client, op, path string, q url.Values, field string,
	page func(*R) ([]T, string), key func(T) string) ([]T, error) {
	q = cloneQuery(q)
	var all []T
	pg := c.newPager(op, path, min(c.cfg.MaxPages, maxCursorPages))
	for {
		var r R
		if err := c.getList(ctx, op, path, q, field, &r); err != nil {
			return nil, err
		}
		items, next := page(&r)
		all = append(all, items...)
		more, err := pg.next(keysOf(items, key), next)
		if !more {
			return all, err
		}
		q.Set("next_token", next)
	}
}

func keysOf[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
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
