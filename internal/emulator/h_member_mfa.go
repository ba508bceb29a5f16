package emulator

import (
	"cmp"
	"slices"
	"time"
)

// The MFA factors of organization members. Factors come only from the
// state file: users enrol at sign-in, which the emulator does not serve.

// memberFor404 is memberFor for the operations that declare a 404: an
// unknown organization, user or factor is a 404 in not_found shape. A user
// who is not a member is USER_NOT_IN_ORGANIZATION, as elsewhere.
func (c *call) memberFor404() (*Member, error) {
	o, err := c.orgFor("org_code", true)
	if err != nil {
		return nil, err
	}
	id := c.path("user_id")
	if c.st().user(id) == nil {
		return nil, notFound("USER_NOT_FOUND", "No user with id %s.", id)
	}
	m := o.member(id)
	if m == nil {
		return nil, badRequest("USER_NOT_IN_ORGANIZATION", "User %s is not a member of %s.", id, o.Code)
	}
	return m, nil
}

// mfaView is get_user_mfa_response's mfa. A factor never used has no
// last_used_on: the spec types it as a non-nullable date-time.
type mfaView struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	CreatedOn  string `json:"created_on,omitempty"`
	Name       string `json:"name,omitempty"`
	IsVerified bool   `json:"is_verified"`
	UsageCount int    `json:"usage_count"`
	LastUsedOn string `json:"last_used_on,omitempty"`
}

func optionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// getOrgUserMFA answers the member's most recently created factor: the
// spec's answer holds one factor, not a list. A member without factors is
// a 404 (the spec declares one; what Kinde answers is not documented).
func (s *Server) getOrgUserMFA(c *call) (int, any, error) {
	m, err := c.memberFor404()
	if err != nil {
		return fail(err)
	}
	if len(m.MFA) == 0 {
		return fail(notFound("MFA_NOT_FOUND", "User %s has no MFA factor in this organization.", m.UserID))
	}
	f := slices.MaxFunc(m.MFA, func(a, b *MFAFactor) int {
		return cmp.Or(a.CreatedOn.Compare(b.CreatedOn), cmp.Compare(a.ID, b.ID))
	})
	return ok(struct {
		Code    string  `json:"code"`
		Message string  `json:"message"`
		MFA     mfaView `json:"mfa"`
	}{"OK", "Success", mfaView{
		ID: f.ID, Type: f.Type, CreatedOn: s.timestamp(f.CreatedOn), Name: f.Name,
		IsVerified: f.IsVerified, UsageCount: f.UsageCount, LastUsedOn: optionalTime(f.LastUsedOn),
	}})
}

// resetOrgUserMFAAll removes every factor; a member without any is reset
// already, which succeeds.
func (s *Server) resetOrgUserMFAAll(c *call) (int, any, error) {
	m, err := c.memberFor404()
	if err != nil {
		return fail(err)
	}
	m.MFA = nil
	return ok(success())
}

func (s *Server) resetOrgUserMFA(c *call) (int, any, error) {
	m, err := c.memberFor404()
	if err != nil {
		return fail(err)
	}
	id := c.path("factor_id")
	if find(m.MFA, func(f *MFAFactor) bool { return f.ID == id }) == nil {
		return fail(notFound("MFA_FACTOR_NOT_FOUND", "User %s has no MFA factor %s in this organization.", m.UserID, id))
	}
	m.MFA = slices.DeleteFunc(m.MFA, func(f *MFAFactor) bool { return f.ID == id })
	return ok(success())
}
