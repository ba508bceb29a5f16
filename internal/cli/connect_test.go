package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A request field Kinde does not know, sent to the in-process emulator, is
// reported when the session closes, so that the e2e helper fails the test.
func TestSessionReportsUnknownFields(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.yaml")
	if err := os.WriteFile(state, []byte("version: 1\norganizations:\n  - {code: org_1ccfb819462, is_default: true, name: Default}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s, err := (&Globals{Emulator: state}).connect(&Env{Ctx: context.Background(), Stdout: io.Discard, Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"name": "Default", "colour": "red"}
	if err := s.client.Call(t.Context(), "updateOrganization", "PATCH", "/api/v1/organization/org_1ccfb819462", nil, body, nil); err != nil {
		t.Fatal(err)
	}
	s.close()
	if got := stderr.String(); !strings.Contains(got, unknownFieldsWarning+": updateOrganization colour\n") {
		t.Errorf("stderr %q does not report the unknown field", got)
	}
}
