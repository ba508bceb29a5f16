package cli

import (
	"strings"
	"testing"
)

// TestHelp checks the shape of the help: each command's own flags before
// the connection group, which offline commands leave out; examples; bare
// kindesync and `help CMD` print the usage and exit 0.
func TestHelp(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     []string // in this order
		wantNone []string
	}{
		{"bare", nil, []string{"Usage: kindesync <command>", "Commands:", "plan", "Connection flags", "Global flags:"}, nil},
		{"plan", []string{"plan", "--help"}, []string{"Usage: kindesync plan", "Examples:", "--out=PLAN.json", "--detailed-exitcode", "Connection flags", "--domain", "Global flags:", "--no-color"}, nil},
		{"help plan", []string{"help", "plan"}, []string{"Usage: kindesync plan", "--out=PLAN.json", "Connection flags"}, nil},
		{"apply", []string{"apply", "-h"}, []string{"--plan=PLAN.json", "--auto-approve", "Connection flags", "--client-secret"}, nil},
		{"export", []string{"help", "export"}, []string{"--output=FILE", "--force", "Connection flags"}, nil},
		{"schema", []string{"schema", "--help"}, []string{"Usage: kindesync schema", "kindesync schema >"}, []string{"Connection flags", "--domain"}},
		{"version", []string{"help", "version"}, []string{"--format"}, []string{"Connection flags", "--emulator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := kindesync(t, tt.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("help lacks %q after the previous items:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.wantNone {
				if strings.Contains(out, w) {
					t.Errorf("help shows %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestHelpAfterOffline checks that hiding the connection flags for schema's
// help does not hide them for the next parse in the same process.
func TestHelpAfterOffline(t *testing.T) {
	kindesync(t, "schema", "--help")
	if _, out, _ := kindesync(t, "plan", "--help"); !strings.Contains(out, "--domain") {
		t.Errorf("plan --help after schema --help lacks --domain:\n%s", out)
	}
}
