package kinde

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// opToken names the token request in counters and errors; it has no
// operationId because /oauth2/token is not part of the Management API spec.
const opToken = "token"

// tokenSource hands out the access token. A fetched token is reused until
// shortly before it expires, because every token issued counts against the
// customer's quota; concurrent callers wait for one fetch.
type tokenSource struct {
	c       *Client
	static  string
	lock    chan struct{} // a mutex that a cancelled caller can stop waiting for
	tok     string
	renewAt time.Time // zero: expiry unknown, renewed only after a 401

	// A fetch that fails fails every caller that waited for it (single
	// flight): otherwise each of them would fetch again in turn, with all
	// its retries. fetches counts finished fetches, so that a caller can
	// tell that one finished while it waited; failed is the last one's
	// error. final is a failure no later fetch can mend (an unreachable
	// host, credentials refused), which every later caller gets too.
	fetches atomic.Uint64
	failed  error
	final   error
	queued  atomic.Int32 // callers waiting for the lock, for tests
}

func newTokenSource(c *Client) *tokenSource {
	// The secret travels form-encoded: a server that echoes the request
	// (in an error, say) gives it back escaped, which must be redacted too.
	for _, v := range []string{c.cfg.ClientSecret, c.cfg.Token} {
		c.secrets.add(url.QueryEscape(v))
		if b, err := json.Marshal(v); err == nil {
			c.secrets.add(strings.Trim(string(b), `"`))
		}
	}
	return &tokenSource{c: c, static: c.cfg.Token, lock: make(chan struct{}, 1)}
}

// refreshable is false for a token given in the Config: a 401 is final.
func (s *tokenSource) refreshable() bool { return s.static == "" }

func (s *tokenSource) token(ctx context.Context) (string, error) {
	if s.static != "" {
		return s.static, nil
	}
	seen := s.fetches.Load()
	s.queued.Add(1)
	select {
	case s.lock <- struct{}{}:
		s.queued.Add(-1)
	case <-ctx.Done():
		s.queued.Add(-1)
		return "", ctx.Err()
	}
	defer func() { <-s.lock }()
	if s.final != nil {
		return "", s.final
	}
	if s.tok != "" && (s.renewAt.IsZero() || s.c.now().Before(s.renewAt)) {
		return s.tok, nil
	}
	if s.fetches.Load() != seen && s.failed != nil {
		return "", s.failed
	}
	tok, life, err := s.fetch(ctx)
	if err != nil {
		if ctx.Err() == nil { // a caller giving up fails only itself
			s.failed = err
			s.fetches.Add(1)
			if finalTokenError(err) {
				s.final = err
			}
		}
		return "", err
	}
	s.failed = nil
	s.fetches.Add(1)
	s.tok, s.renewAt = tok, time.Time{}
	if life > 0 {
		// Renew a little early so that a token does not expire in flight:
		// a tenth of its life, at most a minute.
		s.renewAt = s.c.now().Add(life - min(life/10, time.Minute))
	}
	return tok, nil
}

// finalTokenError reports a token failure that asking again cannot mend
// within one run: the host cannot be reached, or the token endpoint refused
// the request (wrong client id or secret, an unknown audience). A 429 or a
// 5xx that outlasted the retries may still pass later.
func finalTokenError(err error) bool {
	var ue *UnreachableError
	if errors.As(err, &ue) {
		return true
	}
	st := StatusOf(err)
	return st >= 400 && st < 500 && st != http.StatusTooManyRequests
}

// invalidate drops tok after the API refused it, unless another caller has
// already replaced it.
func (s *tokenSource) invalidate(tok string) {
	s.lock <- struct{}{}
	defer func() { <-s.lock }()
	if s.tok == tok {
		s.tok = ""
	}
}

// fetch runs the client-credentials grant against POST /oauth2/token.
func (s *tokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	c := s.c
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.cfg.ClientID},
		"client_secret": {c.cfg.ClientSecret},
		"audience":      {c.Audience()},
	}
	r := &request{
		op: opToken, method: http.MethodPost, path: "/oauth2/token",
		body: []byte(form.Encode()), contentType: "application/x-www-form-urlencoded",
		noAuth: true,
		// Asking again after a lost answer costs one more token from the
		// quota, which beats failing the run.
		idempotent: true,
	}
	var tr TokenResponse
	if err := c.do(ctx, r, &tr); err != nil {
		return "", 0, fmt.Errorf("kinde: getting an access token: %w", err)
	}
	if tr.AccessToken == "" {
		return "", 0, errors.New("kinde: getting an access token: the answer holds no access_token")
	}
	c.secrets.add(tr.AccessToken)
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return "", 0, fmt.Errorf("kinde: getting an access token: token_type %q, want Bearer", c.clean(tr.TokenType, 40))
	}
	if tr.ExpiresIn > 0 {
		return tr.AccessToken, time.Duration(tr.ExpiresIn) * time.Second, nil
	}
	if exp, ok := jwtExpiry(tr.AccessToken); ok {
		return tr.AccessToken, exp.Sub(c.now()), nil
	}
	return tr.AccessToken, 0, nil
}

// jwtExpiry reads the exp claim of a JWT-shaped token, without verifying
// it: only to know when to renew when expires_in is missing.
func jwtExpiry(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(claims.Exp), 0), true
}
