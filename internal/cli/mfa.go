package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/live"
	"github.com/kindesync/kindesync/internal/plan"
)

// MFACmd groups the member MFA commands. A member's MFA factors are the
// member's own (enrolled at sign-in), not configuration, so they are
// commands rather than fields of the YAML.
type MFACmd struct {
	Show  MFAShowCmd  `cmd:"" help:"Show a member's MFA configuration in an organization (GetOrgUserMFA)."`
	Reset MFAResetCmd `cmd:"" help:"Reset one MFA factor of a member, or all of them (ResetOrgUserMFA, ResetOrgUserMFAAll)."`
}

// mfaTarget names the member both commands act on.
type mfaTarget struct {
	Org  string `required:"" placeholder:"ORG" help:"The organization, by code, external_id or handle."`
	User string `required:"" placeholder:"EMAIL|ID" help:"The member, by email or Kinde user id (kp_...)."`
}

// member is a resolved mfaTarget.
type member struct {
	org   kinde.OrganizationSummary
	id    string
	email string
}

func (m member) address() string { return plan.Address(m.org.Code, "member", m.label()) }

func (m member) label() string {
	if m.email != "" {
		return m.email
	}
	return m.id
}

// resolve finds the organization (ResolveOrg) and the user: an argument
// with an @ is an email, looked up; anything else is a user id.
func (t *mfaTarget) resolve(env *Env, c *kinde.Client) (member, error) {
	orgs, err := c.GetOrganizations(env.Ctx)
	if err != nil {
		return member{}, err
	}
	o, err := live.ResolveOrg(orgs, t.Org)
	if err != nil {
		return member{}, fmt.Errorf("--org: %w", err)
	}
	if !strings.Contains(t.User, "@") {
		return member{org: o, id: t.User}, nil
	}
	email := strings.ToLower(t.User)
	users, err := c.GetUsersByEmail(env.Ctx, []string{email})
	if err != nil {
		return member{}, fmt.Errorf("looking up %s: %w", email, err)
	}
	var ids []string
	for _, u := range users {
		if strings.EqualFold(u.Email, email) {
			ids = append(ids, u.ID)
		}
	}
	switch len(ids) {
	case 0:
		return member{}, fmt.Errorf("--user: no Kinde user has the email %s", email)
	case 1:
		return member{org: o, id: ids[0], email: email}, nil
	}
	return member{}, fmt.Errorf("--user: %d users have the email %s (%s): give the id", len(ids), email, strings.Join(ids, ", "))
}

// MFAShowCmd is kindesync mfa show.
type MFAShowCmd struct {
	mfaTarget
	Format string `enum:"text,json" default:"text" help:"Output format: text or json."`
}

// mfaJSON is what mfa show --format json writes; mfa is null when the member
// has no factor.
type mfaJSON struct {
	Organization string           `json:"organization"`
	UserID       string           `json:"user_id"`
	Email        string           `json:"email,omitempty"`
	MFA          *kinde.MFAFactor `json:"mfa"`
}

// Run reads the member's MFA configuration and prints it.
func (c *MFAShowCmd) Run(g *Globals, env *Env) error {
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	m, err := c.resolve(env, s.client)
	if err != nil {
		return err
	}
	f, err := s.client.GetOrgUserMFA(env.Ctx, m.org.Code, m.id)
	if kinde.IsNotFound(err) && kinde.HasCode(err, "MFA_NOT_FOUND") {
		f, err = nil, nil // the member has no factor: an answer, not a failure
	}
	if err != nil {
		return fmt.Errorf("%s: %w", m.address(), err)
	}
	if c.Format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(mfaJSON{Organization: m.org.Code, UserID: m.id, Email: m.email, MFA: f})
	}
	w := bufio.NewWriter(env.Stdout)
	fmt.Fprintf(w, "organization: %s\nuser: %s\n", quoteControl(m.org.Code), quoteControl(m.id))
	if m.email != "" {
		fmt.Fprintf(w, "email: %s\n", quoteControl(m.email))
	}
	if f == nil {
		fmt.Fprintln(w, "mfa: none")
		return w.Flush()
	}
	fmt.Fprintf(w, "mfa:\n  id: %s\n  type: %s\n", quoteControl(f.ID), quoteControl(f.Type))
	if f.Name != "" {
		fmt.Fprintf(w, "  name: %s\n", quoteControl(f.Name))
	}
	fmt.Fprintf(w, "  verified: %t\n  usage_count: %d\n", f.IsVerified, f.UsageCount)
	if f.CreatedOn != "" {
		fmt.Fprintf(w, "  created_on: %s\n", quoteControl(f.CreatedOn))
	}
	if f.LastUsedOn != "" {
		fmt.Fprintf(w, "  last_used_on: %s\n", quoteControl(f.LastUsedOn))
	}
	return w.Flush()
}

// quoteControl keeps what a server sends from steering the terminal: text
// with control characters is printed quoted, with them escaped.
func quoteControl(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
		return strconv.Quote(s)
	}
	return s
}

// MFAResetCmd is kindesync mfa reset.
type MFAResetCmd struct {
	mfaTarget
	Factor      string `placeholder:"ID" xor:"which" required:"" help:"The factor to reset (its id, from mfa show)."`
	All         bool   `xor:"which" required:"" help:"Reset every factor of the member."`
	AutoApprove bool   `help:"Do not ask for confirmation."`
	Journal     string `placeholder:"FILE" help:"Append a JSON line before and after the reset to FILE."`
}

// Run confirms, resets and records the reset.
func (c *MFAResetCmd) Run(g *Globals, env *Env) error {
	s, err := g.connect(env)
	if err != nil {
		return err
	}
	defer s.close()
	m, err := c.resolve(env, s.client)
	if err != nil {
		return err
	}
	what, op, path := "every MFA factor", "ResetOrgUserMFAAll", "/api/v1/organizations/"+url.PathEscape(m.org.Code)+"/users/"+url.PathEscape(m.id)+"/mfa"
	address := plan.Address(m.org.Code, "member", m.label(), "mfa", "all")
	if !c.All {
		what, op, path = "MFA factor "+quoteControl(c.Factor), "ResetOrgUserMFA", path+"/"+url.PathEscape(c.Factor)
		address = plan.Address(m.org.Code, "member", m.label(), "mfa", c.Factor)
	}
	question := fmt.Sprintf("Reset %s of %s in %s? The member enrols again at the next sign-in. Only 'yes' is accepted: ",
		what, quoteControl(m.label()), quoteControl(m.org.Code))
	if !c.AutoApprove {
		if err := confirmWith(env, question, "mfa reset"); err != nil {
			return err
		}
	}
	journal := apply.NewJournal(discard{})
	if c.Journal != "" {
		jf, err := os.OpenFile(c.Journal, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return err
		}
		defer jf.Close()
		journal = apply.NewJournal(jf)
		if err := journal.Start(); err != nil {
			return fmt.Errorf("%s: %w; nothing was reset", c.Journal, err)
		}
	}
	err = journal.Do(m.org.Code, address, op, http.MethodDelete, path, func() error {
		if c.All {
			return s.client.ResetOrgUserMFAAll(env.Ctx, m.org.Code, m.id)
		}
		return s.client.ResetOrgUserMFA(env.Ctx, m.org.Code, m.id, c.Factor)
	})
	saveErr := s.save()
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was reset", address, err)
	}
	if saveErr != nil {
		return saveErr
	}
	fmt.Fprintf(env.Stderr, "reset %s of %s (%s)\n", what, quoteControl(m.label()), op)
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// confirmWith asks question on a terminal; without one, the command needs
// --auto-approve.
func confirmWith(env *Env, question, cmd string) error {
	f, ok := env.Stdin.(*os.File)
	if !ok || !isTerminalFile(f) {
		return fmt.Errorf("not a terminal, so %s cannot ask for confirmation: pass --auto-approve to run it unattended", cmd)
	}
	fmt.Fprint(env.Stderr, question)
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return &exitError{code: exitError1, err: errors.New(cmd + " cancelled; nothing was written")}
	}
	return nil
}
