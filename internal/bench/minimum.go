// Package bench measures kindesync against the emulator at scale: calls
// against the API's minimum, wall time against the rate bound, memory. It
// drives the same packages the commands do (live, plan, render, apply);
// nothing in the product imports it.
package bench

// The fewest Management API calls a scenario needs, from the API's rules
// alone, never from what kindesync did:
//
//   - a list costs one call per page of 500 (Kinde's largest page_size);
//   - members are added in bulk, 100 per call;
//   - a role granted or taken, a flag override set or removed, costs one
//     call each (the API has no bulk form for them); an org's changed
//     property values go in one PATCH;
//   - names in the file are resolved through the environment's lists: roles,
//     flags, properties, connections, each only when the file uses them;
//   - users named by email are found by the email filter, 50 per call (the
//     API documents no limit; 50 keeps a URL far below 8 KiB), or by listing
//     every user at 500 per page, whichever is fewer.
//
// The token request is not an API call and is counted in neither.

const (
	pageSize  = 500
	bulkLimit = 100
	emailsPer = 50
)

func pages(n, size int) int {
	if n <= 0 {
		return 1 // an empty list still takes one call to learn it is empty
	}
	return (n + size - 1) / size
}

// catalogReads are the environment lists a file of this shape refers to.
func catalogReads(s Shape) int {
	n := 1 // roles: every member has one
	if s.Flags > 0 {
		n++ // feature flags, for types and defaults
	}
	if s.Properties > 0 {
		n++
	}
	if s.Connections > 0 {
		n++ // connections are named, not given by id
	}
	return n
}

// MinPlanReads is what a plan of the file of WriteExisting against
// Existing(s) must read: the org list, the catalog, and each org's managed
// collections. All members exist, so no user is looked up.
func MinPlanReads(s Shape) int {
	perOrg := pages(s.Members, pageSize)
	if s.Flags > 0 {
		perOrg++
	}
	if s.Properties > 0 {
		perOrg++
	}
	if s.Connections > 0 {
		perOrg++
	}
	return pages(s.Orgs+1, pageSize) + catalogReads(s) + s.Orgs*perOrg
}

// MinChangeWrites is what applying s.ChangeEvery's changes must write: a
// changed member's role is one grant and one removal, a changed flag one
// call, and an org with changed properties one PATCH.
func MinChangeWrites(s Shape) int {
	n := 0
	for o := range s.Orgs {
		for m := range s.Members {
			if s.changed(o*s.Members+m, offMember) {
				n += 2
			}
		}
		for f := range s.Flags {
			if s.changed(o*s.Flags+f, offFlag) {
				n++
			}
		}
		for p := range s.Properties {
			if s.changed(o*s.Properties+p, offProp) {
				n++
				break
			}
		}
	}
	return n
}

// MinNewReads is what applying WriteNew to Empty(s) must read: the org list
// (the default org alone), the catalog, and the users by email.
func MinNewReads(s Shape) int {
	emails := s.Orgs * s.Members
	users := emails // Empty(s) holds exactly the users the file names
	return pages(1, pageSize) + catalogReads(s) + min(pages(emails, emailsPer), pages(users, pageSize))
}

// MinNewWrites is what creating the orgs of WriteNew must write: the org,
// its members in bulk with their roles, each flag override, one PATCH of
// property values.
func MinNewWrites(s Shape) int {
	perOrg := 1 + s.Flags
	if s.Members > 0 {
		perOrg += pages(s.Members, bulkLimit)
	}
	if s.Properties > 0 {
		perOrg++
	}
	return s.Orgs * perOrg
}
