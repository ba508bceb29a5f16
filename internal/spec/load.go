package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"gopkg.in/yaml.v3"
)

// Loader reads configuration files. The zero value reads the process
// environment.
type Loader struct {
	// LookupEnv resolves ${NAME}; nil means os.LookupEnv.
	LookupEnv func(name string) (string, bool)
	// Keep, if set, selects the entries loaded in full; the others keep
	// only their identities (sparse.go). nil loads every entry in full.
	Keep func(code, externalID, handle string) bool
	// Sources, if set, holds files read before (ReadSource) by the name
	// Load reads them under (Files lists them): Load takes their content
	// instead of reading them again.
	Sources map[string]*Source
}

// Load reads and merges the files, and every *.yaml and *.yml directly
// inside the directories (in name order), with the process environment.
// Organizations are concatenated in file order and must be unique across
// all files; an option may be set in several files only to one value. The
// error, when the input has any problem, is Problems, listing all of them
// sorted; the Document is then nil.
func Load(paths ...string) (*Document, error) {
	return (&Loader{}).Load(paths...)
}

// Load is the package-level Load with l's environment. Files are loaded
// in parallel: Keep and LookupEnv must be safe to call from several
// goroutines.
func (l *Loader) Load(paths ...string) (*Document, error) {
	lookup := l.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	files, fromDir, probs := expand(paths)
	// Each file is read and decoded alone; the results are combined in
	// file order, so the document and its problems do not depend on
	// which file was done first.
	type result struct {
		fd    *fileDoc
		probs Problems
		vars  []Interpolation
	}
	results := make([]result, len(files))
	var whole sync.Mutex // one whole file's tree at a time (loadFile)
	Parallel(len(files), func(i int) {
		r := &results[i]
		r.fd, r.probs = l.loadFile(files[i], fromDir[files[i]], lookup, &whole, &r.vars)
	})
	docs := make([]*fileDoc, 0, len(files))
	var vars []Interpolation
	for _, r := range results {
		probs = append(probs, r.probs...)
		vars = append(vars, r.vars...)
		if r.fd != nil {
			docs = append(docs, r.fd)
		}
	}
	doc := merge(docs, &probs)
	doc.Files = files
	doc.Interpolated = vars
	if len(probs) > 0 {
		redact(probs, vars)
		probs.Sort()
		return nil, probs
	}
	return doc, nil
}

// Files lists the files Load reads for paths: each file, and the *.yaml and
// *.yml files directly inside each directory, in name order.
func Files(paths ...string) ([]string, error) {
	files, _, probs := expand(paths)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return files, nil
}

// expand turns the paths into the list of files to read: directories
// contribute their *.yaml and *.yml files in name order (not recursively),
// and a file named twice is read once. fromDir gives the directory that
// each file found in one came from.
func expand(paths []string) (files []string, fromDir map[string]string, probs Problems) {
	seen := map[string]bool{}
	fromDir = map[string]string{}
	if len(paths) == 0 {
		probs.add(Pos{}, "no input files")
	}
	add := func(f string) {
		key, err := filepath.Abs(f)
		if err != nil {
			key = filepath.Clean(f)
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			probs.add(Pos{File: p}, "%s", fileError(err))
			continue
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			probs.add(Pos{File: p}, "%s", fileError(err))
			continue
		}
		n := len(files)
		for _, e := range entries {
			ext := filepath.Ext(e.Name())
			if (ext == ".yaml" || ext == ".yml") && !e.IsDir() {
				f := filepath.Join(p, e.Name())
				add(f)
				if _, ok := fromDir[f]; !ok {
					fromDir[f] = p
				}
			}
		}
		if len(files) == n {
			probs.add(Pos{File: p}, "no *.yaml or *.yml file in this directory")
		}
	}
	return files, fromDir, probs
}

func fileError(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "no such file or directory"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parserErrors are yaml.v3's parser (not scanner) messages; see loadFile.
var parserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// yamlLine finds the line in a yaml.v3 syntax error ("yaml: line 3: ...").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// loadFile reads (or takes from l.Sources), interpolates, parses and
// decodes one file, and sets vars to the replacements interpolation made,
// for redact. A file decoded whole holds whole, as its tree is many times
// its text: files decoded an entry at a time, or cut down by Keep, run in
// parallel, but only one whole file's tree is built at a time.
func (l *Loader) loadFile(file, dir string, lookup func(string) (string, bool), whole *sync.Mutex, vars *[]Interpolation) (*fileDoc, Problems) {
	s := l.Sources[file]
	if s == nil {
		src, err := readRegular(file, MaxFileSize)
		if err != nil {
			return nil, Problems{{Pos: Pos{File: file}, Msg: fileError(err)}}
		}
		s = &Source{Name: file, Text: src}
	}
	text, pm, probs := interpolate(file, s.Text, lookup)
	*vars = pm.uses()
	if len(probs) == 0 {
		var sp *split
		switch {
		case pm == nil:
			sp = s.split() // the text is the file's: its split, if made already
		case l.Keep != nil:
			sp = splitText(text)
		}
		if sp != nil && l.Keep != nil {
			if fd, ok := loadSparse(file, dir, s.Text, sp, pm, l.Keep); ok {
				return fd, nil
			}
		} else if sp != nil {
			if fd, ok := decodeByEntry(file, dir, s.Text, sp); ok {
				return fd, nil
			}
		}
	}
	whole.Lock()
	defer whole.Unlock()
	return decodeText(file, dir, s.Text, text, pm, probs)
}

// decodeText parses and decodes one file's interpolated text.
func decodeText(file, dir string, src, text []byte, pm *posMap, probs Problems) (*fileDoc, Problems) {
	root, err := parse(text)
	if err != nil {
		return nil, append(probs, syntaxProblem(file, src, text, pm, err))
	}
	if root == nil {
		return nil, append(probs, Problem{Pos: Pos{file, 1, 1}, Msg: "the file is empty: it needs at least version: 1"})
	}
	d := &decoder{file: file, dir: filepath.Dir(file), pm: pm}
	if bytes.IndexByte(text, '*') >= 0 {
		if n, msg := checkAliases(root, 1<<22+2*len(text)); msg != "" {
			return nil, append(probs, Problem{Pos: d.pos(n), Msg: msg})
		}
	}
	fd := &fileDoc{}
	if !d.object(documentObject, fd, root) {
		fd = nil
	}
	if len(d.probs) > 0 {
		if k, mark := stateFileMark(root); k != nil {
			return nil, Problems{stateFileProblem(d.pos(k), file, mark, dir)}
		}
	}
	if len(probs) > 0 {
		// A bad reference stays in the text as written; a message about
		// the value that starts there would only repeat the cause.
		bad := map[Pos]bool{}
		for _, p := range probs {
			bad[p.Pos] = true
			bad[Pos{p.Pos.File, p.Pos.Line, p.Pos.Col - 1}] = true // "${X}"
		}
		for _, p := range d.probs {
			if !bad[p.Pos] {
				probs = append(probs, p)
			}
		}
		return fd, probs
	}
	return fd, d.probs
}

// parse returns the single document's top node, or nil for an empty file.
func parse(text []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 has panicked on odd input before; a panic here must not
		// take the whole run down with it.
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("cannot parse this file as YAML (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, err
	default:
		return nil, fmt.Errorf("yaml: line %d: a file holds one YAML document; this is a second one", next.Line)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// checkAliases refuses aliases that refer to themselves or that expand to
// far more nodes than the file holds (the "billion laughs"), before the
// decoder follows them.
func checkAliases(root *yaml.Node, limit int) (*yaml.Node, string) {
	sizes := map[*yaml.Node]int{} // expanded size of anchored nodes; -1 while being measured
	var (
		at   *yaml.Node // where the problem is
		size func(n *yaml.Node) (int, string)
	)
	size = func(n *yaml.Node) (int, string) {
		at = n
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if n.Anchor != "" {
			switch s, ok := sizes[n]; {
			case ok && s < 0:
				return 0, fmt.Sprintf("the anchor &%s contains an alias to itself", n.Anchor)
			case ok:
				return s, ""
			}
			sizes[n] = -1
		}
		total := 1
		for _, c := range n.Content {
			s, msg := size(c)
			if msg != "" {
				return 0, msg
			}
			if total += s; total > limit {
				at = c
				return 0, "aliases expand this file to too many values"
			}
		}
		if n.Anchor != "" {
			sizes[n] = total
		}
		return total, ""
	}
	_, msg := size(root)
	return at, msg
}

// merge joins the files: organizations are concatenated in file order and
// must be unique across files; each option may be set in several files
// only to the same value.
func merge(docs []*fileDoc, probs *Problems) *Document {
	doc := &Document{Options: Options{MissingUsers: MissingUsersError}}
	var deleteAt, missingAt, sendAt Pos
	for _, fd := range docs {
		o := fd.Options
		if o == nil {
			continue
		}
		if v := o.DeleteUnlistedOrganizations; v != nil {
			if deleteAt != (Pos{}) && *v != doc.Options.DeleteUnlistedOrganizations {
				probs.add(o.Pos, "options.delete_unlisted_organizations: %t here but %t at %s; files must agree", *v, !*v, deleteAt.relativeTo(o.Pos.File))
			} else if deleteAt == (Pos{}) {
				doc.Options.DeleteUnlistedOrganizations, deleteAt = *v, o.Pos
			}
		}
		if v := o.MissingUsers; v != nil {
			if missingAt != (Pos{}) && MissingUsers(*v) != doc.Options.MissingUsers {
				probs.add(o.Pos, "options.missing_users: %s here but %s at %s; files must agree", *v, doc.Options.MissingUsers, missingAt.relativeTo(o.Pos.File))
			} else if missingAt == (Pos{}) {
				doc.Options.MissingUsers, missingAt = MissingUsers(*v), o.Pos
			}
		}
		if v := o.SendInvitationEmail; v != nil {
			if sendAt != (Pos{}) && *v != doc.Options.SendInvitationEmail {
				probs.add(o.Pos, "options.send_invitation_email: %t here but %t at %s; files must agree", *v, !*v, sendAt.relativeTo(o.Pos.File))
			} else if sendAt == (Pos{}) {
				doc.Options.SendInvitationEmail, sendAt = *v, o.Pos
			}
		}
	}
	codes, externals, handles := map[string]Pos{}, map[string]Pos{}, map[string]Pos{}
	unique := func(seen map[string]Pos, o *Organization, i int, what, v string) {
		if v == "" {
			return
		}
		if first, dup := seen[v]; dup {
			probs.add(o.Pos, "organizations[%d].%s: %s %q is also used by the organization at %s", i, what, what, v, first.relativeTo(o.Pos.File))
			return
		}
		seen[v] = o.Pos
	}
	for _, fd := range docs {
		for i, o := range fd.Organizations {
			unique(codes, o, i, "code", o.Code)
			unique(externals, o, i, "external_id", deref(o.ExternalID))
			unique(handles, o, i, "handle", deref(o.Handle))
			if o.Code == "" && deref(o.ExternalID) == "" && deref(o.Handle) == "" && (o.ExternalID != nil || o.Handle != nil) {
				probs.add(o.Pos, "organizations[%d]: a new organization (no code) needs an external_id or a non-empty handle, so that the next run finds it again", i)
			}
		}
		doc.Organizations = append(doc.Organizations, fd.Organizations...)
	}
	var envs []*Environment
	for _, fd := range docs {
		if fd.Environment != nil {
			envs = append(envs, fd.Environment)
		}
	}
	doc.Environment = mergeEnvironments(envs, probs)
	return doc
}
