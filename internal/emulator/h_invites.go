package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization invitations: list, create, get, revoke. Nobody accepts one
// here (that is a sign-in); a state file can hold accepted ones.

type inviteRoleJSON struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// inviteJSON is an invitation as the four operations answer it.
type inviteJSON struct {
	ID         string           `json:"id"`
	Code       string           `json:"code"`
	Email      string           `json:"email"`
	FirstName  *string          `json:"first_name"`
	LastName   *string          `json:"last_name"`
	FullName   string           `json:"full_name"`
	CreatedOn  string           `json:"created_on"`
	IsSent     bool             `json:"is_sent"`
	AcceptedOn *string          `json:"accepted_on"`
	Roles      []inviteRoleJSON `json:"roles"`
	IsRevoked  bool             `json:"is_revoked"`
	InviteLink string           `json:"invite_link"`
}

func (s *Server) inviteView(e *Environment, i *Invite) inviteJSON {
	v := inviteJSON{
		ID: i.ID, Code: i.Code, Email: i.Email, FirstName: null(i.FirstName), LastName: null(i.LastName),
		FullName: strings.TrimSpace(i.FirstName + " " + i.LastName), CreatedOn: s.timestamp(i.CreatedOn),
		IsSent: i.IsSent, IsRevoked: i.IsRevoked, Roles: []inviteRoleJSON{},
		InviteLink: s.base() + "/invitations/" + url.PathEscape(i.Code),
	}
	if !i.AcceptedOn.IsZero() {
		t := s.timestamp(i.AcceptedOn)
		v.AcceptedOn = &t
	}
	for _, k := range i.Roles {
		name := k
		if r := e.role(k); r != nil {
			name = r.Name
		}
		v.Roles = append(v.Roles, inviteRoleJSON{Key: k, Name: name})
	}
	return v
}

// sortTime writes a time so that comparing the strings compares the times.
func sortTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000") }

func (s *Server) getOrganizationInvites(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	order, err := c.sortOrder("created_on_asc", "created_on_desc", "email_asc", "email_desc", "name_asc", "name_desc")
	if err != nil {
		return fail(err)
	}
	q := c.r.URL.Query()
	revoked, accepted := q.Get("include_revoked") == "true", q.Get("include_accepted") == "true"
	var invites []*Invite
	for _, i := range o.Invites {
		if (i.IsRevoked && !revoked) || (!i.AcceptedOn.IsZero() && !accepted) {
			continue
		}
		invites = append(invites, i)
	}
	key := func(i *Invite) string {
		switch {
		case strings.HasPrefix(order, "email"):
			return sortKey(strings.ToLower(i.Email), i.Code)
		case strings.HasPrefix(order, "name"):
			return sortKey(strings.ToLower(strings.TrimSpace(i.FirstName+" "+i.LastName)), i.Code)
		}
		return sortKey(sortTime(i.CreatedOn), i.Code)
	}
	desc := strings.HasSuffix(order, "_desc")
	slices.SortFunc(invites, func(a, b *Invite) int {
		if desc {
			return strings.Compare(key(b), key(a))
		}
		return strings.Compare(key(a), key(b))
	})
	page, next, err := pageByToken(c, "invites:"+o.Code, order, desc, invites, key)
	if err != nil {
		return fail(err)
	}
	resp := struct {
		Code      string       `json:"code"`
		Message   string       `json:"message"`
		Invites   []inviteJSON `json:"invites"`
		NextToken *string      `json:"next_token"`
	}{"OK", "Success", []inviteJSON{}, null(next)}
	for _, i := range page {
		resp.Invites = append(resp.Invites, s.inviteView(&c.st().Environment, i))
	}
	return ok(resp)
}

// Kinde's limits on an invitation's fields (RFC 5321 for the email).
const (
	maxInviteEmail = 254
	maxInviteName  = 64
)

func (s *Server) createOrganizationInvite(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	if o.IsDirectorySynced {
		return fail(badRequest("ORGANIZATION_DIRECTORY_SYNCED", "Organization %s is managed by directory sync: invite users in the identity provider.", o.Code))
	}
	var req struct {
		Email     string          `json:"email"`
		FirstName *string         `json:"first_name"`
		LastName  *string         `json:"last_name"`
		Roles     json.RawMessage `json:"roles"`
		SendEmail bool            `json:"send_email"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	first, last := deref(req.FirstName), deref(req.LastName)
	switch {
	case utf8.RuneCountInString(req.Email) > maxInviteEmail:
		return fail(badRequest("EMAIL_TOO_LONG", "email is at most %d characters.", maxInviteEmail))
	case !strings.Contains(req.Email, "@"):
		return fail(badRequest("INVALID_EMAIL", "email must be an email address."))
	case utf8.RuneCountInString(first) > maxInviteName:
		return fail(badRequest("FIRST_NAME_TOO_LONG", "first_name is at most %d characters.", maxInviteName))
	case utf8.RuneCountInString(last) > maxInviteName:
		return fail(badRequest("LAST_NAME_TOO_LONG", "last_name is at most %d characters.", maxInviteName))
	}
	var roles []string
	if raw := bytes.TrimSpace(req.Roles); len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &roles) != nil {
		return fail(badRequest("ROLES_INVALID_FORMAT", "roles must be an array of role keys."))
	}
	st := c.st()
	if err := st.checkKeys(roles, nil); err != nil {
		return fail(err)
	}
	now := s.now()
	active, recent := 0, 0
	for _, i := range o.Invites {
		if i.active() {
			active++
			if strings.EqualFold(i.Email, req.Email) {
				return fail(badRequest("INVITE_ALREADY_EXISTS", "%s has an active invitation to %s: code %s.", req.Email, o.Code, i.Code))
			}
		}
		if i.CreatedOn.After(now.Add(-24 * time.Hour)) {
			recent++
		}
	}
	if lim := s.opts.InviteActiveLimit; lim >= 0 && active >= lim {
		return fail(badRequest("ACTIVE_INVITES_LIMIT_REACHED", "Organization %s has %d active invitations, the most it can have.", o.Code, active))
	}
	if lim := s.opts.InviteDailyLimit; lim >= 0 && recent >= lim {
		return fail(badRequest("INVITES_DAILY_LIMIT_REACHED", "Organization %s created %d invitations in the last 24 hours, the most it can.", o.Code, recent))
	}
	i := &Invite{
		ID: s.ids.next(idInvite, func(id string) bool {
			return find(o.Invites, func(i *Invite) bool { return i.ID == id }) != nil
		}),
		Email: req.Email, FirstName: first, LastName: last, Roles: roles, IsSent: req.SendEmail, CreatedOn: now,
	}
	// The code is what links carry: shorter than the id, unique per org.
	i.Code = strings.TrimPrefix(i.ID, "inv_")[:16]
	for find(o.Invites, func(x *Invite) bool { return x.Code == i.Code }) != nil {
		i.Code = strings.TrimPrefix(s.ids.next(idInvite, func(string) bool { return false }), "inv_")[:16]
	}
	o.Invites = append(o.Invites, i)
	return http.StatusCreated, map[string]any{"code": "OK", "message": "Success", "invite": s.inviteView(&st.Environment, i)}, nil
}

// inviteFor finds the invitation of the path; both operations declare a 404.
func (c *call) inviteFor() (*Invite, error) {
	o, err := c.orgFor("org_code", true)
	if err != nil {
		return nil, err
	}
	code := c.path("invite_code")
	if i := find(o.Invites, func(i *Invite) bool { return i.Code == code }); i != nil {
		return i, nil
	}
	return nil, notFound("INVITE_NOT_FOUND", "Organization %s has no invitation %s.", o.Code, code)
}

// getOrganizationInvite answers the invitation's fields at the top level,
// as the spec has it.
func (s *Server) getOrganizationInvite(c *call) (int, any, error) {
	i, err := c.inviteFor()
	if err != nil {
		return fail(err)
	}
	return ok(struct {
		Message string `json:"message"`
		inviteJSON
	}{"Success", s.inviteView(&c.st().Environment, i)})
}

// deleteOrganizationInvite revokes. Revoking a revoked invitation succeeds
// (a retried revoke must converge); an accepted one cannot be.
func (s *Server) deleteOrganizationInvite(c *call) (int, any, error) {
	i, err := c.inviteFor()
	if err != nil {
		return fail(err)
	}
	if !i.AcceptedOn.IsZero() {
		return fail(badRequest("INVITE_ALREADY_ACCEPTED", "Invitation %s was accepted and cannot be revoked.", i.Code))
	}
	i.IsRevoked = true
	return ok(success())
}
