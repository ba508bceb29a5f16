package cli

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExamples plans every example against its live.yaml as a user would
// (kindesync plan -f examples/NAME/kindesync.yaml --emulator ...), compares
// the plan with examples/NAME/plan.golden (-update rewrites it), then
// applies it, and checks that plan shows no changes afterwards, nor for the
// export of the result. live.yaml is copied first: examples stay untouched.
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob("examples/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		config, live := filepath.Join(dir, "kindesync.yaml"), filepath.Join(dir, "live.yaml")
		if !isFile(config) || !isFile(live) {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			before := treeHashes(t, dir)
			state := tempCopy(t, live)
			code, out, errs := kindesync(t, "plan", "-f", config, "--emulator", state)
			if code != 0 {
				t.Fatalf("plan exited %d:\n%s", code, errs)
			}
			if errs != "" {
				t.Errorf("plan wrote to stderr:\n%s", errs)
			}
			checkGolden(t, filepath.Join(dir, "plan.golden"), out)

			code, js, errs := kindesync(t, "plan", "-f", config, "--emulator", state, "--format", "json")
			if code != 0 {
				t.Fatalf("plan --format json exited %d:\n%s", code, errs)
			}
			p := checkJSONPlan(t, js)
			calls := p.Summary.APICalls
			if len(p.Steps) == 0 {
				calls = -1
			}
			checkConverges(t, config, state, calls, nil)

			if diff := cmp.Diff(before, treeHashes(t, dir)); diff != "" && !updatingGoldens() {
				t.Errorf("the test changed files of %s (-before +after):\n%s", dir, diff)
			}
		})
	}
	if n == 0 {
		t.Fatal("no examples/*/ with kindesync.yaml and live.yaml")
	}
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// treeHashes maps each file under dir to the SHA-256 of its content.
func treeHashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
