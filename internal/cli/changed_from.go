package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// changedFrom selects the organizations whose entries differ between the
// files at git revision ref and the working tree (plan --changed-from).
// Entries are compared as parsed YAML, before ${VAR} interpolation: a
// variable's value lives in the environment, not in git, and is the same on
// both sides, so what git can show is a changed reference. Anything outside
// the entries that changed (options, the catalog, version, anchors kept
// there) selects every org: the result is then nil, a full plan. why lists
// the reasons, for stderr. read holds the working tree's files as read,
// for the load that follows (spec.Loader.Sources): they are read once.
func changedFrom(ctx context.Context, ref string, paths, files []string) (sel *plan.Selection, why []string, read map[string]*spec.Source, err error) {
	g, err := openGit(ctx, ref, paths)
	if err != nil {
		return nil, nil, nil, err
	}
	newSrc, err := sourcesOnDisk(files)
	if err != nil {
		return nil, nil, nil, err
	}
	read = make(map[string]*spec.Source, len(newSrc))
	for _, src := range newSrc {
		read[src.file.Name] = src.file
	}
	oldFiles, err := g.filesAt(paths)
	if err != nil {
		return nil, nil, nil, err
	}
	oldSrc, err := g.sourcesAtRef(oldFiles, g.sameInWorkTree(newSrc))
	if err != nil {
		return nil, nil, nil, err
	}
	oldSide, newSide, ok := fastSides(oldSrc, newSrc)
	if !ok {
		if oldSide, err = sideOf(oldSrc); err != nil {
			return nil, nil, nil, err
		}
		if newSide, err = sideOf(newSrc); err != nil {
			return nil, nil, nil, err
		}
	}
	sel, why = selectChanged(ref, oldSide, newSide)
	return sel, why, read, nil
}

// selectChanged compares the sides: by identity, an entry removed, added
// or whose content differs is selected; anything else differing selects
// every org (nil).
func selectChanged(ref string, oldSide, newSide *side) (sel *plan.Selection, why []string) {
	if r := restDiffers(oldSide, newSide); r != "" {
		return nil, []string{fmt.Sprintf("every organization: %s changed since %s", r, ref)}
	}
	var patterns []string
	add := func(e *entry, reason string) {
		for _, v := range e.ids {
			patterns = append(patterns, plan.EscapeGlob(v[strings.IndexByte(v, ':')+1:]))
		}
		if reason != "" {
			why = append(why, fmt.Sprintf("%s: %s (%s)", e.label(), reason, e.where))
		}
	}
	byID := map[string][]int{}
	for i, e := range newSide.entries {
		for _, id := range e.ids {
			byID[id] = append(byID[id], i)
		}
	}
	seenNew := make([]bool, len(newSide.entries))
	for _, o := range oldSide.entries {
		var match []int
		for _, id := range o.ids {
			match = append(match, byID[id]...)
		}
		slices.Sort(match)
		match = slices.Compact(match)
		if len(match) == 0 {
			add(o, "removed from the files")
			continue
		}
		for _, i := range match {
			n := newSide.entries[i]
			if !seenNew[i] && n.sum != o.sum {
				add(n, "changed")
			}
			seenNew[i] = true
			if n.sum != o.sum || len(match) > 1 {
				add(o, "") // its old identities too: a renamed handle finds the org
			}
		}
	}
	for i, n := range newSide.entries {
		if !seenNew[i] {
			add(n, "added")
		}
	}
	slices.Sort(patterns)
	why = slices.Compact(why)
	return &plan.Selection{Patterns: slices.Compact(patterns), Reasons: why}, why
}

// side is one revision of the files: the entries and everything else.
type side struct {
	entries []*entry
	rest    map[string]bool // "key=canonical value" of every top-level key but organizations
}

// entry is one organization entry: its identities ("code:x",
// "external_id:y", "handle:z"), a digest of its content (logo files
// included) and where it is.
type entry struct {
	ids   []string
	sum   string
	where string
}

func (e *entry) label() string {
	if len(e.ids) == 0 {
		return "an organization with no code, external_id or handle"
	}
	return e.ids[0][strings.IndexByte(e.ids[0], ':')+1:]
}

// restDiffers names what outside the entries differs, or "".
func restDiffers(a, b *side) string {
	var keys []string
	for k := range a.rest {
		if !b.rest[k] {
			keys = append(keys, k[:strings.IndexByte(k, '=')])
		}
	}
	for k := range b.rest {
		if !a.rest[k] {
			keys = append(keys, k[:strings.IndexByte(k, '=')])
		}
	}
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	return strings.Join(slices.Compact(keys), ", ")
}

// source is one file of a side: its name, its content, and its logo
// files. A file the same at the revision and in the working tree is one
// spec.Source on both sides, and is split once.
type source struct {
	name     string
	file     *spec.Source
	readLogo func(string) []byte
}

// sourcesOnDisk reads the working tree's files as the loader does (a
// regular file, at most spec.MaxFileSize), several at a time.
func sourcesOnDisk(files []string) ([]source, error) {
	out := make([]source, len(files))
	errs := make([]error, len(files))
	spec.Parallel(len(files), func(i int) {
		f, err := spec.ReadSource(files[i])
		if err != nil {
			errs[i] = err
			return
		}
		dir := filepath.Dir(files[i])
		readLogo := func(p string) []byte { return spec.LogoBytes(dir, p) }
		out[i] = source{files[i], f, readLogo}
	})
	var probs spec.Problems
	for _, err := range errs {
		if p, ok := errors.AsType[spec.Problems](err); ok {
			probs = append(probs, p...)
		} else if err != nil {
			return nil, err
		}
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return out, nil
}

func sideOf(srcs []source) (*side, error) {
	s := &side{rest: map[string]bool{}}
	for _, src := range srcs {
		if err := s.addFile(src.name, src.file.Text, src.readLogo); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// addFile parses one file's text into s. readLogo returns a logo file's
// content, nil when there is none.
func (s *side) addFile(name string, text []byte, readLogo func(string) []byte) error {
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil {
		// Not YAML without its variables (a ${VAR} standing for structure):
		// no entry can be told apart, so the whole file counts as changed.
		s.rest["a file that is not YAML before ${VAR} interpolation="+digest(text)] = true
		return nil
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		s.rest["a file that is not a mapping="+digest(text)] = true
		return nil
	}
	if aliasHeavy(root.Content[0]) {
		return fmt.Errorf("%s: too many YAML aliases to compare", name)
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == "organizations" && v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				s.entries = append(s.entries, newEntry(name, item, readLogo))
			}
			continue
		}
		s.rest[k.Value+"="+canonical(v)] = true
	}
	return nil
}

func newEntry(file string, n *yaml.Node, readLogo func(string) []byte) *entry {
	e := &entry{where: fmt.Sprintf("%s:%d", file, n.Line)}
	var v any
	if n.Decode(&v) != nil {
		v = nil
	}
	m, _ := v.(map[string]any)
	for _, k := range []string{"code", "external_id", "handle"} {
		if s, ok := m[k].(string); ok && s != "" {
			e.ids = append(e.ids, k+":"+s)
		}
	}
	h := sha256.New()
	h.Write([]byte(canonicalValue(v)))
	if logos, ok := m["logos"].(map[string]any); ok {
		for _, k := range []string{"light", "dark"} {
			if p, ok := logos[k].(string); ok && p != "" {
				fmt.Fprintf(h, "\x00%s\x00%s", k, digest(readLogo(p)))
			}
		}
	}
	e.sum = hex.EncodeToString(h.Sum(nil))
	return e
}

// canonical is a node's value as sorted JSON: key order, quoting style and
// comments do not count as changes, and aliases are expanded.
func canonical(n *yaml.Node) string {
	var v any
	if err := n.Decode(&v); err != nil {
		return "undecodable:" + n.Value
	}
	return canonicalValue(v)
}

func canonicalValue(v any) string {
	b, err := json.Marshal(stringKeys(v))
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// stringKeys makes every map's keys strings, for JSON.
func stringKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = stringKeys(x)
		}
		return t
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[fmt.Sprint(k)] = stringKeys(x)
		}
		return out
	case []any:
		for i, x := range t {
			t[i] = stringKeys(x)
		}
	}
	return v
}

// aliasHeavy reports a document whose aliases expand past what any real
// configuration needs (a "billion laughs" at REF).
func aliasHeavy(root *yaml.Node) bool {
	budget := 1 << 22
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		budget--
		if budget < 0 || depth > 1000 {
			return true
		}
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			return walk(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if walk(c, depth+1) {
				return true
			}
		}
		return false
	}
	return walk(root, 0)
}

func digest(b []byte) string {
	if b == nil {
		return "none"
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
