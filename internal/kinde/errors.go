package kinde

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// APIError is a non-2xx answer from Kinde. Its text never holds a token or
// the client secret: server-supplied text is redacted when the error is made.
type APIError struct {
	Operation  string // operationId, e.g. "getOrganization"
	Method     string
	Path       string // without the query, which may hold emails
	StatusCode int
	// Errors are Kinde's {code, message} pairs, from either error shape.
	Errors []ErrorItem
	// Detail is what the client adds: a body excerpt when the body was not
	// Kinde's JSON, or why a retry was given up.
	Detail string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kinde: %s %s %s: %d %s", e.Operation, e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	for i, it := range e.Errors {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep)
		switch {
		case it.Code != "" && it.Message != "":
			fmt.Fprintf(&b, "%s (%s)", it.Message, it.Code)
		default:
			b.WriteString(it.Code + it.Message)
		}
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, " [%s]", e.Detail)
	}
	return b.String()
}

// HasCode reports whether Kinde answered with this error code.
func (e *APIError) HasCode(code string) bool {
	for _, it := range e.Errors {
		if it.Code == code {
			return true
		}
	}
	return false
}

// StatusOf returns the HTTP status of an *APIError in err's chain, or 0.
func StatusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode
	}
	return 0
}

// IsNotFound reports a 404 answer.
func IsNotFound(err error) bool { return StatusOf(err) == http.StatusNotFound }

// IsUnauthorized reports a 401 answer (bad or expired credentials).
func IsUnauthorized(err error) bool { return StatusOf(err) == http.StatusUnauthorized }

// IsForbidden reports a 403 answer (the M2M app lacks a scope).
func IsForbidden(err error) bool { return StatusOf(err) == http.StatusForbidden }

// IsRateLimited reports a 429 answer that outlasted the retries.
func IsRateLimited(err error) bool { return StatusOf(err) == http.StatusTooManyRequests }

// HasCode reports whether err holds an *APIError with this Kinde error code.
func HasCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HasCode(code)
}

// apiError builds the error for a non-2xx answer, parsing whichever error
// shape the body has: error_response, not_found_response, or the OAuth
// token error.
func (c *Client) apiError(r *request, res result, detail string) *APIError {
	e := &APIError{Operation: r.op, Method: r.method, Path: r.path, StatusCode: res.status, Detail: detail}
	var er ErrorResponse
	var te TokenErrorResponse
	switch {
	case len(strings.TrimSpace(string(res.body))) == 0:
	case json.Unmarshal(res.body, &er) == nil && len(er.Errors) > 0:
		e.Errors = er.Errors
	case json.Unmarshal(res.body, &te) == nil && te.Error != "":
		e.Errors = []ErrorItem{{Code: te.Error, Message: te.ErrorDescription}}
	default:
		if x := c.excerpt(res.body); x != "" {
			e.Detail = strings.TrimSpace(e.Detail + " body: " + x)
		}
	}
	for i := range e.Errors {
		e.Errors[i].Code = c.clean(e.Errors[i].Code, 200)
		e.Errors[i].Message = c.clean(e.Errors[i].Message, 500)
	}
	e.Detail = c.secrets.redact(e.Detail)
	return e
}

// excerpt is the start of a body for an error message: printable, short,
// and redacted.
func (c *Client) excerpt(body []byte) string {
	return c.clean(string(body), 200)
}

// clean makes server text safe to print: secrets redacted, control
// characters dropped, at most max runes. Redaction runs again once the
// control characters are gone: a secret split by one ("sec\x00ret") is
// missed the first time and joined up by their removal.
func (c *Client) clean(s string, max int) string {
	s = c.secrets.redact(s)
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, s)
	s = c.secrets.redact(s)
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return strings.TrimSpace(s)
}
