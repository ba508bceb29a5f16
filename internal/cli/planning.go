package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kindesync/kindesync/internal/live"
	"github.com/kindesync/kindesync/internal/render"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// SafetyFlags are the flags of DESIGN §4 that plan and apply share.
type SafetyFlags struct {
	AllowDeletes      bool    `help:"Allow deleting organizations and removing more than --max-delete-fraction of a collection."`
	MaxDeleteFraction float64 `default:"0.25" help:"Largest share of a collection (of 8 or more items) one run may remove from an org."`
	AllowSuspend      bool    `help:"Allow suspending organizations (is_suspended false to true logs out every member); the other limits still hold."`
}

// makePlan reads the live state doc manages and diffs it. Everything is
// read before anything is decided, and nothing is written.
func makePlan(env *Env, s *session, doc *spec.Document, sf SafetyFlags, sel *plan.Selection) (*plan.Plan, error) {
	hashes, err := logoHashes(doc)
	if err != nil {
		return nil, err
	}
	prog := newProgress(env, "reading organizations")
	st, err := live.ReadLive(env.Ctx, s.client, doc, live.ReadOptions{Progress: prog.callback(), Selection: sel})
	prog.done()
	if err != nil {
		return nil, err
	}
	if err := plan.CheckFraction(sf.MaxDeleteFraction); err != nil {
		return nil, err
	}
	// CheckNames points at the exact key or list item of an unknown name;
	// the diff adds what only live state shows (codes that do not exist,
	// members listed twice). Every problem is reported at once.
	// Names are checked for the selected orgs: the others were not read,
	// and their users were not looked up.
	var keep func(*spec.Organization) bool
	if sel != nil {
		keep = sel.MatchesEntry
	}
	probs := doc.CheckNamesOf(live.CatalogOf(st, doc), keep)
	p, err := plan.Diff(doc, st, plan.Options{LogoHashes: hashes, AllowDeletes: sf.AllowDeletes, AllowSuspend: sf.AllowSuspend,
		MaxDeleteFraction: sf.MaxDeleteFraction, NamesChecked: true, Selection: sel})
	var diffProbs spec.Problems
	if errors.As(err, &diffProbs) {
		probs = append(probs, diffProbs...)
	} else if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		doc.Redact(probs)
		probs.Sort()
		return nil, probs
	}
	p.InputHash, err = inputHash(doc.Files)
	if err != nil {
		return nil, err
	}
	p.Reads = live.Reads(st, p.Steps)
	s.orgNames = liveOrgNames(st)
	frac := sf.MaxDeleteFraction
	p.MaxDeleteFraction = &frac
	return p, nil
}

// logoHashes hashes every logo file the document names: the diff compares
// them with the hashes kindesync_state recorded at the last upload.
func logoHashes(doc *spec.Document) (map[string]string, error) {
	out := map[string]string{}
	for _, o := range doc.Organizations {
		if o.Logos == nil {
			continue
		}
		for _, f := range []string{o.Logos.Light, o.Logos.Dark} {
			if f == "" || out[f] != "" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("logo: %w", err)
			}
			sum := sha256.Sum256(b)
			out[f] = hex.EncodeToString(sum[:])
		}
	}
	return out, nil
}

// inputHash is the SHA-256 over the input files' names and contents, sorted,
// for apply --plan to check it runs with the files it was planned from.
func inputHash(files []string) (string, error) {
	sorted := append([]string(nil), files...)
	sort.Strings(sorted)
	h := sha256.New()
	for _, f := range sorted {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.Base(f), len(b))
		h.Write(b)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// renderPlan writes p to w in the given format.
func renderPlan(w io.Writer, p *plan.Plan, format string, colour bool, mc render.MarkdownContext) error {
	switch format {
	case "json":
		return render.RenderJSON(w, p)
	case "markdown":
		parts := render.RenderMarkdown(p, mc)
		_, err := io.WriteString(w, strings.Join(parts, "\n<!-- kindesync: next part -->\n"))
		return err
	}
	return render.RenderText(w, p, colour)
}

// suspendingSuffix ends the safety message of plan.Suspensions.
const suspendingSuffix = "suspending an organization logs out every member"

// blockedError is exit 3 with every safety limit hit named.
func blockedError(p *plan.Plan) error {
	lift := "--allow-deletes lifts them"
	for _, b := range p.Blocked {
		if strings.HasSuffix(b, suspendingSuffix) {
			lift += "; --allow-suspend lifts only the suspensions"
			break
		}
	}
	return &exitError{code: exitBlocked, err: fmt.Errorf(
		"blocked by %s; nothing was written (%s):\n  %s",
		plural(len(p.Blocked), "safety limit"), lift, strings.Join(p.Blocked, "\n  "))}
}

// writeFileAtomic writes data to path through a temporary file and a rename,
// so that a reader never sees half a file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
