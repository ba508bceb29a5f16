package cli

import "fmt"

// VersionCmd prints the build version.
type VersionCmd struct{}

// Run prints the version to stdout.
func (c *VersionCmd) Run(env *Env) error {
	v := env.Version
	if v == "" {
		v = "dev"
	}
	_, err := fmt.Fprintln(env.Stdout, "kindesync", v)
	return err
}
