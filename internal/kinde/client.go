// Package kinde is a client for the parts of the Kinde Management API that
// kindesync uses: organizations, their members, settings and the environment
// look-ups that resolve names to ids. It imports nothing of kindesync's:
// it knows nothing of spec or plan, and its structs mirror the API's JSON.
//
// Every call goes through one request path (Client.do): token, client-side
// rate limiter, cap on requests in flight, retries, typed errors, counters
// and verbose logging. List methods return every page.
package kinde

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults for the zero values of Config.
const (
	DefaultMaxInFlight  = 10
	DefaultMaxAttempts  = 6
	DefaultMaxThrottled = 30
	DefaultPageSize     = 500
	DefaultMaxRetryWait = 5 * time.Minute
	DefaultMaxBodyBytes = 32 << 20
	// DefaultMaxPages bounds one list: 5 million items at 500 a page.
	DefaultMaxPages = 10000
	// BulkLimit is the most users one AddOrganizationUsers or
	// UpdateOrganizationUsers request may carry; longer lists are split.
	BulkLimit = 100
)

// Config configures a Client. Only Domain and the credentials are required.
type Config struct {
	// Domain is "acme.kinde.com" or a full URL. https:// is implied; http://
	// is accepted only for a loopback host (the emulator).
	Domain string
	// ClientID and ClientSecret are an M2M application's credentials, used
	// for the client-credentials grant. Ignored when Token is set.
	ClientID     string
	ClientSecret string
	// Token is an access token obtained elsewhere. It cannot be refreshed.
	Token string

	// HTTPClient sends every request. Nil: a client over Transport (or a
	// clone of http.DefaultTransport keeping MaxInFlight idle connections).
	HTTPClient *http.Client
	Transport  http.RoundTripper

	// Rate is the client-side request rate. 0 (the default) is adaptive: no
	// pacing until the server answers 429, then just under the rate the
	// server was seen to accept (see limiter.go). >0 is a fixed rate in
	// requests per second. <0 disables pacing (429s still pause callers).
	Rate float64
	// MaxInFlight caps concurrent requests (default 10).
	MaxInFlight int
	// MaxAttempts bounds the attempts of one call, first included, that end
	// in a 5xx or a network error (default 6).
	MaxAttempts int
	// MaxThrottled bounds the 429 answers one call takes before it fails
	// (default 30): each is waited out as the server asks, within
	// MaxRetryWait.
	MaxThrottled int
	// MaxRetryWait is the longest a 429 may ask us to wait before the call
	// fails instead (default 5 minutes).
	MaxRetryWait time.Duration
	// PageSize is the page_size sent to paged lists (default 500, Kinde's maximum).
	PageSize int
	// MaxBodyBytes caps how much of a response is read (default 32 MiB).
	MaxBodyBytes int64
	// MaxPages bounds the pages of one list (default 10000): a server that
	// hands out fresh cursors forever fails the call instead of holding it.
	MaxPages int

	// Verbose, when set, receives one line per HTTP attempt.
	Verbose io.Writer
	// UserAgent is sent as User-Agent (default "kindesync").
	UserAgent string

	// Sleep and Now replace the clock, so tests never sleep. Sleep must
	// return ctx.Err() when ctx ends first. Rand returns values in [0,1)
	// for backoff jitter.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	Rand  func() float64
}

// Client calls the Kinde Management API. It is safe for concurrent use.
type Client struct {
	base     *url.URL // scheme://host[:port], no path
	hc       *http.Client
	cfg      Config // with defaults filled in
	tokens   *tokenSource
	lim      *limiter
	slots    chan struct{}
	stats    stats
	secrets  secrets
	logMu    sync.Mutex
	sleep    func(context.Context, time.Duration) error
	now      func() time.Time
	rand     func() float64
	pageSize string
}

// New checks cfg and returns a Client. It makes no request: the token is
// fetched on the first call.
func New(cfg Config) (*Client, error) {
	base, err := ParseDomain(cfg.Domain)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && (cfg.ClientID == "" || cfg.ClientSecret == "") {
		return nil, errors.New("kinde: need an access token, or a client id and client secret")
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.MaxThrottled <= 0 {
		cfg.MaxThrottled = DefaultMaxThrottled
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = DefaultMaxPages
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "kindesync"
	}
	c := &Client{
		base:     base,
		hc:       cfg.HTTPClient,
		cfg:      cfg,
		slots:    make(chan struct{}, cfg.MaxInFlight),
		sleep:    cfg.Sleep,
		now:      cfg.Now,
		rand:     cfg.Rand,
		pageSize: fmt.Sprint(cfg.PageSize),
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.rand == nil {
		c.rand = rand.Float64
	}
	if c.hc == nil {
		tr := cfg.Transport
		if tr == nil {
			t := http.DefaultTransport.(*http.Transport).Clone()
			// The default keeps 2 idle connections per host; with more in
			// flight every burst would open and close connections.
			t.MaxIdleConnsPerHost = cfg.MaxInFlight
			tr = t
		}
		c.hc = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	}
	// The Management API never redirects; one that does is not Kinde, and
	// following it would hand it the token (or, for the token request, the
	// secret). A copy, so that a caller's own client is left as it is.
	hc := *c.hc
	hc.CheckRedirect = refuseRedirect
	c.hc = &hc
	c.secrets.add(cfg.ClientSecret)
	c.secrets.add(cfg.Token)
	c.tokens = newTokenSource(c)
	c.lim = newLimiter(cfg.Rate, c.now, c.sleep)
	return c, nil
}

// BaseURL is the API's origin, e.g. "https://acme.kinde.com".
func (c *Client) BaseURL() string { return c.base.String() }

// Audience is the audience the token is requested for: <base URL>/api.
func (c *Client) Audience() string { return c.base.String() + "/api" }

// ParseDomain turns the --domain value into the API origin. A bare host gets
// https://; http:// is refused unless the host is loopback, so that a token
// never crosses a network in clear text.
func ParseDomain(domain string) (*url.URL, error) {
	d := strings.TrimSpace(domain)
	if d == "" {
		return nil, errors.New("kinde: no domain given (e.g. acme.kinde.com)")
	}
	if !strings.Contains(d, "://") {
		d = "https://" + d
	}
	u, err := url.Parse(d)
	if err != nil {
		return nil, fmt.Errorf("kinde: domain %q is not a host name or URL", domain)
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("kinde: domain %q has no host", domain)
	case u.User != nil:
		return nil, errors.New("kinde: the domain must not contain credentials")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("kinde: domain %q must be a host or origin without a path", domain)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("kinde: refusing plain http:// for %s: only loopback hosts (127.0.0.0/8, ::1, localhost) may be reached without TLS", u.Hostname())
		}
	default:
		return nil, fmt.Errorf("kinde: domain %q: scheme must be https (or http for loopback)", domain)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pathf builds a request path, escaping each argument as one path segment.
func pathf(format string, args ...string) string {
	esc := make([]any, len(args))
	for i, a := range args {
		esc[i] = url.PathEscape(a)
	}
	return fmt.Sprintf(format, esc...)
}

// secrets are the strings that must never appear in an error or log line:
// the client secret and every token seen.
type secrets struct {
	mu   sync.RWMutex
	list []string
}

func (s *secrets) add(v string) {
	if len(v) < 4 { // too short to redact without mangling ordinary text
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.list {
		if x == v {
			return
		}
	}
	s.list = append(s.list, v)
}

func (s *secrets) redact(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, x := range s.list {
		text = strings.ReplaceAll(text, x, "[REDACTED]")
	}
	return text
}
