package cli

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

// TestEmulatorCmd runs the command over TLS, changes the state through it,
// stops it as SIGINT would and checks that the state file was saved.
func TestEmulatorCmd(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.yaml")
	os.WriteFile(state, []byte("version: 1\norganizations:\n  - {code: org_1ccfb819462, is_default: true, name: Default}\n"), 0o644)
	certFile := filepath.Join(dir, "cert.pem")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	cmd := &EmulatorCmd{State: state, Addr: "127.0.0.1:0", TLS: true, TLSCertOut: certFile, TokenTTL: time.Hour, Seed: 1}
	done := make(chan error, 1)
	go func() {
		done <- cmd.Run(&Globals{}, &Env{Ctx: ctx, Stdout: io.Discard, Stderr: pw})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output; Run: %v", <-done)
	}
	base := regexp.MustCompile(`https://127\.0\.0\.1:\d+`).FindString(lines.Text())
	if base == "" {
		t.Fatalf("no URL in %q", lines.Text())
	}
	var output strings.Builder
	drained := make(chan struct{})
	go func() {
		for lines.Scan() {
			output.WriteString(lines.Text() + "\n")
		}
		close(drained)
	}()

	// A client that trusts the PEM written to --tls-cert-out.
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("cert-out holds no certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.PostForm(base+"/oauth2/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"emulator"}, "client_secret": {"emulator"},
	})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`"access_token":"([^"]+)"`).FindSubmatch(body)
	if token == nil {
		t.Fatalf("token answer %s", body)
	}
	req, _ := http.NewRequest("POST", base+"/api/v1/organization", strings.NewReader(`{"name":"Made over TLS"}`))
	req.Header.Set("Authorization", "Bearer "+string(token[1]))
	req.Header.Set("Content-Type", "application/json")
	if resp, err = client.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("create org: %v %v", resp, err)
	}
	resp.Body.Close()

	cancel() // what SIGINT does through Env.Ctx
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	<-drained
	st, err := emulator.LoadState(state)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range st.Organizations {
		names = append(names, o.Name)
	}
	if len(names) != 2 || !strings.Contains(strings.Join(names, ","), "Made over TLS") {
		t.Errorf("saved organizations %v", names)
	}
	if !strings.Contains(output.String(), "state saved to "+state) {
		t.Errorf("output does not say the state was saved:\n%s", output.String())
	}
}

// The emulator's flags set its knobs.
func TestEmulatorFlags(t *testing.T) {
	tests := []struct {
		args []string
		want emulator.Options
	}{
		{nil, emulator.Options{RateWindow: "bucket", TokenTTL: 24 * time.Hour, Seed: 1, InviteActiveLimit: 100, InviteDailyLimit: 50}},
		{
			[]string{
				"--rate", "600", "--rate-window", "minute", "--max-in-flight", "4", "--shed",
				"--scopes", "read:organizations, read:roles", "--public-url", "https://kinde.example.com",
				"--conflict-on-existing-member", "--invite-active-limit=-1", "--burst", "0",
			},
			emulator.Options{
				Rate: 600, RateWindow: "minute", MaxInFlight: 4, Shed: true, TokenTTL: 24 * time.Hour, Seed: 1,
				Scopes: []string{"read:organizations", "read:roles"}, PublicURL: "https://kinde.example.com",
				ConflictOnExistingMember: true, InviteActiveLimit: -1, InviteDailyLimit: 50,
			},
		},
		{[]string{"--scopes", "none"}, emulator.Options{RateWindow: "bucket", TokenTTL: 24 * time.Hour, Seed: 1, InviteActiveLimit: 100, InviteDailyLimit: 50, Scopes: []string{}}},
	}
	for _, tt := range tests {
		var cli CLI
		parser, err := newParser(&cli, &Env{Stdout: io.Discard, Stderr: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parser.Parse(append([]string{"emulator", "--state", "s.yaml"}, tt.args...)); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if diff := cmp.Diff(tt.want, cli.Emulator.options(&cli.Globals)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tt.args, diff)
		}
	}
	var cli CLI
	parser, _ := newParser(&cli, &Env{Stdout: io.Discard, Stderr: io.Discard})
	if _, err := parser.Parse([]string{"emulator", "--state", "s.yaml", "--rate-window", "hour"}); err == nil {
		t.Error("--rate-window hour accepted")
	}
}
