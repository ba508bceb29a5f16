package main

import "errors"

// ApplyCmd is not built yet.
type ApplyCmd struct{}

// Run reports that the command is not built yet.
func (c *ApplyCmd) Run(env *Env) error { return errors.New("apply: not implemented yet") }
