package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
)

// signalWriter is a stderr that closes seen once the text it waits for has
// been written.
type signalWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return n, err
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// runEnv runs kindesync with stderr going to w.
func runEnv(ctx context.Context, w *signalWriter, args ...string) (int, string) {
	var out bytes.Buffer
	env := &Env{Ctx: ctx, Stdout: &out, Stderr: w, Stdin: strings.NewReader("")}
	return run(env, args), out.String()
}

func orgNames(t *testing.T, state string) map[string]bool {
	t.Helper()
	st, err := emulator.LoadState(state)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, o := range st.Organizations {
		out[o.Name] = true
	}
	return out
}

// TestEmulatorStateLockWaits: a command on an --emulator state file that
// another command holds waits for it, says so, and then works from the
// state the other one saved.
func TestEmulatorStateLockWaits(t *testing.T) {
	state := writeConfig(t, applyState(""))
	first := writeConfig(t, "version: 1\norganizations:\n  - {external_id: first, name: First}\n")
	second := writeConfig(t, "version: 1\norganizations:\n  - {external_id: second, name: Second}\n")
	// The test holds the lock, as a first command between load and save.
	release, err := lockState(context.Background(), state, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	w := &signalWriter{want: "in use by another kindesync command", seen: make(chan struct{})}
	seen := w.seen
	done := make(chan int)
	go func() {
		code, _ := runEnv(context.Background(), w, "apply", "-f", second, "--emulator", state, "--auto-approve")
		done <- code
	}()
	select {
	case <-seen: // the second command is waiting
	case code := <-done:
		release()
		t.Fatalf("the second apply ran while the lock was held: exit %d\n%s", code, w.String())
	}
	// The holder writes what it wrote, as the first apply would, and lets go.
	if code, _, errs := kindesyncUnlocked(t, release, "apply", "-f", first, "--emulator", state, "--auto-approve"); code != 0 {
		t.Fatalf("first apply: exit %d\n%s", code, errs)
	}
	if code := <-done; code != 0 {
		t.Fatalf("second apply: exit %d\n%s", code, w.String())
	}
	if got := orgNames(t, state); !got["First"] || !got["Second"] {
		t.Errorf("orgs after both applies: %v, want First and Second", got)
	}
}

// kindesyncUnlocked releases the test's lock and runs a command, which then
// races the waiting one for the lock: whichever wins, neither may lose the
// other's writes.
func kindesyncUnlocked(t *testing.T, release func(), args ...string) (int, string, string) {
	t.Helper()
	release()
	return kindesync(t, args...)
}

// TestEmulatorStateConcurrentApplies: two applies on one state file at once
// both land.
func TestEmulatorStateConcurrentApplies(t *testing.T) {
	state := writeConfig(t, applyState(""))
	var wg sync.WaitGroup
	names := []string{"Alpha", "Beta", "Gamma"}
	codes, errs := make([]int, len(names)), make([]string, len(names))
	for i, n := range names {
		cfg := writeConfig(t, "version: 1\norganizations:\n  - {external_id: "+strings.ToLower(n)+", name: "+n+", members: [{email: u1@acme.com}]}\n")
		wg.Go(func() {
			codes[i], _, errs[i] = kindesync(t, "apply", "-f", cfg, "--emulator", state, "--auto-approve")
		})
	}
	wg.Wait()
	for i := range names {
		if codes[i] != 0 {
			t.Errorf("apply %s: exit %d\n%s", names[i], codes[i], errs[i])
		}
	}
	got := orgNames(t, state)
	for _, n := range names {
		if !got[n] {
			t.Errorf("org %s lost: the state holds %v", n, got)
		}
	}
}
