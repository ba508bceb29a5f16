package emulator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/kinde"
)

// Organizations: get, list, create, update, delete, handle.

// orgFor finds the organization a call names in its path, or answers as
// Kinde does for an unknown code. Operations whose spec declares a 404 get
// the not_found shape; the others only declare 400.
func (c *call) orgFor(param string, with404 bool) (*Organization, error) {
	code := c.path(param)
	if o := c.st().org(code); o != nil {
		c.manyOrg = c.manyOrg || (c.org != nil && c.org != o)
		c.org = o
		return o, nil
	}
	if with404 {
		return nil, notFound("ORGANIZATION_NOT_FOUND", "No organization with code %s.", code)
	}
	return nil, badRequest("ORGANIZATION_INVALID", "No organization with code %s.", code)
}

func (s *Server) getOrganization(c *call) (int, any, error) {
	code := c.query("code")
	if code == "" {
		return fail(badRequest("ORGANIZATION_CODE_REQUIRED", "The code parameter is required."))
	}
	o := c.st().org(code)
	if o == nil {
		return fail(badRequest("ORGANIZATION_INVALID", "No organization with code %s.", code))
	}
	v := s.orgView(o)
	if slices.Contains(list(c.query("expand")), "billing") && o.BillingCustomerID != "" {
		v.Billing = &kinde.OrganizationBilling{BillingCustomerID: o.BillingCustomerID, Agreements: []kinde.OrganizationAgreement{}}
	}
	return ok(nullOrgJSON(v))
}

// orgView is what Kinde reads back: colours as {raw, hex, hsl}, and none of
// the write-only settings.
func (s *Server) orgView(o *Organization) kinde.Organization {
	theme := or(o.ThemeCode, "user_preference")
	scheme := map[string]string{"light": "light", "dark": "dark"}[theme]
	v := kinde.Organization{
		Code: o.Code, Name: o.Name, Handle: o.Handle, IsDefault: o.IsDefault, ExternalID: o.ExternalID,
		IsAutoMembershipEnabled: o.IsAutoMembershipEnabled, AllowedDomains: nonNilList(slices.Clone(o.AllowedDomains)),
		LinkColor: colour(o.LinkColor), BackgroundColor: colour(o.BackgroundColor), ButtonColor: colour(o.ButtonColor),
		ButtonTextColor: colour(o.ButtonTextColor), LinkColorDark: colour(o.LinkColorDark),
		BackgroundColorDark: colour(o.BackgroundColorDark), ButtonTextColorDark: colour(o.ButtonTextColorDark),
		ButtonColorDark: colour(o.ButtonColorDark),
		ThemeCode:       theme, ColorScheme: or(scheme, "light dark"),
		IsAllowRegistrations: clonePtr(&o.IsAutoMembershipEnabled),
		SenderName:           o.SenderName, SenderEmail: o.SenderEmail, IsSuspended: o.IsSuspended,
		CreatedOn: s.timestamp(o.CreatedOn),
	}
	if o.IsSuspended {
		v.SuspendedOn = s.timestamp(o.SuspendedOn)
	}
	if l := o.Logos["light"]; l != nil {
		v.Logo = s.logoURL(o, "logo", l)
	}
	if l := o.Logos["dark"]; l != nil {
		v.LogoDark = s.logoURL(o, "logo_dark", l)
	}
	return v
}

func nonNilList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) getOrganizations(c *call) (int, any, error) {
	order, err := c.sortOrder("name_asc", "name_desc", "email_asc", "email_desc")
	if err != nil {
		return fail(err)
	}
	// Organizations have no email; Kinde accepts the email orders for them,
	// and the emulator sorts those by name.
	byName := order != ""
	desc := strings.HasSuffix(order, "_desc")
	key := func(o *Organization) string {
		if byName {
			return sortKey(strings.ToLower(o.Name), o.Code)
		}
		return o.Code
	}
	orgs := slices.Clone(c.st().Organizations)
	slices.SortFunc(orgs, func(a, b *Organization) int {
		if desc {
			return cmp.Compare(key(b), key(a))
		}
		return cmp.Compare(key(a), key(b))
	})
	page, next, err := pageByToken(c, "organizations", order, desc, orgs, key)
	if err != nil {
		return fail(err)
	}
	resp := getOrganizationsJSON{Code: "OK", Message: "Success", Organizations: []orgSummaryJSON{}, NextToken: next}
	for _, o := range page {
		resp.Organizations = append(resp.Organizations, orgSummaryJSON{
			OrganizationSummary: kinde.OrganizationSummary{
				Code: o.Code, Name: o.Name, IsDefault: o.IsDefault, IsAutoMembershipEnabled: o.IsAutoMembershipEnabled,
			},
			Handle: null(o.Handle), ExternalID: null(o.ExternalID),
		})
	}
	return ok(resp)
}

func (s *Server) createOrganization(c *call) (int, any, error) {
	var req kinde.CreateOrganizationRequest
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if strings.TrimSpace(req.Name) == "" {
		return fail(badRequest("NAME_REQUIRED", "An organization needs a name."))
	}
	st := c.st()
	o := &Organization{Name: req.Name, CreatedOn: s.now()}
	// The same checks and assignments as an update, through one path.
	upd := kinde.UpdateOrganizationRequest{
		ExternalID: nonEmpty(req.ExternalID), Handle: nonEmpty(req.Handle), ThemeCode: nonEmpty(req.ThemeCode),
		BackgroundColor: nonEmpty(req.BackgroundColor), ButtonColor: nonEmpty(req.ButtonColor),
		ButtonTextColor: nonEmpty(req.ButtonTextColor), LinkColor: nonEmpty(req.LinkColor),
		BackgroundColorDark: nonEmpty(req.BackgroundColorDark), ButtonColorDark: nonEmpty(req.ButtonColorDark),
		ButtonTextColorDark: nonEmpty(req.ButtonTextColorDark), LinkColorDark: nonEmpty(req.LinkColorDark),
		IsAllowRegistrations: req.IsAllowRegistrations, IsAutoMembershipEnabled: req.IsAutoMembershipEnabled,
		SenderName: req.SenderName, SenderEmail: req.SenderEmail,
	}
	if err := s.checkUpdate(st, o, &upd); err != nil {
		return fail(err)
	}
	o.Code = s.ids.next(idOrg, func(id string) bool { return st.org(id) != nil })
	applyUpdate(o, &upd, s.now())
	if req.IsCreateBillingCustomer != nil && *req.IsCreateBillingCustomer {
		o.BillingCustomerID = s.ids.next(idCustomer, func(id string) bool {
			return find(st.Organizations, func(x *Organization) bool { return x.BillingCustomerID == id }) != nil
		})
	}
	st.Organizations = append(st.Organizations, o)
	return ok(kinde.CreateOrganizationResponse{Code: "OK", Message: "Success", Organization: kinde.CreatedOrganizationDetail{
		Code: o.Code, BillingCustomerID: o.BillingCustomerID,
	}})
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Server) updateOrganization(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	var req kinde.UpdateOrganizationRequest
	if err := c.decode(&req, false); err != nil {
		return fail(err)
	}
	if err := s.checkUpdate(c.st(), o, &req); err != nil {
		return fail(err)
	}
	applyUpdate(o, &req, s.now())
	return ok(success())
}

// checkUpdate validates an update of o (a new one when creating) before
// anything is changed, so that a rejected request changes nothing.
func (s *Server) checkUpdate(st *State, o *Organization, req *kinde.UpdateOrganizationRequest) error {
	if req.Name != nil && strings.TrimSpace(*req.Name) == "" {
		return badRequest("NAME_REQUIRED", "An organization needs a name.")
	}
	if t := req.ThemeCode; t != nil && !slices.Contains(themeCodes, *t) {
		return badRequest("INVALID_THEME_CODE", "theme_code must be one of %s.", strings.Join(themeCodes, ", "))
	}
	for _, f := range colourFields(req) {
		if f.v != nil && *f.v != "" {
			if _, err := parseColour(*f.v); err != nil {
				return badRequest("INVALID_COLOR", "%s: %v", f.name, err)
			}
		}
	}
	for _, other := range st.Organizations {
		if other == o {
			continue
		}
		if h := req.Handle; h != nil && *h != "" && other.Handle == *h {
			return badRequest("HANDLE_ALREADY_EXISTS", "The handle %s is taken by another organization.", *h)
		}
		if e := req.ExternalID; e != nil && *e != "" && other.ExternalID == *e && !s.opts.DuplicateExternalIDs {
			return badRequest("EXTERNAL_ID_ALREADY_EXISTS", "The external_id %s is taken by another organization.", *e)
		}
	}
	if req.IsSuspended != nil && *req.IsSuspended && o.IsDefault {
		return badRequest("CANNOT_SUSPEND_DEFAULT_ORGANIZATION", "The default organization cannot be suspended.")
	}
	return nil
}

type colourField struct {
	name string
	v    *string
}

func colourFields(r *kinde.UpdateOrganizationRequest) []colourField {
	return []colourField{
		{"background_color", r.BackgroundColor}, {"button_color", r.ButtonColor},
		{"button_text_color", r.ButtonTextColor}, {"link_color", r.LinkColor},
		{"background_color_dark", r.BackgroundColorDark}, {"button_color_dark", r.ButtonColorDark},
		{"button_text_color_dark", r.ButtonTextColorDark}, {"link_color_dark", r.LinkColorDark},
	}
}

// applyUpdate stores what an update sets: absent fields stay, colours are
// kept as written, write-only settings are kept though never served.
func applyUpdate(o *Organization, r *kinde.UpdateOrganizationRequest, now time.Time) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setBool := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&o.Name, r.Name)
	set(&o.ExternalID, r.ExternalID)
	set(&o.Handle, r.Handle)
	set(&o.ThemeCode, r.ThemeCode)
	fields := colourFields(r)
	for i, dst := range o.colours() {
		set(dst.p, fields[i].v)
	}
	// is_allow_registrations is the deprecated name of is_auto_membership_enabled.
	setBool(&o.IsAutoMembershipEnabled, r.IsAllowRegistrations)
	setBool(&o.IsAutoMembershipEnabled, r.IsAutoMembershipEnabled)
	if r.AllowedDomains != nil {
		o.AllowedDomains = slices.Clone(r.AllowedDomains)
	}
	set(&o.SenderName, r.SenderName)
	set(&o.SenderEmail, r.SenderEmail)
	if r.IsSuspended != nil && *r.IsSuspended != o.IsSuspended {
		o.IsSuspended = *r.IsSuspended
		o.SuspendedOn = time.Time{}
		if o.IsSuspended {
			o.SuspendedOn = now
		}
	}
	if r.IsEnforceMFA != nil {
		o.IsEnforceMFA = clonePtr(r.IsEnforceMFA)
	}
	if r.IsAutoJoinDomainList != nil {
		o.IsAutoJoinDomainList = clonePtr(r.IsAutoJoinDomainList)
	}
	if r.IsEnableAdvancedOrgs != nil {
		o.IsEnableAdvancedOrgs = clonePtr(r.IsEnableAdvancedOrgs)
	}
}

func (s *Server) deleteOrganization(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", true)
	if err != nil {
		return fail(err)
	}
	if o.IsDefault {
		return fail(badRequest("CANNOT_DELETE_DEFAULT_ORGANIZATION", "The default organization cannot be deleted."))
	}
	st := c.st()
	st.Organizations = slices.DeleteFunc(st.Organizations, func(x *Organization) bool { return x == o })
	return ok(success())
}

func (s *Server) deleteOrganizationHandle(c *call) (int, any, error) {
	o, err := c.orgFor("org_code", false)
	if err != nil {
		return fail(err)
	}
	o.Handle = ""
	return ok(success())
}

// logoURL is a URL in the shape of Kinde's, whose cache parameter changes
// with the logo, so that a reader can tell that a logo was replaced.
func (s *Server) logoURL(o *Organization, kind string, l *Logo) string {
	return fmt.Sprintf("%s/%s?org_code=%s&cache=%s", s.base(), kind, o.Code, logoHash(l))
}
