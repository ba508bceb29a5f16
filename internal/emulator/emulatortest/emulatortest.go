// Package emulatortest starts an emulator for a test. Tests of other
// packages use it to talk to "Kinde" over a real loopback socket, with every
// request and response checked against the spec (internal/contract).
package emulatortest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/contract"
	"github.com/kindesync/kindesync/internal/emulator"
)

// Emulator is an emulator serving on 127.0.0.1 for the length of a test.
type Emulator struct {
	*emulator.Server
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Client talks to the emulator through contract.Transport: a request or
	// response that breaks the spec fails the test. With Options.TLS it
	// trusts the emulator's certificate.
	Client *http.Client
	opts   emulator.Options
	tb     testing.TB

	allowUnknown bool
}

// Start runs an emulator on 127.0.0.1:0 serving st (nil: an empty
// environment) and closes it when the test ends.
func Start(tb testing.TB, st *emulator.State, opts emulator.Options) *Emulator {
	tb.Helper()
	srv, err := emulator.New(st, opts)
	if err != nil {
		tb.Fatalf("emulator: %v", err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("emulator: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	e := &Emulator{Server: srv, URL: base, opts: opts, tb: tb}
	// Kinde ignores request fields it does not know, and so does the
	// emulator; a test of kindesync must not rely on that (Stats.UnknownFields).
	tb.Cleanup(func() {
		if u := srv.Stats().UnknownFields; len(u) > 0 && !e.allowUnknown {
			tb.Errorf("emulator: requests carried fields Kinde does not know (ignored): %v", u)
		}
	})
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if opts.TLS {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(srv.CertPEM())
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	tb.Cleanup(transport.CloseIdleConnections)
	e.Client = &http.Client{Transport: contract.Transport(tb, transport)}
	return e
}

// AllowUnknownFields lets the test send request fields that Kinde does not
// know without failing at cleanup: for tests of the emulator's tolerance.
func (e *Emulator) AllowUnknownFields() { e.allowUnknown = true }

// StartYAML is Start with the state given as the text of a state file.
func StartYAML(tb testing.TB, stateYAML string, opts emulator.Options) *Emulator {
	tb.Helper()
	st, err := emulator.ParseState("state.yaml", []byte(stateYAML))
	if err != nil {
		tb.Fatalf("emulator state: %v", err)
	}
	return Start(tb, st, opts)
}

// Token fetches an access token with the credentials the emulator was
// started with.
func (e *Emulator) Token() string {
	e.tb.Helper()
	id, secret := e.opts.ClientID, e.opts.ClientSecret
	if id == "" {
		id = "emulator"
	}
	if secret == "" {
		secret = "emulator"
	}
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {id},
		"client_secret": {secret},
		"audience":      {e.URL + "/api"},
	}
	resp, err := e.Client.Post(e.URL+"/oauth2/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		e.tb.Fatalf("emulator token: %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		e.tb.Fatalf("emulator token: status %d, %v", resp.StatusCode, err)
	}
	return body.AccessToken
}
