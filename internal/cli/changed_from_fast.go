package cli

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/kindesync/kindesync/internal/spec"
)

// fastSides builds both sides of --changed-from from the entries' text
// (spec.SplitEntries) instead of parsing every entry: an entry whose text
// the other side holds too is unchanged, and only the others are parsed
// and compared as YAML values, as addFile compares them. At 10,000 orgs
// this is the difference between seconds and a fraction of one. ok is
// false, and the caller parses everything, when a file cannot be split or
// an entry cannot be parsed alone.
func fastSides(oldSrc, newSrc []source) (oldSide, newSide *side, ok bool) {
	// A file the same on both sides is one spec.Source: split, hashed and
	// its rest parsed once, each file on its own core.
	var files []*spec.Source
	index := map[*spec.Source]int{}
	for _, srcs := range [][]source{oldSrc, newSrc} {
		for _, src := range srcs {
			if _, seen := index[src.file]; !seen {
				index[src.file] = len(files)
				files = append(files, src.file)
			}
		}
	}
	seed := maphash.MakeSeed()
	split := make([]*splitFile, len(files))
	spec.Parallel(len(files), func(i int) { split[i] = splitOne(files[i], seed) })
	texts := textTable{byHash: map[uint64][]int{}}
	for _, sp := range split {
		if sp == nil {
			return nil, nil, false
		}
		for j, e := range sp.entries {
			sp.ids[j] = texts.id(sp.hashes[j], e.Text)
		}
	}
	holds := func(srcs []source) []bool {
		b := make([]bool, len(texts.texts))
		for _, src := range srcs {
			for _, id := range split[index[src.file]].ids {
				b[id] = true
			}
		}
		return b
	}
	build := func(srcs []source, other []bool) (*side, bool) {
		s := &side{rest: map[string]bool{}}
		for _, src := range srcs {
			sp := split[index[src.file]]
			for k := range sp.rest {
				s.rest[k] = true
			}
			for j, e := range sp.entries {
				where := fmt.Sprintf("%s:%d", src.name, e.Line)
				// Logo files change without their entry's text changing.
				if id := sp.ids[j]; other[id] && !sp.logos[j] {
					s.entries = append(s.entries, &entry{ids: textIDs(e), sum: "text:" + strconv.Itoa(id), where: where})
					continue
				}
				var root yaml.Node
				if yaml.Unmarshal(e.Text, &root) != nil || len(root.Content) != 1 ||
					root.Content[0].Kind != yaml.SequenceNode || len(root.Content[0].Content) != 1 {
					return nil, false
				}
				if aliasHeavy(&root) {
					return nil, false
				}
				n := newEntry(src.name, root.Content[0].Content[0], src.readLogo)
				n.where = where
				s.entries = append(s.entries, n)
			}
		}
		return s, true
	}
	if oldSide, ok = build(oldSrc, holds(newSrc)); !ok {
		return nil, nil, false
	}
	if newSide, ok = build(newSrc, holds(oldSrc)); !ok {
		return nil, nil, false
	}
	return oldSide, newSide, true
}

// splitFile is one file's entries for fastSides.
type splitFile struct {
	entries []spec.Entry
	hashes  []uint64        // each entry's text's maphash
	ids     []int           // each entry's text's textTable number
	logos   []bool          // the entry's text names logos
	rest    map[string]bool // side.rest of the file without its entries
}

// splitOne splits a file; nil when it cannot be split, or its rest holds
// what cannot be compared without its entries.
func splitOne(f *spec.Source, seed maphash.Seed) *splitFile {
	entries, ok := f.Entries()
	if !ok {
		return nil
	}
	s := &side{rest: map[string]bool{}}
	if err := s.addFile(f.Name, f.Rest(), func(string) []byte { return nil }); err != nil || len(s.entries) != 0 {
		return nil
	}
	n := len(entries)
	sp := &splitFile{entries: entries, hashes: make([]uint64, n), ids: make([]int, n), logos: make([]bool, n), rest: s.rest}
	for j, e := range entries {
		sp.hashes[j] = maphash.Bytes(seed, e.Text)
		sp.logos[j] = mentionsLogos(e.Text)
	}
	return sp
}

// textTable numbers the entries' texts: two texts have the same number
// exactly when they are equal (a hash finds the candidates, bytes.Equal
// decides), where a digest of each would cost a cryptographic hash of
// every byte of both sides.
type textTable struct {
	byHash map[uint64][]int
	texts  [][]byte
}

func (t *textTable) id(h uint64, text []byte) int {
	for _, i := range t.byHash[h] {
		if bytes.Equal(t.texts[i], text) {
			return i
		}
	}
	t.texts = append(t.texts, text)
	t.byHash[h] = append(t.byHash[h], len(t.texts)-1)
	return len(t.texts) - 1
}

// textIDs are an entry's identities as newEntry writes them.
func textIDs(e spec.Entry) []string {
	var ids []string
	for _, id := range [][2]string{{"code", e.Code}, {"external_id", e.ExternalID}, {"handle", e.Handle}} {
		if id[1] != "" {
			ids = append(ids, id[0]+":"+id[1])
		}
	}
	return ids
}

func mentionsLogos(b []byte) bool { return bytes.Contains(b, []byte("logos:")) }
