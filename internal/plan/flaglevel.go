package plan

import "github.com/kindesync/kindesync/internal/spec"

// envOnlyFlags maps the key of each flag the file's environment catalog
// declares with allow_override_level env to its place: Kinde refuses an
// org override of such a flag (FEATURE_FLAG_OVERRIDE_NOT_ALLOWED), so the
// plan refuses it first. Kinde's API does not read the level back, so a
// flag the catalog does not declare is only refused by Kinde, at apply.
func envOnlyFlags(doc *spec.Document) map[string]spec.Pos {
	out := map[string]spec.Pos{}
	if doc.Environment == nil {
		return out
	}
	for _, f := range doc.Environment.FeatureFlags {
		if f.AllowOverrideLevel != nil && *f.AllowOverrideLevel == "env" {
			out[f.Key] = f.Pos
		}
	}
	return out
}

// checkOverrideLevels reports every override of an env-only flag.
func (o *orgDiff) checkOverrideLevels() {
	if o.want.FeatureFlags == nil {
		return
	}
	envOnly := envOnlyFlags(o.d.doc)
	for _, f := range o.want.FeatureFlags {
		if at, ok := envOnly[f.Key]; ok {
			o.d.problem(f.Pos, "feature flag %q cannot be overridden by an organization: the catalog gives it allow_override_level env (%s:%d); use org or usr there, or leave it out here",
				f.Key, at.File, at.Line)
		}
	}
}
