package emulator_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// The official npm client, which .ci/run installs (tests never reach a
// registry): `npm install --prefix DIR @kinde/management-api-js@0.18.0`,
// DIR being $KINDESYNC_NPM_DIR or else ~/.cache/kindesync/npm.
const sdkPackage = "@kinde/management-api-js@0.18.0"

func sdkDir(t *testing.T) string {
	if d := os.Getenv("KINDESYNC_NPM_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(d, "kindesync", "npm")
}

// TestManagementAPIJS drives Kinde's own JS client over every organization
// operation the emulator serves, against the emulator over TLS as
// `kindesync emulator --tls` serves it, logging in with a token the client
// verifies against the JWKS. It skips only where node or npm is missing.
func TestManagementAPIJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not installed")
	}
	dir := sdkDir(t)
	mod := filepath.Join(dir, "node_modules", "@kinde", "management-api-js", "dist", "kinde-management-api-js.mjs")
	if _, err := os.Stat(mod); err != nil {
		t.Fatalf("%s is not installed: npm install --prefix %s --no-audit --no-fund %s", sdkPackage, dir, sdkPackage)
	}
	for _, tt := range []struct {
		script string
		checks int
		calls  []string // operations the client must have called
	}{
		{"orgs.mjs", 44, []string{"getOrganizations", "createOrganization", "deleteOrganization", "GetOrgUserMFA", "getOrganizationInvites", "jwks"}},
		{"catalog.mjs", 45, []string{"CreateRole", "CreateFeatureFlag", "CreateProperty", "CreateConnection", "addAPIs", "deleteUser"}},
	} {
		t.Run(tt.script, func(t *testing.T) { runSDK(t, node, mod, tt.script, tt.checks, tt.calls) })
	}
}

func runSDK(t *testing.T, node, mod, name string, checks int, calls []string) {
	script, err := filepath.Abs(filepath.Join("testdata", "sdk", name))
	if err != nil {
		t.Fatal(err)
	}
	e := emulatortest.StartYAML(t, extraFixture, emulator.Options{TLS: true, ClientID: "sdk-client", ClientSecret: "sdk-secret"})
	// Fields the JS client sends that the emulator does not read are listed
	// below, not failures: they are the client's, not kindesync's.
	e.AllowUnknownFields()
	work := t.TempDir() // the client reads a .env from its directory: an empty one
	cert := filepath.Join(work, "emulator.pem")
	if err := os.WriteFile(cert, e.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, script)
	cmd.Dir = work
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + work,
		"KINDE_DOMAIN=" + e.URL,
		"KINDE_MANAGEMENT_CLIENT_ID=sdk-client",
		"KINDE_MANAGEMENT_CLIENT_SECRET=sdk-secret",
		"NODE_EXTRA_CA_CERTS=" + cert,
		"KINDE_SDK=" + (&url.URL{Scheme: "file", Path: filepath.ToSlash(mod)}).String(),
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	passed, failed := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct {
			Name  string `json:"name"`
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Errorf("not a check result: %s", sc.Bytes())
			continue
		}
		if r.OK {
			passed++
		} else {
			failed++
			t.Errorf("%s: %s", r.Name, r.Error)
		}
	}
	st := e.Stats()
	t.Logf("%s %s: %d checks passed, %d failed; %d operations called; unknown fields sent: %v", sdkPackage, name, passed, failed, len(st.Requests), st.UnknownFields)
	for _, op := range calls {
		if st.Requests[op] == 0 {
			t.Errorf("the client never called %s", op)
		}
	}
	if passed+failed != checks { // a crash part-way prints fewer
		t.Errorf("%d checks ran, want the script's %d", passed+failed, checks)
	}
}
