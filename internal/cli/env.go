package cli

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// Env is what a command's Run needs from the process: context, streams,
// environment variables and a clock. Tests build one with buffers, a map of
// variables and a fake ticker; nil fields fall back to the process's.
type Env struct {
	Ctx    context.Context
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Version is the build's version from main's -X ldflag ("" or "dev"
	// when not set: the module version from the build info is used then).
	Version string
	// Getenv reads an environment variable (os.Getenv when nil).
	Getenv func(string) string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// NewTicker starts a ticker for progress lines outside a terminal
	// (time.NewTicker when nil); stop releases it.
	NewTicker func(d time.Duration) (c <-chan time.Time, stop func())

	// noColour is --no-color, set once the command line is parsed.
	noColour bool
	// stderrMu serialises the concurrent writers of Stderr (sharedStderr).
	stderrMu sync.Mutex
}

func (e *Env) getenv(k string) string {
	if e.Getenv != nil {
		return e.Getenv(k)
	}
	return os.Getenv(k)
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Env) newTicker(d time.Duration) (<-chan time.Time, func()) {
	if e.NewTicker != nil {
		return e.NewTicker(d)
	}
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// fder is what *os.File offers for terminal detection.
type fder interface{ Fd() uintptr }

// isTerminal reports whether w is a terminal; a pipe, a file or /dev/null
// (a character device, but no terminal) is not.
func isTerminal(w any) bool {
	f, ok := w.(fder)
	return ok && term.IsTerminal(int(f.Fd()))
}

func isTerminalFile(f *os.File) bool { return isTerminal(f) }

// colour decides whether output to w is coloured: CLICOLOR_FORCE (non-empty,
// not "0") forces it, --no-color and a non-empty NO_COLOR (no-color.org)
// turn it off, and otherwise only a terminal gets colour.
func (e *Env) colour(w io.Writer) bool {
	if e.noColour || e.getenv("NO_COLOR") != "" {
		return false
	}
	if f := e.getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		return true
	}
	return isTerminal(w)
}
