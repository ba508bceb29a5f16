//go:build !unix

package cli

import "os"

// tryLock: without flock, commands on one emulator state file are not kept
// apart on this system (docs/reliability.md says so).
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
