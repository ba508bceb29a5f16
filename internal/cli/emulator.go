package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
)

// EmulatorCmd serves the Kinde Management API from a state file (DESIGN §6)
// until interrupted, then saves the state back.
type EmulatorCmd struct {
	State       string        `required:"" type:"path" env:"KINDESYNC_EMULATOR_STATE" placeholder:"FILE" help:"State file; created if missing, saved back on shutdown."`
	Addr        string        `default:"127.0.0.1:8765" help:"Address to listen on."`
	Latency     time.Duration `default:"0s" help:"Latency added to every request, e.g. 20ms."`
	Rate        float64       `default:"0" help:"API requests admitted: per second with --rate-window bucket, per window with second or minute (0: no limit)."`
	Burst       int           `default:"0" help:"Token bucket size with --rate-window bucket (0: --rate rounded up)."`
	RateWindow  string        `name:"rate-window" enum:"bucket,second,minute" default:"bucket" help:"Rate limiter: a token bucket, or fixed one-second or one-minute windows aligned on the clock (Kinde counts per minute)."`
	MaxInFlight int           `name:"max-in-flight" default:"0" help:"API requests served at once; more wait, or with --shed get a 429 (0: no cap)."`
	Shed        bool          `help:"With --max-in-flight, answer requests beyond the cap 429 with RateLimit-Reset at once, as Kinde's concurrency limiter does, instead of queueing them."`
	Faults      float64       `default:"0" help:"Probability (0 to 1) of a 5xx or a dropped connection per API request."`
	Errors5xx   float64       `name:"errors-5xx" default:"0" help:"Probability of a 5xx alone, on top of --faults."`
	Drops       float64       `default:"0" help:"Probability of a dropped connection alone, on top of --faults."`
	Throttles   float64       `default:"0" help:"Probability of a 429 regardless of --rate, on top of --faults."`
	Jitter      time.Duration `default:"0s" help:"Random extra latency per request, up to this much."`
	TokenTTL    time.Duration `name:"token-ttl" default:"24h" help:"Lifetime of issued tokens."`
	TLS         bool          `name:"tls" help:"Serve HTTPS with a self-signed certificate generated at start."`
	TLSCertOut  string        `name:"tls-cert-out" type:"path" placeholder:"FILE" help:"Write the certificate (PEM) here, for clients to trust."`
	Seed        uint64        `default:"1" help:"Seed for generated ids and faults."`
	PublicURL   string        `name:"public-url" placeholder:"URL" help:"Base URL clients reach the emulator by (behind a proxy, port mapping or TLS terminator): the token audience URL/api and issuer, logo URLs."`
	Scopes      string        `default:"all" placeholder:"LIST" help:"Scopes the M2M token grants, comma-separated, or all or none; an operation needing another answers 403."`

	ConflictOnExistingMember bool `name:"conflict-on-existing-member" help:"Answer a bulk add of a user already a member with 409, as Kinde's Terraform provider expects, instead of the spec's 200."`
	InviteActiveLimit        int  `name:"invite-active-limit" default:"100" help:"Active invitations an organization may have (negative: no cap)."`
	InviteDailyLimit         int  `name:"invite-daily-limit" default:"50" help:"Invitations an organization may create in 24 hours (negative: no cap)."`
}

// Run takes the global --client-id and --client-secret as the credentials
// the emulator accepts (kong forbids a command flag named like a global one),
// and --verbose to log each request.
func (c *EmulatorCmd) Run(g *Globals, env *Env) error {
	unlock, err := lockState(env.Ctx, c.State, env.Stderr)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := emulator.LoadState(c.State)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(env.Stderr, "kindesync emulator: %s does not exist; starting from an empty environment\n", c.State)
		st, err = emulator.ParseState(c.State, []byte("version: 1\n"))
	}
	if err != nil {
		return err
	}
	opts := c.options(g)
	if g.Verbose {
		opts.Logf = func(format string, args ...any) { fmt.Fprintf(env.Stderr, "emulator: "+format+"\n", args...) }
	}
	if c.TLSCertOut != "" && !c.TLS {
		return errors.New("emulator: --tls-cert-out needs --tls")
	}
	srv, err := emulator.New(st, opts)
	if err != nil {
		return err
	}
	url, err := srv.Start(c.Addr)
	if err != nil {
		return err
	}
	if c.TLSCertOut != "" {
		if err := os.WriteFile(c.TLSCertOut, srv.CertPEM(), 0o644); err != nil {
			srv.Close()
			return fmt.Errorf("emulator: write certificate: %w", err)
		}
	}
	if c.PublicURL != "" {
		fmt.Fprintf(env.Stderr, "kindesync emulator: listening at %s\n", url)
		url = strings.TrimSuffix(c.PublicURL, "/")
	}
	c.printHowTo(env, g, url)

	<-env.Ctx.Done()
	// Let requests in flight finish, so that the saved state includes them.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
	}
	if err := emulator.SaveState(c.State, srv.Snapshot()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "kindesync emulator: state saved to %s\n", c.State)
	return nil
}

// options are the emulator's knobs as the flags set them.
func (c *EmulatorCmd) options(g *Globals) emulator.Options {
	return emulator.Options{
		Latency: c.Latency, Rate: c.Rate, Burst: c.Burst, RateWindow: c.RateWindow,
		MaxInFlight: c.MaxInFlight, Shed: c.Shed, FaultRate: c.Faults,
		ErrorRate: c.Errors5xx, DropRate: c.Drops, ThrottleRate: c.Throttles, Jitter: c.Jitter,
		TokenTTL: c.TokenTTL, Seed: c.Seed, ClientID: g.ClientID, ClientSecret: g.ClientSecret, TLS: c.TLS,
		PublicURL: c.PublicURL, Scopes: scopeList(c.Scopes), ConflictOnExistingMember: c.ConflictOnExistingMember,
		InviteActiveLimit: c.InviteActiveLimit, InviteDailyLimit: c.InviteDailyLimit,
	}
}

// scopeList reads --scopes: all (every scope of the operations served; also
// when empty), none, or a comma-separated list.
func scopeList(s string) []string {
	switch strings.TrimSpace(s) {
	case "all", "":
		return nil
	case "none":
		return []string{}
	}
	out := []string{}
	for _, sc := range strings.Split(s, ",") {
		if sc = strings.TrimSpace(sc); sc != "" {
			out = append(out, sc)
		}
	}
	return out
}

func (c *EmulatorCmd) printHowTo(env *Env, g *Globals, url string) {
	fmt.Fprintf(env.Stderr, "kindesync emulator: serving the Kinde Management API at %s (state: %s)\n", url, c.State)
	creds := "KINDE_MANAGEMENT_CLIENT_ID=emulator KINDE_MANAGEMENT_CLIENT_SECRET=emulator "
	if g.ClientID != "" || g.ClientSecret != "" {
		creds = "" // the secret is never printed: use the same --client-id and --client-secret
	}
	trust := ""
	if c.TLS {
		if c.TLSCertOut != "" {
			trust = "SSL_CERT_FILE=" + c.TLSCertOut + " "
			fmt.Fprintf(env.Stderr, "  certificate: %s\n", c.TLSCertOut)
		} else {
			fmt.Fprintln(env.Stderr, "  the certificate is self-signed: use --tls-cert-out FILE to give clients something to trust")
		}
	}
	fmt.Fprintf(env.Stderr, "  point kindesync at it:  %s%sKINDE_DOMAIN=%s kindesync plan -f kindesync.yaml\n", trust, creds, url)
	fmt.Fprintln(env.Stderr, "  stop with Ctrl-C; the state is saved back to the file")
}
