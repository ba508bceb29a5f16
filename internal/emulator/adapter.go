package emulator

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// call is one API request as handlers see it: the request, its body already
// read, and the server.
type call struct {
	r    *http.Request
	op   string
	body []byte
	s    *Server
	// org is the one organization the call looked up by its path, if it
	// looked up one (orgFor); a write confined to it normalizes only it.
	org     *Organization
	manyOrg bool
}

func (c *call) path(name string) string  { return c.r.PathValue(name) }
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }
func (c *call) st() *State               { return c.s.st }

// decode reads the JSON body into v. Fields v has no place for are ignored,
// as Kinde ignores them, and recorded (see unknown.go).
func (c *call) decode(v any, required bool) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		if required {
			return badRequest("INVALID_REQUEST", "a JSON body is required")
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	if err := dec.Decode(v); err != nil {
		return badRequest("INVALID_REQUEST", "invalid JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("INVALID_REQUEST", "invalid JSON body: more than one value")
	}
	if unknown := unknownFields(c.body, reflect.TypeOf(v)); len(unknown) > 0 {
		c.s.sawUnknown(c.op, unknown)
	}
	return nil
}

// apiError is an answer other than success. 404s are written in the spec's
// not_found_response shape (errors as an object), the rest in error_response
// (errors as a list).
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func badRequest(code, format string, args ...any) error {
	return &apiError{http.StatusBadRequest, code, fmt.Sprintf(format, args...)}
}

func notFound(code, format string, args ...any) error {
	return &apiError{http.StatusNotFound, code, fmt.Sprintf(format, args...)}
}

func forbidden(code, message string) error {
	return &apiError{http.StatusForbidden, code, message}
}

func writeError(w http.ResponseWriter, err error) int {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{http.StatusInternalServerError, "INTERNAL_ERROR", err.Error()}
	}
	item := kinde.ErrorItem{Code: ae.code, Message: ae.message}
	if ae.status == http.StatusNotFound {
		return writeJSON(w, ae.status, kinde.NotFoundResponse{Errors: item})
	}
	return writeJSON(w, ae.status, kinde.ErrorResponse{Errors: kinde.ErrorList{item}})
}

func writeJSON(w http.ResponseWriter, status int, body any) int {
	data, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"errors":[{"code":"INTERNAL_ERROR","message":"encode response"}]}`)
	}
	return writeBody(w, status, data)
}

func writeBody(w http.ResponseWriter, status int, data []byte) int {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return status
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(data, '\n')) //nolint:errcheck // the client may have gone
	return status
}

// ok is the usual answer of a handler.
func ok(body any) (int, any, error) { return http.StatusOK, body, nil }

func fail(err error) (int, any, error) { return 0, nil, err }

func success() kinde.SuccessResponse { return kinde.SuccessResponse{Code: "OK", Message: "Success"} }

// Paging. Kinde documents a default page size of 10; kindesync asks for the
// maximum, 500.
const (
	defaultPageSize = 10
	maxPageSize     = 500
)

func (c *call) pageSize() (int, error) {
	v := c.query("page_size")
	if v == "" {
		return defaultPageSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPageSize {
		return 0, badRequest("INVALID_PAGE_SIZE", "page_size must be a whole number from 1 to %d", maxPageSize)
	}
	return n, nil
}

// cursor is what a next_token carries: the listing and order it belongs to
// and the sort key of the last item served. Paging by key rather than by
// offset keeps a listing consistent while it is being changed.
type cursor struct {
	List  string `json:"l"`
	Order string `json:"o"`
	Key   string `json:"k"`
}

// encodeToken makes a next_token opaque in behaviour, not just in name: it
// carries a MAC, so a client that builds or edits tokens gets a 400 here
// rather than something that happens to work.
func (c *call) encodeToken(cur cursor) string {
	data, _ := json.Marshal(cur)
	mac := c.s.mac(string(data))[:8]
	return base64.RawURLEncoding.EncodeToString(append(mac, data...))
}

func (c *call) decodeToken(s string) (cursor, error) {
	var cur cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && len(raw) > 8 && hmac.Equal(raw[:8], c.s.mac(string(raw[8:]))[:8]) {
		err = json.Unmarshal(raw[8:], &cur)
	} else {
		err = errors.New("bad token")
	}
	if err != nil {
		return cursor{}, badRequest("INVALID_NEXT_TOKEN", "next_token is not valid")
	}
	return cur, nil
}

// pageByToken serves next_token paging. items are in the listing's order,
// and key is unique and increasing in that order (decreasing when desc).
func pageByToken[T any](c *call, list, order string, desc bool, items []T, key func(T) string) ([]T, string, error) {
	size, err := c.pageSize()
	if err != nil {
		return nil, "", err
	}
	start := 0
	if tok := c.query("next_token"); tok != "" {
		cur, err := c.decodeToken(tok)
		if err != nil {
			return nil, "", err
		}
		if cur.List != list || cur.Order != order {
			return nil, "", badRequest("INVALID_NEXT_TOKEN", "next_token belongs to another listing or order")
		}
		start = len(items)
		for i, it := range items {
			if k := key(it); (!desc && k > cur.Key) || (desc && k < cur.Key) {
				start = i
				break
			}
		}
	}
	end := min(start+size, len(items))
	page := items[start:end]
	next := ""
	if end < len(items) {
		next = c.encodeToken(cursor{List: list, Order: order, Key: key(items[end-1])})
	}
	return page, next, nil
}

// pageByID serves starting_after/ending_before paging over items sorted by id.
func pageByID[T any](c *call, items []T, id func(T) string) ([]T, bool, error) {
	size, err := c.pageSize()
	if err != nil {
		return nil, false, err
	}
	if before := c.query("ending_before"); before != "" {
		end := 0
		for end < len(items) && id(items[end]) < before {
			end++
		}
		start := max(0, end-size)
		return items[start:end], start > 0, nil
	}
	start := 0
	if after := c.query("starting_after"); after != "" {
		for start < len(items) && id(items[start]) <= after {
			start++
		}
	}
	end := min(start+size, len(items))
	return items[start:end], end < len(items), nil
}

// sortOrder checks a sort parameter against the operation's enum.
func (c *call) sortOrder(allowed ...string) (string, error) {
	v := c.query("sort")
	if v == "" {
		return "", nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", badRequest("INVALID_SORT", "sort must be one of %s", strings.Join(allowed, ", "))
}

// list splits a comma-separated filter, as Kinde's list filters are written.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sortKey joins the parts of a sort key so that comparing keys compares the
// parts in turn: a name then the id that makes it unique.
func sortKey(parts ...string) string { return strings.Join(parts, "\x00") }
