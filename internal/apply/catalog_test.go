package apply

import (
	"context"
	"strings"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
)

// catalogState holds objects with the keys the creates below send, some as
// sent (what a create whose answer was lost leaves) and some not (what
// someone else made in between).
const catalogState = `version: 1
environment:
  roles:
    - {key: taken, name: Someone else's}
    - {key: mine, name: Mine, description: Made by the lost create}
  permissions:
    - {key: p_same, name: P}
  feature_flags:
    - {key: f_same, type: int, default: 5}
    - {key: f_other, type: int, default: 3}
  property_categories:
    - {id: cat_0192b7e8b4f8ca08110d2b22059662a8, name: General, context: org}
  properties:
    - {key: kp_same, name: Same, type: single_line_text, context: org, category_id: cat_0192b7e8b4f8ca08110d2b22059662a8}
    - {key: kp_private, name: Private, type: single_line_text, context: org, category_id: cat_0192b7e8b4f8ca08110d2b22059662a8, is_private: true}
organizations:
  - {code: org_default00, is_default: true, name: Default}
`

// TestCatalogCreateExisting: a catalog create that Kinde refuses as
// existing (what a re-send after a lost answer meets) is taken as done only
// if the object Kinde shows under the key is the one sent; otherwise it is
// a failure that names the field, and no step is counted done.
func TestCatalogCreateExisting(t *testing.T) {
	e := emulatortest.StartYAML(t, catalogState, emulator.Options{})
	c, err := kinde.New(kinde.Config{Domain: e.URL, ClientID: "emulator", ClientSecret: "emulator"})
	if err != nil {
		t.Fatal(err)
	}
	cat := "cat_0192b7e8b4f8ca08110d2b22059662a8"
	for _, tt := range []struct {
		name   string
		kind   plan.Kind
		fields map[string]any
		err    string // "" for adopted
	}{
		{"role as sent", plan.KindRole, map[string]any{"key": "mine", "name": "Mine", "description": "Made by the lost create"}, ""},
		{"role named otherwise", plan.KindRole, map[string]any{"key": "taken", "name": "Taken"}, `role "taken" exists in Kinde with name "Someone else's", not "Taken"`},
		{"role described otherwise", plan.KindRole, map[string]any{"key": "mine", "name": "Mine"}, `with description "Made by the lost create", not ""`},
		{"permission as sent", plan.KindPermission, map[string]any{"key": "p_same", "name": "P"}, ""},
		{"permission named otherwise", plan.KindPermission, map[string]any{"key": "p_same", "name": "Q"}, `permission "p_same" exists in Kinde with name "P", not "Q"`},
		{"flag as sent", plan.KindEnvFlag, map[string]any{"key": "f_same", "name": "F", "type": "int", "default_value": "5"}, ""},
		{"flag with another default", plan.KindEnvFlag, map[string]any{"key": "f_other", "name": "F", "type": "int", "default_value": "5"}, `feature_flag "f_other" exists in Kinde with default_value "3", not "5"`},
		{"flag of another type", plan.KindEnvFlag, map[string]any{"key": "f_same", "name": "F", "type": "str", "default_value": "5"}, `with type "int", not "str"`},
		{"property as sent", plan.KindEnvProperty, map[string]any{"key": "kp_same", "name": "Same", "type": "single_line_text", "context": "org", "is_private": false, "category_id": cat}, ""},
		{"property not private", plan.KindEnvProperty, map[string]any{"key": "kp_private", "name": "Private", "type": "single_line_text", "context": "org", "is_private": false, "category_id": cat}, `with is_private "true", not "false"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.fields["key"].(string)
			p := &plan.Plan{Steps: []plan.Step{{Action: plan.Create, Kind: tt.kind, Address: "environment.x[" + key + "]",
				Target: plan.Target{Key: key, Fields: tt.fields}}}}
			res, err := Run(context.Background(), c, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			g := res.Groups[0]
			switch {
			case tt.err == "" && (g.Err != nil || g.Done != 1):
				t.Errorf("done %d, err %v; want it taken as done", g.Done, g.Err)
			case tt.err != "" && (g.Err == nil || g.Done != 0 || !strings.Contains(g.Err.Error(), tt.err)):
				t.Errorf("done %d, err %v; want a failure saying %s", g.Done, g.Err, tt.err)
			}
		})
	}
	if dups := len(e.Snapshot().Environment.Roles); dups != 2 {
		t.Errorf("%d roles, want the 2 there were", dups)
	}
}

// TestCatalogCreateExistingFillsItsID: a role taken as made after Kinde
// said it exists gives later steps its id, as an answered create does: the
// role's permissions are granted to the role that was there.
func TestCatalogCreateExistingFillsItsID(t *testing.T) {
	e := emulatortest.StartYAML(t, catalogState, emulator.Options{})
	c, err := kinde.New(kinde.Config{Domain: e.URL, ClientID: "emulator", ClientSecret: "emulator"})
	if err != nil {
		t.Fatal(err)
	}
	st := e.Snapshot()
	pid := st.Environment.Permissions[0].ID
	p := &plan.Plan{Steps: []plan.Step{
		{Action: plan.Create, Kind: plan.KindRole, Address: "environment.role[mine]",
			Target: plan.Target{Key: "mine", Fields: map[string]any{"key": "mine", "name": "Mine", "description": "Made by the lost create"}}},
		{Action: plan.Create, Kind: plan.KindRolePermission, Address: "environment.role[mine].permission[p_same]", After: "p_same",
			Target: plan.Target{Key: "mine", ID: plan.RolePlaceholder("mine"), Fields: map[string]any{"permission_id": pid}}},
	}}
	res, err := Run(context.Background(), c, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g := res.Groups[0]; g.Err != nil || g.Done != 2 {
		t.Fatalf("done %d, err %v; want both steps done", g.Done, g.Err)
	}
	for _, r := range e.Snapshot().Environment.Roles {
		if r.Key == "mine" && (len(r.Permissions) != 1 || r.Permissions[0] != "p_same") {
			t.Errorf("role mine holds %v, want [p_same]", r.Permissions)
		}
	}
}
