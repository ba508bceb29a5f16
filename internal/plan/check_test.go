package plan

import "testing"

// TestMissingForCoversSafety: every collection the safety limits count has
// a part that a saved plan's fingerprint must cover, so that a removal
// cannot dodge the limits by a read that did not count its collection.
func TestMissingForCoversSafety(t *testing.T) {
	for _, k := range Kinds {
		if collectionOf(k) == "" {
			continue
		}
		s := Step{Action: Delete, Kind: k, Target: Target{UserID: "kp_1"}}
		if (Parts{}).missingFor(s) == "" {
			t.Errorf("removing a %s counts against %q, but an empty read covers it", k, collectionOf(k))
		}
		all := Parts{Details: true, Members: true, AllPermissions: true, Flags: true, Properties: true, Connections: true, Logos: true, Invitations: true}
		if m := all.missingFor(s); m != "" {
			t.Errorf("removing a %s: a full read misses %q", k, m)
		}
	}
}

func TestCheckFraction(t *testing.T) {
	for _, f := range []float64{0, 0.25, 1} {
		if err := CheckFraction(f); err != nil {
			t.Errorf("CheckFraction(%v) = %v", f, err)
		}
	}
	zero := 0.0
	for _, f := range []float64{-0.01, 1.01, zero / zero, 1 / zero, -1 / zero} {
		if CheckFraction(f) == nil {
			t.Errorf("CheckFraction(%v) = nil, want an error", f)
		}
	}
}
