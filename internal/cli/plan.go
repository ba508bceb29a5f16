package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/render"

	"github.com/kindesync/kindesync/internal/spec"
)

// PlanCmd shows the changes that would make Kinde match the files.
type PlanCmd struct {
	Files            []string `name:"file" short:"f" required:"" sep:"none" placeholder:"FILE" help:"A YAML file, or a directory of them (repeatable)."`
	Out              string   `placeholder:"PLAN.json" help:"Also save the plan, with the fingerprints apply --plan checks."`
	Format           string   `enum:"text,markdown,json" default:"text" help:"Output format: text, markdown or json."`
	DetailedExitcode bool     `help:"Exit 0 with no changes, 2 with changes."`
	ChangedFrom      string   `name:"changed-from" placeholder:"REF" help:"Plan only the organizations whose entries differ from the files at git revision REF (all of them when options or the catalog changed)."`
	SafetyFlags
	SelectFlags
}

// Run loads, reads, diffs and prints.
func (c *PlanCmd) Run(g *Globals, env *Env) error {
	if err := plan.CheckFraction(c.MaxDeleteFraction); err != nil {
		return err
	}
	sel, err := c.selection()
	if err != nil {
		return err
	}
	var read map[string]*spec.Source
	if c.ChangedFrom != "" {
		files, err := spec.Files(c.Files...)
		if err != nil {
			return reportProblems(env, err)
		}
		if sel, read, err = c.changedSelection(env, files, sel); err != nil {
			return reportProblems(env, err)
		}
	}
	doc, err := loadSelected(c.Files, sel, read)
	if err != nil {
		return reportProblems(env, err)
	}
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	p, err := makePlan(env, s, doc, c.SafetyFlags, sel)
	if err != nil {
		return reportProblems(env, err)
	}
	if err := renderPlan(env.Stdout, p, c.Format, env.colour(env.Stdout), markdownContext(env, g, s.orgNames)); err != nil {
		return err
	}
	if !p.HasChanges() {
		// A plan without steps shows only that; its notes go with the
		// warnings.
		for _, n := range p.Notes {
			fmt.Fprintln(env.Stderr, "note: "+n)
		}
	}
	if c.Out != "" {
		var buf bytes.Buffer
		if err := render.RenderJSON(&buf, p); err != nil {
			return err
		}
		if err := writeFileAtomic(c.Out, buf.Bytes(), 0o600); err != nil {
			return err
		}
	}
	if len(p.Blocked) > 0 {
		return blockedError(p)
	}
	if c.DetailedExitcode && p.HasChanges() {
		return &exitError{code: exitChanges, err: errors.New("")}
	}
	return nil
}

// changedSelection adds to --org's selection the orgs --changed-from
// finds, and says on stderr which and why. Every org changed means a full
// plan: nil. read holds the files as changedFrom read them, for the load.
func (c *PlanCmd) changedSelection(env *Env, files []string, sel *plan.Selection) (_ *plan.Selection, read map[string]*spec.Source, err error) {
	changed, why, read, err := changedFrom(env.Ctx, c.ChangedFrom, c.Files, files)
	if err != nil {
		return nil, nil, err
	}
	if changed == nil {
		// A full load reads the files again rather than hold all their
		// texts as well as each file's tree in turn.
		fmt.Fprintf(env.Stderr, "--changed-from %s: %s\n", render.Visible(c.ChangedFrom), render.Visible(strings.Join(why, "; ")))
		return nil, nil, nil
	}
	fmt.Fprintf(env.Stderr, "--changed-from %s: %s selected\n", render.Visible(c.ChangedFrom), plural(len(why), "organization"))
	for _, w := range why {
		fmt.Fprintf(env.Stderr, "  %s\n", render.Visible(w)) // identities and paths come from the files
	}
	if sel != nil {
		changed.Patterns = append(append([]string(nil), sel.Patterns...), changed.Patterns...)
	}
	return changed, read, nil
}
