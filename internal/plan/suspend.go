package plan

import (
	"fmt"
	"strings"
)

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

// SSORemovals names every enterprise connection (SAML, WS-Fed, Entra ID)
// the steps turn off for an org. That is how a customer signs in to its
// org, and such a connection may be one the org manages itself
// (organization_code), which Kinde's lists do not mark: a connections list
// that leaves it out removes it only as a blocked delete, lifted by
// --allow-deletes alone.
func SSORemovals(steps []Step) []string {
	var out []string
	for _, s := range steps {
		if s.Kind != KindConnection || s.Action != Delete {
			continue
		}
		before, _ := s.Before.(map[string]any)
		if st, _ := before["strategy"].(string); enterprise(st) {
			out = append(out, fmt.Sprintf("%s: turning off an enterprise (SSO) connection (%s) for an organization", s.Address, st))
		}
	}
	return out
}

func enterprise(strategy string) bool {
	return strings.HasPrefix(strategy, "saml:") || strings.HasPrefix(strategy, "wsfed:") || strategy == "oauth2:azure_ad"
}
