package cli

import (
	"context"
	"io"
	"os"
)

// Env is what a command's Run needs from the process: context and streams.
// Tests build one with buffers instead of the real streams.
type Env struct {
	Ctx    context.Context
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Version is the build's version ("dev" when not set).
	Version string
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminalFile(f)
}

func isTerminalFile(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// useColour follows DESIGN §1: colour only on a terminal and never with NO_COLOR.
func useColour(w io.Writer) bool {
	_, noColour := os.LookupEnv("NO_COLOR")
	return !noColour && isTerminal(w)
}
