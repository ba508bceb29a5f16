package cli

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// faultOptions are the faults in flight of docs/reliability.md: 5 % 5xx,
// 10 % 429, 2 % dropped connections, jittered latency. Half the 5xx and
// drops of writes come after the change was made, so that the client cannot
// tell whether a create happened.
func faultOptions(seed uint64) emulator.Options {
	o := emulator.Options{
		ErrorRate: 0.05, ThrottleRate: 0.10, DropRate: 0.02,
		Latency: time.Millisecond, Jitter: 4 * time.Millisecond, Seed: seed,
		// A second create of an org then makes a second org, as it might
		// on Kinde: only apply's look-up after a lost answer prevents it.
		DuplicateExternalIDs: true,
		// Even seeds answer a bulk add naming a member with 409, as Kinde's
		// Terraform provider expects; odd ones as the spec documents.
		ConflictOnExistingMember: seed%2 == 0,
		// Whole seconds, as Kinde sends, in the soak; 50ms in CI, so that
		// a throttled request costs milliseconds rather than a second.
		ThrottleReset: 50 * time.Millisecond,
	}
	if *soak {
		o.ThrottleReset = time.Second
	}
	return o
}

// TestReliabilityFaultsInFlight applies a config of new orgs from empty
// against an emulator injecting faults, then plans: the plan must be empty,
// with no org, user or catalog object twice and no member missing. Each org
// has two members that are not Kinde users yet (missing_users: create), each
// shared with a neighbouring org, and uses what the environment section
// creates in the same run (relCatalog: roles and a permission for members,
// flags, properties in new categories), so that a catalog create whose
// answer is lost fails every org unless apply resolves it. One apply must
// converge; if it does not, apply is run
// again (at most maxRuns) to tell a slow convergence from a lost write.
func TestReliabilityFaultsInFlight(t *testing.T) {
	seeds, orgs := size(2, 20), size(30, 200)
	if *soakSeeds > 0 {
		seeds = *soakSeeds
	}
	const members, fresh, maxRuns = 20, 2, 5
	var sum faultTotals
	t.Cleanup(func() { sum.log(t, orgs, members+fresh) }) // after the parallel subtests
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			e := emulatortest.StartYAML(t, relState(), faultOptions(uint64(seed)))
			body, want := relConfigCatalog("rel", orgs, members, fresh)
			cfg := writeConfig(t, body)
			runs, retries, failedGroups := 0, 0, 0
			for code := 1; code != 0; {
				if runs == maxRuns {
					t.Fatalf("apply did not converge in %d runs", maxRuns)
				}
				runs++
				var errs string
				code, _, errs = cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "-v")
				retries += countRetries(errs)
				for _, l := range strings.Split(errs, "\n") {
					if strings.HasPrefix(l, "FAILED ") {
						failedGroups++
						t.Log(l)
					}
				}
				if code != 0 && code != 1 {
					t.Fatalf("apply run %d: exit %d\n%s", runs, code, tail(errs, 3000))
				}
			}
			if runs != 1 {
				t.Errorf("apply needed %d runs, want 1", runs)
			}
			// The plan runs under the same faults. A read gives up after six
			// failures in a row (429s included), about once in a million
			// calls here: that is an error, exit 1, and the plan may run
			// again; changes (exit 2) never pass.
			code, out, errs := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode")
			for n := 1; code == 1 && n < 3; n++ {
				t.Logf("plan after apply failed, run again: %s", tail(errs, 300))
				code, out, errs = cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode")
			}
			if code != 0 {
				t.Errorf("plan after apply: exit %d, want 0 (no changes)\n%s%s", code, tail(out, 2000), tail(errs, 2000))
			}
			st := e.Snapshot()
			if n := countDuplicates(st); n != 0 {
				t.Errorf("%d duplicate orgs", n)
			}
			for _, d := range catalogDuplicates(&st.Environment) {
				t.Errorf("duplicate %s", d)
			}
			for _, b := range checkOrgs(st, want) {
				t.Error(b)
			}
			es := e.Stats()
			sum.add(runs, failedGroups, retries, es, !t.Failed())
			t.Logf("seed %d: %d orgs × %d members (%d new users): %d apply runs (%d failed groups), %d client retries; emulator: %d requests, %d writes, %d 5xx, %d dropped, %d 429",
				seed, orgs, members+fresh, orgs, runs, failedGroups, retries, total(es.Requests), es.Writes, es.Faults-es.Dropped, es.Dropped, es.RateLimited)
		})
	}
}

// faultTotals sums the figures of every seed for docs/reliability.md.
type faultTotals struct {
	mu                                           sync.Mutex
	seeds, passed, failedGroups, retries         int
	requests, writes, errors, dropped, throttled int
	runs                                         map[int]int // seeds by apply runs needed
}

func (f *faultTotals) add(runs, failedGroups, retries int, es emulator.Stats, passed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.runs == nil {
		f.runs = map[int]int{}
	}
	f.seeds++
	if passed {
		f.passed++
	}
	f.runs[runs]++
	f.failedGroups += failedGroups
	f.retries += retries
	f.requests += total(es.Requests)
	f.writes += es.Writes
	f.errors += es.Faults - es.Dropped
	f.dropped += es.Dropped
	f.throttled += es.RateLimited
}

func (f *faultTotals) log(t *testing.T, orgs, members int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Logf("TOTAL faults in flight: %d of %d seeds passed, %d orgs × %d members each; apply runs needed (runs: seeds) %v; "+
		"%d failed groups re-run; %d client retries; emulator: %d requests, %d writes, %d 5xx, %d dropped, %d 429",
		f.passed, f.seeds, orgs, members, f.runs, f.failedGroups, f.retries, f.requests, f.writes, f.errors, f.dropped, f.throttled)
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
