package spec

import (
	"bytes"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Render writes doc as canonical YAML: keys in the order of DESIGN §2,
// organizations by code (then external_id, handle), members by email (then
// id), lists and maps sorted, and unset fields left out, so that a render
// of unchanged state is byte-for-byte the same. Options are written only
// where they differ from the defaults. Logo paths are written relative to
// dir, the directory the output will live in, so that loading the output
// finds the same files.
func Render(doc *Document, dir string) ([]byte, error) {
	fd := &fileDoc{Environment: doc.Environment, Organizations: doc.Organizations}
	if o := doc.Options; o.DeleteUnlistedOrganizations || o.SendInvitationEmail || (o.MissingUsers != "" && o.MissingUsers != MissingUsersError) {
		fd.Options = &fileOptions{}
		if o.DeleteUnlistedOrganizations {
			fd.Options.DeleteUnlistedOrganizations = &o.DeleteUnlistedOrganizations
		}
		if o.MissingUsers != "" && o.MissingUsers != MissingUsersError {
			s := string(o.MissingUsers)
			fd.Options.MissingUsers = &s
		}
		if o.SendInvitationEmail {
			fd.Options.SendInvitationEmail = &o.SendInvitationEmail
		}
	}
	e := &encoder{dir: dir}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(e.object(documentObject, fd)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	// Load replaces ${...} in the whole text, so a literal ${ anywhere in
	// the output (a value, a key) is written as $${.
	return bytes.ReplaceAll(buf.Bytes(), []byte("${"), []byte("$${")), nil
}

// encoder builds the yaml.Node tree of Render from the same tables the
// decoder reads.
type encoder struct {
	dir string
}

func (e *encoder) object(obj *object, parent any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := range obj.fields {
		f := &obj.fields[i]
		if v := f.get(e, f, parent); v != nil {
			m.Content = append(m.Content, strNode(f.name), v)
		}
	}
	return m
}

func (e *encoder) str(t *typ, v string) *yaml.Node {
	if t.format == fPath && e.dir != "" {
		if rel, err := relPath(e.dir, v); err == nil {
			v = filepath.ToSlash(rel)
		}
	}
	n := strNode(v)
	if t.format == fColor {
		n.Style = yaml.DoubleQuotedStyle // as users write them; # must be quoted anyway
	}
	return n
}

// relPath is filepath.Rel for paths that may each be absolute or relative
// to the working directory.
func relPath(dir, p string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if p, err = filepath.Abs(p); err != nil {
		return "", err
	}
	return filepath.Rel(dir, p)
}
