package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// buildKindesync builds the binary into dir, as a user would run it: the
// crash test needs a process it can SIGKILL.
func buildKindesync(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kindesync")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// killer kills the apply running as a child process at a chosen point. The
// emulator calls onWrite for each write it has made, before answering it.
type killer struct {
	mu      sync.Mutex
	proc    *os.Process
	atWrite int           // kill when the emulator's write count reaches this (0: not by count)
	after   time.Duration // else kill this long after the run's first write (-1: never)
	timer   *time.Timer
	killed  bool
}

func (k *killer) onWrite(_ string, n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case k.proc == nil || k.killed:
	case k.atWrite > 0 && n >= k.atWrite:
		// The change is made; the answer is about to be sent to a dead
		// process: the worst moment, as the journal shows no end.
		k.proc.Kill() //nolint:errcheck // it may have exited
		k.killed = true
	case k.atWrite == 0 && k.after >= 0 && k.timer == nil:
		proc := k.proc
		k.timer = time.AfterFunc(k.after, func() {
			k.mu.Lock()
			defer k.mu.Unlock()
			if k.proc == proc {
				proc.Kill() //nolint:errcheck // it may have exited
				k.killed = true
			}
		})
	}
}

// run starts the child, arms the kill, and waits for the child to end.
// It reports whether the child was killed, and its output.
func (k *killer) run(t *testing.T, cmd *exec.Cmd, atWrite int, after time.Duration) (bool, string) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	k.mu.Lock()
	if err := cmd.Start(); err != nil {
		k.mu.Unlock()
		t.Fatal(err)
	}
	k.proc, k.atWrite, k.after, k.timer, k.killed = cmd.Process, atWrite, after, nil, false
	k.mu.Unlock()
	err := cmd.Wait()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.timer != nil {
		k.timer.Stop()
	}
	k.proc = nil
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, out.String()
		}
	}
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, tail(out.String(), 3000))
	}
	return false, out.String()
}

// TestReliabilityCrash SIGKILLs kindesync apply at random points of a large
// apply: half the kills come when the emulator has made a write and not yet
// answered it, half at a random time into a run. The emulator keeps its
// state; apply runs again after each kill. At the end: plan is empty, no org
// exists twice, and the journal accounts for what the emulator holds.
func TestReliabilityCrash(t *testing.T) {
	bin := buildKindesync(t)
	orgs, kills := size(40, 200), size(4, 20)
	k := &killer{}
	e := emulatortest.StartYAML(t, relState(), emulator.Options{
		Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Seed: 11, OnWrite: k.onWrite,
		// A second create would make a second org: the re-run must find
		// the first by itself.
		DuplicateExternalIDs: true,
	})
	body, want := relConfig("crash", orgs, 20, true)
	cfg := writeConfig(t, body)
	journal := filepath.Join(t.TempDir(), "journal.jsonl")
	rng := rand.New(rand.NewPCG(11, 0))
	// A full apply makes about 6 writes per org; spread the count kills
	// over it.
	step := max(1, 6*orgs/kills)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	apply := func() *exec.Cmd {
		return exec.CommandContext(ctx, bin, "apply", "-f", cfg, "--auto-approve", "--journal", journal,
			"--domain", e.URL, "--client-id", "emulator", "--client-secret", "emulator")
	}
	byCount, byTime := 0, 0
	for i := range kills {
		atWrite, after := 0, time.Duration(-1)
		if i%2 == 0 {
			atWrite = e.Stats().Writes + 1 + rng.IntN(step)
		} else {
			after = time.Duration(rng.IntN(30_000)) * time.Microsecond
		}
		killed, out := k.run(t, apply(), atWrite, after)
		if !killed {
			t.Logf("kill %d: apply finished first:\n%s", i+1, tail(out, 300))
			break
		}
		if atWrite > 0 {
			byCount++
		} else {
			byTime++
		}
	}
	if killed, out := k.run(t, apply(), 0, -1); killed || !strings.Contains(out, "0 of") {
		t.Fatalf("the apply after the kills did not succeed:\n%s", tail(out, 3000))
	}
	if code, out, errs := cli(t, e.URL, "plan", "-f", cfg, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after the re-run: exit %d\n%s%s", code, tail(out, 2000), errs)
	}
	st := e.Snapshot()
	if n := countDuplicates(st); n != 0 {
		t.Errorf("%d duplicate orgs", n)
	}
	for _, b := range checkOrgs(st, want) {
		t.Error(b)
	}
	interrupted := checkJournal(t, journal, st)
	if interrupted < byCount {
		t.Errorf("the journal shows %d calls begun and never ended, but %d kills came between a write and its answer", interrupted, byCount)
	}
	t.Logf("%d orgs: %d kills after a write was made (before its answer), %d at a random time; %d journaled calls interrupted; emulator made %d writes",
		orgs, byCount, byTime, interrupted, e.Stats().Writes)
}

var memberAddr = regexp.MustCompile(`\.member\[([^\]]+)\]$`)

// checkJournal checks the journal against the emulator's state and returns
// how many calls it shows begun and never ended. Every line must be whole
// JSON; every org the journal says it created (or found) exists with that
// code; every org the emulator holds was journaled as begun; and every
// member the journal says it added is a member.
func checkJournal(t *testing.T, path string, st *emulator.State) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*emulator.Organization{}
	for _, o := range st.Organizations {
		byCode[o.Code] = o
	}
	open := map[string]*apply.Record{} // last begin per org not yet ended
	begun := map[string]bool{}         // orgs with a create begun
	interrupted := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var r apply.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("journal line %d is not whole JSON (%v): %q", i+1, err, line)
		}
		switch r.Event {
		case "start":
			continue // a run's first line, before any write
		case "begin":
			if open[r.Organization] != nil {
				interrupted++ // the org's next call began: the last one never ended
			}
			open[r.Organization] = &r
			if r.Op == "createOrganization" {
				begun[r.Organization] = true
			}
			continue
		case "end":
			b := open[r.Organization]
			if b == nil || b.Op != r.Op || b.Path != r.Path {
				t.Errorf("journal line %d: an end without its begin: %s", i+1, line)
			}
			delete(open, r.Organization)
		default:
			t.Errorf("journal line %d: event %q", i+1, r.Event)
		}
		if !r.OK || r.Code == "" {
			continue
		}
		if r.Code != "" && byCode[r.Code] == nil {
			t.Errorf("journal line %d: org %s, which the journal says exists, is not in the emulator", i+1, r.Code)
			continue
		}
		o := byCode[r.Code]
		if r.Op == "createOrganization" && o.ExternalID != r.Organization {
			t.Errorf("journal line %d: created %s as %s, but the emulator's %s has external_id %q", i+1, r.Organization, r.Code, r.Code, o.ExternalID)
		}
		if r.Op == "AddOrganizationUsers" {
			checkAdded(t, i+1, r, o, st)
		}
	}
	interrupted += len(open)
	for _, o := range st.Organizations {
		if !o.IsDefault && !begun[o.ExternalID] {
			t.Errorf("the emulator holds %s (%s), whose create the journal never began", o.Code, o.ExternalID)
		}
	}
	return interrupted
}

// checkAdded checks that every member an ok AddOrganizationUsers record
// names is a member of its org.
func checkAdded(t *testing.T, line int, r apply.Record, o *emulator.Organization, st *emulator.State) {
	t.Helper()
	ids := map[string]string{}
	for _, u := range st.Users {
		ids[strings.ToLower(u.Email)] = u.ID
	}
	members := map[string]bool{}
	for _, m := range o.Members {
		members[m.UserID] = true
	}
	for _, s := range r.Steps {
		m := memberAddr.FindStringSubmatch(s)
		if m == nil || !members[ids[strings.ToLower(m[1])]] {
			t.Errorf("journal line %d: %s is journaled as added but is not a member of %s", line, s, o.Code)
		}
	}
}
