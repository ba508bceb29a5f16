package bench

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/emulator"
)

// Shape sizes a generated tenant. Every org has the same shape, so that the
// minimum number of calls follows from it by arithmetic (minimum.go).
type Shape struct {
	Orgs        int
	Members     int // per org, each with one role
	Flags       int // overrides per org, of the environment's catalog
	Properties  int // values per org
	Connections int // enabled per org
	// ChangeEvery makes one item in ChangeEvery differ between the file and
	// live state (100: 1 %), counted separately over members' roles, flag
	// overrides and property values. 0 changes nothing.
	ChangeEvery int
}

// The environment's catalog. It is small (each list is one page), as real
// catalogs are; the scenarios scale in orgs and members.
var (
	roleKeys  = []string{"admin", "billing", "member", "support", "viewer"}
	permKeys  = []string{"billing:manage", "reports:read", "users:manage"}
	propKeys  = []string{"account_manager", "city", "region", "segment", "tier"}
	connNames = []string{"Google", "Microsoft", "GitHub", "Okta"}
)

const catalogFlags = 10

// flagKey and flagType: flags cycle through the three types.
func flagKey(f int) string { return fmt.Sprintf("flag_%d", f) }

func flagType(f int) string {
	return []string{emulator.FlagBool, emulator.FlagInt, emulator.FlagString}[f%3]
}

// Ids look like Kinde's, random hex, derived from a hash so that runs are
// reproducible. (Sequential, zero-padded ids would share long prefixes and
// make every id comparison slower than Kinde's ids make it.)
func hashID(prefix, name string, n int) string {
	sum := sha256.Sum256([]byte(name))
	return prefix + hex.EncodeToString(sum[:])[:n]
}

func orgCode(o int) string    { return hashID("org_", fmt.Sprint("org ", o), 11) }
func userID(u int) string     { return hashID("kp_", fmt.Sprint("user ", u), 32) }
func userEmail(u int) string  { return fmt.Sprintf("user%d@bench.example", u) }
func connID(c int) string     { return hashID("conn_", fmt.Sprint("connection ", c), 32) }
func externalID(o int) string { return fmt.Sprintf("bench-%d", o) }

// changed says whether item i of a kind differs in the file. Each kind is
// offset so that the changes do not all fall in the first org.
func (s Shape) changed(i, offset int) bool {
	return s.ChangeEvery > 0 && (i+offset)%s.ChangeEvery == 0
}

const (
	offMember = 50
	offFlag   = 7
	offProp   = 13
)

// liveRole is a member's role in live state: one in ten is an admin.
func liveRole(m int) string {
	if m%10 == 0 {
		return "admin"
	}
	return "viewer"
}

// otherRole is the role a changed member has in the file.
func otherRole(r string) string {
	if r == "admin" {
		return "viewer"
	}
	return "admin"
}

// flagValue is org o's override of flag f as the API writes it: never the
// environment's default, or it would not be an override (DESIGN §3).
func flagValue(o, f int, changed bool) string {
	switch flagType(f) {
	case emulator.FlagBool:
		if changed {
			return "false" // the default: the change removes the override
		}
		return "true"
	case emulator.FlagInt:
		if changed {
			return fmt.Sprint(1000 + o)
		}
		return fmt.Sprint(1 + (o+f)%9)
	}
	if changed {
		return fmt.Sprintf("changed-%d", o)
	}
	return fmt.Sprintf("v%d", (o+f)%5)
}

func propValue(o, p int, changed bool) string {
	if changed {
		return fmt.Sprintf("changed %d-%d", o, p)
	}
	return fmt.Sprintf("value %d-%d", o, p)
}

// environment is the seeded catalog and the users every scenario names.
func environment(s Shape) *emulator.State {
	st := &emulator.State{}
	e := &st.Environment
	for _, k := range permKeys {
		e.Permissions = append(e.Permissions, &emulator.Permission{ID: "perm-" + k, Key: k, Name: k})
	}
	for _, k := range roleKeys {
		e.Roles = append(e.Roles, &emulator.Role{ID: "role-" + k, Key: k, Name: k, Permissions: []string{"reports:read"}})
	}
	for f := range catalogFlags {
		def := map[string]string{emulator.FlagBool: "false", emulator.FlagInt: "0", emulator.FlagString: "none"}[flagType(f)]
		e.FeatureFlags = append(e.FeatureFlags, &emulator.FeatureFlag{Key: flagKey(f), Name: flagKey(f), Type: flagType(f), Default: def})
	}
	for _, k := range propKeys {
		e.Properties = append(e.Properties, &emulator.Property{
			ID: hashID("prop_", k, 32), Key: k, Name: k, Type: "single_line_text", Context: "org"})
	}
	for i, n := range connNames {
		e.Connections = append(e.Connections, &emulator.Connection{ID: connID(i), Name: n, DisplayName: n, Strategy: "oauth2:" + n})
	}
	for u := range s.Orgs * s.Members {
		st.Users = append(st.Users, &emulator.User{ID: userID(u), Email: userEmail(u), FirstName: "User", LastName: fmt.Sprint(u)})
	}
	// In the emulator's own order, by id, and laid out in memory in that
	// order: the emulator copies the users in the order given, and the id
	// strings are copied here. Its look-ups scan every user linearly, for
	// every member of every org listed; in order, the scan streams through
	// memory instead of missing the cache at every user, which makes the
	// emulator several times faster (see docs/performance.md).
	slices.SortFunc(st.Users, func(a, b *emulator.User) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range st.Users {
		u.ID, u.Email = strings.Clone(u.ID), strings.Clone(u.Email)
	}
	st.Organizations = []*emulator.Organization{{Code: hashID("org_", "default", 11), IsDefault: true, Name: "Default Organization"}}
	return st
}

// Existing is a tenant whose orgs all exist, as live state: scenarios 1 and
// 3 plan and apply the file of WriteExisting against it.
func Existing(s Shape) *emulator.State {
	st := environment(s)
	for o := range s.Orgs {
		org := &emulator.Organization{
			Code: orgCode(o), Name: fmt.Sprintf("Org %d", o), ExternalID: externalID(o),
			FeatureFlags: map[string]string{}, Properties: map[string]string{},
		}
		for c := range s.Connections {
			org.Connections = append(org.Connections, connID((o+c)%len(connNames)))
		}
		for f := range s.Flags {
			org.FeatureFlags[flagKey(f)] = flagValue(o, f, false)
		}
		for p := range s.Properties {
			org.Properties[propKeys[p]] = propValue(o, p, false)
		}
		for m := range s.Members {
			u := o*s.Members + m
			org.Members = append(org.Members, &emulator.Member{UserID: userID(u), Roles: []string{liveRole(m)}})
		}
		st.Organizations = append(st.Organizations, org)
	}
	return st
}

// Empty is the environment with its catalog and users but no orgs besides
// the default one: scenario 2 applies WriteNew to it.
func Empty(s Shape) *emulator.State { return environment(s) }

// WriteExisting writes the file that manages every org of Existing(s), with
// s.ChangeEvery's changes, into dir, and returns its path (see writeFiles).
func WriteExisting(dir string, s Shape) (string, error) {
	return writeFiles(dir, s.Orgs, func(w io.Writer, o int) {
		fmt.Fprintf(w, "  - code: %s\n    name: Org %d\n    external_id: %s\n", orgCode(o), o, externalID(o))
		writeOrgBody(w, s, o)
	})
}

// WriteNew writes the file that creates the orgs of Existing(s) from
// scratch: identified by external_id, members by email.
func WriteNew(dir string, s Shape) (string, error) {
	return writeFiles(dir, s.Orgs, func(w io.Writer, o int) {
		fmt.Fprintf(w, "  - external_id: %s\n    name: Org %d\n", externalID(o), o)
		writeOrgBody(w, s, o)
	})
}

// writeOrgBody writes the managed collections of org o. A tenant-wide
// index numbers the items of each kind for Shape.changed.
func writeOrgBody(w io.Writer, s Shape, o int) {
	if s.Connections > 0 {
		fmt.Fprint(w, "    connections: [")
		for c := range s.Connections {
			if c > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprint(w, connNames[(o+c)%len(connNames)])
		}
		fmt.Fprintln(w, "]")
	}
	if s.Flags > 0 {
		fmt.Fprintln(w, "    feature_flags:")
		for f := range s.Flags {
			v := flagValue(o, f, s.changed(o*s.Flags+f, offFlag))
			if flagType(f) == emulator.FlagString {
				v = fmt.Sprintf("%q", v)
			}
			fmt.Fprintf(w, "      %s: %s\n", flagKey(f), v)
		}
	}
	if s.Properties > 0 {
		fmt.Fprintln(w, "    properties:")
		for p := range s.Properties {
			fmt.Fprintf(w, "      %s: %q\n", propKeys[p], propValue(o, p, s.changed(o*s.Properties+p, offProp)))
		}
	}
	if s.Members == 0 {
		fmt.Fprintln(w, "    members: []")
		return
	}
	fmt.Fprintln(w, "    members:")
	for m := range s.Members {
		u := o*s.Members + m
		role := liveRole(m)
		if s.changed(u, offMember) {
			role = otherRole(role)
		}
		fmt.Fprintf(w, "      - email: %s\n        roles: [%s]\n", userEmail(u), role)
	}
}

// orgsPerFile caps a generated file: 1,000 orgs of 100 members are 6 MB,
// and kindesync reads files of up to 64 MiB.
const orgsPerFile = 1000

// writeFiles writes the orgs as dir/orgs.yaml, or, above orgsPerFile, as
// files of orgsPerFile orgs each in dir/orgs/, as a tenant that large
// would be kept; it returns the file or the directory.
func writeFiles(dir string, orgs int, org func(w io.Writer, o int)) (string, error) {
	if orgs <= orgsPerFile {
		path := filepath.Join(dir, "orgs.yaml")
		return path, writeFile(path, 0, orgs, org)
	}
	sub := filepath.Join(dir, "orgs")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return "", err
	}
	for from := 0; from < orgs; from += orgsPerFile {
		path := filepath.Join(sub, fmt.Sprintf("orgs-%05d.yaml", from/orgsPerFile))
		if err := writeFile(path, from, min(from+orgsPerFile, orgs), org); err != nil {
			return "", err
		}
	}
	return sub, nil
}

func writeFile(path string, from, to int, org func(w io.Writer, o int)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "version: 1\norganizations:")
	for o := from; o < to; o++ {
		org(w, o)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
