package emulator

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Values of the state file whose reading needs more than a type: logos,
// typed flag values, connection references.

// logo reads a logo given as a path relative to the state file, or inline.
func (l *loader) logo(n *yaml.Node) (*Logo, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		p := n.Value
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.dir, p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		return &Logo{FileName: filepath.Base(p), Data: data, Source: abs}, nil
	case yaml.MappingNode:
		logo := &Logo{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch k.Value {
			case "file_name":
				logo.FileName = v.Value
			case "data":
				data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v.Value), ""))
				if err != nil {
					return nil, fmt.Errorf("data: %v", err)
				}
				logo.Data = data
			default:
				return nil, fmt.Errorf("unknown key %q: an inline logo has file_name and data", k.Value)
			}
		}
		if logo.FileName == "" || len(logo.Data) == 0 {
			return nil, errors.New("an inline logo needs file_name and data (base64)")
		}
		return logo, nil
	}
	return nil, errors.New("a logo is a path relative to the state file, or {file_name, data}")
}

func zeroValue(typ string) string {
	switch typ {
	case FlagBool:
		return "false"
	case FlagInt:
		return "0"
	case FlagJSON:
		return "{}"
	}
	return ""
}

// resolveConnection finds a connection by id, or else by its unique name.
func resolveConnection(e *Environment, ref string) (string, error) {
	if c := e.connection(ref); c != nil {
		return c.ID, nil
	}
	var ids []string
	for _, c := range e.Connections {
		if c.Name == ref {
			ids = append(ids, c.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("no connection named %q or with that id in environment.connections", ref)
	case 1:
		return ids[0], nil
	}
	return "", fmt.Errorf("several connections are named %q: use an id", ref)
}

var (
	themeCodes = []string{"light", "dark", "user_preference"}
	mfaFactors = []string{"mfa:email", "mfa:sms", "mfa:authenticator_app"}
)

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

func setKey(m *map[string]string, k, v string) {
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[k] = v
}
