package kinde_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// With every API request failing (a 5xx or a dropped connection), reads and
// idempotent writes are tried MaxAttempts times with backoff; a POST that
// creates or adds is tried once, since the server may have acted on it.
func TestEmulatorFaultRetries(t *testing.T) {
	t.Parallel()
	const maxAttempts = 3
	tests := []struct {
		op, method, path string
		call             func(context.Context, *kinde.Client) error
		attempts         int
	}{
		{"getOrganization", "GET", "/api/v1/organization", func(ctx context.Context, c *kinde.Client) error {
			_, err := c.GetOrganization(ctx, acmeOrg)
			return err
		}, maxAttempts},
		{"updateOrganization", "PATCH", "/api/v1/organization/" + acmeOrg, func(ctx context.Context, c *kinde.Client) error {
			return c.UpdateOrganization(ctx, acmeOrg, &kinde.UpdateOrganizationRequest{Name: ptr("Acme 2")})
		}, maxAttempts},
		{"UpdateOrganizationProperty", "PUT", "/api/v1/organizations/" + acmeOrg + "/properties/kp_org_zip", func(ctx context.Context, c *kinde.Client) error {
			return c.UpdateOrganizationProperty(ctx, acmeOrg, "kp_org_zip", "2000")
		}, maxAttempts},
		{"RemoveOrgConnection", "DELETE", "/api/v1/organizations/" + acmeOrg + "/connections/" + googleConn, func(ctx context.Context, c *kinde.Client) error {
			return c.RemoveOrgConnection(ctx, acmeOrg, googleConn)
		}, maxAttempts},
		// A POST that sets the logo of its type: retried like a PUT.
		{"AddOrganizationLogo", "POST", "/api/v1/organizations/" + acmeOrg + "/logos/light", func(ctx context.Context, c *kinde.Client) error {
			return c.AddOrganizationLogo(ctx, acmeOrg, kinde.LogoLight, "acme.png", pngLogo)
		}, maxAttempts},
		{"createOrganization", "POST", "/api/v1/organization", func(ctx context.Context, c *kinde.Client) error {
			_, err := c.CreateOrganization(ctx, &kinde.CreateOrganizationRequest{Name: "Initech"})
			return err
		}, 1},
		{"AddOrganizationUsers", "POST", "/api/v1/organizations/" + acmeOrg + "/users", func(ctx context.Context, c *kinde.Client) error {
			_, err := c.AddOrganizationUsers(ctx, acmeOrg, []kinde.AddOrganizationUser{{ID: carolID}})
			return err
		}, 1},
		{"createUser", "POST", "/api/v1/user", func(ctx context.Context, c *kinde.Client) error {
			_, err := c.CreateUser(ctx, kinde.NewEmailUser("dave@acme.com"))
			return err
		}, 1},
		{"CreateProperty", "POST", "/api/v1/properties", func(ctx context.Context, c *kinde.Client) error {
			_, err := c.CreateProperty(ctx, &kinde.CreatePropertyRequest{
				Name: "State", Key: "kindesync_state", Type: kinde.PropertySingleLineText, Context: kinde.ContextOrganization, CategoryID: generalCat,
			})
			return err
		}, 1},
		{"EnableOrgConnection", "POST", "/api/v1/organizations/" + acmeOrg + "/connections/" + emailConn, func(ctx context.Context, c *kinde.Client) error {
			return c.EnableOrgConnection(ctx, acmeOrg, emailConn)
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			t.Parallel()
			env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
				o.FaultRate = 1
				cfg.MaxAttempts = maxAttempts
			})
			err := env.failed(tt.op, tt.call(t.Context(), env.c))
			if s := kinde.StatusOf(err); s != 0 && s < 500 {
				t.Errorf("error %v: want a 5xx or a transport error", err)
			}
			if got := len(env.requests(tt.method, tt.path)); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
			st, est := env.c.Stats(), env.emu.Stats()
			if st.Calls[tt.op] != 1 || st.Retries != tt.attempts-1 {
				t.Errorf("client stats: %d calls of %s, %d retries; want 1 and %d", st.Calls[tt.op], tt.op, st.Retries, tt.attempts-1)
			}
			// Go's transport itself resends a GET whose reused connection
			// was dropped, so the emulator may see more than the client sent.
			if got := est.Requests[tt.op]; got < tt.attempts || est.Faults != got {
				t.Errorf("emulator: %d requests of %s, %d faults; want at least %d, all faulted", got, tt.op, est.Faults, tt.attempts)
			}
			// The verbose log shows the retries.
			if tt.attempts > 1 && !strings.Contains(env.log.String(), fmt.Sprintf("(retry %d)", tt.attempts-1)) {
				t.Errorf("the verbose log does not show retry %d:\n%s", tt.attempts-1, env.log)
			}
			// Backoff before each retry: 0.5s then 1s, scaled by 0.75 (Rand 0.5).
			want := []time.Duration{375 * time.Millisecond, 750 * time.Millisecond}[:tt.attempts-1]
			if diff := cmp.Diff(want, env.clock.Sleeps(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("backoff sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

// Dropped connections and 5xx answers both come back as errors naming the
// call, never as a panic or a hang.
func TestEmulatorFaultKinds(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
		o.FaultRate = 1
		cfg.MaxAttempts = 1
	})
	kinds := map[string]int{}
	for i := range 16 {
		_, err := env.c.GetOrganizationUsers(t.Context(), acmeOrg)
		err = env.failed(fmt.Sprintf("call %d", i+1), err)
		kind := "transport"
		switch s := kinde.StatusOf(err); {
		case s >= 500:
			kind = "5xx"
		case s != 0:
			t.Errorf("call %d: %v", i+1, err)
		}
		if kinds[kind]++; kinds[kind] == 1 {
			t.Logf("first %s error: %v", kind, err)
		}
		if want := "GetOrganizationUsers GET /api/v1/organizations/" + acmeOrg + "/users"; !strings.Contains(err.Error(), want) {
			t.Errorf("call %d: %q does not name the call (%s)", i+1, err, want)
		}
	}
	t.Logf("16 faulted calls: %v; emulator: %+v", kinds, env.emu.Stats())
	if kinds["5xx"] == 0 || kinds["transport"] == 0 {
		t.Errorf("fault kinds %v: want both 5xx answers and dropped connections", kinds)
	}
}

// At a fault rate of 30%, retries carry a realistic run through: every
// read succeeds; the counts show what it cost.
func TestEmulatorFaultyRunSucceeds(t *testing.T) {
	t.Parallel()
	env := startEmu(t, emuFixture, func(o *emulator.Options, cfg *kinde.Config) {
		o.FaultRate, o.Seed = 0.3, 7
	})
	c, ctx := env.c, t.Context()
	for i := range 10 {
		if _, err := c.GetOrganizations(ctx); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if _, err := c.GetOrganizationUsers(ctx, acmeOrg); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if _, err := c.GetOrganizationUserPermissions(ctx, acmeOrg, aliceID); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if _, err := c.GetOrganizationFeatureFlags(ctx, acmeOrg); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		// Idempotent writes converge however often they are repeated.
		if err := c.UpdateOrganizationFeatureFlagOverride(ctx, acmeOrg, "seats", fmt.Sprint(10+i)); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	st, est := c.Stats(), env.emu.Stats()
	t.Logf("50 calls: %d HTTP requests, %d retries; emulator served %d faults", st.HTTPRequests, st.Retries, est.Faults)
	if st.Retries == 0 || est.Faults == 0 {
		t.Errorf("no faults were retried: %+v, %+v", st, est)
	}
	if got := findOrg(env.emu.Snapshot(), acmeOrg).FeatureFlags["seats"]; got != "19" {
		t.Errorf("seats override = %q, want the last value set, 19", got)
	}
}
