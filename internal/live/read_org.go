package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kindesync/kindesync/internal/plan"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/spec"
)

// ReadOptions tune reading.
type ReadOptions struct {
	// Parallel is how many orgs are read at once (default 16); the client's
	// limiter and in-flight cap bound the requests themselves.
	Parallel int
	// Progress, if set, is called as orgs finish reading.
	Progress func(done, total int)
	// All reads every org in full, whatever the document manages (export).
	All bool
	// Only, with All, limits reading to these organizations, each named by
	// code, external_id or handle (ResolveOrg); one that names none, or
	// several, is an error.
	Only []string
	// Selection limits reading to the orgs it matches (plan --org).
	Selection *plan.Selection
	// NoCatalog, with All, leaves the catalog's detail unread (export --orgs-only).
	NoCatalog bool
}

// ReadLive reads the live state doc manages: the org list, each listed org's
// managed parts, the environment catalog, and the users the doc names by
// email who are not members yet. It returns the reads' fingerprints for a
// saved plan.
func ReadLive(ctx context.Context, src Source, doc *spec.Document, opt ReadOptions) (*plan.Live, error) {
	if opt.Parallel <= 0 {
		opt.Parallel = 16
	}
	orgs := selectedOrgs(doc, opt.Selection)
	needConn, needPerms, mayWriteState := opt.All, opt.All, opt.All
	for _, o := range orgs {
		needConn = needConn || o.Connections != nil
		// What kindesync_state records, in a property the plan may have to
		// create in a category: logos, write-only settings, billing on
		// create, and the API scopes granted to members.
		mayWriteState = mayWriteState || o.Logos != nil || o.Billing != nil || plan.Fingerprint(o) != ""
		for _, m := range o.Members {
			needPerms = needPerms || m.Permissions != nil
			mayWriteState = mayWriteState || m.APIScopes != nil
		}
	}
	want := envParts(doc, opt.All && !opt.NoCatalog, needConn)
	want.NoPermissions, want.NoCategories = !needPerms, !mayWriteState
	// The org list and the catalog do not depend on each other: read them
	// at once rather than wait out one round trip after another. A small
	// selection of orgs with codes reads each by code instead of the list.
	var (
		summaries []kinde.OrganizationSummary
		env       plan.Env
		cache     *detailsCache
	)
	byCodeOnly := !opt.All && targeted(doc, orgs, opt.Selection)
	err := parallel(ctx, 2, 2, func(i int) error {
		var err error
		switch {
		case i == 1:
			env, err = ReadEnvParts(ctx, src, want)
		case byCodeOnly:
			var full map[string]*kinde.Organization
			summaries, full, err = readByCode(ctx, src, orgs, opt.Parallel)
			cache = &detailsCache{m: full}
		default:
			summaries, err = src.GetOrganizations(ctx)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if needAPIs(doc) {
		if err := readAPIs(ctx, src, &env); err != nil {
			return nil, err
		}
	}
	// Which live org each desired one is, and what to read of it.
	parts := map[string]plan.Parts{}
	byExt, byHandle, byCode := map[string]string{}, map[string]string{}, map[string]bool{}
	for _, s := range summaries {
		byCode[s.Code] = true
		if s.ExternalID != "" {
			byExt[s.ExternalID] = s.Code
		}
		if s.Handle != "" {
			byHandle[s.Handle] = s.Code
		}
	}
	for _, o := range orgs {
		code := o.Code
		if code == "" && o.ExternalID != nil {
			code = byExt[*o.ExternalID]
		}
		if code == "" && o.Handle != nil {
			code = byHandle[*o.Handle]
		}
		if code != "" && byCode[code] {
			p := partsFor(o)
			// Members without a Kinde user are invited: a pending
			// invitation is what makes a re-run plan nothing for them.
			p.Invitations = p.Invitations || (doc.Options.MissingUsers == spec.MissingUsersInvite && o.Members != nil)
			parts[code] = p
		}
	}
	live := &plan.Live{Env: env, EnvParts: want}
	var toRead []kinde.OrganizationSummary
	only := map[string]bool{}
	for _, ref := range opt.Only {
		s, err := ResolveOrg(summaries, ref)
		if err != nil {
			return nil, err
		}
		only[s.Code] = true
	}
	for _, s := range summaries {
		p, listed := parts[s.Code]
		if opt.All {
			if len(only) > 0 && !only[s.Code] {
				continue
			}
			p, listed = AllParts(), true
		}
		if !listed {
			// Unlisted orgs cost nothing beyond the list; their summary is
			// all a delete needs.
			live.Orgs = append(live.Orgs, summaryOrg(s))
			continue
		}
		toRead = append(toRead, s)
		parts[s.Code] = p
	}
	read := make([]*plan.LiveOrg, len(toRead))
	var done int
	var mu sync.Mutex
	err = parallel(ctx, len(toRead), opt.Parallel, func(i int) error {
		lo, err := readOrg(ctx, src, toRead[i], parts[toRead[i].Code], &live.Env, cache.take(toRead[i].Code))
		if err != nil {
			return fmt.Errorf("reading organization %s: %w", toRead[i].Code, err)
		}
		lo.Read = true
		// Fingerprinted here, not after the diff: hashing 10,000 orgs took
		// 2 s of CPU after the last read, and here it overlaps the reads.
		lo.Fingerprint = orgFingerprint(lo)
		read[i] = lo
		if opt.Progress != nil {
			mu.Lock()
			done++
			opt.Progress(done, len(toRead))
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	live.Orgs = append(live.Orgs, read...)
	sort.Slice(live.Orgs, func(i, j int) bool { return live.Orgs[i].Org.Code < live.Orgs[j].Org.Code })
	if err := lookUpUsers(ctx, src, orgs, live); err != nil {
		return nil, err
	}
	return live, nil
}

func summaryOrg(s kinde.OrganizationSummary) *plan.LiveOrg {
	o := &spec.Organization{Code: s.Code, Name: &s.Name, IsAutoMembershipEnabled: &s.IsAutoMembershipEnabled}
	o.ExternalID, o.Handle = &s.ExternalID, &s.Handle
	return &plan.LiveOrg{Org: o, IsDefault: s.IsDefault, Logos: map[string]bool{}}
}

// lookUpUsers resolves, in batches, the desired members who are not members
// of their org yet, by email and by id: the only users a plan needs.
func lookUpUsers(ctx context.Context, src Source, orgs []*spec.Organization, live *plan.Live) error {
	members := map[string]map[string]bool{}
	for _, lo := range live.Orgs {
		m := map[string]bool{}
		for _, mem := range lo.Org.Members {
			m[strings.ToLower(mem.Email)] = true
			m[mem.ID] = true
		}
		members[lo.Org.Code] = m
	}
	emails, ids := map[string]bool{}, map[string]bool{}
	for _, o := range orgs {
		code := resolveCode(o, live)
		for _, m := range o.Members {
			switch {
			case m.Email != "" && !members[code][m.Email]:
				emails[m.Email] = true
			case m.Email == "" && !members[code][m.ID]:
				ids[m.ID] = true
			}
		}
	}
	found, err := findUsers(ctx, src, emails, ids)
	if err != nil {
		return err
	}
	for _, u := range found {
		live.Env.Users[strings.ToLower(u.Email)] = u.ID
		if u.Email == "" {
			live.Env.Users["id:"+u.ID] = u.ID
		}
	}
	return nil
}

// userBatch is how many emails or ids one filtered users call carries: the
// client's own batch for emails, and for ids a URL far under 8 KiB.
const userBatch = 50

// caller is the client's generic request path, through which the user list
// is read a page at a time (the typed GetUsers reads every page).
type caller interface {
	Call(ctx context.Context, op, method, path string, query url.Values, body, out any) error
}

// findUsers finds the users with these lower-case emails and these ids,
// dropping each from its set once found. Filtered calls cost one per
// userBatch users. When the files name most of the environment's users (a
// first apply of many new orgs), listing every user at 500 a page costs far
// fewer, so a large look-up lists first, as long as that pays (listUsers),
// then filters for the rest. The filtered calls go out in parallel.
func findUsers(ctx context.Context, src Source, emails, ids map[string]bool) ([]kinde.User, error) {
	var found []kinde.User
	if c, ok := src.(caller); ok && batches(len(emails))+batches(len(ids)) > listFrom {
		var err error
		if found, err = listUsers(ctx, c, emails, ids); err != nil {
			return nil, fmt.Errorf("listing users: %w", err)
		}
	}
	type batch struct{ emails, ids []string }
	var work []batch
	for b := range slices.Chunk(sortedKeys(emails), userBatch) {
		work = append(work, batch{emails: b})
	}
	for b := range slices.Chunk(sortedKeys(ids), userBatch) {
		work = append(work, batch{ids: b})
	}
	var mu sync.Mutex
	err := parallel(ctx, len(work), 8, func(i int) error {
		var users []kinde.User
		var err error
		if b := work[i]; len(b.emails) > 0 {
			if users, err = src.GetUsersByEmail(ctx, b.emails); err != nil {
				return fmt.Errorf("looking up users by email: %w", err)
			}
		} else if users, err = src.GetUsers(ctx, &kinde.GetUsersOptions{UserIDs: b.ids}); err != nil {
			return fmt.Errorf("looking up users by id: %w", err)
		}
		mu.Lock()
		found = append(found, users...)
		mu.Unlock()
		return nil
	})
	return found, err
}

// listFrom is the number of filtered calls above which listing is tried:
// below it, even one page of a large environment's list could cost more.
const listFrom = 10

func batches(n int) int { return (n + userBatch - 1) / userBatch }

// listUsers reads the user list a page at a time and keeps the users asked
// for, while a page finds on average at least as many as a filtered call
// would (userBatch). So it never costs more than about two calls beyond
// filtering for all of them, and when most users are asked for it costs a
// tenth as much.
func listUsers(ctx context.Context, c caller, emails, ids map[string]bool) ([]kinde.User, error) {
	q := url.Values{"page_size": {strconv.Itoa(kinde.DefaultPageSize)}}
	var out []kinde.User
	for pages := 1; ; pages++ {
		var r kinde.GetUsersResponse
		if err := c.Call(ctx, "getUsers", http.MethodGet, "/api/v1/users", q, nil, &r); err != nil {
			return nil, err
		}
		for _, u := range r.Users {
			e := strings.ToLower(u.Email)
			if (u.Email == "" || !emails[e]) && !ids[u.ID] {
				continue
			}
			delete(emails, e)
			delete(ids, u.ID)
			out = append(out, u)
		}
		// Users still asked for after the last page are looked up by filter
		// all the same: the list shows a user's primary email, while the
		// email filter may also match the user's other email identities.
		if r.NextToken == "" || len(r.Users) == 0 || len(emails)+len(ids) == 0 || len(out) < pages*userBatch {
			return out, nil
		}
		q.Set("next_token", r.NextToken)
	}
}

func resolveCode(o *spec.Organization, live *plan.Live) string {
	if o.Code != "" {
		return o.Code
	}
	for _, lo := range live.Orgs {
		switch {
		case o.ExternalID != nil && lo.Org.ExternalID != nil && *lo.Org.ExternalID == *o.ExternalID && *o.ExternalID != "":
			return lo.Org.Code
		case o.Handle != nil && lo.Org.Handle != nil && *lo.Org.Handle == *o.Handle && *o.Handle != "":
			return lo.Org.Code
		}
	}
	return ""
}

// plan.Fingerprint of a read org, for staleness checks of a saved plan.
func orgFingerprint(lo *plan.LiveOrg) string { return hashJSON(lo) }

func hashJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys: canonical
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// envFingerprint covers what steps take from the environment: ids of roles,
// permissions and connections, flag types and values, property keys.
func envFingerprint(e *plan.Env) string {
	c := *e
	c.Users = nil // looked up per plan; a user made in between is found again by email
	return hashJSON(c)
}

// Reads lists the fingerprints of what the plan's steps were computed from,
// for a saved plan: the environment, every org read in part or whole, and
// the orgs known only from the list that the plan deletes. Other unlisted
// orgs are left out, so that renaming one does not make the plan stale.
func Reads(live *plan.Live, steps []plan.Step) []plan.Read {
	deleted := map[string]bool{}
	for _, s := range steps {
		if s.Kind == plan.KindOrganization && s.Action == plan.Delete {
			deleted[s.Target.OrgCode] = true
		}
	}
	envParts := plan.Parts{Connections: live.Env.Connections != nil,
		NoPermissions: live.EnvParts.NoPermissions, NoCategories: live.EnvParts.NoCategories}
	if c := live.Env.Catalog; c != nil {
		envParts.Catalog, envParts.RolePermissions = true, c.RolePermissionsRead
	}
	out := []plan.Read{{Organization: "", Parts: envParts, Fingerprint: envFingerprint(&live.Env)}}
	for _, lo := range live.Orgs {
		if lo.Read || deleted[lo.Org.Code] {
			fp := lo.Fingerprint
			if fp == "" {
				fp = orgFingerprint(lo)
			}
			out = append(out, plan.Read{Organization: lo.Org.Code, Parts: lo.Parts, Listed: !lo.Read, Fingerprint: fp})
		}
	}
	return out
}
