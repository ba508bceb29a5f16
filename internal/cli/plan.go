package cli

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/kindesync/kindesync/internal/render"

	"github.com/kindesync/kindesync/internal/spec"
)

// PlanCmd shows the changes that would make Kinde match the files.
type PlanCmd struct {
	Files            []string `name:"file" short:"f" required:"" sep:"none" placeholder:"FILE" help:"A YAML file, or a directory of them (repeatable)."`
	Out              string   `placeholder:"PLAN.json" help:"Also save the plan, with the fingerprints apply --plan checks."`
	Format           string   `enum:"text,markdown,json" default:"text" help:"Output format: text, markdown or json."`
	DetailedExitcode bool     `help:"Exit 0 with no changes, 2 with changes."`
	SafetyFlags
}

// Run loads, reads, diffs and prints.
func (c *PlanCmd) Run(g *Globals, env *Env) error {
	doc, err := spec.Load(c.Files...)
	if err != nil {
		return reportProblems(env, err)
	}
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	p, err := makePlan(env, s, doc, c.SafetyFlags)
	if err != nil {
		return reportProblems(env, err)
	}
	if err := renderPlan(env.Stdout, p, c.Format, env.colour(env.Stdout)); err != nil {
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
