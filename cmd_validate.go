package main

import "errors"

// ValidateCmd is not built yet.
type ValidateCmd struct{}

// Run reports that the command is not built yet.
func (c *ValidateCmd) Run(env *Env) error { return errors.New("validate: not implemented yet") }
