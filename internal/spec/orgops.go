package spec

import (
	"cmp"
	"slices"

	"gopkg.in/yaml.v3"
)

// The organization operations beyond the core of DESIGN §2 (issue 13):
// create-only billing fields, pending invitations, members' API scopes.

// Billing is CreateOrganization's billing fields. Kinde takes them only when
// an organization is created; on an existing one they plan nothing.
type Billing struct {
	Pos            Pos
	CreateCustomer *bool
	Email          *string
	PlanCode       *string
}

// Invitation is one pending organization invitation, identified by Email
// (lower-cased by the loader).
type Invitation struct {
	Pos       Pos
	Email     string
	FirstName *string
	LastName  *string
	Roles     []string // role keys; never nil after loading
	RolesPos  Pos
}

// APIScopes are the API scopes granted to a member in the org: an API, by
// audience or id, and the keys of its scopes.
type APIScopes struct {
	Pos    Pos
	API    string
	Scopes []string // never nil
}

var tInviteName = &typ{kind: kString, nonEmpty: true, maxLen: 64}

var billingObject = &object{
	name: "billing",
	desc: "Billing fields of CreateOrganization: honoured only when kindesync creates the organization; Kinde cannot change them afterwards.",
	fields: []field{
		optBool("create_customer", "Create a billing customer for the new organization.",
			func(b *Billing) **bool { return &b.CreateCustomer }),
		optString("email", tEmail, "The billing customer's email.", func(b *Billing) **string { return &b.Email }),
		optString("plan_code", tName, "The billing plan to put the new organization on.", func(b *Billing) **string { return &b.PlanCode }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) { parent.(*Billing).Pos = d.pos(n) },
}

var invitationObject = &object{
	name: "invitation",
	desc: "A pending invitation to the organization.",
	fields: []field{
		func() field {
			f := plainString("email", tEmail, "The invited person's email; compared case-insensitively.", func(i *Invitation) *string { return &i.Email })
			f.required = true
			return f
		}(),
		optString("first_name", tInviteName, "First name, at most 64 characters.", func(i *Invitation) **string { return &i.FirstName }),
		optString("last_name", tInviteName, "Last name, at most 64 characters.", func(i *Invitation) **string { return &i.LastName }),
		stringList("roles", tNames, "Role keys the person gets on accepting.",
			func(i *Invitation) *[]string { return &i.Roles }, func(i *Invitation) *Pos { return &i.RolesPos }),
	},
	check: func(d *decoder, parent any, n *yaml.Node) {
		i := parent.(*Invitation)
		i.Pos = d.pos(n)
		if i.Roles == nil {
			i.Roles = []string{}
		}
	},
}

var invitationsField = objectList("invitations", &typ{kind: kList, elem: &typ{kind: kObject, obj: invitationObject}},
	"Pending invitations: present means exactly these ([] revokes every pending one). An accepted invitation is a member and plans nothing.",
	func(o *Organization) *[]*Invitation { return &o.Invitations },
	func(a, b *Invitation) int { return cmp.Compare(a.Email, b.Email) })

var billingField = objectPtr("billing", &typ{kind: kObject, obj: billingObject},
	"Create-only billing fields (CreateOrganization): honoured when kindesync creates the organization, and nothing is planned for them on an existing one.",
	func(o *Organization) **Billing { return &o.Billing })

var apiScopesField = field{name: "api_scopes", typ: &typ{kind: kListMap, elem: tNames},
	desc: "API scopes granted to the member in this organization: API audience or id -> scope keys. Write-only in Kinde: kindesync keeps the set it applied in kindesync_state.",
	set: func(d *decoder, f *field, parent any, n *yaml.Node) {
		var grants []APIScopes
		ok := d.eachPair(n, func(key string, k, v *yaml.Node) {
			if scopes, ok := d.strList(f.typ.elem, v); ok {
				grants = append(grants, APIScopes{Pos: d.pos(k), API: key, Scopes: nonNil(scopes)})
			}
		})
		if ok {
			parent.(*Member).APIScopes = nonNil(grants)
		}
	},
	get: func(e *encoder, f *field, parent any) *yaml.Node {
		grants := parent.(*Member).APIScopes
		if grants == nil {
			return nil
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, g := range slices.SortedFunc(slices.Values(grants), func(a, b APIScopes) int { return cmp.Compare(a.API, b.API) }) {
			seq := flowSeq(len(g.Scopes))
			for _, s := range slices.Sorted(slices.Values(g.Scopes)) {
				seq.Content = append(seq.Content, strNode(s))
			}
			m.Content = append(m.Content, strNode(g.API), seq)
		}
		return m
	}}

// checkInvitations: an email is invited once per org, and not both invited
// and listed as a member by that email.
func checkInvitations(d *decoder, o *Organization) {
	if len(o.Invitations) == 0 {
		return
	}
	d.push("invitations", -1)
	defer d.pop()
	members := map[string]bool{}
	for _, m := range o.Members {
		members[m.Email] = true
	}
	seen := map[string]Pos{}
	for _, i := range o.Invitations {
		if i.Email == "" {
			continue
		}
		if first, dup := seen[i.Email]; dup {
			d.errorAt(i.Pos, "%s is invited twice (first at %s)", i.Email, first.relativeTo(i.Pos.File))
			continue
		}
		seen[i.Email] = i.Pos
		if members[i.Email] {
			d.errorAt(i.Pos, "%s is both a member and invited: list it in one place (a member with no Kinde user is invited by options.missing_users: invite)", i.Email)
		}
	}
}
