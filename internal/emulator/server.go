package emulator

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Options are the emulator's knobs. The zero value is a fast, faultless
// server accepting the client id and secret "emulator".
type Options struct {
	// Latency is added to every request, while it holds a worker slot.
	Latency time.Duration
	// Rate limits API requests; beyond it they are answered 429 with
	// RateLimit-Reset, the whole seconds until a request would pass. Zero
	// means unlimited. RateWindow chooses the shape (ratelimit.go):
	//   - RateBucket (the default, ""): a token bucket refilled with Rate
	//     tokens per second and holding Burst (default: Rate rounded up,
	//     at least 1); it starts full.
	//   - RateSecond, RateMinute: fixed windows aligned on the clock, each
	//     admitting Rate requests (a whole number; no Burst).
	Rate       float64
	Burst      int
	RateWindow string
	// MaxInFlight caps the API requests being served at once. More wait for
	// a slot, like a server with a fixed pool of workers (which the token
	// endpoint shares); with Shed they are answered 429 at once with
	// RateLimit-Reset 1, as Kinde's concurrency limiter does, and requests
	// other than API operations are not capped. Zero means no cap.
	MaxInFlight int
	Shed        bool
	// FaultRate is the probability, from 0 to 1, that an API request fails
	// with a 5xx or a dropped connection. For writes, half of the faults
	// happen after the change was applied.
	FaultRate float64
	// ErrorRate, DropRate and ThrottleRate inject one kind of fault each, on
	// top of FaultRate: a 5xx (500, 502 or 503), a dropped connection, or a
	// 429 whose RateLimit-Reset is ThrottleReset (default 1s, as Kinde's
	// whole seconds; a shorter one is written as fractional seconds, which
	// lets tests throttle often without waiting seconds each time). As with
	// FaultRate, half of the 5xx and drops of writes come after the change.
	ErrorRate     float64
	DropRate      float64
	ThrottleRate  float64
	ThrottleReset time.Duration
	// Jitter adds a random latency, uniform in [0, Jitter), to every request.
	Jitter time.Duration
	// OnWrite, when set, is called after each API write's handler ran and
	// before its answer is sent (outside the state lock), with the operation
	// and the number of writes so far. A test can kill its client there:
	// the change is made and the answer lost, the worst moment for a crash.
	OnWrite func(op string, n int)
	// OnToken, when set, is called with every access token issued, so that a
	// test can check that none is ever printed.
	OnToken func(token string)
	// DuplicateExternalIDs accepts an org whose external_id another org
	// has. The spec does not say that Kinde refuses one; tests use this to
	// check that kindesync avoids duplicates itself, not thanks to a 400.
	DuplicateExternalIDs bool
	// ConflictOnExistingMember answers a bulk add of organization users
	// (AddOrganizationUsers) that names a member already there with 409
	// USER_ALREADY_IN_ORGANIZATION, adding no one, as Kinde's Terraform
	// provider expects. By default such a member is left as it is, its
	// roles and permissions added, and the call succeeds (the spec's 200,
	// without it in users_added).
	ConflictOnExistingMember bool
	// TokenTTL is the lifetime of issued tokens (default 24h, as Kinde's).
	TokenTTL time.Duration
	// Seed drives every random choice: generated ids and faults.
	Seed uint64
	// ClientID and ClientSecret are the only credentials the token endpoint
	// accepts (default "emulator" and "emulator").
	ClientID     string
	ClientSecret string
	// TLS serves HTTPS with a self-signed certificate generated at Start.
	TLS bool
	// PublicURL is the base URL the emulator names itself by, when clients
	// reach it through a proxy, a port mapping or a TLS terminator: the
	// token audience (PublicURL/api) and issuer, and logo URLs. Default: the
	// address it listens on. The token endpoint accepts either audience.
	PublicURL string
	// Scopes are the scopes issued tokens grant (nil: every scope of the
	// operations served; empty: none). An operation whose x-scope is not
	// granted answers 403 SCOPE_MISSING, as Kinde does for an M2M
	// application without it.
	Scopes []string
	// InviteActiveLimit and InviteDailyLimit are the per-organization caps
	// on invitations: those active at once (not accepted or revoked) and
	// those created in any 24 hours. The spec says both exist, not their
	// values; the defaults are guesses, 100 and 50. Negative: no cap.
	InviteActiveLimit int
	InviteDailyLimit  int

	// Now is the clock for token expiry and the rate limiter (default time.Now).
	Now func() time.Time
	// Wait implements Latency (default: a timer that gives up when ctx ends).
	Wait func(ctx context.Context, d time.Duration) error
	// Logf, when set, is told about each request served.
	Logf func(format string, args ...any)
}

func (o *Options) setDefaults() error {
	for _, r := range []float64{o.FaultRate, o.ErrorRate, o.DropRate, o.ThrottleRate} {
		if r < 0 || r > 1 {
			return fmt.Errorf("emulator: fault rate %v is not between 0 and 1", r)
		}
	}
	if o.ErrorRate+o.DropRate+o.ThrottleRate > 1 {
		return errors.New("emulator: error, drop and throttle rates add up to more than 1")
	}
	if o.Rate < 0 || o.MaxInFlight < 0 || o.Latency < 0 || o.Burst < 0 || o.TokenTTL < 0 || o.Jitter < 0 || o.ThrottleReset < 0 {
		return errors.New("emulator: rate, burst, max in flight, latency, jitter, throttle reset and token lifetime cannot be negative")
	}
	if o.PublicURL != "" {
		u, err := url.Parse(o.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("emulator: public URL %q: want http(s)://host[:port][/path]", o.PublicURL)
		}
		o.PublicURL = strings.TrimSuffix(u.String(), "/")
	}
	for _, sc := range o.Scopes {
		if !scopeRE.MatchString(sc) {
			return fmt.Errorf("emulator: scope %q is not of the form verb:noun (read:organizations)", sc)
		}
	}
	if o.InviteActiveLimit == 0 {
		o.InviteActiveLimit = 100
	}
	if o.InviteDailyLimit == 0 {
		o.InviteDailyLimit = 50
	}
	if o.Shed && o.MaxInFlight == 0 {
		return errors.New("emulator: shedding needs a cap on requests in flight")
	}
	if o.ThrottleReset == 0 {
		o.ThrottleReset = time.Second
	}
	if o.TokenTTL == 0 {
		o.TokenTTL = 24 * time.Hour
	}
	if o.ClientID == "" {
		o.ClientID = "emulator"
	}
	if o.ClientSecret == "" {
		o.ClientSecret = "emulator"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Wait == nil {
		o.Wait = wait
	}
	return nil
}

var scopeRE = regexp.MustCompile(`^[a-z_]+:[a-z_]+$`)

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Server is a running (or ready to run) emulator.
type Server struct {
	opts Options

	mu     sync.Mutex // guards st, ids and faults; handlers run one at a time
	st     *State
	ids    *idGen
	faults *faultGen

	limiter limiter
	slots   chan struct{} // nil without MaxInFlight
	stats   statsCounter
	hmacKey []byte
	key     *rsa.PrivateKey
	jwk     jwk
	ops     []Operation // registered by routes

	started time.Time // served for times a state file does not give

	mux     *http.ServeMux
	hs      *http.Server
	baseURL string
	certPEM []byte
}

// New returns an emulator serving a copy of st (nil: an empty environment
// with its default organization).
func New(st *State, opts Options) (*Server, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	if st == nil {
		var err error
		if st, err = ParseState("<empty>", []byte("version: 1\n")); err != nil {
			return nil, err
		}
	}
	s := &Server{
		opts:    opts,
		st:      st.clone(),
		ids:     newIDGen(opts.Seed, "ids"),
		faults:  newFaultGen(opts),
		hmacKey: make([]byte, 32),
		started: opts.Now().UTC().Truncate(time.Second),
	}
	s.st.normalize()
	var err error
	if s.limiter, err = newLimiter(opts); err != nil {
		return nil, err
	}
	key, err := signingKey()
	if err != nil {
		return nil, fmt.Errorf("emulator: signing key: %w", err)
	}
	s.key, s.jwk = key, publicJWK(&key.PublicKey)
	// The MAC key is random, not seeded: tokens from another emulator
	// run must never verify here.
	if _, err := rand.Read(s.hmacKey); err != nil {
		return nil, err
	}
	if opts.MaxInFlight > 0 {
		s.slots = make(chan struct{}, opts.MaxInFlight)
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// Start listens on addr (such as 127.0.0.1:0) and serves in the background.
// It returns the base URL, e.g. http://127.0.0.1:41234.
func (s *Server) Start(addr string) (string, error) {
	if s.hs != nil {
		return "", errors.New("emulator: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("emulator: %w", err)
	}
	scheme := "http"
	s.hs = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: s.errorLog()}
	if s.opts.TLS {
		cert, certPEM, err := selfSignedCert(ln.Addr())
		if err != nil {
			ln.Close()
			return "", fmt.Errorf("emulator: %w", err)
		}
		s.certPEM = certPEM
		s.hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	s.baseURL = scheme + "://" + ln.Addr().String()
	if s.opts.TLS {
		// ServeTLS, unlike Serve on a TLS listener, also offers HTTP/2, as Kinde does.
		go s.hs.ServeTLS(ln, "", "") //nolint:errcheck // returns ErrServerClosed after Close
	} else {
		go s.hs.Serve(ln) //nolint:errcheck // returns ErrServerClosed after Close
	}
	return s.baseURL, nil
}

// errorLog sends the HTTP server's own complaints (TLS handshakes refused by
// clients that do not trust the certificate, and such) to Logf, or nowhere:
// they are about clients, not the emulator.
func (s *Server) errorLog() *log.Logger {
	if s.opts.Logf == nil {
		return log.New(io.Discard, "", 0)
	}
	return log.New(logfWriter(s.opts.Logf), "", 0)
}

type logfWriter func(format string, args ...any)

func (f logfWriter) Write(p []byte) (int, error) {
	f("%s", strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// URL is the base URL after Start.
func (s *Server) URL() string { return s.baseURL }

// CertPEM is the self-signed certificate in PEM, after Start with TLS.
func (s *Server) CertPEM() []byte { return s.certPEM }

// Close stops the server at once, cutting requests in flight.
func (s *Server) Close() error {
	if s.hs == nil {
		return nil
	}
	return s.hs.Close()
}

// Shutdown stops accepting requests and waits for those in flight, until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.hs == nil {
		return nil
	}
	return s.hs.Shutdown(ctx)
}

// Snapshot returns a copy of the current state, for saving or inspection.
func (s *Server) Snapshot() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clone()
}

// Stats are counters for tests.
type Stats struct {
	// Requests counts requests by operation: the spec's operationId, "token"
	// for /oauth2/token and "unknown" for routes the emulator does not serve.
	Requests map[string]int
	// Writes counts non-GET API calls that reached a handler, whether or not
	// the change succeeded.
	Writes int
	// RateLimited counts 429 answers (injected ones included), Faults
	// injected 5xx answers and dropped connections, Dropped the latter.
	RateLimited int
	Faults      int
	Dropped     int
	// Shed counts the 429s of the concurrency limiter (Options.Shed),
	// which RateLimited includes.
	Shed int
	// TokensIssued counts tokens from /oauth2/token.
	TokensIssued int
	// PeakInFlight is the most requests seen being served at once, and
	// Waiting the requests waiting for a worker slot now (MaxInFlight).
	PeakInFlight int
	Waiting      int
	// UnknownFields counts request body fields the emulator ignored, by
	// "operationId field.path" (e.g. "createUser profile.email").
	UnknownFields map[string]int
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats { return s.stats.get() }

type statsCounter struct {
	mu       sync.Mutex
	s        Stats
	inFlight int
}

func (c *statsCounter) update(f func(*Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.s)
}

func (c *statsCounter) enter(delta int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight += delta
	c.s.PeakInFlight = max(c.s.PeakInFlight, c.inFlight)
}

func (c *statsCounter) get() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.s
	out.Requests = make(map[string]int, len(c.s.Requests))
	for k, v := range c.s.Requests {
		out.Requests[k] = v
	}
	out.UnknownFields = maps.Clone(c.s.UnknownFields)
	return out
}

// sawUnknown records fields of a request body that the emulator ignored.
// The names are the client's: quoted when not plain, and at most
// maxUnknownLogged of them a request, so that a hostile body can neither
// write control characters to a terminal nor grow the counters without end.
func (s *Server) sawUnknown(op string, fields []string) {
	more := len(fields) - maxUnknownLogged
	if more > 0 {
		fields = fields[:maxUnknownLogged]
	}
	for i, f := range fields {
		if strings.ContainsFunc(f, func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }) {
			fields[i] = strconv.Quote(f)
		}
	}
	s.stats.update(func(st *Stats) {
		if st.UnknownFields == nil {
			st.UnknownFields = map[string]int{}
		}
		for _, f := range fields {
			st.UnknownFields[op+" "+f]++
		}
	})
	if s.opts.Logf != nil {
		tail := ""
		if more > 0 {
			tail = fmt.Sprintf(" and %d more", more)
		}
		s.opts.Logf("%s: ignored unknown request fields: %s%s", op, strings.Join(fields, ", "), tail)
	}
}

const maxUnknownLogged = 20
