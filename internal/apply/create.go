package apply

import (
	"context"
	"errors"
	"fmt"
)

// A creation is one create that apply may have to resolve: what it makes
// (for errors), how to send it, and how to look for what it would make.
type creation struct {
	what string
	// send sends the create once and returns the new object's id.
	send func(ctx context.Context) (id string, err error)
	// noID is the error of a success answer without the id.
	noID error
	// find looks the object up: its id, or "" if there is none; a
	// *mismatch if there is one that differs from what was sent. nil if
	// nothing identifies the object but its id.
	find func(ctx context.Context) (id string, err error)
}

// create sends a create, unless an earlier run or send already made it. A
// create whose answer was lost (5xx, a dropped connection, a success without
// the new id) or that Kinde refuses as existing is resolved by looking the
// object up, and sent again only if it is not there: up to maxSends sends,
// with jittered waits. Orgs, users and catalog objects share this, so that
// none is made twice and none is reported made that is not there.
func (r *runner) create(ctx context.Context, c creation) (string, error) {
	for attempt := 0; attempt < maxSends; attempt++ {
		if attempt > 0 {
			if err := resendWait(ctx, attempt); err != nil {
				return "", err
			}
		}
		id, err := c.send(ctx)
		if err == nil && id != "" {
			return id, nil
		}
		if err == nil {
			err = c.noID
		}
		if !ambiguousOrConflict(err) || c.find == nil {
			return "", err
		}
		id, ferr := c.find(ctx)
		var mm *mismatch
		if errors.As(ferr, &mm) {
			return "", ferr
		}
		if ferr != nil {
			return "", fmt.Errorf("%w (and looking it up: %v)", err, ferr)
		}
		if id != "" {
			return id, nil
		}
		if !ambiguous(err) {
			return "", err // "exists", yet nothing has the key: a refusal
		}
	}
	return "", fmt.Errorf("%s create sent %d times without an answer", c.what, maxSends)
}
