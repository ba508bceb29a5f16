package main

import "errors"

// EmulatorCmd is not built yet.
type EmulatorCmd struct{}

// Run reports that the command is not built yet.
func (c *EmulatorCmd) Run(env *Env) error { return errors.New("emulator: not implemented yet") }
