package kinde

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "client-id-123"
	testSecret   = "s3cr3t-client-secret-value"
)

// fakeClock is Config.Now and Config.Sleep: sleeping advances the clock at
// once and records the duration asked for.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	if d > 0 {
		f.t = f.t.Add(d)
	}
	return nil
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// tokenServer answers /oauth2/token with numbered tokens and counts fetches.
type tokenServer struct {
	mu        sync.Mutex
	fetches   int
	expiresIn int
	forms     []map[string]string
}

func (ts *tokenServer) issued(n int) string { return "tok-" + string(rune('A'+n-1)) + "-abcdefgh" }

func (ts *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	ts.mu.Lock()
	ts.fetches++
	n := ts.fetches
	form := map[string]string{"content-type": r.Header.Get("Content-Type")}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
	}
	ts.forms = append(ts.forms, form)
	exp := ts.expiresIn
	ts.mu.Unlock()
	if form["client_secret"] != testSecret {
		w.WriteHeader(401)
		writeJSON(w, TokenErrorResponse{Error: "invalid_client", ErrorDescription: "bad secret " + form["client_secret"]})
		return
	}
	if exp == 0 {
		exp = 86400
	}
	writeJSON(w, TokenResponse{AccessToken: ts.issued(n), TokenType: "bearer", ExpiresIn: exp})
}

func (ts *tokenServer) Fetches() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.fetches
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

type testEnv struct {
	srv    *httptest.Server
	tokens *tokenServer
	clock  *fakeClock
	log    *syncBuffer
	c      *Client
}

// newTestEnv serves api (everything but /oauth2/token) on a loopback socket
// and returns a client for it with a fake clock and verbose logging.
func newTestEnv(t *testing.T, api http.HandlerFunc, mod ...func(*Config)) *testEnv {
	t.Helper()
	env := &testEnv{tokens: &tokenServer{}, clock: newFakeClock(), log: &syncBuffer{}}
	mux := http.NewServeMux()
	mux.Handle("POST /oauth2/token", env.tokens)
	mux.Handle("/api/", api)
	env.srv = httptest.NewServer(mux)
	t.Cleanup(env.srv.Close)
	cfg := Config{
		Domain: env.srv.URL, ClientID: testClientID, ClientSecret: testSecret,
		Now: env.clock.Now, Sleep: env.clock.Sleep, Rand: func() float64 { return 0 },
		Verbose: env.log,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	env.c = c
	return env
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// okJSON answers every request with v.
func okJSON(v any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, v) }
}
