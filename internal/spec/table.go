package spec

import (
	"math"

	"gopkg.in/yaml.v3"
)

// The tables of the format (DESIGN §2). Field order is the canonical key
// order of Render; names and enums are Kinde's (UpdateOrganization,
// ReplaceOrganizationMFA, UpdateOrganizationSessions).

var (
	tName     = &typ{kind: kString, nonEmpty: true}
	tHandle   = &typ{kind: kString} // "" clears an existing org's handle
	tColor    = &typ{kind: kString, format: fColor}
	tEmail    = &typ{kind: kString, format: fEmail}
	tLogoPath = &typ{kind: kString, format: fPath, nonEmpty: true, nullable: true}
	tBool     = &typ{kind: kBool}
	// Kinde's integers are 32-bit: flag values (KINDE-FACTS) and, as the
	// spec gives no format for it, the session lifetime too.
	tSeconds      = &typ{kind: kInt, max: math.MaxInt32}
	tFlagInt      = &typ{kind: kInt, signed: true, min: math.MinInt32, max: math.MaxInt32}
	tVersion      = &typ{kind: kInt, only: Version}
	tTheme        = &typ{kind: kString, enum: []string{"light", "dark", "user_preference"}}
	tPersistence  = &typ{kind: kString, enum: []string{"persistent", "non_persistent"}}
	tMissingUsers = &typ{kind: kString, enum: []string{string(MissingUsersError), string(MissingUsersCreate), string(MissingUsersInvite)}}
	tFactors      = &typ{kind: kList, unique: true, elem: &typ{kind: kString, enum: []string{"mfa:email", "mfa:sms", "mfa:authenticator_app"}}}
	tNames        = &typ{kind: kList, unique: true, elem: tName}
	tFlags        = &typ{kind: kFlagMap}
	tProperties   = &typ{kind: kPropertyMap}
)

// fileDoc is one input file before merging.
type fileDoc struct {
	Pos           Pos
	Version       *int64
	Options       *fileOptions
	Environment   *Environment
	Organizations []*Organization
}

// fileOptions keeps which options a file sets, so that files may be
// merged: each option may be set in several files only with one value.
type fileOptions struct {
	Pos                         Pos
	DeleteUnlistedOrganizations *bool
	MissingUsers                *string
	SendInvitationEmail         *bool
}

var documentObject = &object{
	name: "document",
	desc: "A kindesync configuration: the organizations of one Kinde environment and the catalog they use. Several files may be merged.",
	fields: []field{
		{name: "version", typ: tVersion, required: true, desc: "Format version; always 1.",
			set: func(d *decoder, f *field, parent any, n *yaml.Node) {
				if v, ok := d.int(f.typ, n); ok {
					parent.(*fileDoc).Version = &v
				}
			},
			get: func(*encoder, *field, any) *yaml.Node { return intNode(Version) }},
		objectPtr("options", &typ{kind: kObject, obj: optionsObject}, "Document-wide switches. Several files may set an option only to the same value.",
			func(f *fileDoc) **fileOptions { return &f.Options }),
		environmentField,
		objectList("organizations", &typ{kind: kList, elem: &typ{kind: kObject, obj: organizationObject}},
			"The organizations kindesync manages. Organizations left out are not touched unless options.delete_unlisted_organizations is true.",
			func(f *fileDoc) *[]*Organization { return &f.Organizations },
			func(a, b *Organization) int { return byIdentity(orgIdentity(a), orgIdentity(b)) }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*fileDoc).Pos = d.pos(n) },
}

var optionsObject = &object{
	name: "options",
	desc: "Document-wide switches.",
	fields: []field{
		optBool("delete_unlisted_organizations", "true: organizations in Kinde but in no file are deleted (never the default organization). Default false.",
			func(o *fileOptions) **bool { return &o.DeleteUnlistedOrganizations }),
		optString("missing_users", tMissingUsers, "What to do with a member whose email has no Kinde user: error (default), create the user, or invite the email to the organization.",
			func(o *fileOptions) **string { return &o.MissingUsers }),
		optBool("send_invitation_email", "With missing_users: invite, and for invitations: Kinde emails each invitation. Default false.",
			func(o *fileOptions) **bool { return &o.SendInvitationEmail }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*fileOptions).Pos = d.pos(n) },
}

func colour(name, desc string, p func(*Organization) **string) field {
	return optString(name, tColor, "Brand colour: "+desc+", as #rgb or #rrggbb (quote it: an unquoted # starts a comment).", p)
}

var organizationObject = &object{
	name: "organization",
	desc: "One organization. Omitted fields are unmanaged; present ones are made to match exactly.",
	fields: []field{
		plainString("code", tName, "Kinde's code of an existing organization (org_...). Leave it out for a new organization.",
			func(o *Organization) *string { return &o.Code }),
		optString("external_id", tName, "The organization's external id; identifies a new organization on the next run.",
			func(o *Organization) **string { return &o.ExternalID }),
		optString("name", tName, "The organization's name.", func(o *Organization) **string { return &o.Name }),
		optString("handle", tHandle, "The organization's handle; identifies a new organization when it has no external_id. An empty string removes an existing organization's handle.",
			func(o *Organization) **string { return &o.Handle }),
		optString("theme_code", tTheme, "Brand theme: light, dark or user_preference.", func(o *Organization) **string { return &o.ThemeCode }),
		colour("background_color", "background", func(o *Organization) **string { return &o.BackgroundColor }),
		colour("button_color", "button", func(o *Organization) **string { return &o.ButtonColor }),
		colour("button_text_color", "button text", func(o *Organization) **string { return &o.ButtonTextColor }),
		colour("link_color", "link", func(o *Organization) **string { return &o.LinkColor }),
		colour("background_color_dark", "dark mode background", func(o *Organization) **string { return &o.BackgroundColorDark }),
		colour("button_color_dark", "dark mode button", func(o *Organization) **string { return &o.ButtonColorDark }),
		colour("button_text_color_dark", "dark mode button text", func(o *Organization) **string { return &o.ButtonTextColorDark }),
		colour("link_color_dark", "dark mode link", func(o *Organization) **string { return &o.LinkColorDark }),
		optBool("is_auto_membership_enabled", "Users become members when the org code is supplied during authentication.",
			func(o *Organization) **bool { return &o.IsAutoMembershipEnabled }),
		stringList("allowed_domains", tNames, "Domains allowed for self sign-up.",
			func(o *Organization) *[]string { return &o.AllowedDomains }, nil),
		optString("sender_name", tName, "Name used in emails.", func(o *Organization) **string { return &o.SenderName }),
		optString("sender_email", tEmail, "Address used in emails (needs custom SMTP).", func(o *Organization) **string { return &o.SenderEmail }),
		optBool("is_suspended", "Suspend the organization (the default organization cannot be suspended).",
			func(o *Organization) **bool { return &o.IsSuspended }),
		optBool("is_enforce_mfa", "Enforce MFA for all members. Write-only in Kinde.", func(o *Organization) **bool { return &o.IsEnforceMFA }),
		optBool("is_auto_join_domain_list", "Users of allowed_domains can sign up to the organization. Write-only in Kinde.",
			func(o *Organization) **bool { return &o.IsAutoJoinDomainList }),
		optBool("is_enable_advanced_orgs", "Activate advanced organization features. Write-only in Kinde.",
			func(o *Organization) **bool { return &o.IsEnableAdvancedOrgs }),
		objectPtr("mfa", &typ{kind: kObject, obj: mfaObject}, "MFA settings (PUT /organizations/{org_code}/mfa). Write-only in Kinde.",
			func(o *Organization) **MFA { return &o.MFA }),
		objectPtr("sessions", &typ{kind: kObject, obj: sessionsObject}, "Session settings (PATCH /organizations/{org_code}/sessions). Write-only in Kinde.",
			func(o *Organization) **Sessions { return &o.Sessions }),
		connectionsField,
		flagsField,
		propertiesField,
		objectPtr("logos", &typ{kind: kObject, obj: logosObject}, "Logo image files, relative to this YAML file: present means exactly these (a type left out, or null, deletes that logo; {} deletes both).",
			func(o *Organization) **Logos { return &o.Logos }),
		billingField,
		objectList("members", &typ{kind: kList, elem: &typ{kind: kObject, obj: memberObject}},
			"The organization's members: present means exactly these ([] removes every member).",
			func(o *Organization) *[]*Member { return &o.Members },
			func(a, b *Member) int { return byIdentity([]string{a.Email, a.ID}, []string{b.Email, b.ID}) }),
		invitationsField,
	},
	anyOf:    []string{"code", "external_id", "handle"},
	anyOfMsg: "a new organization (no code) needs an external_id or a handle, so that a re-run finds it",
	check:    checkOrganization,
}

var mfaObject = &object{
	name: "mfa",
	desc: "ReplaceOrganizationMFA.",
	fields: []field{
		func() field {
			f := stringList("enabled_factors", tFactors, "The MFA methods to enable: mfa:email, mfa:sms, mfa:authenticator_app.",
				func(m *MFA) *[]string { return &m.EnabledFactors }, nil)
			f.required = true
			return f
		}(),
		optBool("is_recovery_codes_enabled", "Show recovery codes during MFA setup for this organization.",
			func(m *MFA) **bool { return &m.IsRecoveryCodesEnabled }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*MFA).Pos = d.pos(n) },
}

var sessionsObject = &object{
	name: "sessions",
	desc: "UpdateOrganizationSessions.",
	fields: []field{
		optBool("is_use_org_sso_session_policy", "Use the organization's SSO session policy override.",
			func(s *Sessions) **bool { return &s.IsUseOrgSSOSessionPolicy }),
		optString("sso_session_persistence_mode", tPersistence, "persistent or non_persistent.",
			func(s *Sessions) **string { return &s.SSOSessionPersistenceMode }),
		optBool("is_use_org_authenticated_session_lifetime", "Apply the organization's authenticated session lifetime override.",
			func(s *Sessions) **bool { return &s.IsUseOrgAuthenticatedSessionLifetime }),
		optInt("authenticated_session_lifetime", tSeconds, "Authenticated session lifetime in seconds.",
			func(s *Sessions) **int64 { return &s.AuthenticatedSessionLifetime }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*Sessions).Pos = d.pos(n) },
}

var logosObject = &object{
	name: "logos",
	desc: "Logo image files; a type left out, or null, has no logo.",
	fields: []field{
		plainString("light", tLogoPath, "Logo for light mode; null or left out: none.", func(l *Logos) *string { return &l.Light }),
		plainString("dark", tLogoPath, "Logo for dark mode; null or left out: none.", func(l *Logos) *string { return &l.Dark }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*Logos).Pos = d.pos(n) },
}

var memberObject = &object{
	name: "member",
	desc: "One member, by email or by Kinde user id.",
	fields: []field{
		plainString("email", tEmail, "The user's email; compared case-insensitively.", func(m *Member) *string { return &m.Email }),
		plainString("id", tName, "The Kinde user id (kp_...).", func(m *Member) *string { return &m.ID }),
		stringList("roles", tNames, "Role keys; left out, the member's roles are unmanaged.",
			func(m *Member) *[]string { return &m.Roles }, func(m *Member) *Pos { return &m.RolesPos }),
		stringList("permissions", tNames, "Permission keys granted directly in this organization; left out, unmanaged.",
			func(m *Member) *[]string { return &m.Permissions }, func(m *Member) *Pos { return &m.PermissionsPos }),
		apiScopesField,
	},
	oneOf: []string{"email", "id"},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*Member).Pos = d.pos(n) },
}

func orgIdentity(o *Organization) []string {
	return []string{o.Code, deref(o.ExternalID), deref(o.Handle)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
