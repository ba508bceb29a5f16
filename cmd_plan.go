package main

import "errors"

// PlanCmd is not built yet.
type PlanCmd struct{}

// Run reports that the command is not built yet.
func (c *PlanCmd) Run(env *Env) error { return errors.New("plan: not implemented yet") }
