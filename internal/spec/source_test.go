package spec_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kindesync/kindesync/internal/spec"
)

// manyFiles writes twelve files of orgs, with problems in several of them
// (a bad field in a kept entry, a code used in two files, a file that is
// not YAML), and returns the directory.
func manyFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for f := range 12 {
		var b strings.Builder
		b.WriteString("version: 1\norganizations:\n")
		for o := range 5 {
			fmt.Fprintf(&b, "  - code: org_%02d%09d\n    name: Org %d.%d\n    members:\n      - email: m%d@example.com\n", f, o, f, o, o)
		}
		switch f {
		case 3:
			b.WriteString("  - code: org_kept00000\n    name: Kept\n    link_color: blue\n")
		case 5, 9:
			b.WriteString("  - code: org_0000000001\n    name: Twice\n") // also in file 0
		case 7:
			b.WriteString("  - code: [not, a, scalar\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("orgs-%02d.yaml", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadParallelOrder: a load of many files in parallel, whole, cut
// down by Keep or an entry at a time, gives the document and the problems,
// in order, that loading them one at a time gives, whichever file is done
// first.
func TestLoadParallelOrder(t *testing.T) {
	keep := func(code, _, _ string) bool { return code == "org_kept00000" || strings.HasSuffix(code, "2") }
	for _, k := range []func(string, string, string) bool{nil, keep} {
		dir := manyFiles(t)
		load := func(procs int) (*spec.Document, string) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			doc, err := (&spec.Loader{Keep: k}).Load(dir)
			if err == nil {
				return doc, ""
			}
			return doc, err.Error()
		}
		_, wantErr := load(1)
		for _, want := range []string{"orgs-03.yaml:", "orgs-05.yaml:", "orgs-07.yaml:", "orgs-09.yaml:"} {
			if !strings.Contains(wantErr, want) {
				t.Fatalf("keep %v: the problems name no %s:\n%s", k != nil, want, wantErr)
			}
		}
		for range 5 {
			if _, gotErr := load(4); gotErr != wantErr {
				t.Fatalf("keep %v: problems (-one at a time +parallel):\n%s", k != nil, cmp.Diff(wantErr, gotErr))
			}
		}
		// Without the problems, the same document.
		for _, f := range []string{"orgs-03.yaml", "orgs-05.yaml", "orgs-07.yaml", "orgs-09.yaml"} {
			if err := os.Remove(filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
		}
		want, err := load(1)
		if err != "" {
			t.Fatal(err)
		}
		for range 5 {
			if got, _ := load(4); !cmp.Equal(want, got) {
				t.Fatalf("keep %v: document (-one at a time +parallel):\n%s", k != nil, cmp.Diff(want, got))
			}
		}
	}
}

// TestLoadSources: files passed in Loader.Sources are not read again (the
// Source's content is what loads), and load as the same files read from
// disk do, with and without Keep.
func TestLoadSources(t *testing.T) {
	dir := manyFiles(t)
	files, err := spec.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := func(code, _, _ string) bool { return strings.HasSuffix(code, "2") }
	for _, k := range []func(string, string, string) bool{nil, keep} {
		wantDoc, wantErr := (&spec.Loader{Keep: k}).Load(dir)
		sources := map[string]*spec.Source{}
		for i, f := range files {
			s, err := spec.ReadSource(f)
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				s.Entries() // split before the load, as --changed-from does
			}
			sources[f] = s
		}
		gotDoc, gotErr := (&spec.Loader{Keep: k, Sources: sources}).Load(dir)
		if diff := cmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(gotErr)); diff != "" {
			t.Errorf("keep %v: problems (-from disk +from Sources):\n%s", k != nil, diff)
		}
		if diff := cmp.Diff(wantDoc, gotDoc); diff != "" {
			t.Errorf("keep %v: document (-from disk +from Sources):\n%s", k != nil, diff)
		}
	}
	// What loads is the Source's text, not the file's.
	first := files[0]
	sources := map[string]*spec.Source{first: {Name: first, Text: []byte("version: 1\norganizations:\n  - code: org_from_source\n")}}
	doc, _ := (&spec.Loader{Keep: keep, Sources: sources}).Load(first)
	if doc == nil || len(doc.Organizations) != 1 || doc.Organizations[0].Code != "org_from_source" {
		t.Errorf("the Source was not what loaded: %+v", doc)
	}
}

// TestReadSource: a file that cannot be read is a problem that names it,
// as Load reports it.
func TestReadSource(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	_, err := spec.ReadSource(missing)
	if err == nil || err.Error() != missing+": no such file or directory" {
		t.Errorf("ReadSource: %v", err)
	}
	if _, lerr := spec.Load(missing); lerr == nil || lerr.Error() != err.Error() {
		t.Errorf("Load says %v, ReadSource %v", lerr, err)
	}
}
