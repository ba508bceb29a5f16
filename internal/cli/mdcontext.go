package cli

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/render"
)

// markdownContext is what the header of a markdown plan says that the plan
// does not hold: where it was made (g nil: not known, as for a saved plan),
// the commit (KINDESYNC_COMMIT, else GITHUB_SHA, which GitHub Actions sets),
// the org names read from Kinde, and the pull-request label that adds
// --allow-deletes (KINDESYNC_ALLOW_DELETES_LABEL, which the action sets).
func markdownContext(env *Env, g *Globals, names map[string]string) render.MarkdownContext {
	c := render.MarkdownContext{Names: names, AllowDeletesLabel: env.getenv("KINDESYNC_ALLOW_DELETES_LABEL")}
	c.Commit = env.getenv("KINDESYNC_COMMIT")
	if c.Commit == "" {
		c.Commit = env.getenv("GITHUB_SHA")
	}
	switch {
	case g == nil:
	case g.Emulator != "":
		c.Environment = "emulator " + filepath.Base(g.Emulator)
	default:
		c.Environment = domainShown(g.Domain)
	}
	return c
}

// domainShown is the domain without any user or password a URL may carry.
func domainShown(d string) string {
	if !strings.Contains(d, "://") {
		d = "https://" + d
	}
	u, err := url.Parse(d)
	if err != nil || u.Host == "" {
		return "" // not shown rather than shown wrong
	}
	u.User = nil
	return strings.TrimPrefix(u.String(), "https://")
}

// liveOrgNames maps each org read to its name in Kinde, for the markdown plan.
func liveOrgNames(st *plan.Live) map[string]string {
	names := make(map[string]string, len(st.Orgs))
	for _, lo := range st.Orgs {
		if lo.Org.Name != nil && *lo.Org.Name != "" {
			names[lo.Org.Code] = *lo.Org.Name
		}
	}
	return names
}
