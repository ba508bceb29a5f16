package cli

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// session is a connection to Kinde, or to an in-process emulator seeded from
// the --emulator state file.
type session struct {
	client    *kinde.Client
	emu       *emulator.Server
	statePath string
	stderr    io.Writer
	unlock    func() // releases the state file's lock, held from load to close
	// orgNames are the names of the orgs makePlan read, for the markdown plan.
	orgNames map[string]string
}

// connect builds the client the globals describe. With --emulator it starts
// an emulator on a loopback port first, with the emulator's default
// credentials.
func (g *Globals) connect(env *Env) (*session, error) {
	cfg := kinde.Config{Domain: g.Domain, ClientID: g.ClientID, ClientSecret: g.ClientSecret, Token: g.Token}
	if g.Verbose {
		cfg.Verbose = env.sharedStderr()
	}
	s := &session{}
	if g.Emulator != "" {
		unlock, err := lockState(env.Ctx, g.Emulator, env.Stderr)
		if err != nil {
			return nil, err
		}
		s.unlock = unlock
		st, err := emulator.LoadState(g.Emulator)
		if err != nil {
			s.close()
			return nil, err
		}
		srv, err := emulator.New(st, emulator.Options{})
		if err != nil {
			s.close()
			return nil, err
		}
		url, err := srv.Start("127.0.0.1:0")
		if err != nil {
			s.close()
			return nil, err
		}
		s.emu, s.statePath, s.stderr = srv, g.Emulator, env.Stderr
		cfg = kinde.Config{Domain: url, ClientID: "emulator", ClientSecret: "emulator", Verbose: cfg.Verbose}
	} else if g.Domain == "" {
		return nil, errors.New("no Kinde domain: set KINDE_DOMAIN (--domain) to acme.kinde.com, or --emulator STATE to try against the built-in emulator")
	} else if err := g.credentialsError(); err != nil {
		return nil, err
	} else if w := customDomainWarning(g.Domain); w != "" {
		fmt.Fprintln(env.Stderr, "kindesync: warning:", w)
	}
	c, err := kinde.New(cfg)
	if err != nil {
		s.close()
		return nil, err
	}
	s.client = c
	return s, nil
}

// save writes the emulator's state back to its file, atomically; a no-op
// against Kinde.
func (s *session) save() error {
	if s.emu == nil {
		return nil
	}
	if err := emulator.SaveState(s.statePath, s.emu.Snapshot()); err != nil {
		return fmt.Errorf("saving emulator state: %w", err)
	}
	return nil
}

// close stops the emulator. Kinde ignores request fields it does not know,
// and so does the emulator, which counts them: one sent by kindesync is a
// bug that Kinde would hide, so it is told (and kindesync's tests fail on
// it, see unknownFieldsWarning).
func (s *session) close() {
	if s.unlock != nil {
		defer s.unlock()
		s.unlock = nil
	}
	if s.emu == nil {
		return
	}
	s.emu.Close()
	if u := s.emu.Stats().UnknownFields; len(u) > 0 {
		fields := slices.Sorted(maps.Keys(u))
		fmt.Fprintf(s.stderr, "kindesync: %s: %s\n", unknownFieldsWarning, strings.Join(fields, ", "))
	}
}

// unknownFieldsWarning starts the line close writes.
const unknownFieldsWarning = "the emulator ignored request fields that Kinde does not know (a kindesync bug)"

// customDomainWarning explains that a custom domain cannot serve the
// Management API: Kinde answers it and issues M2M tokens only on the
// environment's own *.kinde.com domain, even where sign-in pages use a
// custom one (KINDE-FACTS "Domains and scopes"). A loopback host is an
// emulator or a test server. It is a warning, not an error: a proxy in
// front of Kinde is a custom domain that works.
func customDomainWarning(domain string) string {
	u, err := kinde.ParseDomain(domain)
	if err != nil {
		return "" // New reports it
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if strings.HasSuffix(host, ".kinde.com") || isLoopbackHost(host) {
		return ""
	}
	return fmt.Sprintf("--domain %s is not a *.kinde.com domain. Kinde's Management API and M2M tokens need the "+
		"environment's kinde.com domain (e.g. acme.kinde.com, under Settings > Details in Kinde), even when sign-in uses "+
		"a custom domain; expect the token request to fail.", host)
}

func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
