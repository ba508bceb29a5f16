package live

import (
	"testing"

	"github.com/kindesync/kindesync/internal/kinde"
)

func TestResolveOrg(t *testing.T) {
	orgs := []kinde.OrganizationSummary{
		{Code: "org_a", ExternalID: "acme", Handle: "acme-inc"},
		{Code: "org_b", ExternalID: "twin", Handle: "org_a"}, // a handle equal to another org's code
		{Code: "org_c", ExternalID: "twin"},
		{Code: "org_d", Handle: "acme"}, // a handle equal to another org's external_id
	}
	for _, c := range []struct{ ref, code, err string }{
		{ref: "org_a", code: "org_a"}, // the code wins over org_b's handle
		{ref: "acme", code: "org_a"},  // the external_id wins over org_d's handle
		{ref: "acme-inc", code: "org_a"},
		{ref: "twin", err: `"twin" names 2 organizations (org_b, org_c): give the code`},
		{ref: "nosuch", err: `no organization has the code, external_id or handle "nosuch"`},
		{ref: "", err: `no organization has the code, external_id or handle ""`},
	} {
		got, err := ResolveOrg(orgs, c.ref)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("ResolveOrg(%q) = %v, %v; want error %q", c.ref, got.Code, err, c.err)
		case c.err == "" && (err != nil || got.Code != c.code):
			t.Errorf("ResolveOrg(%q) = %v, %v; want %s", c.ref, got.Code, err, c.code)
		}
	}
}
