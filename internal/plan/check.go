package plan

import (
	"fmt"
	"math"
	"slices"
)

// CheckFraction refuses a --max-delete-fraction that is not a finite number
// in [0, 1]: NaN compares false with everything, so a NaN limit would let
// every removal through.
func CheckFraction(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1 {
		return fmt.Errorf("--max-delete-fraction %v is not a number between 0 and 1", f)
	}
	return nil
}

// Check refuses a saved plan whose steps are not what Diff makes: a saved
// plan is a file that may have been edited on its way to apply. It checks
// the steps against themselves and the reads that must cover them; it
// trusts nothing the file says about itself (summary, blocked), which apply
// recomputes.
func (p *Plan) Check() error {
	if p.FormatVersion != FormatVersion {
		return fmt.Errorf("format_version %d; this kindesync reads %d", p.FormatVersion, FormatVersion)
	}
	if p.MaxDeleteFraction != nil {
		if err := CheckFraction(*p.MaxDeleteFraction); err != nil {
			return fmt.Errorf("max_delete_fraction: %w", err)
		}
	}
	reads := map[string]*Read{}
	for i := range p.Reads {
		r := &p.Reads[i]
		if _, dup := reads[r.Organization]; dup {
			return fmt.Errorf("reads: %q is fingerprinted twice", r.Organization)
		}
		reads[r.Organization] = r
	}
	for i := range p.Steps {
		if err := p.Steps[i].check(); err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, p.Steps[i].Address, err)
		}
	}
	for _, g := range p.Groups() {
		if err := checkGroup(g, reads); err != nil {
			if g.Organization == "" {
				return fmt.Errorf("environment steps: %w", err)
			}
			return fmt.Errorf("organization %s: %w", g.Organization, err)
		}
	}
	return nil
}

// check is what one step must be on its own.
func (s *Step) check() error {
	if !slices.Contains(Actions, s.Action) {
		return fmt.Errorf("unknown action %q", s.Action)
	}
	if !slices.Contains(Kinds, s.Kind) {
		return fmt.Errorf("unknown kind %q", s.Kind)
	}
	t := &s.Target
	if s.Organization == "" {
		// The environment's steps are the users, the state property and
		// the catalog; nothing of an organization.
		ok := s.Action == Create && (s.Kind == KindUser && t.Email != "" || s.Kind == KindProperty && t.Key == StatePropertyKey) ||
			slices.Contains(CatalogKinds, s.Kind)
		if !ok || t.OrgCode != "" || t.OrgKey != "" {
			return fmt.Errorf("%s %s is not an environment step", s.Action, s.Kind)
		}
		return nil
	}
	if s.Kind == KindUser || slices.Contains(CatalogKinds, s.Kind) {
		return fmt.Errorf("a %s belongs to the environment, not to organization %s", s.Kind, s.Organization)
	}
	// The organization a step names is the one its calls go to.
	switch {
	case t.OrgCode != "":
		if t.OrgCode != s.Organization || t.OrgKey != "" {
			return fmt.Errorf("its target is organization %q, not %q", t.OrgCode, s.Organization)
		}
	case t.OrgKey != s.Organization || (t.ExternalID != s.Organization && (t.ExternalID != "" || t.Handle != s.Organization)):
		return fmt.Errorf("its target (a new organization %q: external_id %q, handle %q) is not %q", t.OrgKey, t.ExternalID, t.Handle, s.Organization)
	}
	if s.Kind == KindLogo && s.Action != Delete && (t.File == "" || LogoHash(*s) == "") {
		return fmt.Errorf("a logo step needs its file and the file's sha256")
	}
	return nil
}

// checkGroup is what the steps of one org must be together: one identity, a
// create first for a new org, and for an existing one a fingerprint that
// covers what the steps remove, so that apply can re-read what the safety
// limits count.
func checkGroup(g Group, reads map[string]*Read) error {
	if g.Organization == "" {
		return nil
	}
	first := g.Steps[0].Target
	for _, s := range g.Steps[1:] {
		t := s.Target
		if t.OrgCode != first.OrgCode || t.OrgKey != first.OrgKey || t.ExternalID != first.ExternalID || t.Handle != first.Handle {
			return fmt.Errorf("step %s names another organization than the group's first step", s.Address)
		}
	}
	creates := 0
	for _, s := range g.Steps {
		if s.Kind == KindOrganization && s.Action == Create {
			creates++
		}
	}
	if first.OrgCode == "" {
		s := g.Steps[0]
		if s.Kind != KindOrganization || s.Action != Create || creates != 1 {
			return fmt.Errorf("a new organization's steps start with its one create")
		}
		for _, s := range g.Steps {
			if s.Action == Delete && s.Kind == KindOrganization {
				return fmt.Errorf("a new organization is not deleted")
			}
		}
		return nil
	}
	if creates > 0 {
		return fmt.Errorf("an existing organization is not created")
	}
	r := reads[g.Organization]
	if r == nil || r.Fingerprint == "" {
		return fmt.Errorf("it has steps but no fingerprint of what they were planned from")
	}
	onlyDelete := len(g.Steps) == 1 && g.Steps[0].Kind == KindOrganization && g.Steps[0].Action == Delete
	if onlyDelete {
		return nil
	}
	if r.Listed {
		return fmt.Errorf("it has steps, but its fingerprint covers only the organizations list")
	}
	for _, s := range g.Steps {
		if s.Action != Delete {
			continue
		}
		if missing := r.Parts.missingFor(s); missing != "" {
			return fmt.Errorf("step %s removes %s, which its fingerprint does not cover", s.Address, missing)
		}
	}
	return nil
}

// missingFor names what a removal counts against that p did not read, or "".
func (p Parts) missingFor(s Step) string {
	switch s.Kind {
	case KindMember, KindMemberRole:
		if !p.Members {
			return "members"
		}
	case KindMemberPermission:
		if !p.Members || !p.AllPermissions && !slices.Contains(p.Permissions, s.Target.UserID) {
			return "member permissions"
		}
	case KindFeatureFlag:
		if !p.Flags {
			return "feature flags"
		}
	case KindProperty:
		if !p.Properties {
			return "properties"
		}
	case KindConnection:
		if !p.Connections {
			return "connections"
		}
	case KindLogo:
		if !p.Logos {
			return "logos"
		}
	case KindMemberAPIScope:
		// Counted from the scopes kindesync_state records.
		if !p.Properties {
			return "member API scopes"
		}
	case KindInvitation:
		if !p.Invitations {
			return "invitations"
		}
	}
	// Other kinds are not counted by the limits; TestMissingForCoversSafety
	// holds every kind that is to a case above.
	return ""
}

// LogoHash is the SHA-256 (hex) of the logo file a step was planned with:
// its target's, or, in a plan saved before targets carried it, the one
// shown in After.
func LogoHash(s Step) string {
	if s.Target.FileSHA256 != "" {
		return s.Target.FileSHA256
	}
	if m, ok := s.After.(map[string]any); ok {
		if h, ok := m["sha256"].(string); ok {
			return h
		}
	}
	return ""
}
