package spec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// canonical compares documents regardless of the order Render imposes on
// lists and maps, and of where the files were.
var canonical = cmp.Options{
	ignorePos,
	cmpopts.IgnoreFields(Document{}, "Files", "Interpolated"),
	cmpopts.SortSlices(func(a, b *Organization) bool { return byIdentity(orgIdentity(a), orgIdentity(b)) < 0 }),
	cmpopts.SortSlices(func(a, b *Member) bool { return byIdentity([]string{a.Email, a.ID}, []string{b.Email, b.ID}) < 0 }),
	cmpopts.SortSlices(func(a, b string) bool { return a < b }),
	cmpopts.SortSlices(func(a, b Ref) bool { return a.Value < b.Value }),
	cmpopts.SortSlices(func(a, b FlagOverride) bool { return a.Key < b.Key }),
	cmpopts.SortSlices(func(a, b PropertyValue) bool { return a.Key < b.Key }),
	cmpopts.SortSlices(func(a, b *EnvPermission) bool { return a.Key < b.Key }),
	cmpopts.SortSlices(func(a, b *EnvRole) bool { return a.Key < b.Key }),
	cmpopts.SortSlices(func(a, b *EnvFlag) bool { return a.Key < b.Key }),
	cmpopts.SortSlices(func(a, b *EnvCategory) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *EnvProperty) bool { return a.Key < b.Key }),
}

// TestRenderRoundTrip: load -> render -> load gives the same model, and a
// second render gives the same bytes. The output is written elsewhere, so
// logo paths must be made relative to the new place: one directory up from
// a copy of the input's, as logos may not lie outside the YAML file's
// directory.
func TestRenderRoundTrip(t *testing.T) {
	files := []string{
		filepath.Join(corpus, "valid", "three-state.yaml"),
		filepath.Join(corpus, "valid", "typed.yaml"),
		filepath.Join(corpus, "valid", "normalised.yaml"),
		filepath.Join(corpus, "valid", "interpolation.yaml"),
		filepath.Join(corpus, "valid", "environment.yaml"),
		filepath.Join(corpus, "valid", "anchors.yaml"),
		filepath.Join(corpus, "valid", "multi"),
		filepath.Join("..", "..", "examples", "basic", "kindesync.yaml"),
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tmp := t.TempDir()
			src := filepath.Dir(f)
			if fi, err := os.Stat(f); err == nil && fi.IsDir() {
				src = f
			}
			in := filepath.Join(tmp, "in")
			if err := os.CopyFS(in, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(in, strings.TrimPrefix(f, src))
			want, err := testLoader.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(tmp, "out.yaml")
			first := render(t, want, out)
			got, err := testLoader.Load(out)
			if err != nil {
				t.Fatalf("loading the render: %v\n%s", err, first)
			}
			absLogos(t, want)
			absLogos(t, got)
			if diff := cmp.Diff(want, got, canonical); diff != "" {
				t.Errorf("load(render(doc)) (-want +got):\n%s", diff)
			}
			if second := render(t, got, out); string(second) != string(first) {
				t.Errorf("second render differs:\n%s\nfirst:\n%s", second, first)
			}
		})
	}
}

// absLogos makes logo paths absolute: the same file is named differently
// from the input's directory and from the output's.
func absLogos(t *testing.T, doc *Document) {
	t.Helper()
	for _, o := range doc.Organizations {
		if o.Logos == nil {
			continue
		}
		for _, p := range []*string{&o.Logos.Light, &o.Logos.Dark} {
			if *p != "" {
				abs, err := filepath.Abs(*p)
				if err != nil {
					t.Fatal(err)
				}
				*p = abs
			}
		}
	}
}

func render(t *testing.T, doc *Document, file string) []byte {
	t.Helper()
	b, err := Render(doc, filepath.Dir(file))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRenderGolden shows the canonical form: key order, sorting, quoting
// and the escaping of a literal ${.
func TestRenderGolden(t *testing.T) {
	chdir(t, "../..")
	doc, err := testLoader.Load("examples/basic/kindesync.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Render(doc, "examples/basic")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "spec", "render", "basic.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Render (-want +got):\n%s", diff)
	}
}

// TestRenderHandBuilt renders a document that export might build: options
// that differ from the defaults, an org without code, and values that need
// quoting to keep their type.
func TestRenderHandBuilt(t *testing.T) {
	doc := &Document{
		Options: Options{DeleteUnlistedOrganizations: true, MissingUsers: MissingUsersCreate},
		Organizations: []*Organization{
			{Handle: ptr("zeta")},
			{ExternalID: ptr("beta"), Name: ptr("true"), FeatureFlags: []FlagOverride{
				{Key: "s", Value: FlagValue{Type: FlagString, String: "50"}},
				{Key: "b", Value: FlagValue{Type: FlagBool, Bool: true}},
			}, Properties: []PropertyValue{{Key: "p", Value: "${HOME}"}}},
			{Code: "org_b", Members: []*Member{{ID: "kp_1"}, {Email: "b@x.com"}, {Email: "a@x.com", Roles: []string{"z", "a"}}}},
			{Code: "org_a", Members: []*Member{}},
		},
	}
	got, err := Render(doc, "")
	if err != nil {
		t.Fatal(err)
	}
	want := `version: 1
options:
  delete_unlisted_organizations: true
  missing_users: create
organizations:
  - code: org_a
    members: []
  - code: org_b
    members:
      - email: a@x.com
        roles: [a, z]
      - email: b@x.com
      - id: kp_1
  - external_id: beta
    name: "true"
    feature_flags:
      b: true
      s: "50"
    properties:
      p: $${HOME}
  - handle: zeta
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Render (-want +got):\n%s", diff)
	}
}
