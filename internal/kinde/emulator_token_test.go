package kinde_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

// One token serves a whole run, sequential and parallel calls alike: each
// token issued counts against the customer's quota (DESIGN §1).
func TestEmulatorTokenReused(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	c, ctx := env.c, t.Context()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.GetOrganizations(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for range 30 {
		if _, err := c.GetOrganization(ctx, acmeOrg); err != nil {
			t.Fatal(err)
		}
	}
	if got := env.emu.Stats().TokensIssued; got != 1 {
		t.Errorf("%d tokens issued for 40 calls, want 1", got)
	}
	if got := len(env.rec.tokens()); got != 1 {
		t.Errorf("%d distinct tokens seen on the wire, want 1", got)
	}
	env.sameCounts()
}

// With a 1h token and one clock on both sides, the client renews shortly
// before expiry (at 54 minutes), and the old token is then refused.
func TestEmulatorTokenRefreshedBeforeExpiry(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(o *emulator.Options, _ *kinde.Config) { o.TokenTTL = time.Hour })
	c, ctx := env.c, t.Context()
	call := func(when string) {
		t.Helper()
		if _, err := c.GetOrganization(ctx, acmeOrg); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	call("at the start")
	env.clock.Advance(50 * time.Minute)
	call("after 50 minutes")
	if got := env.emu.Stats().TokensIssued; got != 1 {
		t.Errorf("after 50 minutes: %d tokens issued, want 1", got)
	}
	first := env.rec.tokens()[0]
	env.clock.Advance(10 * time.Minute)
	call("after 60 minutes")
	if got := env.emu.Stats().TokensIssued; got != 2 {
		t.Errorf("after 60 minutes: %d tokens issued, want 2", got)
	}
	toks := env.rec.tokens()
	if len(toks) != 2 || toks[1] == first {
		t.Fatalf("tokens seen: %d, want a second, different one", len(toks))
	}
	if n := len(env.requests(http.MethodPost, "/oauth2/token")); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	env.sameCounts()

	// The first token has expired by now: a client holding it is refused.
	old := tokenClient(t, env, first)
	_, err := old.GetOrganization(ctx, acmeOrg)
	if err = env.failed("an expired token", err); !kinde.HasCode(err, "TOKEN_EXPIRED") {
		t.Errorf("an expired token: %v", err)
	}
}

// A token the server considers expired before the client's clock does
// (clock skew, or a shorter life than expires_in said) is answered with
// the spec's "invalid credentials". The client should fetch a new token
// once and carry on, as it does after a 401.
func TestEmulatorTokenExpiredEarlyIsRefreshed(t *testing.T) {
	t.Parallel()
	server := newEmuClock()
	env := startEmu(t, emuFixture, func(o *emulator.Options, _ *kinde.Config) {
		o.TokenTTL, o.Now = time.Hour, server.Now
	})
	c, ctx := env.c, t.Context()
	if _, err := c.GetOrganization(ctx, acmeOrg); err != nil {
		t.Fatal(err)
	}
	server.Advance(61 * time.Minute) // the client's clock stays put
	if _, err := c.GetOrganization(ctx, acmeOrg); err != nil {
		env.failed("a call after the server expired the token", err)
		t.Errorf("BUG: a token expired on the server is not replaced: %v", err)
	}
	if got := env.emu.Stats().TokensIssued; got != 2 {
		t.Errorf("%d tokens issued, want 2", got)
	}
}

// The wrong secret is refused at the token endpoint with a clear error that
// holds neither secret, and no API request is sent.
func TestEmulatorWrongSecret(t *testing.T) {
	t.Parallel()
	const wrong = "wr0ng-secret-Hq4Tz8"
	env := startEmu(t, emuFixture, func(_ *emulator.Options, cfg *kinde.Config) { cfg.ClientSecret = wrong })
	_, err := env.c.GetOrganizations(t.Context())
	err = env.failed("the wrong secret", err)
	if !kinde.IsUnauthorized(err) || !kinde.HasCode(err, "invalid_client") {
		t.Errorf("the wrong secret: %v; want 401 invalid_client", err)
	}
	t.Logf("the wrong secret: %v", err)
	if msg := err.Error(); !strings.Contains(msg, "access token") {
		t.Errorf("the error does not say that getting a token failed: %s", msg)
	}
	for _, text := range []string{err.Error(), env.log.String()} {
		if strings.Contains(text, wrong) {
			t.Errorf("the wrong secret leaked: %s", text)
		}
	}
	st, est := env.c.Stats(), env.emu.Stats()
	if st.HTTPRequests != 1 || est.Requests["token"] != 1 || est.TokensIssued != 0 || len(est.Requests) != 1 {
		t.Errorf("client sent %d requests, emulator saw %v and issued %d tokens; want one token request, refused",
			st.HTTPRequests, est.Requests, est.TokensIssued)
	}
}

// A token issued by another emulator (another Kinde business) is refused;
// the client, given that token rather than credentials, cannot renew it and
// fails at once.
func TestEmulatorForeignToken(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture)
	other := emulatortest.StartYAML(t, emuFixture, emulator.Options{ClientSecret: emuSecret})
	foreign := other.Token()
	env.rec.addToken(foreign) // to be searched for in errors and logs

	c := tokenClient(t, env, foreign)
	_, err := c.GetOrganization(t.Context(), acmeOrg)
	err = env.failed("a foreign token", err)
	// The spec answers invalid credentials with 403 ("Unauthorized -
	// invalid credentials"); RFC 6750 would say 401. Either is a refusal.
	if s := kinde.StatusOf(err); s != http.StatusForbidden && s != http.StatusUnauthorized {
		t.Errorf("a foreign token: %v; want 401 or 403", err)
	}
	if !kinde.HasCode(err, "TOKEN_INVALID") {
		t.Errorf("a foreign token: %v; want TOKEN_INVALID", err)
	}
	if got := c.Stats().HTTPRequests; got != 1 {
		t.Errorf("%d requests with a foreign token, want 1", got)
	}
	if got := env.emu.Stats().TokensIssued; got != 0 {
		t.Errorf("the emulator issued %d tokens to a client with a static token", got)
	}

	// Its own token, given the same way, works.
	own := tokenClient(t, env, env.emu.Token())
	if _, err := own.GetOrganization(t.Context(), acmeOrg); err != nil {
		t.Errorf("a token of this emulator, given as Config.Token: %v", err)
	}
}

// The emulator's default credentials are the client id and secret
// "emulator".
func TestEmulatorDefaultCredentials(t *testing.T) {
	t.Parallel()
	e := emulatortest.StartYAML(t, emuFixture, emulator.Options{})
	c, err := kinde.New(kinde.Config{Domain: e.URL, ClientID: "emulator", ClientSecret: "emulator", HTTPClient: e.Client})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetOrganization(t.Context(), acmeOrg); err != nil {
		t.Fatal(err)
	}
}

// tokenClient is a client of env's emulator that sends tok as given, with
// its own verbose log, checked for tok like env's.
func tokenClient(t *testing.T, env *emuEnv, tok string) *kinde.Client {
	t.Helper()
	log := &lockedBuffer{}
	c, err := kinde.New(kinde.Config{
		Domain: env.emu.URL, Token: tok, HTTPClient: &http.Client{Transport: env.rec},
		Verbose: log, Now: env.clock.Now, Sleep: env.clock.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.noSecrets("the token client's verbose log", log.String()) })
	return c
}
