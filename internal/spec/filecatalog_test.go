package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFileCatalog(t *testing.T) {
	if c := (&Document{}).FileCatalog(); c != nil {
		t.Errorf("no environment section: %+v, want nil", c)
	}
	doc := &Document{Environment: &Environment{
		Roles:        []*EnvRole{{Key: "admin"}},
		FeatureFlags: []*EnvFlag{{Key: "seats", Type: FlagInt}},
		Properties:   []*EnvProperty{{Key: "kp_org_city", Context: "org"}, {Key: "kp_usr_age", Context: "usr"}},
	}}
	want := &Catalog{
		Roles:              map[string]bool{"admin": true},
		Flags:              map[string]FlagType{"seats": FlagInt},
		Properties:         map[string]bool{"kp_org_city": true},
		CreateMissingUsers: true,
	}
	// Permissions are not listed: not checked (nil), unlike an empty list.
	if diff := cmp.Diff(want, doc.FileCatalog()); diff != "" {
		t.Errorf("FileCatalog (-want +got):\n%s", diff)
	}
	doc.Environment.Permissions = []*EnvPermission{}
	if c := doc.FileCatalog(); c.Permissions == nil || len(c.Permissions) != 0 {
		t.Errorf("permissions: [] gives %v, want an empty set", c.Permissions)
	}
}
