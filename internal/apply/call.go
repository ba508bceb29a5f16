package apply

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// call makes one plan call: fills in the ids its Refs need, journals it, sends it,
// records the ids it returns, and counts as done what a previous run already
// did (a 404 on a delete, "already exists" on an add).
func (r *runner) call(ctx context.Context, g plan.Group, c plan.Call, vars map[string]string) error {
	path, body, err := fill(c, vars)
	if err != nil {
		return err
	}
	var query url.Values
	if len(c.Query) > 0 {
		query = url.Values{}
		for k, v := range c.Query {
			query.Set(k, v)
		}
	}
	entry, err := r.opt.Journal.begin(g, c, path)
	if err != nil {
		return fmt.Errorf("%w: %w", errNoJournal, err)
	}
	err = r.send(ctx, g, c, path, query, body, vars)
	r.opt.Journal.end(entry, vars, err)
	return err
}

func (r *runner) send(ctx context.Context, g plan.Group, c plan.Call, path string, query url.Values, body any, vars map[string]string) error {
	first := g.Steps[c.Steps[0]]
	if done, err := r.sendCatalog(ctx, first, c, path, query, body, vars); done {
		return err
	}
	switch c.Op {
	case "createOrganization":
		return r.createOrg(ctx, first.Target, path, body, vars)
	case "createUser":
		return r.createUser(ctx, first.Target.Email, body)
	case "deleteOrganization":
		return r.deleteOrg(ctx, c, first.Target.OrgCode, path)
	}
	if c.File != "" {
		content, err := r.opt.ReadFile(c.File)
		if err != nil {
			return fmt.Errorf("reading logo: %w", err)
		}
		// The bytes sent are the bytes reviewed, or none: the state
		// property will vouch for this hash.
		sum := sha256.Sum256(content)
		if want := plan.LogoHash(first); hex.EncodeToString(sum[:]) != want {
			return fmt.Errorf("logo file %s changed since it was planned (sha256:%.12s planned); not uploaded, run plan again", c.File, want)
		}
		return r.c.Upload(ctx, c.Op, path, "logo", filepath.Base(c.File), content)
	}
	err := r.c.Call(ctx, c.Op, c.Method, path, query, body, nil)
	// The client does not send a POST again after a 5xx or a lost answer,
	// as a repeat could duplicate what the first attempt made. An add is a
	// set operation, so apply may: a repeat adds what is missing, and an
	// "already" answer means the first attempt got through. Without this,
	// one lost answer would fail the whole org until the next run.
	resent := false
	for n := 1; err != nil && addsToSet[c.Op] && ambiguous(err) && n < maxSends; n++ {
		if resendWait(ctx, n) != nil {
			break
		}
		resent = true
		err = r.c.Call(ctx, c.Op, c.Method, path, query, body, nil)
	}
	if err == nil {
		return nil
	}
	// A bulk add refused as a whole (409, "already in the organization")
	// added nobody: only after a send whose answer was lost does it mean
	// the first send got through. On a first send it is a failure.
	if alreadyDone(c, err) && (resent || !refusesWholeBatch[c.Op] || !conflict(err)) {
		return nil
	}
	return explain(c, first, err)
}

// maxSends bounds how often apply sends one write whose answers are lost.
// In between it waits, as the client does between retries, so that a short
// outage does not use up every send.
const maxSends = 5

// resendWait waits before send n+1: 0.2s, 0.4s, 0.8s, 1.6s, each scaled by a
// random factor in [0.5, 1) so that parallel orgs do not come back at once.
func resendWait(ctx context.Context, n int) error {
	d := time.Duration(float64(200*time.Millisecond<<(n-1)) * (0.5 + rand.Float64()/2))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// addsToSet are the POSTs that add members, grants or connections to a set:
// sending one twice leaves the same state as sending it once.
var addsToSet = map[string]bool{
	"AddOrganizationUsers":             true,
	"CreateOrganizationUserRole":       true,
	"CreateOrganizationUserPermission": true,
	"EnableOrgConnection":              true,
	"addOrganizationUserAPIScope":      true,
}

// refusesWholeBatch are the adds that Kinde may refuse as a whole when one
// item is present already, so that "already" does not say the rest arrived.
var refusesWholeBatch = map[string]bool{"AddOrganizationUsers": true}

// createOrg creates an org, unless an earlier run already did: a create whose
// answer was lost is resolved by looking the org up by external_id or
// handle before trying again, so it is never made twice.
func (r *runner) createOrg(ctx context.Context, t plan.Target, path string, body any, vars map[string]string) error {
	c := creation{what: "organization", noID: errNoCode, send: func(ctx context.Context) (string, error) {
		var out kinde.CreateOrganizationResponse
		err := r.c.Call(ctx, "createOrganization", http.MethodPost, path, nil, body, &out)
		return out.Organization.Code, err
	}}
	if t.ExternalID != "" || t.Handle != "" {
		c.find = func(ctx context.Context) (string, error) { return r.c.FindOrganization(ctx, t.ExternalID, t.Handle) }
	}
	code, err := r.create(ctx, c)
	if err != nil {
		return err
	}
	vars[plan.OrgCodePlaceholder] = code
	return nil
}

// errNoCode is a create's success answer without the new org's code.
var errNoCode = errors.New("the create answered success without the organization's code")

// deleteOrg deletes an org after reading it, to refuse the default one. A
// plan never deletes it, but a saved plan is a file that may have been
// edited on its way, and that Kinde refuses is not documented.
func (r *runner) deleteOrg(ctx context.Context, c plan.Call, code, path string) error {
	var o kinde.Organization
	err := r.c.Call(ctx, "getOrganization", http.MethodGet, "/api/v1/organization", url.Values{"code": {code}}, nil, &o)
	switch {
	case kinde.IsNotFound(err) || kinde.HasCode(err, "ORGANIZATION_INVALID"):
		return nil // gone already: what a re-run after an interrupted delete meets
	case err != nil:
		return fmt.Errorf("checking that it is not the default organization: %w", err)
	case o.Code != code:
		return fmt.Errorf("refusing to delete %s: asked for it, the server answered with %q", code, o.Code)
	case o.IsDefault:
		return fmt.Errorf("refusing to delete %s: it is the default organization", code)
	}
	err = r.c.Call(ctx, c.Op, c.Method, path, nil, nil, nil)
	if err == nil || alreadyDone(c, err) {
		return nil
	}
	return err
}

// createUser creates a user (missing_users: create), unless an earlier run
// or send already did: resolved like an org create, by the user's email.
func (r *runner) createUser(ctx context.Context, email string, body any) error {
	id, err := r.create(ctx, creation{what: "user", noID: errNoUserID,
		send: func(ctx context.Context) (string, error) {
			var out kinde.CreateUserResponse
			err := r.c.Call(ctx, "createUser", http.MethodPost, "/api/v1/user", nil, body, &out)
			return out.ID, err
		},
		find: func(ctx context.Context) (string, error) { return r.c.FindUserByEmail(ctx, email) },
	})
	if err != nil {
		return err
	}
	r.setVar(plan.UserVar(email), id)
	return nil
}

// errNoUserID is a user create's success answer without the new user's id.
var errNoUserID = errors.New("the create answered success without the user's id")

// ambiguous reports an error after which the server may or may not have
// acted: a 5xx or a failure with no answer.
func ambiguous(err error) bool {
	var ae *kinde.APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func ambiguousOrConflict(err error) bool {
	return ambiguous(err) || conflict(err)
}

// conflict reports Kinde saying the thing exists already.
func conflict(err error) bool {
	var ae *kinde.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if ae.StatusCode == http.StatusConflict {
		return true
	}
	return ae.StatusCode == http.StatusBadRequest && strings.Contains(strings.ToLower(ae.Error()), "already")
}

// alreadyDone reports a failure that means the call's effect is already
// there: removing what is gone, adding what is present.
func alreadyDone(c plan.Call, err error) bool {
	var ae *kinde.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if c.Method == http.MethodDelete {
		if ae.StatusCode == http.StatusNotFound {
			return true
		}
		// Removing a grant that is not there: what a re-run after an
		// interrupted apply meets, and what a removal of a possibly-direct
		// permission hidden behind a role meets when it was not direct.
		for _, e := range ae.Errors {
			if strings.HasSuffix(e.Code, "_NOT_ASSIGNED") || e.Code == "USER_NOT_IN_ORGANIZATION" {
				return true
			}
			// Removing a connection the org no longer has enabled: the
			// removal's answer was lost and it is sent again.
			if c.Op == "RemoveOrgConnection" && ae.StatusCode == http.StatusBadRequest && e.Code == "CONNECTION_INVALID" {
				return true
			}
		}
	}
	// "Already" is an answer about an add: an update or a replace that
	// conflicts (a handle another org holds) did not do what it was sent
	// for, and is a failure shown as one.
	return c.Method == http.MethodPost && conflict(err)
}
