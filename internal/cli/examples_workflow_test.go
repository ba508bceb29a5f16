package cli

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestWorkflowExample keeps the GitHub Actions example well-formed and its
// kindesync command lines parseable by this build's grammar.
func TestWorkflowExample(t *testing.T) {
	b, err := os.ReadFile("examples/github-actions/kindesync.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("workflow is not YAML: %v", err)
	}
	var lines []string
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			for _, l := range strings.Split(st.Run, "\n") {
				l = strings.TrimSpace(l)
				if strings.HasPrefix(l, "kindesync ") {
					lines = append(lines, l)
				}
			}
		}
	}
	if len(lines) < 3 {
		t.Fatalf("found %d kindesync command lines, want plan, validate and apply", len(lines))
	}
	for _, l := range lines {
		// Shell redirections are not kindesync's; drop them before parsing.
		if i := strings.IndexAny(l, ">|"); i >= 0 {
			l = l[:i]
		}
		args := strings.Fields(l)[1:]
		var cli CLI
		parser, err := newParser(&cli, quietEnv())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parser.Parse(args); err != nil {
			t.Errorf("%q does not parse: %v", l, err)
		}
	}
}
