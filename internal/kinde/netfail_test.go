package kinde

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// A mistyped or wrong domain fails every caller at once, after one token
// request: no retry can mend it, and each waiting caller must not fetch a
// token of its own in turn (which made a wrong domain take 80 s and 42
// token requests). None of these cases leaves the loopback interface.
func TestPermanentNetworkErrorsFailFast(t *testing.T) {
	refused := func(t *testing.T) (string, http.RoundTripper) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens: every dial is refused
		return "http://" + addr, nil
	}
	untrusted := func(t *testing.T) (string, http.RoundTripper) {
		srv := httptest.NewUnstartedServer(http.NotFoundHandler())
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
		srv.StartTLS()                                   // self-signed
		t.Cleanup(srv.Close)
		return srv.URL, nil
	}
	plainHTTP := func(t *testing.T) (string, http.RoundTripper) {
		srv := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(srv.Close)
		return "https://" + strings.TrimPrefix(srv.URL, "http://"), nil
	}
	// The resolver here asks a name server even for .invalid (RFC 2606),
	// so the failure is injected: the error a dial gets from the resolver.
	unresolvable := func(t *testing.T) (string, http.RoundTripper) {
		tr := &http.Transport{DialContext: func(_ context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}}
		return "acme.invalid", tr
	}
	for _, tt := range []struct {
		name   string
		setup  func(*testing.T) (string, http.RoundTripper)
		reason string
	}{
		{"connection refused", refused, "refused"},
		{"untrusted certificate", untrusted, "certificate is not trusted"},
		{"https to an http server", plainHTTP, "does not speak TLS"},
		{"unknown host", unresolvable, "does not resolve"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			domain, tr := tt.setup(t)
			clock := newFakeClock()
			c, err := New(Config{Domain: domain, ClientID: testClientID, ClientSecret: testSecret, Transport: tr,
				Now: clock.Now, Sleep: clock.Sleep, Rand: func() float64 { return 0 }})
			if err != nil {
				t.Fatal(err)
			}
			const callers = 8
			errs := make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = c.GetRoles(context.Background())
				}()
			}
			wg.Wait()
			for i, err := range errs {
				var ue *UnreachableError
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.reason) {
					t.Errorf("caller %d: err = %v, want an UnreachableError saying %q", i, err, tt.reason)
				}
			}
			// A later call does not try again either.
			if _, err := c.GetPermissions(context.Background()); err == nil {
				t.Error("a later call succeeded")
			}
			st := c.Stats()
			if st.HTTPRequests != 1 || st.Calls[opToken] != 1 || clock.Sleeps() != nil {
				t.Errorf("HTTP requests %d, token calls %d, sleeps %v; want 1, 1, none", st.HTTPRequests, st.Calls[opToken], clock.Sleeps())
			}
		})
	}
}

// A token request that fails for a transient reason, after its retries,
// fails the callers that waited for it, and a later caller tries again.
func TestTokenFailureSharedWithWaiters(t *testing.T) {
	var tokenRequests atomic.Int32
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		if tokenRequests.Add(1) == 1 {
			<-release // hold the first fetch until every caller waits for it
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	clock := newFakeClock()
	c, err := New(Config{Domain: srv.URL, ClientID: testClientID, ClientSecret: testSecret, MaxAttempts: 1,
		Now: clock.Now, Sleep: clock.Sleep, Rand: func() float64 { return 0 }})
	if err != nil {
		t.Fatal(err)
	}
	const callers = 5
	errs := make(chan error, callers)
	for range callers {
		go func() {
			_, err := c.GetRoles(context.Background())
			errs <- err
		}()
	}
	// The first caller fetches (and holds the token lock until release);
	// wait until the others queue behind it.
	for c.tokens.queued.Load() < callers-1 || tokenRequests.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	for range callers {
		if err := <-errs; StatusOf(err) != http.StatusServiceUnavailable {
			t.Errorf("err = %v, want the token request's 503", err)
		}
	}
	if n := tokenRequests.Load(); n != 1 {
		t.Errorf("token requests = %d, want 1 for all waiting callers", n)
	}
	if _, err := c.GetRoles(context.Background()); StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("later call: err = %v", err)
	}
	if n := tokenRequests.Load(); n != 2 {
		t.Errorf("token requests = %d, want a second one for the later caller", n)
	}
}
