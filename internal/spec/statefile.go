package spec

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// stateFileMark finds a key that an emulator state file has and a
// kindesync configuration does not (DESIGN §6: users, the environment's
// connections, APIs and applications, an organization's is_default), and
// names it. A state file given to -f (by itself, or in a directory with
// the configuration, as the examples keep them) would otherwise be a list
// of unknown keys and organizations defined twice.
func stateFileMark(root *yaml.Node) (*yaml.Node, string) {
	if root.Kind != yaml.MappingNode {
		return nil, ""
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "users":
			return k, "users"
		case "environment":
			if v.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				switch ek := v.Content[j]; ek.Value {
				case "connections", "apis", "applications":
					return ek, "environment." + ek.Value
				}
			}
		case "organizations":
			if v.Kind != yaml.SequenceNode {
				continue
			}
			for _, o := range v.Content {
				if o.Kind != yaml.MappingNode {
					continue
				}
				for j := 0; j+1 < len(o.Content); j += 2 {
					if ok := o.Content[j]; ok.Value == "is_default" {
						return ok, "an organization with is_default"
					}
				}
			}
		}
	}
	return nil, ""
}

// stateFileProblem is the one problem of a file that looks like an
// emulator state file, instead of every key the configuration lacks; dir
// is the directory given to -f that held it, or "".
func stateFileProblem(pos Pos, file, mark, dir string) Problem {
	msg := fmt.Sprintf("%s looks like an emulator state file (it has %s), not a kindesync configuration; pass it with --emulator %s", file, mark, file)
	if dir != "" {
		msg += fmt.Sprintf(", and move it out of %s: -f reads every *.yaml file there as configuration", dir)
	}
	return Problem{Pos: pos, Msg: msg}
}
