package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestOperationsDoc holds docs/operations.md to the spec: every operation
// tagged Organizations has one row, the count says how many rows are
// reached, and each reached operationId is sent by kindesync's code.
func TestOperationsDoc(t *testing.T) {
	raw, err := os.ReadFile("internal/contract/kinde-management-api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, methods := range spec.Paths {
		for method, n := range methods {
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) {
				continue // parameters shared by a path's operations
			}
			var op struct {
				OperationID string   `yaml:"operationId"`
				Tags        []string `yaml:"tags"`
			}
			if err := n.Decode(&op); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(op.Tags, "Organizations") {
				ops = append(ops, op.OperationID)
			}
		}
	}
	slices.Sort(ops)
	doc, err := os.ReadFile("docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\| (\w+) \| (yes|no) \| (.+) \|$`).FindAllStringSubmatch(string(doc), -1) {
		if _, dup := rows[m[1]]; dup {
			t.Errorf("docs/operations.md names %s twice", m[1])
		}
		rows[m[1]] = m[2]
	}
	reached := 0
	for _, op := range ops {
		switch rows[op] {
		case "":
			t.Errorf("docs/operations.md has no row for %s", op)
		case "yes":
			reached++
			if !sentByCode(t, op) {
				t.Errorf("docs/operations.md says %s is reached, but no source file of kindesync names it", op)
			}
		}
		delete(rows, op)
	}
	for op := range rows {
		t.Errorf("docs/operations.md names %s, which is not an Organizations operation of the spec", op)
	}
	want := "**" + strconv.Itoa(reached) + " of " + strconv.Itoa(len(ops)) + " organization operations reachable.**"
	if !strings.Contains(string(doc), want) {
		t.Errorf("docs/operations.md does not say %q", want)
	}
}

// sentByCode reports whether a non-test Go file of the client, the planner,
// apply, live or the CLI names op as a string: how each names the
// operation it sends.
func sentByCode(t *testing.T, op string) bool {
	t.Helper()
	for _, dir := range []string{"internal/kinde", "internal/plan", "internal/apply", "internal/live", "internal/cli"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), `"`+op+`"`) {
				return true
			}
		}
	}
	return false
}
