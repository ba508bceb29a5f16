package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kindesync/kindesync/internal/live"
	"github.com/kindesync/kindesync/internal/render"

	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// ApplyCmd makes Kinde match the files, or carries out a saved plan.
type ApplyCmd struct {
	Files       []string `name:"file" short:"f" sep:"none" placeholder:"FILE" help:"A YAML file, or a directory of them (repeatable)."`
	Plan        string   `placeholder:"PLAN.json" help:"Carry out a plan saved by plan --out, after checking it is not stale."`
	AutoApprove bool     `help:"Do not ask for confirmation."`
	Journal     string   `placeholder:"FILE" help:"Append a JSON line before and after every write to FILE."`
	SafetyFlags
	SelectFlags
}

// Run plans (or loads a saved plan), confirms, applies and summarises.
func (c *ApplyCmd) Run(g *Globals, env *Env) error {
	if c.Plan == "" && len(c.Files) == 0 {
		return errors.New("apply needs -f FILE (plan and apply) or --plan PLAN.json (a saved plan)")
	}
	if err := plan.CheckFraction(c.MaxDeleteFraction); err != nil {
		return err
	}
	if c.Plan != "" && len(c.Org) > 0 {
		return errors.New("apply --plan carries out the selection the plan was made with; --org goes with plan (or with apply -f)")
	}
	sel, err := c.selection()
	if err != nil {
		return err
	}
	var doc *spec.Document
	if len(c.Files) > 0 {
		var err error
		if doc, err = loadSelected(c.Files, sel, nil); err != nil {
			return reportProblems(env, err)
		}
	}
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	var p *plan.Plan
	if c.Plan != "" {
		if p, err = c.savedPlan(env, s, doc); err != nil {
			return err
		}
	} else {
		if p, err = makePlan(env, s, doc, c.SafetyFlags, sel); err != nil {
			return reportProblems(env, err)
		}
		if err := render.RenderText(env.Stdout, p, env.colour(env.Stdout)); err != nil {
			return err
		}
	}
	if len(p.Blocked) > 0 && !c.AllowDeletes {
		return blockedError(p)
	}
	if !p.HasChanges() {
		if c.Plan != "" {
			fmt.Fprintln(env.Stdout, "No changes. Kinde matches the configuration.")
		}
		for _, n := range p.Notes {
			fmt.Fprintln(env.Stderr, "note: "+n) // as plan does: a plan without steps shows only that
		}
		return nil
	}
	if !c.AutoApprove {
		if err := confirm(env); err != nil {
			return err
		}
	}
	return c.execute(env, s, p)
}

// savedPlan reads a plan file and refuses it when what it was computed from
// has changed (DESIGN §4). The file is untrusted data: its steps are
// checked, and its summary and safety limits are recomputed from the steps
// and from what is re-read now, never taken from the file.
func (c *ApplyCmd) savedPlan(env *Env, s *session, doc *spec.Document) (*plan.Plan, error) {
	f, err := os.Open(c.Plan)
	if err != nil {
		return nil, err
	}
	p, err := render.ReadJSON(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("reading saved plan %s:%w; nothing was written", c.Plan, err)
	}
	if out := p.Outside(); len(out) > 0 {
		return nil, fmt.Errorf("saved plan %s has steps for %s outside its selection; nothing was written:\n  %s",
			c.Plan, plural(len(out), "organization"), strings.Join(out, "\n  "))
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("refusing saved plan %s: %w; nothing was written", c.Plan, err)
	}
	if doc != nil {
		h, err := inputHash(doc.Files)
		if err != nil {
			return nil, err
		}
		if h != p.InputHash {
			return nil, errors.New("saved plan is stale: the input files differ from those it was planned from; run plan again")
		}
	}
	if changed, err := staleLogos(p); err != nil || len(changed) > 0 {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("saved plan is stale: %s changed since it was planned; nothing was written, run plan again:\n  %s",
			plural(len(changed), "logo file"), strings.Join(changed, "\n  "))
	}
	changed, reread, err := live.Stale(env.Ctx, s.client, p)
	if err != nil {
		return nil, fmt.Errorf("checking the saved plan: %w", err)
	}
	if len(changed) > 0 {
		return nil, fmt.Errorf("saved plan is stale: %s changed since it was planned; nothing was written, run plan again:\n  %s",
			plural(len(changed), "object"), strings.Join(changed, "\n  "))
	}
	p.Summarize()
	// The limits hold at apply time, whatever the plan was saved with: a
	// plan made with --allow-deletes needs --allow-deletes to be applied,
	// and the fraction is the stricter of apply's and the plan's own.
	frac := c.MaxDeleteFraction
	if p.MaxDeleteFraction != nil && *p.MaxDeleteFraction < frac {
		frac = *p.MaxDeleteFraction
	}
	p.Blocked = nil
	if !c.AllowDeletes {
		p.Blocked = plan.Safety(p.Steps, reread, frac)
		if !c.AllowSuspend {
			p.Blocked = append(p.Blocked, plan.Suspensions(p.Steps)...)
		}
		p.Blocked = append(p.Blocked, plan.SSORemovals(p.Steps)...)
	}
	fmt.Fprintf(env.Stderr, "saved plan %s is current: %s\n", c.Plan, render.SummaryLine(p))
	return p, nil
}

// confirm asks on a terminal; without one, apply needs --auto-approve.
func confirm(env *Env) error {
	f, ok := env.Stdin.(*os.File)
	if !ok || !isTerminalFile(f) {
		return errors.New("not a terminal, so apply cannot ask for confirmation: pass --auto-approve to apply unattended")
	}
	fmt.Fprint(env.Stderr, "\nApply these changes? Only 'yes' is accepted: ")
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return &exitError{code: exitError1, err: errors.New("apply cancelled; nothing was written")}
	}
	return nil
}

func (c *ApplyCmd) execute(env *Env, s *session, p *plan.Plan) error {
	opt := apply.Options{ReadFile: os.ReadFile}
	if c.Journal != "" {
		jf, err := os.OpenFile(c.Journal, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return err
		}
		defer jf.Close()
		opt.Journal = apply.NewJournal(jf)
		if err := opt.Journal.Start(); err != nil {
			return fmt.Errorf("%s: %w; nothing was written", c.Journal, err)
		}
	}
	prog := newProgress(env, "applying: calls")
	opt.Progress = prog.callback()
	res, runErr := apply.Run(env.Ctx, s.client, p, opt)
	prog.done()
	saveErr := s.save() // whatever was written must reach the state file
	if res != nil {
		printSummary(env, res)
	}
	if runErr != nil {
		return runErr
	}
	if saveErr != nil {
		return saveErr
	}
	if n := res.Failed(); n > 0 {
		return &exitError{code: exitError1, err: fmt.Errorf("%s of %d failed; what is listed as done was written, and running apply again converges",
			plural(n, "group"), len(res.Groups))}
	}
	return nil
}

func printSummary(env *Env, res *apply.Result) {
	done, untouched := 0, 0
	for _, g := range res.Groups {
		done += g.Done
		if isUntouched(g) {
			untouched++ // interrupted before its first call: one line for all of them
			continue
		}
		name := "environment"
		if g.Organization != "" {
			name = plan.Address(g.Organization)
			if g.Code != "" && g.Code != g.Organization {
				name += " (" + g.Code + ")"
			}
		}
		switch {
		case g.Err != nil && errors.Is(g.Err, context.Canceled):
			fmt.Fprintf(env.Stderr, "INTERRUPTED %s: %d done, %d not done\n", name, g.Done, g.Failed+g.Skipped)
		case g.Err != nil:
			fmt.Fprintf(env.Stderr, "FAILED %s: %d done, %d failed, %d skipped: %v\n", name, g.Done, g.Failed, g.Skipped, g.Err)
		}
	}
	if untouched > 0 {
		fmt.Fprintf(env.Stderr, "Interrupted: %s not started, nothing written to them.\n", plural(untouched, "group"))
	}
	fmt.Fprintf(env.Stderr, "Apply finished: %d steps done in %d API calls; %d of %d groups failed.\n",
		done, res.Calls, res.Failed(), len(res.Groups))
}

// isUntouched is a group an interrupt stopped before its first call.
func isUntouched(g apply.OrgResult) bool {
	return g.Done == 0 && g.Failed == 0 && g.Err != nil && errors.Is(g.Err, context.Canceled)
}
