// Package apply carries out a plan's steps through the Kinde client: the
// environment first, then every organization (in parallel), each in the
// plan's order. It tolerates what a re-run or an interrupted earlier run
// leaves behind, journals every write, and reports per org.
//
// It imports plan, spec and kinde's client; never live, render or cli.
package apply

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// Caller is the part of the Kinde client apply uses: one generic call path
// (the plan's calls are data) and the look-ups that resolve ambiguous
// creates.
type Caller interface {
	Call(ctx context.Context, op, method, path string, query url.Values, body, out any) error
	Upload(ctx context.Context, op, path, field, filename string, content []byte) error
	FindOrganization(ctx context.Context, externalID, handle string) (code string, err error)
	FindUserByEmail(ctx context.Context, email string) (id string, err error)
	FindCatalog(ctx context.Context, kind, key, context string) (*kinde.Found, error)
}

// Options tune a run.
type Options struct {
	// Parallel is how many organizations are applied at once (default 8);
	// the client's rate limiter and in-flight cap bound the requests.
	Parallel int
	// Journal receives one JSON line before and after every write.
	Journal *Journal
	// ReadFile reads logo files.
	ReadFile func(path string) ([]byte, error)
	// Progress, if set, is called after each call with calls done and total.
	Progress func(done, total int)
}

// OrgResult is what happened to one group of steps.
type OrgResult struct {
	Organization string // as in the plan; "" for the environment
	Code         string // the org's code, once known
	Done         int    // steps carried out
	Failed       int    // steps whose call failed
	Skipped      int    // steps not tried because an earlier call failed
	Err          error
}

// Result is the outcome of a run.
type Result struct {
	Groups []OrgResult
	Calls  int // API calls made for steps, retries not counted
}

// Failed counts the groups that did not complete.
func (r *Result) Failed() int {
	n := 0
	for _, g := range r.Groups {
		if g.Err != nil {
			n++
		}
	}
	return n
}

// Run applies p. It returns an error only when the run could not start;
// per-group failures are in the Result (and Result.Failed() > 0).
func Run(ctx context.Context, c Caller, p *plan.Plan, opt Options) (*Result, error) {
	if opt.Parallel <= 0 {
		opt.Parallel = 8
	}
	groups := p.Groups()
	total := 0
	for _, g := range groups {
		total += len(plan.Compile(g.Steps))
	}
	r := &runner{c: c, opt: opt, vars: map[string]string{}, total: total}
	res := &Result{Groups: make([]OrgResult, len(groups))}
	start := 0
	if len(groups) > 0 && groups[0].Organization == "" {
		// Users and the state property first: org steps refer to them.
		res.Groups[0] = r.group(ctx, groups[0])
		start = 1
	}
	end := len(groups)
	if end > start && groups[end-1].After {
		end-- // catalog removals: after every organization
	}
	sem := make(chan struct{}, opt.Parallel)
	var wg sync.WaitGroup
	for i := start; i < end; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			res.Groups[i] = r.group(ctx, groups[i])
		}()
	}
	wg.Wait()
	if end < len(groups) && ctx.Err() == nil {
		res.Groups[end] = r.group(ctx, groups[end])
	}
	r.mu.Lock()
	res.Calls = r.done
	r.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("apply interrupted: %w", err)
	}
	return res, nil
}

// runner is the shared state of one run.
type runner struct {
	c     Caller
	opt   Options
	mu    sync.Mutex
	vars  map[string]string // placeholders filled by the environment group
	total int
	done  int
}

func (r *runner) called() {
	r.mu.Lock()
	r.done++
	done := r.done
	r.mu.Unlock()
	if r.opt.Progress != nil {
		r.opt.Progress(done, r.total)
	}
}

func (r *runner) setVar(k, v string) {
	r.mu.Lock()
	r.vars[k] = v
	r.mu.Unlock()
}

func (r *runner) snapshotVars() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]string, len(r.vars)+1)
	for k, v := range r.vars {
		out[k] = v
	}
	return out
}

// group runs the calls of one group in order and stops at the first failure:
// later steps of an org may depend on earlier ones (a member's roles on the
// member), and a re-run picks up from live state anyway. A call nothing
// later depends on (ownFailure) fails only its own steps, and the group goes
// on without it.
func (r *runner) group(ctx context.Context, g plan.Group) OrgResult {
	out := OrgResult{Organization: g.Organization}
	if len(g.Steps) > 0 {
		out.Code = g.Steps[0].Target.OrgCode
	}
	calls := plan.Compile(g.Steps)
	vars := r.snapshotVars()
	if out.Code != "" {
		vars[plan.OrgCodePlaceholder] = out.Code
	}
	var errs stepErrors
	for i, call := range calls {
		if ctx.Err() != nil {
			errs = append(errs, ctx.Err())
			out.Skipped += countSteps(calls[i:])
			break
		}
		err := r.call(ctx, g, call, vars)
		r.called()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", describe(g, call), err))
			out.Failed += len(call.Steps)
			if ownFailure(call, err) {
				continue
			}
			out.Skipped += countSteps(calls[i+1:])
			break
		}
		out.Done += len(call.Steps)
	}
	if len(errs) == 1 {
		out.Err = errs[0]
	} else if len(errs) > 1 {
		out.Err = errs
	}
	if code := vars[plan.OrgCodePlaceholder]; code != "" {
		out.Code = code
	}
	return out
}

// ownFailure reports a failed call that fails only its own steps, because
// no later call of its group needs what it would have made: a flag override
// (Kinde refuses one the flag's allow_override_level forbids), and a user
// create, whose id only the members that name the user need (their org
// fails on the missing id). A journal that cannot be written or an
// interrupt stops the group all the same.
func ownFailure(c plan.Call, err error) bool {
	if errors.Is(err, errNoJournal) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return ownSteps[c.Op]
}

var ownSteps = map[string]bool{
	"UpdateOrganizationFeatureFlagOverride":  true,
	"DeleteOrganizationFeatureFlagOverride":  true,
	"DeleteOrganizationFeatureFlagOverrides": true,
	"createUser":                             true,
}

// stepErrors are the failures of one group when more than one call failed:
// one line each, so that the summary names every step that was not done.
type stepErrors []error

func (e stepErrors) Error() string {
	s := fmt.Sprintf("%d calls failed:", len(e))
	for _, err := range e {
		s += "\n    " + err.Error()
	}
	return s
}

func (e stepErrors) Unwrap() []error { return e }

func countSteps(calls []plan.Call) int {
	n := 0
	for _, c := range calls {
		n += len(c.Steps)
	}
	return n
}

func describe(g plan.Group, c plan.Call) string {
	if len(c.Steps) == 1 {
		return g.Steps[c.Steps[0]].Address
	}
	return fmt.Sprintf("%s (%d steps, first %s)", c.Op, len(c.Steps), g.Steps[c.Steps[0]].Address)
}

// errUnresolved is a placeholder no earlier call filled in.
var errUnresolved = errors.New("depends on an earlier step that did not complete")
