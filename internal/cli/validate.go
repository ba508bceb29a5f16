package cli

import (
	"errors"
	"fmt"

	"github.com/kindesync/kindesync/internal/live"

	"github.com/kindesync/kindesync/internal/spec"
)

// ValidateCmd checks configuration files; offline by default.
type ValidateCmd struct {
	Files  []string `name:"file" short:"f" required:"" sep:"none" placeholder:"FILE" help:"A YAML file, or a directory of them (repeatable)."`
	Remote bool     `help:"Also check role, permission, flag, property, connection and user names against Kinde."`
}

// Run loads the files and, with --remote, resolves their names. Problems go
// to stderr one per line (file:line:col: message) and the returned error
// only counts them, so that the list is printed once.
func (c *ValidateCmd) Run(g *Globals, env *Env) error {
	doc, err := spec.Load(c.Files...)
	if err != nil {
		return reportProblems(env, err)
	}
	if c.Remote {
		cat, err := remoteCatalog(g, env, doc)
		if err != nil {
			return fmt.Errorf("validate --remote: %w", err)
		}
		if err := doc.CheckNames(cat).Err(); err != nil {
			return reportProblems(env, err)
		}
	} else if cat := doc.FileCatalog(); cat != nil {
		if err := doc.CheckNames(cat).Err(); err != nil {
			return reportProblems(env, err)
		}
	}
	fmt.Fprintf(env.Stderr, "ok: %s in %s\n", plural(len(doc.Organizations), "organization"), plural(len(doc.Files), "file"))
	return nil
}

// reportProblems prints spec.Problems to stderr and returns an exit-1
// error that only counts them; any other error is returned as it is.
func reportProblems(env *Env, err error) error {
	var probs spec.Problems
	if !errors.As(err, &probs) {
		return err
	}
	fmt.Fprintln(env.Stderr, probs.Error()) // at most spec.MaxShown of them
	return &exitError{code: exitError1, err: fmt.Errorf("%s found", plural(len(probs), "problem"))}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// remoteCatalog reads from Kinde the names validate --remote checks: the
// environment and the users the files name, nothing of the organizations.
func remoteCatalog(g *Globals, env *Env, doc *spec.Document) (*spec.Catalog, error) {
	s, err := g.connect(env)
	if err != nil {
		return nil, err
	}
	defer s.close()
	return live.RemoteCatalog(env.Ctx, s.client, doc)
}
