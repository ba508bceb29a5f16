package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Identifiers look like Kinde's: org_ + 11 hex, kp_ + 32 hex, conn_/prop_/
// cat_ + 32 hex, and UUID-shaped role and permission ids. They come from
// two deterministic sources, so that tests are reproducible:
//   - a state file may leave ids out; the loader derives each from what it
//     identifies (a role's key, a user's email), so they are stable across
//     loads whatever the order of the file;
//   - things created through the API get ids from a generator seeded with
//     Options.Seed.

type idKind int

const (
	idOrg idKind = iota
	idUser
	idConnection
	idProperty
	idCategory
	idRole
	idPermission
	idAPI
	idAPIScope
	idMFA
	idIdentity
	idInvite
	idCustomer
	idApplication
)

// format shapes 16 random bytes as an id of this kind.
func (k idKind) format(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	switch k {
	case idOrg:
		return "org_" + h[:11]
	case idUser:
		return "kp_" + h
	case idConnection:
		return "conn_" + h
	case idProperty:
		return "prop_" + h
	case idCategory:
		return "cat_" + h
	case idAPI, idApplication:
		return h
	case idAPIScope:
		return "api_scope_" + h
	case idMFA:
		return "mfa_" + h
	case idIdentity:
		return "identity_" + h
	case idInvite:
		return "inv_" + h
	case idCustomer:
		return "customer_" + h[:12] // the spec's example: customer_1245adbc6789
	default:
		return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
	}
}

// derivedID is the id the loader gives to something its file names without
// one; name is what identifies it (kind-prefixed by the caller).
func derivedID(k idKind, name string) string {
	sum := sha256.Sum256([]byte(name))
	return k.format([16]byte(sum[:16]))
}

// idGen hands out ids for things created through the API.
type idGen struct {
	r *rand.Rand
}

func newIDGen(seed uint64, stream string) *idGen {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	copy(key[8:], stream)
	return &idGen{r: rand.New(rand.NewChaCha8(key))}
}

// next returns a fresh id of kind k for which taken is false. Collisions are
// possible: a state saved by one run holds ids that a later run with the same
// seed generates again.
func (g *idGen) next(k idKind, taken func(string) bool) string {
	for {
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:8], g.r.Uint64())
		binary.LittleEndian.PutUint64(b[8:], g.r.Uint64())
		id := k.format(b)
		if !taken(id) {
			return id
		}
	}
}

// nextAfter returns a fresh id of kind k (prefix + 32 hex) greater than
// every id in ids, for the lists that page by starting_after over ids:
// Kinde's ids there are time-ordered, so those lists come in creation order
// and clients rely on it. The step is random, so ids still look like
// Kinde's; should the last id leave no room, it falls back to next.
func (g *idGen) nextAfter(k idKind, ids []string, taken func(string) bool) string {
	prefix := strings.TrimRight(k.format([16]byte{}), "0")
	var hi, lo uint64
	for _, id := range ids {
		rest, ok := strings.CutPrefix(id, prefix)
		b, err := hex.DecodeString(rest)
		if !ok || err != nil || len(b) != 16 {
			continue
		}
		h, l := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
		if h > hi || (h == hi && l > lo) {
			hi, lo = h, l
		}
	}
	step := g.r.Uint64()>>24 + 1
	nlo := lo + step
	nhi := hi
	if nlo < lo {
		nhi++
	}
	if nhi < hi {
		return g.next(k, taken)
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], nhi)
	binary.BigEndian.PutUint64(b[8:], nlo)
	if id := k.format(b); !taken(id) {
		return id
	}
	return g.next(k, taken)
}
