package plan

import (
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/spec"
)

// orgField is one readable scalar (or list) setting of an organization,
// named as in Kinde's JSON. get returns nil when the field is unmanaged (in a
// desired org) or unset (in a live one).
type orgField struct {
	name string
	get  func(*spec.Organization) any
}

func strField(name string, f func(*spec.Organization) *string) orgField {
	return orgField{name, func(o *spec.Organization) any {
		if p := f(o); p != nil {
			return *p
		}
		return nil
	}}
}

func boolField(name string, f func(*spec.Organization) *bool) orgField {
	return orgField{name, func(o *spec.Organization) any {
		if p := f(o); p != nil {
			return *p
		}
		return nil
	}}
}

// orgFields are the settings diffed field by field, in the order a plan
// shows them. handle has a kind of its own; write-only settings are
// fingerprinted instead.
var orgFields = []orgField{
	strField("name", func(o *spec.Organization) *string { return o.Name }),
	strField("external_id", func(o *spec.Organization) *string { return o.ExternalID }),
	strField("theme_code", func(o *spec.Organization) *string { return o.ThemeCode }),
	strField("background_color", func(o *spec.Organization) *string { return o.BackgroundColor }),
	strField("button_color", func(o *spec.Organization) *string { return o.ButtonColor }),
	strField("button_text_color", func(o *spec.Organization) *string { return o.ButtonTextColor }),
	strField("link_color", func(o *spec.Organization) *string { return o.LinkColor }),
	strField("background_color_dark", func(o *spec.Organization) *string { return o.BackgroundColorDark }),
	strField("button_color_dark", func(o *spec.Organization) *string { return o.ButtonColorDark }),
	strField("button_text_color_dark", func(o *spec.Organization) *string { return o.ButtonTextColorDark }),
	strField("link_color_dark", func(o *spec.Organization) *string { return o.LinkColorDark }),
	boolField("is_auto_membership_enabled", func(o *spec.Organization) *bool { return o.IsAutoMembershipEnabled }),
	{"allowed_domains", func(o *spec.Organization) any {
		if o.AllowedDomains == nil {
			return nil
		}
		return NormDomains(o.AllowedDomains)
	}},
	strField("sender_name", func(o *spec.Organization) *string { return o.SenderName }),
	strField("sender_email", func(o *spec.Organization) *string { return o.SenderEmail }),
	boolField("is_suspended", func(o *spec.Organization) *bool { return o.IsSuspended }),
}

// ManagedFields names the org fields o sets, by their API names, so that
// reading live state can tell whether the organizations list is enough.
func ManagedFields(o *spec.Organization) []string {
	var out []string
	for _, f := range orgFields {
		if f.get(o) != nil {
			out = append(out, f.name)
		}
	}
	return out
}

// NormDomains compares domain lists as sets, case-insensitively.
func NormDomains(in []string) []string {
	out := make([]string, 0, len(in))
	for _, d := range in {
		out = append(out, strings.ToLower(strings.TrimSpace(d)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sameValue compares a desired and a live field value. An empty string and an
// unset value are the same to Kinde, and so are an empty and an unset list:
// treating them as different would plan a change on every run.
func sameValue(want, have any) bool {
	switch w := want.(type) {
	case string:
		h, _ := have.(string)
		return w == h
	case bool:
		h, ok := have.(bool)
		if !ok {
			return !w
		}
		return w == h
	case []string:
		h, _ := have.([]string)
		return slices.Equal(w, h)
	}
	return want == have
}

func (o *orgDiff) fields() {
	if o.isNew {
		fields := map[string]any{}
		after := map[string]any{}
		for _, f := range orgFields {
			if v := f.get(o.want); v != nil {
				fields[f.name] = v
				after[f.name] = v
			}
		}
		if o.want.Handle != nil && *o.want.Handle != "" {
			fields["handle"] = *o.want.Handle
			after["handle"] = *o.want.Handle
		}
		o.add(Step{Action: Create, Kind: KindOrganization, Address: Address(o.label), After: after,
			Target: Target{Fields: fields}})
		return
	}
	before, after, fields := map[string]any{}, map[string]any{}, map[string]any{}
	for _, f := range orgFields {
		want := f.get(o.want)
		if want == nil {
			continue
		}
		have := f.get(o.have.Org)
		if sameValue(want, have) {
			continue
		}
		before[f.name], after[f.name], fields[f.name] = have, want, want
	}
	if len(fields) > 0 {
		o.add(Step{Action: Update, Kind: KindOrganization, Address: Address(o.label),
			Before: before, After: after, Target: Target{Fields: fields}})
	}
	o.handle()
}

// handle is diffed on its own: clearing it is a separate call
// (DeleteOrganizationHandle), and reviewers should see an org's handle — part
// of its callback URLs — change explicitly.
func (o *orgDiff) handle() {
	if o.want.Handle == nil {
		return
	}
	want, have := *o.want.Handle, ""
	if o.have.Org.Handle != nil {
		have = *o.have.Org.Handle
	}
	switch {
	case want == have:
	case want == "":
		o.add(Step{Action: Delete, Kind: KindHandle, Address: Address(o.label, "handle", have), Before: have})
	case have == "":
		o.add(Step{Action: Create, Kind: KindHandle, Address: Address(o.label, "handle", want), After: want,
			Target: Target{Fields: map[string]any{"handle": want}}})
	default:
		o.add(Step{Action: Update, Kind: KindHandle, Address: Address(o.label, "handle", want), Before: have, After: want,
			Target: Target{Fields: map[string]any{"handle": want}}})
	}
}
