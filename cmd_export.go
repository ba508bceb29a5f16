package main

import "errors"

// ExportCmd is not built yet.
type ExportCmd struct{}

// Run reports that the command is not built yet.
func (c *ExportCmd) Run(env *Env) error { return errors.New("export: not implemented yet") }
