package main

import "fmt"

// VersionCmd prints the build version.
type VersionCmd struct{}

// Run prints the version to stdout.
func (c *VersionCmd) Run(env *Env) error {
	_, err := fmt.Fprintln(env.Stdout, "kindesync", version)
	return err
}
