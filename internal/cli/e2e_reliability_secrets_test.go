package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// testSecret has the characters that change under form, URL and JSON
// encoding, so that an echo of it in any of those forms is caught too.
const (
	testClientID = "kindesync-ci"
	testSecret   = "Sup3r-S3cret/Value+With=Chars&<more>"
)

// runCtx runs kindesync in process with ctx and the given args only.
func runCtx(ctx context.Context, args ...string) (int, string, string) {
	var out, errs strings.Builder
	env := &Env{Ctx: ctx, Stdout: &out, Stderr: &errs, Stdin: strings.NewReader("")}
	code := run(env, args)
	return code, out.String(), errs.String()
}

// secretScan collects everything kindesync printed or wrote, and the
// tokens the emulator issued, and checks that none of the secrets is in it.
type secretScan struct {
	mu     sync.Mutex
	tokens []string
	texts  map[string]string // what -> text
}

func (s *secretScan) token(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = append(s.tokens, tok)
}

func (s *secretScan) add(what, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.texts[what] += text
}

func (s *secretScan) file(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s.add(filepath.Base(path), string(b))
}

// check fails the test for any secret, in any encoding, and for the
// signature of any issued token (the part that cannot be guessed).
func (s *secretScan) check(t *testing.T, extra ...string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	needles := append([]string{}, extra...)
	for _, sec := range append([]string{testSecret}, extra...) {
		j, _ := json.Marshal(sec)
		needles = append(needles, sec, url.QueryEscape(sec), url.PathEscape(sec), strings.Trim(string(j), `"`))
	}
	for _, tok := range s.tokens {
		needles = append(needles, tok, tok[strings.LastIndexByte(tok, '.')+1:])
	}
	if len(s.tokens) == 0 {
		t.Error("the emulator issued no token: the scan proves nothing")
	}
	for what, text := range s.texts {
		for _, n := range needles {
			if n != "" && strings.Contains(text, n) {
				t.Errorf("%s holds a secret or token (%.12s…)", what, n)
			}
		}
	}
}

// TestReliabilitySecrets runs every command, verbose, against an emulator
// with a known client secret, the successes and the failures, and scans
// stdout, stderr, the saved plan, the journal and the export: the secret
// and every token issued never appear.
func TestReliabilitySecrets(t *testing.T) {
	scan := &secretScan{texts: map[string]string{}}
	e := emulatortest.StartYAML(t, relState(), emulator.Options{ClientID: testClientID, ClientSecret: testSecret, OnToken: scan.token})
	dir := t.TempDir()
	body, _ := relConfig("sec", 3, 3, true)
	cfg := writeConfig(t, body)
	planFile, journal, export := filepath.Join(dir, "plan.json"), filepath.Join(dir, "journal.jsonl"), filepath.Join(dir, "export.yaml")
	creds := []string{"--domain", e.URL, "--client-id", testClientID, "--client-secret", testSecret, "-v"}
	steps := []struct {
		args []string
		want int
	}{
		{[]string{"validate", "-f", cfg, "--remote"}, 0},
		{[]string{"plan", "-f", cfg, "--format", "markdown"}, 0},
		{[]string{"plan", "-f", cfg, "--format", "json", "--out", planFile}, 0},
		{[]string{"apply", "-f", cfg, "--auto-approve", "--journal", journal}, 0},
		{[]string{"plan", "-f", cfg, "--out", planFile, "--detailed-exitcode"}, 0},
		{[]string{"apply", "--plan", planFile, "--auto-approve", "--journal", journal}, 0},
		{[]string{"export", "-o", export}, 0},
		{[]string{"export"}, 0},
		{[]string{"export", "--org", "org_nosuch0000"}, 1},
		{[]string{"plan", "-f", cfg, "--format", "nosuch"}, 1},
		{[]string{"schema"}, 0},
		{[]string{"version"}, 0},
	}
	for _, st := range steps {
		code, out, errs := runCtx(context.Background(), append(st.args, creds...)...)
		if code != st.want {
			t.Errorf("kindesync %s: exit %d, want %d\n%s", strings.Join(st.args, " "), code, st.want, tail(errs, 1500))
		}
		scan.add(st.args[0]+" stdout", out)
		scan.add(st.args[0]+" stderr", errs)
	}
	// The secret from the environment rather than a flag, with a bad flag:
	// kong's usage message must not show it.
	t.Setenv("KINDE_MANAGEMENT_CLIENT_SECRET", testSecret)
	_, out, errs := runCtx(context.Background(), "plan", "-f", cfg, "--domain", e.URL, "--client-id", testClientID, "--nosuch", "-v")
	scan.add("usage", out+errs)
	// A wrong secret, and a token the emulator did not issue, are refused,
	// and not printed either.
	const wrongSecret, bogusToken = "Wr0ng-S3cret+value", "eyJhbGciOiJub25lIn0.eyJib2d1cyI6dHJ1ZX0.Ym9ndXMtc2lnbmF0dXJl"
	for _, args := range [][]string{
		{"plan", "-f", cfg, "--domain", e.URL, "--client-id", testClientID, "--client-secret", wrongSecret, "-v"},
		{"plan", "-f", cfg, "--domain", e.URL, "--token", bogusToken, "-v"},
	} {
		code, out, errs := runCtx(context.Background(), args...)
		if code != 1 {
			t.Errorf("kindesync %s: exit %d, want 1", strings.Join(args, " "), code)
		}
		scan.add("refused "+args[len(args)-2], out+errs)
	}
	// The emulator command itself, with the secret it is to accept: it
	// prints how to point kindesync at it, without the secret.
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve nothing: start, print, save, stop
	_, out, errs = runCtx(ctx, "emulator", "--state", filepath.Join(dir, "state.yaml"), "--addr", "127.0.0.1:0",
		"--client-id", testClientID, "--client-secret", testSecret, "-v")
	scan.add("emulator command", out+errs)
	for _, f := range []string{planFile, journal, export, filepath.Join(dir, "state.yaml")} {
		scan.file(t, f)
	}
	scan.check(t, wrongSecret, bogusToken)
}

// TestReliabilityEchoedCredentials: a server that echoes the request in its
// errors (the form with the secret, the Authorization header) gets them
// redacted in every form they come back in.
func TestReliabilityEchoedCredentials(t *testing.T) {
	scan := &secretScan{texts: map[string]string{}}
	e := emulatortest.StartYAML(t, relState(), emulator.Options{ClientID: testClientID, ClientSecret: testSecret, OnToken: scan.token})
	tok := e.Token() // the token the echoing server will give back
	scan.token(tok)
	echo := func(w http.ResponseWriter, r *http.Request, _ int) bool {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		msg := fmt.Sprintf("you sent %s with %s (%s)", body, r.Header.Get("Authorization"), url.QueryEscape(string(body)))
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": "ECHO", "message": msg}}})
		return true
	}
	cfg := writeConfig(t, "version: 1\norganizations: []\n")
	for _, c := range []struct{ method, path, auth string }{{"POST", "/oauth2/token", ""}, {"GET", "/api/v1/organizations", tok}} {
		proxy := badServer(t, e.URL, c.method, c.path, echo)
		args := []string{"plan", "-f", cfg, "--domain", proxy, "--client-id", testClientID, "--client-secret", testSecret, "-v"}
		if c.auth != "" {
			args = append(args, "--token", c.auth)
		}
		code, out, errs := runCtx(context.Background(), args...)
		if code != 1 || !strings.Contains(errs, "you sent") || !strings.Contains(errs, "[REDACTED]") {
			t.Errorf("%s echoed: exit %d, want 1 with the echo, redacted\n%s", c.path, code, errs)
		}
		scan.add(c.path, out+errs)
	}
	scan.check(t)
}

// TestReliabilityPlainHTTPRefused: http:// reaches only loopback hosts; any
// other is refused before a connection is made (a dial to these addresses
// would outlast the deadline and say so).
func TestReliabilityPlainHTTPRefused(t *testing.T) {
	cfg := writeConfig(t, "version: 1\norganizations: []\n")
	for _, domain := range []string{
		"http://example.com", "http://192.0.2.1", "http://localhost.example.com", "http://127.0.0.1.nip.io",
		"http://[::ffff:192.0.2.1]:8080", "http://0.0.0.0:8765", "http://127.1",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		code, _, errs := runCtx(ctx, "plan", "-f", cfg, "--domain", domain, "--client-id", "id", "--client-secret", testSecret)
		cancel()
		if code != 1 || !strings.Contains(errs, "refusing plain http://") {
			t.Errorf("--domain %s: exit %d, want 1 refusing plain http://\n%s", domain, code, errs)
		}
	}
	for _, domain := range []string{"http://127.0.0.1@example.com", "http://example.com#@127.0.0.1"} {
		if code, _, errs := runCtx(context.Background(), "plan", "-f", cfg, "--domain", domain, "--token", "t0ken"); code != 1 {
			t.Errorf("--domain %s: exit %d, want 1\n%s", domain, code, errs)
		}
	}
}
