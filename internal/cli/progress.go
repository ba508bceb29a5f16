package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progressEvery is how often a progress line is printed outside a terminal,
// so that a CI log shows the run is alive without filling up.
const progressEvery = 10 * time.Second

// progress shows "label done/total" on one terminal line, rewritten in
// place; outside a terminal it prints a line every progressEvery instead.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	terminal bool
	start    time.Time
	cur      int
	total    int
	shown    bool
	stop     chan struct{}
	stopped  chan struct{}
}

func newProgress(env *Env, label string) *progress {
	p := &progress{w: env.sharedStderr(), label: label, terminal: isTerminal(env.Stderr), start: env.now()}
	if p.terminal {
		return p
	}
	tick, stopTicker := env.newTicker(progressEvery)
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.stopped)
		defer stopTicker()
		for {
			select {
			case <-p.stop:
				return
			case now := <-tick:
				p.line(now)
			}
		}
	}()
	return p
}

// update is safe on a nil *progress and from many goroutines.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur, p.total = done, total
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s %d/%d", p.label, done, total)
		p.shown = true
	}
}

// line is the periodic line outside a terminal: where the work is and how
// long it has taken.
func (p *progress) line(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := now.Sub(p.start).Round(time.Second)
	if p.total == 0 {
		fmt.Fprintf(p.w, "%s: %s elapsed\n", p.label, elapsed)
		return
	}
	fmt.Fprintf(p.w, "%s: %d/%d, %s elapsed\n", p.label, p.cur, p.total, elapsed)
}

// done ends the progress line, or stops the periodic lines; after it
// returns, nothing more is printed.
func (p *progress) done() {
	if p == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		<-p.stopped
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// callback returns update as a func.
func (p *progress) callback() func(int, int) {
	if p == nil {
		return nil
	}
	return p.update
}
