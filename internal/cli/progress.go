package cli

import (
	"fmt"
	"io"
	"sync"
)

// progress shows "label done/total" on one terminal line; it does nothing
// when stderr is not a terminal, so CI logs stay clean.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	shown bool
}

func newProgress(w io.Writer, label string) *progress {
	if !isTerminal(w) {
		return nil
	}
	return &progress{w: w, label: label}
}

// update is safe on a nil *progress and from many goroutines.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r%s %d/%d", p.label, done, total)
	p.shown = true
}

// done ends the progress line.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// callback returns update as a func, or nil without a terminal.
func (p *progress) callback() func(int, int) {
	if p == nil {
		return nil
	}
	return p.update
}
