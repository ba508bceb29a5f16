package emulator_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

func TestRateLimit(t *testing.T) {
	tests := []struct {
		rate      float64
		burst     int
		wantReset string
		refill    time.Duration // time for one token
	}{
		{rate: 2, wantReset: "1", refill: 500 * time.Millisecond},
		{rate: 0.25, burst: 2, wantReset: "4", refill: 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rate), func(t *testing.T) {
			clock := newClock()
			c := start(t, emulator.Options{Rate: tt.rate, Burst: tt.burst, Now: clock.Now})
			for i := range 2 { // the bucket starts full
				if status, _ := c.do("GET", "/api/v1/organizations", nil); status != http.StatusOK {
					t.Fatalf("request %d within the burst: status %d", i, status)
				}
			}
			req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/organizations", nil)
			resp, body := c.send(req)
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("RateLimit-Reset") != tt.wantReset {
				t.Errorf("past the rate: %d, RateLimit-Reset %q; want 429, %q", resp.StatusCode, resp.Header.Get("RateLimit-Reset"), tt.wantReset)
			}
			if code := errorCode(t, body); code != "TOO_MANY_REQUESTS" {
				t.Errorf("429 body code %q", code)
			}
			clock.Advance(tt.refill)
			if status, _ := c.do("GET", "/api/v1/organizations", nil); status != http.StatusOK {
				t.Errorf("after the refill: status %d", status)
			}
			if got := c.e.Stats().RateLimited; got != 1 {
				t.Errorf("Stats().RateLimited = %d, want 1", got)
			}
		})
	}
}

// postToken asks an emulator for a token and returns the status and body.
func postToken(t *testing.T, e *emulatortest.Emulator, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := e.Client.PostForm(e.URL+"/oauth2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestTokenEndpoint(t *testing.T) {
	clock := newClock()
	e := emulatortest.StartYAML(t, fixture, emulator.Options{ClientID: "cid", ClientSecret: "s3cret", TokenTTL: time.Hour, Now: clock.Now})
	form := func(secret, audience string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {secret}, "audience": {audience}}
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		err    string
	}{
		{"good", form("s3cret", e.URL+"/api"), 200, ""},
		{"https audience for a plain http emulator", form("s3cret", strings.Replace(e.URL, "http:", "https:", 1)+"/api"), 200, ""},
		{"wrong secret", form("emulator", e.URL+"/api"), 401, "invalid_client"},
		{"wrong audience", form("s3cret", "https://acme.kinde.com/api"), 400, "invalid_request"},
		{"wrong grant", url.Values{"grant_type": {"password"}}, 400, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := postToken(t, e, tt.form)
			if status != tt.status || (tt.err != "" && body["error"] != tt.err) {
				t.Errorf("got %d %v, want %d %s", status, body, tt.status, tt.err)
			}
		})
	}

	// The token is JWT-shaped, with the claims Kinde's SDKs read.
	_, body := postToken(t, e, form("s3cret", e.URL+"/api"))
	parts := strings.Split(body["access_token"].(string), ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Aud      []string `json:"aud"`
		Azp, Iss string
		Exp, Iat int64
		Scp      []string `json:"scp"`
	}
	json.Unmarshal(payload, &claims)
	now := clock.Now().Unix()
	if diff := cmp.Diff([]any{[]string{e.URL + "/api"}, "cid", e.URL, now, now + 3600, 3600.0},
		[]any{claims.Aud, claims.Azp, claims.Iss, claims.Iat, claims.Exp, body["expires_in"]}); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(claims.Scp, " "), "read:organizations") {
		t.Errorf("scp %v lacks read:organizations", claims.Scp)
	}
}

func TestAPIAuth(t *testing.T) {
	clock := newClock()
	c := start(t, emulator.Options{TokenTTL: time.Hour, Now: clock.Now})
	other := emulatortest.StartYAML(t, fixture, emulator.Options{})
	foreign := other.Token()

	check := func(name, token, code string) {
		t.Helper()
		c.token = token
		status, body := c.do("GET", "/api/v1/organizations", nil)
		if code == "" && status != http.StatusOK {
			t.Errorf("%s: status %d %s", name, status, body)
		}
		if code != "" && (status != http.StatusForbidden || errorCode(t, body) != code) {
			t.Errorf("%s: %d %s, want 403 %s", name, status, body, code)
		}
	}
	good := c.token
	check("own token", good, "")
	check("another emulator's token", foreign, "TOKEN_INVALID")
	check("not a JWT", "abc", "TOKEN_INVALID")
	clock.Advance(time.Hour)
	check("expired token", good, "TOKEN_EXPIRED")
	check("fresh token", c.e.Token(), "")

	// Without a token the request breaks the spec's security requirement,
	// so it goes around contract.Transport.
	resp, err := http.Get(c.e.URL + "/api/v1/organizations")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("no token: status %d, want 403", resp.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	c := start(t, emulator.Options{FaultRate: 1, Seed: 42})
	before := len(c.e.Snapshot().Organizations)
	var dropped, failed int
	const n = 40
	for i := range n {
		req, _ := http.NewRequest("POST", c.e.URL+"/api/v1/organization", strings.NewReader(fmt.Sprintf(`{"name":"Org %d"}`, i)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := c.e.Client.Do(req)
		switch {
		case err != nil:
			dropped++
		case resp.StatusCode >= 500:
			failed++
			resp.Body.Close()
		default:
			resp.Body.Close()
			t.Errorf("request %d: status %d at fault rate 1", i, resp.StatusCode)
		}
	}
	stats := c.e.Stats()
	applied := len(c.e.Snapshot().Organizations) - before
	// Half the faults of writes come after the change: the client cannot
	// tell those from the others.
	if dropped == 0 || failed == 0 || applied == 0 || applied == n || stats.Faults != n || stats.Writes != applied {
		t.Errorf("dropped %d, 5xx %d, applied %d of %d; stats %+v", dropped, failed, applied, n, stats)
	}
}

func TestMaxInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var armed atomic.Bool // the token request in start passes
	block := func(ctx context.Context, d time.Duration) error {
		if armed.Load() {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	c := start(t, emulator.Options{MaxInFlight: 2, Latency: time.Nanosecond, Wait: block})
	armed.Store(true)
	const n = 6
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/roles", nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			if resp, err := c.e.Client.Do(req); err == nil {
				statuses[i] = resp.StatusCode
				resp.Body.Close()
			}
		}()
	}
	<-entered
	<-entered
	for c.e.Stats().Waiting < n-2 { // the rest queue for a worker
		runtime.Gosched()
	}
	if got := c.e.Stats().PeakInFlight; got != 2 {
		t.Errorf("PeakInFlight = %d with 2 workers", got)
	}
	go func() {
		for range n - 2 {
			<-entered
		}
	}()
	for range n {
		release <- struct{}{}
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: status %d", i, s)
		}
	}
	if got := c.e.Stats().PeakInFlight; got != 2 {
		t.Errorf("PeakInFlight = %d with 2 workers", got)
	}
}

func TestLatency(t *testing.T) {
	var mu sync.Mutex
	var waited []time.Duration
	record := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		waited = append(waited, d)
		return nil
	}
	c := start(t, emulator.Options{Latency: 20 * time.Millisecond, Wait: record})
	c.call("GET", "/api/v1/roles", nil, http.StatusOK, nil)
	// The token request and the API request each wait.
	if diff := cmp.Diff([]time.Duration{20 * time.Millisecond, 20 * time.Millisecond}, waited); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestStats(t *testing.T) {
	c := start(t, emulator.Options{})
	c.call("GET", "/api/v1/organization?code="+acme, nil, http.StatusOK, nil)
	c.call("GET", "/api/v1/organization?code="+acme, nil, http.StatusOK, nil)
	c.call("PATCH", "/api/v1/organization/"+acme, kinde.UpdateOrganizationRequest{Name: ptr("Acme 2")}, http.StatusOK, nil)
	c.do("PATCH", "/api/v1/organization/"+acme, kinde.UpdateOrganizationRequest{ButtonColor: ptr("red")}) // tried, rejected
	got := c.e.Stats()
	// A request counts as in flight until its handler returns, which can be
	// just after the client has its answer and sent the next one: requests
	// sent one after another overlap by one at most.
	if got.PeakInFlight < 1 || got.PeakInFlight > 2 {
		t.Errorf("PeakInFlight %d of requests sent one at a time, want 1 or 2", got.PeakInFlight)
	}
	got.PeakInFlight = 0
	want := emulator.Stats{
		Requests: map[string]int{"token": 1, "getOrganization": 2, "updateOrganization": 2},
		Writes:   2, TokensIssued: 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestTLS(t *testing.T) {
	c := start(t, emulator.Options{TLS: true})
	if !strings.HasPrefix(c.e.URL, "https://") {
		t.Fatalf("URL %s is not https", c.e.URL)
	}
	// emulatortest's client trusts the certificate's PEM.
	c.call("GET", "/api/v1/organization?code="+acme, nil, http.StatusOK, nil)
	// A client that does not is refused.
	plain := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{}}}
	if _, err := plain.Get(c.e.URL + "/api/v1/roles"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted client: err %v, want a certificate error", err)
	}
	if got := string(c.e.CertPEM()); !strings.HasPrefix(got, "-----BEGIN CERTIFICATE-----") {
		t.Errorf("CertPEM = %.40q", got)
	}
}

// TestFaultsOverHTTP2 checks dropped connections where HTTP/2 cannot be
// hijacked: the stream is reset instead.
func TestFaultsOverHTTP2(t *testing.T) {
	c := start(t, emulator.Options{TLS: true, FaultRate: 1, Seed: 3})
	var dropped, failed int
	for range 10 {
		req, _ := http.NewRequest("GET", c.e.URL+"/api/v1/roles", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := c.e.Client.Do(req)
		if err != nil {
			dropped++
			continue
		}
		if resp.ProtoMajor != 2 {
			t.Fatalf("protocol %s, want HTTP/2", resp.Proto)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			failed++
		}
	}
	if dropped == 0 || failed == 0 || dropped+failed != 10 {
		t.Errorf("dropped %d, 5xx %d of 10", dropped, failed)
	}
}
