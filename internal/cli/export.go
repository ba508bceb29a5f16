package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kindesync/kindesync/internal/live"

	"github.com/kindesync/kindesync/internal/spec"
)

// ExportCmd writes live organizations as YAML.
type ExportCmd struct {
	Orgs   []string `name:"org" sep:"none" placeholder:"ORG" help:"Export only this organization, by code, external_id or handle (repeatable)."`
	Output string   `short:"o" placeholder:"FILE" help:"Write to FILE instead of stdout."`
	Force  bool     `help:"Overwrite FILE if it exists."`
}

const exportHeader = `# Exported by kindesync. Write-only settings (is_enforce_mfa,
# is_auto_join_domain_list, is_enable_advanced_orgs, mfa, sessions), members'
# api_scopes, logos and billing are not here: Kinde cannot give them back.
# Add them to manage them.
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
	prog := newProgress(env, "reading organizations")
	st, err := live.ReadLive(env.Ctx, s.client, &spec.Document{}, live.ReadOptions{All: true, Only: c.Orgs, Progress: prog.callback()})
	prog.done()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	dir := "."
	if c.Output != "" {
		dir = filepath.Dir(c.Output)
	}
	doc := &spec.Document{Options: spec.Options{MissingUsers: spec.MissingUsersError}, Organizations: live.Export(st)}
	body, err := spec.Render(doc, dir)
	if err != nil {
		return err
	}
	out := append([]byte(exportHeader), body...)
	if c.Output == "" {
		_, err = env.Stdout.Write(out)
		return err
	}
	if err := writeFileAtomic(c.Output, out, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported %s to %s\n", plural(len(doc.Organizations), "organization"), c.Output)
	return nil
}
