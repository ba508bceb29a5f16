package kinde

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// request is one API call as data, so that it can be sent again on retry.
type request struct {
	op          string // operationId, for counters and errors
	method      string
	path        string // escaped
	query       url.Values
	body        []byte
	contentType string
	noAuth      bool // the token request itself
	// idempotent marks a POST that may be repeated after a 5xx or a
	// network error (see retryable).
	idempotent bool
}

// newRequest JSON-encodes body (if not nil) into a request.
func newRequest(op, method, path string, query url.Values, body any) (*request, error) {
	r := &request{op: op, method: method, path: path, query: query}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("kinde: %s: encoding request: %w", op, err)
		}
		r.body, r.contentType = b, "application/json"
	}
	return r, nil
}

// retryable says whether a call may be sent again after a 5xx or a network
// error, when the server may already have acted on it. GET, PUT and DELETE
// are idempotent by definition. PATCH is too for every PATCH this client
// sends: each sets fields, flag or property values, or member roles to
// absolute values (UpdateOrganizationUsers included: adding a present
// member, setting its roles or deleting an absent one leaves the same state),
// so a repeat converges. POST creates (orgs, users, properties) or adds, and
// a repeat could duplicate or fail on what the first attempt did.
func (r *request) retryable() bool {
	switch r.method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPatch:
		return true
	}
	return r.idempotent
}

// do sends r, retrying as allowed, and decodes a 2xx body into out (if not
// nil). Any other answer becomes an *APIError.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	c.stats.call(r.op, r.method)
	refreshed := false
	// 429s have a budget of their own: a busy server that says when to
	// come back is waited for, and must not use up the attempts that
	// bound 5xx and network errors.
	throttles := 0
	for attempt := 1; ; attempt++ {
		tries := attempt - throttles // this attempt included
		if attempt > 1 {
			c.stats.retry()
		}
		var tok string
		if !r.noAuth {
			var err error
			if tok, err = c.tokens.token(ctx); err != nil {
				if ctx.Err() != nil {
					return fmt.Errorf("kinde: %s %s %s: %w", r.op, r.method, r.path, err)
				}
				return err // already retried and wrapped by the token request
			}
		}
		res := c.attempt(ctx, r, tok)
		c.logAttempt(r, attempt, res)
		if res.err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("kinde: %s %s %s: %w", r.op, r.method, r.path, ctx.Err())
			}
			var ae *APIError
			if errors.As(res.err, &ae) {
				return res.err
			}
			if reason := permanentReason(res.err); reason != "" {
				return c.unreachable(r, attempt, reason, res.err)
			}
			if tries >= c.cfg.MaxAttempts || !(r.retryable() || notSent(res.err)) {
				return c.netError(r, attempt, res.err)
			}
			if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
				return fmt.Errorf("kinde: %s %s %s: %w", r.op, r.method, r.path, err)
			}
			continue
		}

		switch st := res.status; {
		case st >= 200 && st < 300:
			return c.decode(r, res, out)

		case st == http.StatusTooManyRequests:
			c.stats.throttled()
			wait, fromServer := retryAfter(res.header)
			if !fromServer {
				wait = c.backoff(attempt)
			}
			if wait > c.cfg.MaxRetryWait {
				return c.apiError(r, res, fmt.Sprintf("server asks to wait %s, more than %s", wait, c.cfg.MaxRetryWait))
			}
			// The limiter pauses every caller, this one included, until the
			// wait is over: the next attempt blocks in lim.wait.
			c.lim.throttled(res.sent, wait, !r.noAuth)
			c.logf("kinde: throttled: all requests wait %s; client rate now %s", wait.Round(time.Millisecond), formatRate(c.Rate()))
			throttles++
			if throttles >= c.cfg.MaxThrottled {
				return c.apiError(r, res, fmt.Sprintf("still throttled after %d attempts", attempt))
			}

		case (st == http.StatusUnauthorized || st == http.StatusForbidden) && !r.noAuth && !refreshed && c.tokens.refreshable():
			// An expired or revoked token: fetch a new one, once per call.
			// The spec answers invalid credentials with 403, not 401, so
			// both count; a 403 for a missing scope fails again after one
			// new token.
			refreshed = true
			c.tokens.invalidate(tok)

		case st >= 300 && st < 400:
			return c.apiError(r, res, "a redirect to "+c.clean(res.header.Get("Location"), 200)+", not followed: credentials go only to "+c.base.String())

		case st >= 500 && r.retryable() && tries < c.cfg.MaxAttempts:
			if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
				return fmt.Errorf("kinde: %s %s %s: %w", r.op, r.method, r.path, err)
			}

		default:
			return c.apiError(r, res, "")
		}
	}
}

// result is what one attempt got back.
type result struct {
	status int
	header http.Header
	body   []byte
	sent   time.Time
	dur    time.Duration
	err    error
}

// attempt sends r once: rate limit, in-flight slot, then the request.
func (c *Client) attempt(ctx context.Context, r *request, tok string) result {
	if err := c.lim.wait(ctx); err != nil {
		return result{err: err}
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return result{err: ctx.Err()}
	}
	defer func() { <-c.slots }()

	u := *c.base
	// r.path is escaped; url.URL wants both forms to keep "%2F" in an id.
	u.RawPath = r.path
	u.Path, _ = url.PathUnescape(r.path)
	u.RawQuery = r.query.Encode()
	var rd io.Reader
	if r.body != nil {
		rd = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), rd)
	if err != nil {
		return result{err: err}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}

	res := result{sent: c.now()}
	c.stats.request()
	resp, err := c.hc.Do(req)
	if err != nil {
		res.dur, res.err = c.now().Sub(res.sent), err
		return res
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes+1))
	res.dur, res.status, res.header = c.now().Sub(res.sent), resp.StatusCode, resp.Header
	if !r.noAuth { // the token endpoint has limits of its own
		c.lim.observe(resp.StatusCode)
	}
	switch {
	case err != nil:
		res.err = fmt.Errorf("reading %d response: %w", resp.StatusCode, err)
	case int64(len(body)) > c.cfg.MaxBodyBytes:
		res.err = &APIError{
			Operation: r.op, Method: r.method, Path: r.path, StatusCode: resp.StatusCode,
			Detail: fmt.Sprintf("response body exceeds %d bytes", c.cfg.MaxBodyBytes),
		}
	default:
		res.body = body
	}
	return res
}

// decode reads a 2xx body into out. Writes may answer with no body at all
// (EnableOrgConnection, a 204), which is fine; a read may not.
//
// A success status alone does not make an answer Kinde's: a proxy, a login
// page or a body cut short can come with a 200. A body that is not JSON, or
// that is Kinde's error shape, is an error even for a write whose answer is
// not read, so that a write that did not happen is never taken as done.
func (c *Client) decode(r *request, res result, out any) error {
	body := bytes.TrimSpace(res.body)
	if len(body) == 0 {
		if out != nil && r.method == http.MethodGet {
			return fmt.Errorf("kinde: %s %s %s: empty %d response", r.op, r.method, r.path, res.status)
		}
		return nil
	}
	ctype := res.header.Get("Content-Type")
	if !isJSON(ctype) {
		return fmt.Errorf("kinde: %s %s %s: the %d response is %s, not JSON (%d bytes, starting %q)",
			r.op, r.method, r.path, res.status, c.clean(ctype, 80), len(res.body), c.excerpt(res.body))
	}
	if out == nil && !json.Valid(body) {
		return fmt.Errorf("kinde: %s %s %s: the %d response is not valid JSON (%d bytes, starting %q)",
			r.op, r.method, r.path, res.status, len(res.body), c.excerpt(res.body))
	}
	// No success schema of the spec has "errors"; look only when it is there.
	if bytes.Contains(body, []byte(`"errors"`)) {
		var er ErrorResponse
		if json.Unmarshal(body, &er) == nil && len(er.Errors) > 0 {
			return c.apiError(r, res, "an error body with a success status")
		}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("kinde: %s %s %s: decoding %d response (%s, %d bytes, starting %q): %s",
			r.op, r.method, r.path, res.status, c.clean(ctype, 80), len(res.body), c.excerpt(res.body), err)
	}
	return nil
}

// isJSON accepts a JSON media type, or none at all (a server that does not
// say is given the benefit of the doubt; the body must still parse).
func isJSON(ctype string) bool {
	if strings.TrimSpace(ctype) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ctype)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// refuseRedirect stops the HTTP client from following a redirect: it would
// send the token (and for the token request, the client secret in the body)
// to wherever the Location points. The 3xx answer becomes an error instead.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// notSent reports a network error that happened before the request left
// (dial failed), after which even a POST may be sent again.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// netError wraps a transport error with the call, keeping it usable with
// errors.Is/As while its text passes through redaction.
func (c *Client) netError(r *request, attempt int, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // *url.Error repeats the whole URL; the path says enough
	}
	return fmt.Errorf("kinde: %s %s %s (attempt %d): %w", r.op, r.method, r.path, attempt,
		redactedError{msg: c.secrets.redact(err.Error()), err: err})
}

// unreachable is netError for a failure that no retry mends: it fails the
// call at once, typed as *UnreachableError.
func (c *Client) unreachable(r *request, attempt int, reason string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("kinde: %s %s %s (attempt %d): %w", r.op, r.method, r.path, attempt, &UnreachableError{
		Base: c.base.String(), Reason: reason, Err: redactedError{msg: c.secrets.redact(err.Error()), err: err}})
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// backoff is the jittered exponential wait before attempt+1: 0.5s, 1s, 2s,
// ... capped at 30s, each scaled by a random factor in [0.5, 1).
func (c *Client) backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt-1, 6)
	d = min(d, 30*time.Second)
	return time.Duration(float64(d) * (0.5 + c.rand()/2))
}

// retryAfter reads RateLimit-Reset (seconds, Kinde's header) or else the
// standard Retry-After (seconds).
func retryAfter(h http.Header) (time.Duration, bool) {
	for _, name := range []string{"RateLimit-Reset", "Retry-After"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e6 {
			return time.Duration(s * float64(time.Second)), true
		}
	}
	return 0, false
}

// logAttempt writes one verbose line: method, path with query, status,
// duration and attempt number. Credentials never reach it: tokens travel
// in headers, the secret in the token request's body, and sensitive query
// names are masked anyway.
func (c *Client) logAttempt(r *request, attempt int, res result) {
	if c.cfg.Verbose == nil {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kinde: %s %s", r.method, redactQuery(r.path, r.query))
	if res.err != nil {
		fmt.Fprintf(&b, " error: %v", res.err)
	} else {
		fmt.Fprintf(&b, " %d", res.status)
	}
	fmt.Fprintf(&b, " %s", res.dur.Round(time.Millisecond))
	if attempt > 1 {
		fmt.Fprintf(&b, " (retry %d)", attempt-1)
	}
	c.logf("%s", b.String())
}

// logf writes one redacted line to the verbose log, if any.
func (c *Client) logf(format string, args ...any) {
	if c.cfg.Verbose == nil {
		return
	}
	line := c.secrets.redact(fmt.Sprintf(format, args...)) + "\n"
	c.logMu.Lock()
	defer c.logMu.Unlock()
	io.WriteString(c.cfg.Verbose, line)
}

func formatRate(r float64) string {
	if math.IsInf(r, 1) {
		return "unpaced"
	}
	return fmt.Sprintf("%.1f/s", r)
}

var sensitiveQuery = map[string]bool{
	"client_secret": true, "access_token": true, "token": true,
	"refresh_token": true, "id_token": true, "password": true,
}

func redactQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			if sensitiveQuery[strings.ToLower(k)] {
				v = "REDACTED"
			}
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	return path + "?" + strings.Join(parts, "&")
}
