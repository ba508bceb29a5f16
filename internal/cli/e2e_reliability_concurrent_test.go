package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
)

// createBarrier is a proxy in front of the emulator that holds each create
// of an org whose external_id has the prefix until a second create of the
// same org arrives: both runs have then planned it as missing, the race
// that could make it twice.
type createBarrier struct {
	prefix string
	mu     sync.Mutex
	gates  map[string]chan struct{}
	met    int // orgs whose two creates met
}

func (b *createBarrier) hold(ctx context.Context, externalID string) {
	b.mu.Lock()
	g, second := b.gates[externalID]
	if !second {
		g = make(chan struct{})
		b.gates[externalID] = g
	} else {
		close(g)
		b.met++
	}
	b.mu.Unlock()
	if !second {
		select {
		case <-g:
		case <-ctx.Done(): // the other run never came: the test will say so
		}
	}
}

func (b *createBarrier) proxy(t *testing.T, target string) string {
	t.Helper()
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/v1/organization" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var req kinde.CreateOrganizationRequest
			if json.Unmarshal(body, &req) == nil && strings.HasPrefix(req.ExternalID, b.prefix) {
				b.hold(ctx, req.ExternalID)
			}
		}
		rp.ServeHTTP(w, r)
	})}
	ln := listen(t)
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { cancel(); srv.Close() })
	return "http://" + ln.Addr().String()
}

// twoConfigs are two files, each with orgs of its own and the same shared
// orgs (same external_id and members).
func twoConfigs(t *testing.T, own, shared int) (a, b string, want []relOrg) {
	t.Helper()
	sharedBody, sharedOrgs := relConfig("shared", shared, 5, false)
	sharedBody = strings.TrimPrefix(sharedBody, "version: 1\norganizations:\n")
	aBody, aOrgs := relConfig("alpha", own, 5, false)
	bBody, bOrgs := relConfig("beta", own, 5, false)
	want = append(append(append(want, sharedOrgs...), aOrgs...), bOrgs...)
	return writeConfig(t, aBody+sharedBody), writeConfig(t, bBody+sharedBody), want
}

// TestReliabilityConcurrentApplies runs two applies of different files at
// once, both creating the same shared orgs, with each shared create held
// until the other run's create of it arrives. Kinde refuses the second (its
// external_id is taken); apply looks the org up and carries on. No org
// exists twice, both runs succeed, and both files plan empty afterwards.
func TestReliabilityConcurrentApplies(t *testing.T) {
	e := emulatortest.StartYAML(t, relState(), emulator.Options{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Seed: 3})
	a, b, want := twoConfigs(t, 10, 4)
	barrier := &createBarrier{prefix: "shared", gates: map[string]chan struct{}{}}
	proxy := barrier.proxy(t, e.URL)
	tok := e.Token() // the proxy is not the token's audience: pass the emulator's
	var wg sync.WaitGroup
	codes, errs := make([]int, 2), make([]string, 2)
	for i, cfg := range []string{a, b} {
		wg.Go(func() {
			codes[i], _, errs[i] = cli(t, proxy, "apply", "-f", cfg, "--auto-approve", "--token", tok)
		})
	}
	wg.Wait()
	for i := range codes {
		if codes[i] != 0 {
			t.Errorf("apply %d: exit %d\n%s", i+1, codes[i], tail(errs[i], 2000))
		}
	}
	if barrier.met != 4 {
		t.Errorf("the two runs both created %d of the 4 shared orgs, want all: the race was not exercised", barrier.met)
	}
	st := e.Snapshot()
	if n := countDuplicates(st); n != 0 {
		t.Errorf("%d duplicate orgs", n)
	}
	for _, bad := range checkOrgs(st, want) {
		t.Error(bad)
	}
	for _, cfg := range []string{a, b} {
		if code, out, errs := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
			t.Errorf("plan %s after both applies: exit %d\n%s%s", filepath.Base(cfg), code, tail(out, 1000), errs)
		}
	}
}

// TestReliabilityConcurrentSavedPlans saves a plan, lets another run change
// what it was computed from, and checks that the saved plan is refused as
// stale without a write; a plan of an org the other run did not touch
// still applies.
func TestReliabilityConcurrentSavedPlans(t *testing.T) {
	e := emulatortest.StartYAML(t, relState()+`  - {code: org_shared0001, name: Shared, members: [{email: user1@acme.com}]}
  - {code: org_quiet00001, name: Quiet}
`, emulator.Options{})
	mine := writeConfig(t, "version: 1\norganizations:\n  - {code: org_shared0001, name: Mine, members: [{email: user1@acme.com}, {email: user2@acme.com}]}\n")
	// The other run changes only members: a rename would also make the
	// quiet plan stale, as every saved plan fingerprints the whole org list.
	theirs := writeConfig(t, "version: 1\norganizations:\n  - {code: org_shared0001, members: [{email: user1@acme.com}, {email: user3@acme.com}]}\n")
	quiet := writeConfig(t, "version: 1\norganizations:\n  - {code: org_quiet00001, name: Still quiet}\n")
	dir := t.TempDir()
	minePlan, quietPlan := filepath.Join(dir, "mine.json"), filepath.Join(dir, "quiet.json")
	for _, p := range [][2]string{{mine, minePlan}, {quiet, quietPlan}} {
		if code, _, errs := cli(t, e.URL, "plan", "-f", p[0], "--out", p[1]); code != 0 {
			t.Fatalf("plan: exit %d\n%s", code, errs)
		}
	}
	// Another run applies its file between the plan and the apply.
	if code, _, errs := cli(t, e.URL, "apply", "-f", theirs, "--auto-approve"); code != 0 {
		t.Fatalf("the other apply: exit %d\n%s", code, errs)
	}
	before := e.Stats().Writes
	code, _, errs := cli(t, e.URL, "apply", "--plan", minePlan, "--auto-approve")
	if code != 1 || !strings.Contains(errs, "saved plan is stale") || !strings.Contains(errs, "org_shared0001") {
		t.Errorf("apply of the stale plan: exit %d, want 1 naming the changed org\n%s", code, errs)
	}
	if w := e.Stats().Writes - before; w != 0 {
		t.Errorf("the refused plan made %d writes", w)
	}
	if o := findOrg(t, e.Snapshot(), "org_shared0001"); o.Name != "Shared" || len(o.Members) != 2 || o.Members[1].UserID != relUserID(2) {
		t.Errorf("org_shared0001 after the refused plan: %q with %d members, want the other run's result", o.Name, len(o.Members))
	}
	if code, _, errs := cli(t, e.URL, "apply", "--plan", quietPlan, "--auto-approve"); code != 0 {
		t.Errorf("apply of the plan nothing changed under: exit %d\n%s", code, errs)
	}
	if o := findOrg(t, e.Snapshot(), "org_quiet00001"); o.Name != "Still quiet" {
		t.Errorf("org_quiet00001 is named %q, want Still quiet", o.Name)
	}
}
