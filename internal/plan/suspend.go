package plan

import "fmt"

// Suspensions names every organization the steps suspend (is_suspended
// false → true). Suspending an org ends the sessions and invalidates the
// tokens of every member (KINDE-FACTS "Organizations"), so it is blocked as
// a delete is: --allow-deletes lifts it, and so does the narrower
// --allow-suspend. Creating an org suspended logs nobody out and is not
// counted; lifting a suspension is not either.
func Suspensions(steps []Step) []string {
	var out []string
	for _, s := range steps {
		if s.Kind != KindOrganization || s.Action != Update {
			continue
		}
		after, _ := s.After.(map[string]any)
		before, _ := s.Before.(map[string]any)
		if after["is_suspended"] == true && before["is_suspended"] != true {
			out = append(out, fmt.Sprintf("%s: suspending an organization logs out every member", s.Address))
		}
	}
	return out
}
