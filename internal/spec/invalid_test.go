package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadInvalid loads every file (or directory) in testdata/spec/invalid
// and compares the problems, as a user sees them, with the sibling .want
// file. go test -update rewrites the .want files.
func TestLoadInvalid(t *testing.T) {
	dir := filepath.Join(corpus, "invalid")
	cases := invalidCases(t, dir)
	if len(cases) < 40 {
		t.Errorf("only %d invalid cases, want at least 40", len(cases))
	}
	chdir(t, dir)
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c, ".yaml"), func(t *testing.T) {
			doc, err := testLoader.Load(c)
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Load(%s) = %v, %v; want Problems", c, doc, err)
			}
			if doc != nil {
				t.Errorf("Load(%s) returned a document along with problems", c)
			}
			got := probs.Error() + "\n"
			wantFile := strings.TrimSuffix(c, ".yaml") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Load(%s) problems (-want +got):\n%s", c, diff)
			}
		})
	}
}

// invalidCases lists the cases of dir: *.yaml files and directories.
func invalidCases(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) == ".yaml" {
			cases = append(cases, e.Name())
		}
	}
	return cases
}

// TestProblemsSorted checks that problems from several files come sorted
// by file, line and column, whatever order they were found in.
func TestProblemsSorted(t *testing.T) {
	chdir(t, filepath.Join(corpus, "invalid"))
	_, err := testLoader.Load("duplicate-code.yaml", "colour-bad.yaml", "across-files")
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load = %v, want Problems", err)
	}
	for i := 1; i < len(probs); i++ {
		a, b := probs[i-1].Pos, probs[i].Pos
		if a.File > b.File || a.File == b.File && (a.Line > b.Line || a.Line == b.Line && a.Col > b.Col) {
			t.Errorf("problem %d (%s) comes after %s", i, b, a)
		}
	}
}

func TestLoadNoFiles(t *testing.T) {
	_, err := Load()
	if err == nil || err.Error() != "no input files" {
		t.Errorf("Load() = %v, want no input files", err)
	}
	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"))
	if err == nil || !strings.HasSuffix(err.Error(), "missing.yaml: no such file or directory") {
		t.Errorf("Load(missing) = %v", err)
	}
}

// TestLoadSameFileTwice reads a file named directly and through its
// directory once, rather than calling each of its orgs a duplicate.
func TestLoadSameFileTwice(t *testing.T) {
	chdir(t, filepath.Join(corpus, "valid"))
	doc, err := testLoader.Load("multi/a.yaml", "multi", "./multi/b.yml")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"multi/a.yaml", filepath.Join("multi", "b.yml")}; !cmp.Equal(want, doc.Files) {
		t.Errorf("Files = %q, want %q", doc.Files, want)
	}
}
