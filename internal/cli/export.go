package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kindesync/kindesync/internal/live"
	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/spec"
)

// ExportCmd writes live organizations as YAML.
type ExportCmd struct {
	Orgs   []string `name:"org" sep:"none" placeholder:"ORG" help:"Export only this organization, by code, external_id or handle (repeatable)."`
	Output string   `short:"o" placeholder:"FILE" help:"Write to FILE instead of stdout."`
	Force  bool     `help:"Overwrite FILE if it exists."`
	// The catalog and the organizations may live in separate files.
	CatalogOnly bool `help:"Export only the environment catalog (roles, permissions, feature flags, property categories, properties)." xor:"part"`
	OrgsOnly    bool `help:"Export only the organizations." xor:"part"`
}

const exportHeader = `# Exported by kindesync. Write-only settings (is_enforce_mfa,
# is_auto_join_domain_list, is_enable_advanced_orgs, mfa, sessions), members'
# api_scopes, logos and billing are not here: Kinde cannot give them back.
# Add them to manage them.
`

const catalogHeader = `# A feature flag's name, description and allow_override_level, and a
# property's type and category, are not here either: Kinde's API does not
# return them. Add them to send them when a flag's default changes or a
# property is updated.
`

// Run reads every (or each named) org in full and renders it.
func (c *ExportCmd) Run(g *Globals, env *Env) error {
	if c.Output != "" && !c.Force {
		// Before anything is read: an export over hand-edited files loses them.
		if _, err := os.Lstat(c.Output); err == nil {
			return fmt.Errorf("export: %s exists; pass --force to overwrite it", c.Output)
		}
	}
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	doc := &spec.Document{Options: spec.Options{MissingUsers: spec.MissingUsersError}}
	if c.CatalogOnly {
		if len(c.Orgs) > 0 {
			return fmt.Errorf("export: --org and --catalog-only exclude each other")
		}
		e, err := live.ReadEnvParts(env.Ctx, s.client, plan.Parts{Catalog: true, RolePermissions: []string{live.AllRoles}})
		if err != nil {
			return err
		}
		doc.Environment = live.ExportCatalog(&e)
		return c.write(env, doc, catalogHeader)
	}
	prog := newProgress(env, "reading organizations")
	st, err := live.ReadLive(env.Ctx, s.client, &spec.Document{}, live.ReadOptions{All: true, Only: c.Orgs, Progress: prog.callback(), NoCatalog: c.OrgsOnly})
	prog.done()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	doc.Organizations = live.Export(st)
	header := exportHeader
	if !c.OrgsOnly {
		doc.Environment = live.ExportCatalog(&st.Env)
		header += catalogHeader
	}
	return c.write(env, doc, header)
}

func (c *ExportCmd) write(env *Env, doc *spec.Document, header string) error {
	dir := "."
	if c.Output != "" {
		dir = filepath.Dir(c.Output)
	}
	body, err := spec.Render(doc, dir)
	if err != nil {
		return err
	}
	out := append([]byte(header), body...)
	if c.Output == "" {
		_, err = env.Stdout.Write(out)
		return err
	}
	if err := writeFileAtomic(c.Output, out, 0o644); err != nil {
		return err
	}
	what := plural(len(doc.Organizations), "organization")
	if doc.Environment != nil {
		what += " and the catalog"
	}
	fmt.Fprintf(env.Stderr, "exported %s to %s\n", what, c.Output)
	return nil
}
