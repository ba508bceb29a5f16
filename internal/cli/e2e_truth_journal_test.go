package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// TestApplyJournalUnwritable: a journal that cannot be written stops the
// apply before its first write, exit 1, whatever the plan holds.
func TestApplyJournalUnwritable(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	e := emulatortest.StartYAML(t, applyState(""), emulator.Options{})
	cfg := writeConfig(t, createConfig)
	code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "--journal", "/dev/full")
	if code != 1 || !strings.Contains(errs, "/dev/full") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("apply --journal /dev/full: exit %d, want 1 naming the journal\n%s", code, errs)
	}
	if w := e.Stats().Writes; w != 0 {
		t.Errorf("%d writes with an unwritable journal, want none", w)
	}
}

// TestApplyJournalStartsFirst: the journal's first line is the start record,
// written before the first begin.
func TestApplyJournalStartsFirst(t *testing.T) {
	e := emulatortest.StartYAML(t, applyState(""), emulator.Options{})
	cfg := writeConfig(t, createConfig)
	journal := filepath.Join(t.TempDir(), "journal.jsonl")
	if code, _, errs := cli(t, e.URL, "apply", "-f", cfg, "--auto-approve", "--journal", journal); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, errs)
	}
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var first, second apply.Record
	if len(lines) < 3 || json.Unmarshal([]byte(lines[0]), &first) != nil || json.Unmarshal([]byte(lines[1]), &second) != nil {
		t.Fatalf("journal:\n%s", data)
	}
	if first.Event != "start" || second.Event != "begin" {
		t.Errorf("journal starts with %q then %q, want start then begin", first.Event, second.Event)
	}
}
