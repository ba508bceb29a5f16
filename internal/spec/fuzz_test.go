package spec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzLoad: no input makes Load panic, every failure is a list of
// problems, and whatever loads renders to YAML that loads to the same
// model. The seed corpus (the valid and invalid files) runs as a normal
// test; go test -fuzz FuzzLoad ./internal/spec explores further.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(corpus, "*", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(corpus, "*", "*", "*.y*ml"))
	for _, s := range append(seeds, more...) {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.yaml")
		if err := os.WriteFile(in, src, 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := testLoader.Load(in)
		if err != nil {
			var probs Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("Load failed with %T %v, want Problems", err, err)
			}
			return
		}
		out := filepath.Join(dir, "out.yaml")
		b, err := Render(doc, dir)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
		again, err := testLoader.Load(out)
		if err != nil {
			t.Fatalf("the render does not load: %v\n%s", err, b)
		}
		if diff := cmp.Diff(doc, again, canonical); diff != "" {
			t.Fatalf("load(render(doc)) (-want +got):\n%s", diff)
		}
	})
}
