package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kindesync/kindesync/internal/emulator"
)

// CatalogShape sizes the environment catalog of the catalog benchmark
// (issue 14): the file's environment section lists all of it, equal to
// live state, so a plan reads it and writes nothing.
type CatalogShape struct {
	Roles, PermsPerRole, Permissions, Flags, Properties int
}

// IssueCatalog is the issue's catalog: 200 roles of 20 permissions each,
// 500 permissions, 100 flags, 50 properties.
func IssueCatalog() CatalogShape {
	return CatalogShape{Roles: 200, PermsPerRole: 20, Permissions: 500, Flags: 100, Properties: 50}
}

// The catalog's property categories, one per context.
var catalogContexts = []string{"org", "usr", "app"}

func categoryID(ctx string) string { return hashID("cat_", "category "+ctx, 32) }

// withCatalog grows the seeded catalog of st to c, keeping the roles,
// flags and properties the orgs use: every role gets c.PermsPerRole
// permissions, every property a category.
func withCatalog(st *emulator.State, c CatalogShape) *emulator.State {
	e := &st.Environment
	for i := len(e.Permissions); i < c.Permissions; i++ {
		k := fmt.Sprintf("perm:%03d", i)
		e.Permissions = append(e.Permissions, &emulator.Permission{ID: hashID("perm_", k, 32), Key: k, Name: "Permission " + k})
	}
	for i := len(e.Roles); i < c.Roles; i++ {
		k := fmt.Sprintf("role_%03d", i)
		e.Roles = append(e.Roles, &emulator.Role{ID: hashID("role_", k, 32), Key: k, Name: "Role " + k})
	}
	for i, r := range e.Roles {
		r.Permissions = nil
		for j := range c.PermsPerRole {
			r.Permissions = append(r.Permissions, e.Permissions[(i*7+j)%len(e.Permissions)].Key)
		}
	}
	for f := len(e.FeatureFlags); f < c.Flags; f++ {
		def := map[string]string{emulator.FlagBool: "true", emulator.FlagInt: "3", emulator.FlagString: "x"}[flagType(f)]
		e.FeatureFlags = append(e.FeatureFlags, &emulator.FeatureFlag{Key: flagKey(f), Name: flagKey(f), Type: flagType(f), Default: def})
	}
	for _, ctx := range catalogContexts {
		e.PropertyCategories = append(e.PropertyCategories, &emulator.Category{ID: categoryID(ctx), Name: "Category " + ctx, Context: ctx})
	}
	for i := len(e.Properties); i < c.Properties; i++ {
		k := fmt.Sprintf("kp_prop_%03d", i)
		ctx := catalogContexts[i%len(catalogContexts)]
		e.Properties = append(e.Properties, &emulator.Property{ID: hashID("prop_", k, 32), Key: k, Name: "Property " + k,
			Type: "single_line_text", Context: ctx})
	}
	for _, p := range e.Properties {
		p.CategoryID = categoryID(p.Context)
	}
	return st
}

// writeCatalogFile writes orgsFile with an environment section that
// lists st's catalog exactly, as catalog.yaml beside it.
func writeCatalogFile(orgsFile string, st *emulator.State) (string, error) {
	orgs, err := os.ReadFile(orgsFile)
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(orgsFile), "catalog.yaml")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriter(f)
	e := &st.Environment
	fmt.Fprintln(w, "version: 1\nenvironment:\n  permissions:")
	for _, p := range e.Permissions {
		fmt.Fprintf(w, "    - {key: %q, name: %q}\n", p.Key, p.Name)
	}
	fmt.Fprintln(w, "  roles:")
	for _, r := range e.Roles {
		fmt.Fprintf(w, "    - {key: %q, name: %q, permissions: [%s]}\n", r.Key, r.Name, quoted(r.Permissions))
	}
	fmt.Fprintln(w, "  feature_flags:")
	for _, fl := range e.FeatureFlags {
		def := fl.Default
		if fl.Type == emulator.FlagString {
			def = fmt.Sprintf("%q", def)
		}
		fmt.Fprintf(w, "    - {key: %q, type: %s, default: %s}\n", fl.Key, fl.Type, def)
	}
	fmt.Fprintln(w, "  property_categories:")
	for _, c := range e.PropertyCategories {
		fmt.Fprintf(w, "    - {name: %q, context: %s}\n", c.Name, c.Context)
	}
	fmt.Fprintln(w, "  properties:")
	for _, p := range e.Properties {
		cat := ""
		for _, c := range e.PropertyCategories {
			if c.ID == p.CategoryID {
				cat = c.Name
			}
		}
		fmt.Fprintf(w, "    - {key: %q, name: %q, context: %s, category: %q}\n", p.Key, p.Name, p.Context, cat)
	}
	w.WriteString(strings.TrimPrefix(string(orgs), "version: 1\n"))
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func quoted(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

// MinCatalogReads is what managing the whole catalog adds to a plan's
// reads, from the API's rules: roles and permissions at 500 a page; the
// flags in one call; properties once per context (org, usr, app: the
// list does not say an item's context); categories unfiltered and for org
// and usr (the list takes no app filter and says no context either); and
// each role's permissions, one list per role.
func MinCatalogReads(c CatalogShape) int {
	return pages(c.Roles, pageSize) + pages(c.Permissions, pageSize) + 1 + len(catalogContexts) + 3 +
		c.Roles*pages(c.PermsPerRole, pageSize)
}

// MinCatalogPlanReads is a plan's minimum for the orgs of s and the whole
// catalog c. The org part is MinPlanReads without its catalog lists, which
// the catalog's count covers (connections excepted: orgs name them).
func MinCatalogPlanReads(s Shape, c CatalogShape) int {
	n := MinPlanReads(s) - catalogReads(s) + MinCatalogReads(c)
	if s.Connections > 0 {
		n++
	}
	return n
}

// CatalogPlan plans the orgs of Existing(s) in a tenant with catalog c,
// once with a file that leaves the catalog unmanaged and once with the
// same file managing all of it. Neither plan may have a step.
func CatalogPlan(ctx context.Context, s Shape, c CatalogShape, cfg Config) (orgsOnly, withCat Row, err error) {
	orgsFile, err := WriteExisting(cfg.Dir, s)
	if err != nil {
		return Row{}, Row{}, err
	}
	st := withCatalog(Existing(s), c)
	catFile, err := writeCatalogFile(orgsFile, st)
	if err != nil {
		return Row{}, Row{}, err
	}
	for i, file := range []string{orgsFile, catFile} {
		sess, err := start(withCatalog(Existing(s), c), cfg)
		if err != nil {
			return orgsOnly, withCat, err
		}
		row, err := sess.run(ctx, file, false)
		sess.srv.Close()
		if err == nil && row.Steps != 0 {
			err = fmt.Errorf("%s: the plan has %d steps, want none", filepath.Base(file), row.Steps)
		}
		if i == 0 {
			row.finish("catalog: orgs only", s, MinPlanReads(s), cfg)
			orgsOnly = row
		} else {
			row.finish("catalog: managed", s, MinCatalogPlanReads(s, c), cfg)
			withCat = row
		}
		if err != nil {
			return orgsOnly, withCat, err
		}
	}
	return orgsOnly, withCat, nil
}
