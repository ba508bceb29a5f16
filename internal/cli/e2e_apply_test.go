package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

// applyEnvState is an environment with a catalog and twelve users, to which
// each test adds its organizations.
const applyEnvState = `version: 1
environment:
  roles:
    - {key: admin, name: Admin, permissions: [reports:read, reports:write]}
    - {key: viewer, name: Viewer, permissions: [reports:read]}
  permissions:
    - {key: reports:read, name: Read reports}
    - {key: reports:write, name: Write reports}
    - {key: billing:manage, name: Manage billing}
  feature_flags:
    - {key: dark_mode, type: bool, default: false}
    - {key: seats, type: int, default: 5}
  properties:
    - {key: kp_org_city, name: City}
users:
%s
organizations:
  - {code: org_default00, is_default: true, name: Default}
%s`

func applyState(orgs string) string {
	var users []string
	for i := 1; i <= 12; i++ {
		users = append(users, fmt.Sprintf("  - {id: kp_%032d, email: u%d@acme.com}", i, i))
	}
	return fmt.Sprintf(applyEnvState, strings.Join(users, "\n"), orgs)
}

// cli runs kindesync against the emulator at base as a user would, with the
// emulator's credentials, and returns exit code, stdout and stderr.
func cli(t *testing.T, base string, args ...string) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	env := &Env{Ctx: context.Background(), Stdout: &out, Stderr: &errs, Stdin: strings.NewReader("")}
	args = append(args, "--domain", base, "--client-id", "emulator", "--client-secret", "emulator")
	code := run(env, args)
	return code, out.String(), errs.String()
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "orgs.yaml")
	if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

const createConfig = `version: 1
organizations:
  - external_id: acme
    name: Acme
    button_color: "#0055FF"
    is_enforce_mfa: true
    feature_flags: {dark_mode: true, seats: 50}
    properties: {kp_org_city: Sydney}
    members:
      - {email: u1@acme.com, roles: [admin], permissions: [billing:manage]}
      - {email: u2@acme.com, roles: [viewer]}
  - handle: globex
    name: Globex
    members:
      - {email: u3@acme.com, roles: [admin]}
`

func TestApplyCreateFromEmptyThenNoWrites(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(""), emulator.Options{})
	cfg := writeConfig(t, createConfig)
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 0 {
		t.Fatalf("apply exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "+ organization[acme]") || !strings.Contains(out, "+ organization[globex]") {
		t.Errorf("apply did not show the plan it carried out:\n%s", out)
	}
	writes := e.Stats().Writes
	if writes == 0 {
		t.Fatal("the emulator counted no writes")
	}
	// A second apply finds nothing to do and writes nothing.
	code, out, errs = cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 0 || !strings.Contains(out, "No changes.") {
		t.Fatalf("second apply exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if got := e.Stats().Writes - writes; got != 0 {
		t.Errorf("second apply made %d write calls, want 0", got)
	}
	if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after apply: exit %d\n%s", code, out)
	}
	orgs := 0
	for _, o := range e.Snapshot().Organizations {
		if o.ExternalID == "acme" || o.Handle == "globex" {
			orgs++
		}
	}
	if orgs != 2 {
		t.Errorf("emulator holds %d of the created orgs, want exactly 2", orgs)
	}
}

const pruneState = `  - code: org_prune0001
    name: Prune
    members:
      - {email: u1@acme.com, roles: [admin, viewer], permissions: [billing:manage]}
      - {email: u2@acme.com}
      - {email: u3@acme.com}
`

func TestApplyUpdateAndPrune(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(pruneState), emulator.Options{})
	cfg := writeConfig(t, `version: 1
organizations:
  - code: org_prune0001
    name: Pruned
    members:
      - {email: u1@acme.com, roles: [viewer], permissions: []}
      - {email: u4@acme.com}
`)
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 0 {
		t.Fatalf("apply exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	org := findOrg(t, e.Snapshot(), "org_prune0001")
	var got []string
	for _, m := range org.Members {
		got = append(got, fmt.Sprintf("%s roles=%v perms=%v", m.UserID, m.Roles, m.Permissions))
	}
	want := []string{
		fmt.Sprintf("kp_%032d roles=[viewer] perms=[]", 1),
		fmt.Sprintf("kp_%032d roles=[] perms=[]", 4),
	}
	if org.Name != "Pruned" || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("org after apply: name %q, members:\n%s\nwant:\n%s", org.Name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func findOrg(t *testing.T, st *emulator.State, code string) *emulator.Organization {
	t.Helper()
	for _, o := range st.Organizations {
		if o.Code == code {
			return o
		}
	}
	t.Fatalf("no org %s in the emulator", code)
	return nil
}

func TestApplyBlockedBySafetyLimitWritesNothing(t *testing.T) {
	var members []string
	for i := 1; i <= 8; i++ {
		members = append(members, fmt.Sprintf("      - {email: u%d@acme.com}", i))
	}
	e := emulatortest.StartYAML(t, applyState("  - code: org_big000001\n    name: Big\n    members:\n"+strings.Join(members, "\n")+"\n"), emulator.Options{})
	cfg := writeConfig(t, "version: 1\norganizations:\n  - code: org_big000001\n    name: Bigger\n    members:\n"+strings.Join(members[:5], "\n")+"\n")
	code, out, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve")
	if code != 3 {
		t.Fatalf("apply exit %d, want 3\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "removing 3 of 8 members") {
		t.Errorf("stderr does not name the limit:\n%s", errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("blocked apply made %d writes, want 0", w)
	}
	// A plan saved with --allow-deletes still needs it when applied.
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--allow-deletes", "--out", planFile); code != 0 {
		t.Fatalf("plan --allow-deletes exit %d\n%s", code, errs)
	}
	code, _, errs = cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 3 || !strings.Contains(errs, "removing 3 of 8 members") {
		t.Errorf("apply --plan of a plan saved with --allow-deletes: exit %d, want 3\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("blocked apply --plan made %d writes, want 0", w)
	}
	code, _, errs = cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve", "--allow-deletes")
	if code != 0 {
		t.Fatalf("apply --plan --allow-deletes exit %d\n%s", code, errs)
	}
	if n := len(findOrg(t, e.Snapshot(), "org_big000001").Members); n != 5 {
		t.Errorf("after apply --allow-deletes: %d members, want 5", n)
	}
}

func TestApplySavedPlan(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(pruneState), emulator.Options{})
	cfg := writeConfig(t, "version: 1\norganizations:\n  - code: org_prune0001\n    name: Renamed\n    members:\n      - {email: u1@acme.com}\n      - {email: u2@acme.com}\n      - {email: u3@acme.com}\n      - {email: u5@acme.com}\n")
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, out, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile); code != 0 {
		t.Fatalf("plan exit %d\n%s\n%s", code, out, errs)
	}
	// Someone changes the org between plan and apply: the plan is stale.
	c, err := kinde.New(kinde.Config{Domain: e.URL, ClientID: "emulator", ClientSecret: "emulator"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddOrganizationUsers(context.Background(), "org_prune0001", []kinde.AddOrganizationUser{{ID: fmt.Sprintf("kp_%032d", 6)}}); err != nil {
		t.Fatal(err)
	}
	writes := e.Stats().Writes
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 1 || !strings.Contains(errs, "saved plan is stale") || !strings.Contains(errs, "organization org_prune0001 changed") {
		t.Fatalf("stale apply: exit %d, stderr:\n%s", code, errs)
	}
	if w := e.Stats().Writes - writes; w != 0 {
		t.Errorf("stale apply made %d writes, want 0", w)
	}
	// Planned again, the saved plan applies, and only with the same files.
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile, "--allow-deletes"); code != 0 {
		t.Fatalf("plan exit %d\n%s", code, errs)
	}
	other := writeConfig(t, "version: 1\norganizations: []\n")
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "-f", other, "--auto-approve"); code != 1 || !strings.Contains(errs, "input files differ") {
		t.Errorf("apply --plan with other files: exit %d, stderr:\n%s", code, errs)
	}
	// An org the files do not manage may change meanwhile: not stale.
	if err := c.UpdateOrganization(context.Background(), "org_default00", &kinde.UpdateOrganizationRequest{Name: ptrTo("Renamed default")}); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "-f", cfg, "--auto-approve"); code != 0 {
		t.Fatalf("apply --plan exit %d\n%s", code, errs)
	}
	if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after apply --plan: exit %d\n%s", code, out)
	}
}

func TestApplyRefusesWithoutTerminalOrApproval(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(""), emulator.Options{})
	cfg := writeConfig(t, createConfig)
	code, _, errs := cli(t, e.URL, "apply", "-f", cfg)
	if code != 1 || !strings.Contains(errs, "--auto-approve") {
		t.Errorf("apply without a terminal: exit %d, stderr:\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("refused apply made %d writes", w)
	}
}

// failingProxy forwards to the emulator but refuses every write on the
// paths of one org, as if Kinde failed for that org only. It answers 400, a
// failure the client does not retry, so the test needs no backoff waits.
func failingProxy(t *testing.T, target, orgCode string, failing *bool) string {
	t.Helper()
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if *failing && r.Method != http.MethodGet && strings.Contains(r.URL.Path, "/"+orgCode) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"errors":[{"code":"INTERNAL","message":"injected failure"}]}`)
			return
		}
		rp.ServeHTTP(w, r)
	})}
	ln := listen(t)
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func TestApplyPartialFailureThenConverges(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(`  - {code: org_ok00000001, name: OK}
  - {code: org_bad0000001, name: Bad}
`), emulator.Options{})
	failing := true
	proxy := failingProxy(t, e.URL, "org_bad0000001", &failing)
	cfg := writeConfig(t, `version: 1
organizations:
  - code: org_ok00000001
    name: OK renamed
    members: [{email: u1@acme.com, roles: [admin]}]
  - code: org_bad0000001
    name: Bad renamed
    members: [{email: u2@acme.com}]
`)
	// The token is the emulator's own: the proxy is not its audience.
	tok := e.Token()
	code, _, errs := cli(t, proxy, "apply", "-f", cfg, "--auto-approve", "--token", tok)
	if code != 1 {
		t.Fatalf("apply with one org failing: exit %d, want 1\n%s", code, errs)
	}
	if !strings.Contains(errs, "FAILED organization[org_bad0000001]") || !strings.Contains(errs, "injected failure") {
		t.Errorf("summary does not name the failed org and its error:\n%s", errs)
	}
	if strings.Contains(errs, tok) {
		t.Error("the token appears in the output")
	}
	if o := findOrg(t, e.Snapshot(), "org_ok00000001"); o.Name != "OK renamed" || len(o.Members) != 1 {
		t.Errorf("the healthy org was not applied: %+v", o)
	}
	failing = false
	if code, _, errs := cli(t, proxy, "apply", "-f", cfg, "--auto-approve", "--token", tok); code != 0 {
		t.Fatalf("re-run: exit %d\n%s", code, errs)
	}
	if code, out, _ := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after the re-run: exit %d\n%s", code, out)
	}
}

// An org created between plan and apply (by another run, or by hand) makes
// the saved plan stale: applying it would create a second org.
func TestApplySavedPlanStaleWhenPlannedOrgAppeared(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(""), emulator.Options{})
	cfg := writeConfig(t, createConfig)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errs := cli(t, e.URL, "plan", "-f", cfg, "--out", planFile); code != 0 {
		t.Fatalf("plan exit %d\n%s", code, errs)
	}
	if code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve"); code != 0 {
		t.Fatalf("apply exit %d\n%s", code, errs)
	}
	code, _, errs := cli(t, e.URL, "apply", "--plan", planFile, "--auto-approve")
	if code != 1 || !strings.Contains(errs, "organization acme, which the plan creates, exists now") {
		t.Errorf("apply of the old plan: exit %d, stderr:\n%s", code, errs)
	}
	n := 0
	for _, o := range e.Snapshot().Organizations {
		if o.ExternalID == "acme" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d orgs with external_id acme, want 1", n)
	}
}

func ptrTo[T any](v T) *T { return &v }
