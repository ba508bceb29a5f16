package plan

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/kindesync/kindesync/internal/spec"
)

func (o *orgDiff) connections() {
	if o.want.Connections == nil {
		return
	}
	env := o.d.live.Env
	byID, byName, strategy := map[string]string{}, map[string]string{}, map[string]string{}
	for _, c := range env.Connections {
		byID[c.ID] = c.Name
		byName[c.Name] = c.ID
		strategy[c.ID] = c.Strategy
	}
	have := map[string]bool{}
	var haveOrder []string
	for _, r := range o.have.Org.Connections {
		have[r.Value] = true
		haveOrder = append(haveOrder, r.Value)
	}
	want := map[string]bool{}
	var order []string
	for _, r := range o.want.Connections {
		id := r.Value
		if _, ok := byID[id]; !ok {
			id = byName[r.Value]
		}
		if id == "" {
			if o.unlistedConnection(r, have) {
				want[r.Value] = true // named, so no note: it stays as it is
			}
			continue
		}
		if !want[id] {
			want[id] = true
			order = append(order, id)
		}
	}
	for _, id := range order {
		if !have[id] {
			o.add(Step{Action: Create, Kind: KindConnection, Address: Address(o.label, "connection", byID[id]),
				After: map[string]any{"id": id, "name": byID[id]}, Target: Target{ID: id}})
		}
	}
	slices.Sort(haveOrder)
	for _, id := range haveOrder {
		if want[id] {
			continue
		}
		name, known := byID[id]
		if !known {
			// Enabled on the org but not in the environment's list: an
			// org-managed enterprise connection (a customer's SSO) may be
			// one, and nothing here says what it is. It stays.
			o.d.notes = append(o.d.notes, Address(o.label, "connection", id)+
				": connection ID enabled on the org is not in the environment's connection list; kept")
			continue
		}
		before := map[string]any{"id": id, "name": name}
		if name == "" {
			name = id
		}
		if st := strategy[id]; st != "" {
			before["strategy"] = st
		}
		o.add(Step{Action: Delete, Kind: KindConnection, Address: Address(o.label, "connection", name),
			Before: before, Target: Target{ID: id}})
	}
}

// unlistedConnection handles a file entry that names no connection of the
// environment's list. The id of one enabled on this org is kept as it is
// (export writes such ids); one enabled only on other orgs cannot be
// enabled here, since nothing says what it is.
func (o *orgDiff) unlistedConnection(r spec.Ref, have map[string]bool) bool {
	if have[r.Value] {
		return true
	}
	for _, lo := range o.d.live.Orgs {
		if slices.ContainsFunc(lo.Org.Connections, func(c spec.Ref) bool { return c.Value == r.Value }) {
			o.d.problem(r.Pos, "connection %q is not in the environment's connection list: kindesync keeps it where it is enabled (organization %s) but cannot enable it here", r.Value, lo.Org.Code)
			return false
		}
	}
	o.d.nameProblem(r.Pos, "unknown connection %q", r.Value)
	return false
}

// FlagString is how Kinde takes a flag value in ?value=.
func FlagString(v spec.FlagValue) string {
	switch v.Type {
	case spec.FlagBool:
		return strconv.FormatBool(v.Bool)
	case spec.FlagInt:
		return strconv.FormatInt(v.Int, 10)
	}
	return v.String
}

// FlagAny is a flag value as plain data, for before/after; a json flag's
// object is shown as the object.
func FlagAny(v spec.FlagValue) any {
	switch v.Type {
	case spec.FlagBool:
		return v.Bool
	case spec.FlagInt:
		return v.Int
	case spec.FlagJSON:
		var obj any
		if json.Unmarshal([]byte(v.String), &obj) == nil {
			return obj
		}
	}
	return v.String
}

// flags applies the override rule of DESIGN §3: live overrides are the values
// that differ from the environment's; an override equal to the environment
// value is the same as none.
func (o *orgDiff) flags() {
	if o.want.FeatureFlags == nil {
		return
	}
	o.checkOverrideLevels()
	env := o.d.live.Env.Flags
	have := map[string]spec.FlagValue{}
	for _, f := range o.have.Org.FeatureFlags {
		have[f.Key] = f.Value
	}
	want := map[string]bool{}
	for _, f := range o.want.FeatureFlags {
		def, ok := env[f.Key]
		if !ok {
			o.d.nameProblem(f.Pos, "unknown feature flag %q", f.Key)
			continue
		}
		if def.Type != f.Value.Type {
			o.d.nameProblem(f.Pos, "feature flag %q is of type %s, not %s", f.Key, def.Type, f.Value.Type)
			continue
		}
		want[f.Key] = true
		cur, overridden := have[f.Key]
		if !overridden {
			cur = def.Default
		}
		if cur == f.Value {
			continue
		}
		action := Update
		if !overridden {
			action = Create
		}
		o.add(Step{Action: action, Kind: KindFeatureFlag, Address: Address(o.label, "feature_flag", f.Key),
			Before: FlagAny(cur), After: FlagAny(f.Value), Target: Target{Key: f.Key, Value: FlagString(f.Value)}})
	}
	// Emptying more than one override goes in one call that deletes them
	// all (DeleteOrganizationFeatureFlagOverrides); each still has its
	// step, so the plan and the safety limits count every one.
	all := len(o.want.FeatureFlags) == 0 && len(o.have.Org.FeatureFlags) > 1
	for _, f := range o.have.Org.FeatureFlags {
		if want[f.Key] {
			continue
		}
		o.add(Step{Action: Delete, Kind: KindFeatureFlag, Address: Address(o.label, "feature_flag", f.Key),
			Before: FlagAny(f.Value), After: nil, Target: Target{Key: f.Key, All: all}})
	}
}

func (o *orgDiff) properties() {
	if o.want.Properties == nil {
		return
	}
	env := o.d.live.Env.Properties
	have := map[string]string{}
	for _, p := range o.have.Org.Properties {
		have[p.Key] = p.Value
	}
	want := map[string]bool{}
	for _, p := range o.want.Properties {
		if p.Key == StatePropertyKey {
			o.d.nameProblem(p.Pos, "property %q is kindesync's own and cannot be set in the file", p.Key)
			continue
		}
		if !env[p.Key] {
			o.d.nameProblem(p.Pos, "unknown organization property %q", p.Key)
			continue
		}
		want[p.Key] = true
		cur, ok := have[p.Key]
		if ok && cur == p.Value {
			continue
		}
		action := Update
		var before any = cur
		if !ok {
			action, before = Create, nil
		}
		if p.Value == "" && !ok {
			continue // setting an unset property to empty changes nothing
		}
		o.add(Step{Action: action, Kind: KindProperty, Address: Address(o.label, "property", p.Key),
			Before: before, After: p.Value, Target: Target{Key: p.Key, Value: p.Value}})
	}
	for _, p := range o.have.Org.Properties {
		if want[p.Key] || p.Key == StatePropertyKey {
			continue
		}
		o.add(Step{Action: Delete, Kind: KindProperty, Address: Address(o.label, "property", p.Key),
			Before: p.Value, Target: Target{Key: p.Key, SetNullValue: true}})
	}
}

// logos compares file hashes with those kindesync_state recorded at the last
// upload: Kinde gives back a logo's URL, not its content.
func (o *orgDiff) logos() {
	l := o.want.Logos
	if l == nil {
		return
	}
	for _, lg := range []struct {
		typ, file string
		last      *string
	}{{"light", l.Light, &o.state.LogoLight}, {"dark", l.Dark, &o.state.LogoDark}} {
		exists := o.have.Logos[lg.typ]
		if lg.file == "" {
			// A present logos map is managed exactly: a type it leaves
			// out has no logo.
			if exists {
				o.add(Step{Action: Delete, Kind: KindLogo, Address: Address(o.label, "logo", lg.typ),
					Before: logoBefore(*lg.last), Target: Target{Key: lg.typ}})
			}
			if *lg.last != "" {
				*lg.last = ""
				o.writes = true
			}
			continue
		}
		h := o.d.opt.LogoHashes[lg.file]
		if exists && *lg.last == h {
			continue
		}
		action := Update
		if !exists {
			action = Create
		}
		o.add(Step{Action: action, Kind: KindLogo, Address: Address(o.label, "logo", lg.typ),
			Before: nilIfEmpty(*lg.last), After: map[string]any{"file": lg.file, "sha256": h},
			Target: Target{Key: lg.typ, File: lg.file, FileSHA256: h}})
		*lg.last = h
		o.writes = true
	}
}

// logoBefore is a deleted logo as the plan shows it: its hash when
// kindesync uploaded it, otherwise only that it exists.
func logoBefore(hash string) any {
	if hash == "" {
		return map[string]any{"present": true}
	}
	return map[string]any{"sha256": hash}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return map[string]any{"sha256": s}
}

// writeOnly plans assert steps when the fingerprint of the write-only
// settings differs from the one kindesync_state recorded (DESIGN §3), then
// the write of kindesync_state itself, after everything it vouches for.
func (o *orgDiff) writeOnly() {
	fp := Fingerprint(o.want)
	if fp != "" && fp != o.have.State.WriteOnly {
		w, _ := canonicalWriteOnly(o.want)
		if f := orgWriteOnlyFields(w); len(f) > 0 {
			o.add(Step{Action: Assert, Kind: KindOrganization, WriteOnly: true, Address: Address(o.label),
				After: f, Target: Target{Fields: f}})
		}
		if w.MFA != nil {
			f := toMap(w.MFA)
			o.add(Step{Action: Assert, Kind: KindMFA, WriteOnly: true, Address: Address(o.label, "mfa", "org"),
				After: f, Target: Target{Fields: f}})
		}
		if w.Sessions != nil {
			f := toMap(w.Sessions)
			o.add(Step{Action: Assert, Kind: KindSessions, WriteOnly: true, Address: Address(o.label, "sessions", "org"),
				After: f, Target: Target{Fields: f}})
		}
		o.state.WriteOnly = fp
		o.writes = true
	}
	if !o.writes {
		return
	}
	o.d.needProp = true
	var before any
	action := Create
	if !o.have.State.isZero() {
		before, action = o.have.State.display(), Update
	}
	o.add(Step{Action: action, Kind: KindProperty, Address: Address(o.label, "property", StatePropertyKey),
		Before: before, After: o.state.display(), Target: Target{Key: StatePropertyKey, Value: o.state.Encode()}})
}

func orgWriteOnlyFields(w writeOnly) map[string]any {
	f := map[string]any{}
	if w.IsEnforceMFA != nil {
		f["is_enforce_mfa"] = *w.IsEnforceMFA
	}
	if w.IsAutoJoinDomainList != nil {
		f["is_auto_join_domain_list"] = *w.IsAutoJoinDomainList
	}
	if w.IsEnableAdvancedOrgs != nil {
		f["is_enable_advanced_orgs"] = *w.IsEnableAdvancedOrgs
	}
	return f
}

func toMap(v any) map[string]any {
	b, _ := json.Marshal(v)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	return m
}
