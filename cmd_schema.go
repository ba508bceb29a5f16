package main

import "errors"

// SchemaCmd is not built yet.
type SchemaCmd struct{}

// Run reports that the command is not built yet.
func (c *SchemaCmd) Run(env *Env) error { return errors.New("schema: not implemented yet") }
