package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/kindesync/kindesync/internal/spec"
)

// State is what kindesync keeps in the org property kindesync_state: hashes
// of what it last applied that Kinde cannot give back (DESIGN §3).
type State struct {
	WriteOnly string `json:"w,omitempty"`  // SHA-256 of the write-only settings' canonical form
	LogoLight string `json:"ll,omitempty"` // SHA-256 of the light logo file last uploaded
	LogoDark  string `json:"ld,omitempty"` // SHA-256 of the dark logo file last uploaded
	Billing   string `json:"b,omitempty"`  // SHA-256 of the billing fields the org was created with
	// Scopes are the members' API scopes kindesync last granted, which
	// Kinde cannot list: API id -> MemberKey -> scope keys, sorted.
	Scopes map[string]map[string][]string `json:"s,omitempty"`
}

func (s State) isZero() bool {
	return s.WriteOnly == "" && s.LogoLight == "" && s.LogoDark == "" && s.Billing == "" && len(s.Scopes) == 0
}

// ParseState reads a kindesync_state value. A value that does not parse is
// treated as empty, so that everything it would cover is applied again rather
// than trusted.
func ParseState(s string) State {
	var st State
	if s == "" || json.Unmarshal([]byte(s), &st) != nil {
		return State{}
	}
	return st
}

// Encode renders the value stored in kindesync_state.
func (s State) Encode() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// display is the state as a reviewer reads it: what each hash covers, with
// the hashes shortened (the saved plan's target keeps them whole).
func (s State) display() map[string]any {
	short := func(h string) any {
		if h == "" {
			return nil
		}
		if len(h) > 12 {
			h = h[:12]
		}
		return "sha256:" + h
	}
	m := map[string]any{}
	if n := s.scopeCount(); n > 0 {
		m["member_api_scopes"] = n
	}
	for k, v := range map[string]string{"write_only_settings": s.WriteOnly, "logo_light": s.LogoLight, "logo_dark": s.LogoDark, "billing": s.Billing} {
		if v != "" {
			m[k] = short(v)
		}
	}
	return m
}

// writeOnly is the canonical form of the write-only settings of one org. Only
// the managed ones are present, so adding a setting to the file changes the
// fingerprint and re-applies.
type writeOnly struct {
	IsEnforceMFA         *bool         `json:"is_enforce_mfa,omitempty"`
	IsAutoJoinDomainList *bool         `json:"is_auto_join_domain_list,omitempty"`
	IsEnableAdvancedOrgs *bool         `json:"is_enable_advanced_orgs,omitempty"`
	MFA                  *mfaBody      `json:"mfa,omitempty"`
	Sessions             *sessionsBody `json:"sessions,omitempty"`
}

type mfaBody struct {
	EnabledFactors         []string `json:"enabled_factors"`
	IsRecoveryCodesEnabled *bool    `json:"is_recovery_codes_enabled,omitempty"`
}

type sessionsBody struct {
	IsUseOrgSSOSessionPolicy             *bool   `json:"is_use_org_sso_session_policy,omitempty"`
	SSOSessionPersistenceMode            *string `json:"sso_session_persistence_mode,omitempty"`
	IsUseOrgAuthenticatedSessionLifetime *bool   `json:"is_use_org_authenticated_session_lifetime,omitempty"`
	AuthenticatedSessionLifetime         *int64  `json:"authenticated_session_lifetime,omitempty"`
}

func canonicalWriteOnly(o *spec.Organization) (writeOnly, bool) {
	w := writeOnly{
		IsEnforceMFA:         o.IsEnforceMFA,
		IsAutoJoinDomainList: o.IsAutoJoinDomainList,
		IsEnableAdvancedOrgs: o.IsEnableAdvancedOrgs,
	}
	if o.MFA != nil {
		f := slices.Clone(o.MFA.EnabledFactors)
		if f == nil {
			f = []string{}
		}
		slices.Sort(f)
		w.MFA = &mfaBody{EnabledFactors: slices.Compact(f), IsRecoveryCodesEnabled: o.MFA.IsRecoveryCodesEnabled}
	}
	if s := o.Sessions; s != nil {
		w.Sessions = &sessionsBody{
			IsUseOrgSSOSessionPolicy:             s.IsUseOrgSSOSessionPolicy,
			SSOSessionPersistenceMode:            s.SSOSessionPersistenceMode,
			IsUseOrgAuthenticatedSessionLifetime: s.IsUseOrgAuthenticatedSessionLifetime,
			AuthenticatedSessionLifetime:         s.AuthenticatedSessionLifetime,
		}
	}
	managed := w.IsEnforceMFA != nil || w.IsAutoJoinDomainList != nil || w.IsEnableAdvancedOrgs != nil ||
		w.MFA != nil || w.Sessions != nil
	return w, managed
}

// Fingerprint is the SHA-256 of the canonical JSON of the write-only settings
// an org manages, or "" when it manages none.
func Fingerprint(o *spec.Organization) string {
	w, managed := canonicalWriteOnly(o)
	if !managed {
		return ""
	}
	b, _ := json.Marshal(w) // struct fields marshal in declaration order: canonical
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
