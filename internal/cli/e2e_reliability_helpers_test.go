package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/emulator"
)

// -soak runs the reliability tests at full size (docs/reliability.md): many
// seeds, large configs, many kill points. Without it they run a small
// version that fits in CI.
var soak = flag.Bool("soak", false, "run the reliability tests at soak size (minutes, not for CI)")

// -soak.seeds overrides the number of seeds of the faults test, to run a
// few at soak size.
var soakSeeds = flag.Int("soak.seeds", 0, "seeds of TestReliabilityFaultsInFlight (0: 2, or 20 with -soak)")

// size picks the CI or the soak value of a parameter.
func size(ci, full int) int {
	if *soak {
		return full
	}
	return ci
}

// relUsers is how many users the reliability environment holds: more than
// one org's members, so that orgs differ in who they hold.
const relUsers = 40

// relState is an environment with a catalog and relUsers users, and only
// the default org.
func relState() string {
	var b strings.Builder
	b.WriteString(`version: 1
environment:
  roles:
    - {key: admin, name: Admin, permissions: [reports:read]}
    - {key: viewer, name: Viewer, permissions: [reports:read]}
  permissions:
    - {key: reports:read, name: Read reports}
  feature_flags:
    - {key: dark_mode, type: bool, default: false}
    - {key: seats, type: int, default: 5}
  properties:
    - {key: kp_org_city, name: City}
users:
`)
	for i := range relUsers {
		fmt.Fprintf(&b, "  - {id: %s, email: %s}\n", relUserID(i), relEmail(i))
	}
	b.WriteString("organizations:\n  - {code: org_default00, is_default: true, name: Default}\n")
	return b.String()
}

func relUserID(i int) string { return fmt.Sprintf("kp_%032d", i+1) }
func relEmail(i int) string  { return fmt.Sprintf("user%d@acme.com", i+1) }

// relOrg describes the i-th generated org of a config.
type relOrg struct {
	ExternalID string
	Members    []string // user ids
	NewMembers []string // emails of users the apply creates
}

// relConfig writes a config of n new orgs (external_id prefix+i) with m
// members each. rich adds settings, flags, a property and a write-only
// setting, so that an apply has many kinds of call to be interrupted in.
func relConfig(prefix string, n, m int, rich bool) (string, []relOrg) {
	return relConfigNewUsers(prefix, n, m, 0, rich)
}

// relNewEmail is the i-th user a config names that the environment lacks.
func relNewEmail(prefix string, i int) string { return fmt.Sprintf("%s-new%d@acme.com", prefix, i+1) }

// relConfigNewUsers is relConfig with, in each org, fresh more members that
// are not Kinde users yet (missing_users: create): n of them in all, each
// in fresh orgs, so that a user create that fails fails a few orgs.
func relConfigNewUsers(prefix string, n, m, fresh int, rich bool) (string, []relOrg) {
	var b strings.Builder
	b.WriteString("version: 1\n")
	if fresh > 0 {
		b.WriteString("options: {missing_users: create}\n")
	}
	b.WriteString("organizations:\n")
	orgs := make([]relOrg, n)
	for i := range n {
		o := relOrg{ExternalID: fmt.Sprintf("%s%03d", prefix, i)}
		fmt.Fprintf(&b, "  - external_id: %s\n    name: %s %d\n", o.ExternalID, strings.ToUpper(prefix), i)
		if rich {
			fmt.Fprintf(&b, "    button_color: \"#%06x\"\n    is_enforce_mfa: true\n", i*4099%0xffffff)
			fmt.Fprintf(&b, "    feature_flags: {dark_mode: true, seats: %d}\n    properties: {kp_org_city: City %d}\n", 10+i, i)
		}
		b.WriteString("    members:\n")
		for k := range m {
			u := (i + k) % relUsers
			o.Members = append(o.Members, relUserID(u))
			role := "viewer"
			if k == 0 {
				role = "admin"
			}
			fmt.Fprintf(&b, "      - {email: %s, roles: [%s]}\n", relEmail(u), role)
		}
		for k := range fresh {
			email := relNewEmail(prefix, (i+k)%n)
			o.NewMembers = append(o.NewMembers, email)
			fmt.Fprintf(&b, "      - {email: %s, roles: [viewer]}\n", email)
		}
		orgs[i] = o
	}
	return b.String(), orgs
}

// checkOrgs checks that the emulator holds every org of want exactly once,
// with exactly its members, and returns what is wrong, one line each.
func checkOrgs(st *emulator.State, want []relOrg) []string {
	byExt := map[string][]*emulator.Organization{}
	for _, o := range st.Organizations {
		if o.ExternalID != "" {
			byExt[o.ExternalID] = append(byExt[o.ExternalID], o)
		}
	}
	byEmail := map[string]int{}
	ids := map[string]string{}
	for _, u := range st.Users {
		byEmail[u.Email]++
		ids[u.Email] = u.ID
	}
	var bad []string
	for _, w := range want {
		for _, e := range w.NewMembers {
			if byEmail[e] != 1 {
				bad = append(bad, fmt.Sprintf("%s: %d users with the email %s, want 1", w.ExternalID, byEmail[e], e))
			}
		}
		got := byExt[w.ExternalID]
		if len(got) != 1 {
			bad = append(bad, fmt.Sprintf("%s: %d orgs, want 1", w.ExternalID, len(got)))
			continue
		}
		have := map[string]bool{}
		for _, m := range got[0].Members {
			have[m.UserID] = true
		}
		missing, members := 0, slices.Clone(w.Members)
		for _, e := range w.NewMembers {
			members = append(members, ids[e])
		}
		for _, id := range members {
			if !have[id] {
				missing++
			}
		}
		if missing > 0 || len(have) != len(members) {
			bad = append(bad, fmt.Sprintf("%s: %d members, %d of the %d wanted missing", w.ExternalID, len(have), missing, len(members)))
		}
	}
	return bad
}

// countDuplicates counts orgs beyond the first per external_id or handle.
func countDuplicates(st *emulator.State) int {
	seen := map[string]bool{}
	dups := 0
	for _, o := range st.Organizations {
		for _, k := range []string{"ext:" + o.ExternalID, "handle:" + o.Handle} {
			if k == "ext:" || k == "handle:" {
				continue
			}
			if seen[k] {
				dups++
			}
			seen[k] = true
		}
	}
	return dups
}

// countRetries counts the retried attempts in a verbose log.
func countRetries(stderr string) int { return strings.Count(stderr, "(retry ") }

// tail is the end of a long output, for failure messages.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
