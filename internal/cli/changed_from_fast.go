package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

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
	type split struct {
		src     source
		entries []spec.Entry
		rest    []byte
	}
	splitAll := func(srcs []source) ([]split, map[string]bool, bool) {
		var out []split
		texts := map[string]bool{}
		for _, src := range srcs {
			entries, rest, ok := spec.SplitEntries(src.text)
			if !ok {
				return nil, nil, false
			}
			for _, e := range entries {
				texts[textSum(e.Text)] = true
			}
			out = append(out, split{src, entries, rest})
		}
		return out, texts, true
	}
	oldSplit, oldTexts, ok1 := splitAll(oldSrc)
	newSplit, newTexts, ok2 := splitAll(newSrc)
	if !ok1 || !ok2 {
		return nil, nil, false
	}
	build := func(splits []split, other map[string]bool) (*side, bool) {
		s := &side{rest: map[string]bool{}}
		for _, sp := range splits {
			before := len(s.entries)
			if err := s.addFile(sp.src.name, sp.rest, sp.src.readLogo); err != nil || len(s.entries) != before {
				return nil, false
			}
			for _, e := range sp.entries {
				where := fmt.Sprintf("%s:%d", sp.src.name, e.Line)
				sum := textSum(e.Text)
				// Logo files change without their entry's text changing.
				if other[sum] && !mentionsLogos(e.Text) {
					s.entries = append(s.entries, &entry{ids: textIDs(e), sum: "text:" + sum, where: where})
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
				n := newEntry(sp.src.name, root.Content[0].Content[0], sp.src.readLogo)
				n.where = where
				s.entries = append(s.entries, n)
			}
		}
		return s, true
	}
	if oldSide, ok = build(oldSplit, newTexts); !ok {
		return nil, nil, false
	}
	if newSide, ok = build(newSplit, oldTexts); !ok {
		return nil, nil, false
	}
	return oldSide, newSide, true
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

func textSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func mentionsLogos(b []byte) bool { return bytes.Contains(b, []byte("logos:")) }

// showAll is show for many files at once: one `git cat-file --batch` for
// them all, each read into a buffer of its size, where a `git show` each
// would start a process per file and grow a buffer for each 6 MB file.
func (g *gitRepo) showAll(paths []string) ([][]byte, error) {
	var in bytes.Buffer
	for _, p := range paths {
		if strings.ContainsAny(p, "\n\r") {
			return nil, fmt.Errorf("--changed-from: a file name with a line break: %q", p)
		}
		in.WriteString(g.ref + ":" + p + "\n")
	}
	cmd := exec.CommandContext(g.ctx, "git", "cat-file", "--batch")
	cmd.Dir = g.top
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.Stdin = &in
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("running git: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("running git: %w", err)
	}
	r := bufio.NewReaderSize(out, 1<<16)
	texts := make([][]byte, 0, len(paths))
	var readErr error
	for _, p := range paths {
		header, err := r.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			readErr = fmt.Errorf("git cat-file: %s at %s: %s", p, g.arg, strings.TrimSpace(header))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 || size > spec.MaxFileSize {
			readErr = fmt.Errorf("git cat-file: %s at %s: size %s", p, g.arg, f[2])
			break
		}
		b := make([]byte, size+1) // the content and its newline
		if _, err := io.ReadFull(r, b); err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		texts = append(texts, b[:size])
	}
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %w", err)
	}
	return texts, readErr
}
