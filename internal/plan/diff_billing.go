package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/kindesync/kindesync/internal/spec"
)

// billingFields are CreateOrganization's billing fields as the file sets
// them, by their API names; nil when the file sets none.
func billingFields(b *spec.Billing) map[string]any {
	if b == nil {
		return nil
	}
	f := map[string]any{}
	if b.CreateCustomer != nil {
		f["is_create_billing_customer"] = *b.CreateCustomer
	}
	if b.Email != nil {
		f["billing_email"] = *b.Email
	}
	if b.PlanCode != nil {
		f["billing_plan_code"] = *b.PlanCode
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

// billingHash fingerprints the billing fields an org was created with, so
// that a later plan knows they were honoured and need no word.
func billingHash(f map[string]any) string {
	b, _ := json.Marshal(f) // maps marshal with sorted keys: canonical
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// billing adds the billing fields to a new org's create, and records them in
// kindesync_state. On an existing org Kinde cannot change them: nothing is
// planned, and the plan says so once per org, unless kindesync_state shows
// that kindesync created the org with these very fields.
func (o *orgDiff) billing() {
	f := billingFields(o.want.Billing)
	if f == nil {
		return
	}
	h := billingHash(f)
	if o.isNew {
		for i := range o.steps {
			s := &o.steps[i]
			if s.Kind != KindOrganization || s.Action != Create {
				continue
			}
			after := s.After.(map[string]any)
			for k, v := range f {
				s.Target.Fields[k] = v
				after[k] = v
			}
		}
		o.state.Billing = h
		o.writes = true
		return
	}
	if o.have.State.Billing == h {
		return
	}
	o.d.notes = append(o.d.notes, Address(o.label)+": billing is honoured only when kindesync creates an organization "+
		"(Kinde cannot change it afterwards through this API); nothing is planned for it")
}
