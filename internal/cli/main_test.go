package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs the tests from the repository root, where the examples,
// testdata and schema they read live, so that paths in golden output read
// as a user would type them.
func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
