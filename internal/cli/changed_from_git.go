package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/spec"
)

// gitRepo runs git for one revision of the repository around the working
// directory.
type gitRepo struct {
	ctx context.Context
	top string // the work tree's top directory
	ref string // the commit, resolved
	arg string // the revision as given, for messages
}

// openGit finds the repository that holds the first -f path (so that a
// run from another directory still compares the right files).
func openGit(ctx context.Context, ref string, paths []string) (*gitRepo, error) {
	if strings.HasPrefix(ref, "-") || ref == "" {
		return nil, fmt.Errorf("--changed-from %q: not a git revision", ref)
	}
	g := &gitRepo{ctx: ctx, arg: ref}
	dir := paths[0]
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	top, err := g.run(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--changed-from needs the files in a git repository: %s is in none (%w)", dir, err)
	}
	g.top = strings.TrimSpace(string(top))
	commit, err := g.run(g.top, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("--changed-from %s: no such revision in %s (fetch it, or name a branch, tag or commit)", ref, g.top)
	}
	g.ref = strings.TrimSpace(string(commit))
	return g, nil
}

func (g *gitRepo) run(dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(g.ctx, "git", args...)
	cmd.Dir = dir
	// Pager, prompts and the user's aliases stay out of a machine's run.
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("running git: %w", err)
	}
	return out, nil
}

// rel is p (relative to the working directory, or absolute) relative to
// the top of the work tree, slash-separated, as git names it.
func (g *gitRepo) rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	top, err := filepath.EvalSymlinks(g.top)
	if err != nil {
		top = g.top
	}
	r, err := filepath.Rel(top, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("--changed-from: %s is outside the repository at %s", p, g.top)
	}
	return filepath.ToSlash(r), nil
}

// filesAt expands the -f paths at the revision as Load expands them in the
// working tree: a file, or a directory's *.yaml and *.yml files in name
// order. A path that did not exist at the revision contributes nothing.
func (g *gitRepo) filesAt(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		r, err := g.rel(p)
		if err != nil {
			return nil, err
		}
		if r == "." {
			r = ""
		}
		kind, err := g.run(g.top, "cat-file", "-t", g.ref+":"+r)
		if err != nil {
			continue // not there at the revision
		}
		if strings.TrimSpace(string(kind)) == "blob" {
			out = append(out, r)
			continue
		}
		names, err := g.run(g.top, "ls-tree", "-z", "--name-only", g.ref, "--", strings.TrimSuffix(r, "/")+"/")
		if err != nil {
			return nil, err
		}
		for _, n := range strings.Split(string(names), "\x00") {
			if ext := path.Ext(n); ext == ".yaml" || ext == ".yml" {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (g *gitRepo) show(p string) ([]byte, error) {
	return g.run(g.top, "show", g.ref+":"+p)
}

// sourcesAtRef reads the files at the revision. same holds the working
// tree's files by their path in the repository: a file that did not
// change is that file's spec.Source, read without a copy and split once.
func (g *gitRepo) sourcesAtRef(files []string, same map[string]*spec.Source) ([]source, error) {
	known := make([]*spec.Source, len(files))
	for i, f := range files {
		known[i] = same[f]
	}
	texts, err := g.showAll(files, known)
	if err != nil {
		return nil, err
	}
	var out []source
	for i, f := range files {
		dir := path.Dir(f)
		readLogo := func(p string) []byte {
			b, err := g.show(path.Clean(path.Join(dir, p)))
			if err != nil {
				return nil
			}
			return b
		}
		out = append(out, source{g.arg + ":" + f, texts[i], readLogo})
	}
	return out, nil
}

// sameInWorkTree maps the working tree's files by their path in the
// repository, for sourcesAtRef.
func (g *gitRepo) sameInWorkTree(srcs []source) map[string]*spec.Source {
	m := make(map[string]*spec.Source, len(srcs))
	for _, src := range srcs {
		if r, err := g.rel(src.name); err == nil {
			m[r] = src.file
		}
	}
	return m
}

// showAll is show for many files at once: one `git cat-file --batch` for
// them all, each read into a buffer of its size, where a `git show` each
// would start a process per file and grow a buffer for each 6 MB file. A
// file the same as its known one (the working tree's, or nil) is compared
// as it comes and not kept: the result is then the known Source.
func (g *gitRepo) showAll(paths []string, known []*spec.Source) ([]*spec.Source, error) {
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
	texts := make([]*spec.Source, 0, len(paths))
	var readErr error
	for i, p := range paths {
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
		src, err := readBlob(r, int(size), known[i])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		if src != known[i] {
			src.Name = g.arg + ":" + p
		}
		texts = append(texts, src)
	}
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %w", err)
	}
	return texts, readErr
}

// readBlob reads a blob of size bytes and the newline after it. If the
// blob is known's text, it is compared a buffer at a time and known is
// returned; else it is read whole into a new Source (its Name unset).
func readBlob(r *bufio.Reader, size int, known *spec.Source) (*spec.Source, error) {
	off := 0
	if known != nil && len(known.Text) == size {
		for off < size {
			chunk, err := r.Peek(min(r.Size(), size-off))
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(chunk, known.Text[off:off+len(chunk)]) {
				break
			}
			_, _ = r.Discard(len(chunk))
			off += len(chunk)
		}
		if off == size {
			if _, err := r.Discard(1); err != nil {
				return nil, err
			}
			return known, nil
		}
	}
	b := make([]byte, size+1) // the content and its newline
	if off > 0 {
		copy(b, known.Text[:off])
	}
	if _, err := io.ReadFull(r, b[off:]); err != nil {
		return nil, err
	}
	return &spec.Source{Text: b[:size]}, nil
}
