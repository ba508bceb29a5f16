package apply

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/kindesync/kindesync/internal/plan"
)

// Journal writes one JSON line before each write call and one after it, so
// that after a crash the journal tells what was attempted and what was
// confirmed. A nil *Journal writes nothing.
type Journal struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
	err error // the first write that failed; every later write fails
}

// NewJournal journals to w (typically a file opened for appending).
func NewJournal(w io.Writer) *Journal { return &Journal{w: w, now: time.Now} }

// Record is one journal line.
type Record struct {
	Time         time.Time `json:"time"`
	Event        string    `json:"event"` // "start", "begin" or "end"
	Organization string    `json:"organization"`
	Code         string    `json:"org_code,omitempty"`
	Op           string    `json:"op"`
	Method       string    `json:"method"`
	Path         string    `json:"path"`
	Steps        []string  `json:"steps"`
	OK           bool      `json:"ok,omitempty"`
	Error        string    `json:"error,omitempty"`
}

// Start writes the run's first line and flushes it to the disk, before any
// write is sent: a journal that cannot be written must stop the apply
// before it changes anything, not after (a full disk, /dev/full, a
// read-only mount).
func (j *Journal) Start() error {
	if j == nil {
		return nil
	}
	if err := j.write(&Record{Event: "start"}); err != nil {
		return err
	}
	if s, ok := j.w.(interface{ Sync() error }); ok {
		if err := s.Sync(); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	return nil
}

// begin journals a call about to be sent. An error means the line was not
// written, and the call must not be sent: every write has its line.
func (j *Journal) begin(g plan.Group, c plan.Call, path string) (*Record, error) {
	if j == nil {
		return nil, nil
	}
	rec := &Record{Event: "begin", Organization: g.Organization, Op: c.Op, Method: c.Method, Path: path}
	for _, i := range c.Steps {
		rec.Steps = append(rec.Steps, g.Steps[i].Address)
	}
	if err := j.write(rec); err != nil {
		return nil, err
	}
	return rec, nil
}

func (j *Journal) end(rec *Record, vars map[string]string, err error) {
	if j == nil || rec == nil {
		return
	}
	e := *rec
	e.Event, e.OK, e.Code = "end", err == nil, vars[plan.OrgCodePlaceholder]
	if err != nil {
		e.Error = err.Error()
	}
	// The call was made: a line that cannot be written now changes nothing
	// about it, and the next begin will fail if the journal stays broken.
	_ = j.write(&e)
}

// Do journals one write that is not a plan's (kindesync mfa reset): a begin
// line, the call, an end line.
func (j *Journal) Do(org, address, op, method, path string, call func() error) error {
	g := plan.Group{Organization: org, Steps: []plan.Step{{Address: address}}}
	c := plan.Call{Op: op, Method: method, Path: path, Steps: []int{0}}
	rec, err := j.begin(g, c, path)
	if err != nil {
		return fmt.Errorf("%w: %w", errNoJournal, err)
	}
	err = call()
	j.end(rec, map[string]string{plan.OrgCodePlaceholder: org}, err)
	return err
}

func (j *Journal) write(r *Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return j.err
	}
	r.Time = j.now().UTC()
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	// One Write per line: with O_APPEND a crash leaves whole lines.
	if _, err := j.w.Write(append(b, '\n')); err != nil {
		// A short write may have left half a line: stop journaling, and
		// with it writing, rather than append to a broken file.
		j.err = fmt.Errorf("journal: %w", err)
		return j.err
	}
	return nil
}

// errNoJournal marks a call not sent because its journal line failed.
var errNoJournal = errors.New("not sent: the journal could not be written")
