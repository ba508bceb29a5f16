package cli

import (
	"fmt"
	"os"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/render"
)

// ShowCmd renders a saved plan without talking to Kinde.
type ShowCmd struct {
	Plan   string `arg:"" placeholder:"PLAN.json" help:"A plan saved by plan --out."`
	Format string `enum:"text,markdown,json" default:"text" help:"Output format: text, markdown or json."`
}

func (c *ShowCmd) Help() string {
	return `Examples:
  kindesync show plan.json
  kindesync show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"`
}

// Run reads the plan and renders it.
func (c *ShowCmd) Run(env *Env) error {
	f, err := os.Open(c.Plan)
	if err != nil {
		return err
	}
	p, err := render.ReadJSON(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("reading saved plan %s: %w", c.Plan, err)
	}
	if p.FormatVersion != plan.FormatVersion {
		return fmt.Errorf("saved plan %s has format_version %d; this kindesync reads %d", c.Plan, p.FormatVersion, plan.FormatVersion)
	}
	return renderPlan(env.Stdout, p, c.Format, env.colour(env.Stdout), markdownContext(env, nil, nil))
}
