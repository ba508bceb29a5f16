package cli

import "github.com/kindesync/kindesync/internal/spec"

// SchemaCmd prints the JSON Schema of the YAML format.
type SchemaCmd struct{}

// Run writes the schema to stdout, for editors:
// kindesync schema > schema/kindesync.schema.json.
func (c *SchemaCmd) Run(env *Env) error {
	_, err := env.Stdout.Write(spec.Schema())
	return err
}
