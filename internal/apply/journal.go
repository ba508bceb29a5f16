package apply

import (
	"encoding/json"
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
}

// NewJournal journals to w (typically a file opened for appending).
func NewJournal(w io.Writer) *Journal { return &Journal{w: w, now: time.Now} }

// Record is one journal line.
type Record struct {
	Time         time.Time `json:"time"`
	Event        string    `json:"event"` // "begin" or "end"
	Organization string    `json:"organization"`
	Code         string    `json:"org_code,omitempty"`
	Op           string    `json:"op"`
	Method       string    `json:"method"`
	Path         string    `json:"path"`
	Steps        []string  `json:"steps"`
	OK           bool      `json:"ok,omitempty"`
	Error        string    `json:"error,omitempty"`
}

func (j *Journal) begin(g plan.Group, c plan.Call, path string) *Record {
	if j == nil {
		return nil
	}
	rec := &Record{Event: "begin", Organization: g.Organization, Op: c.Op, Method: c.Method, Path: path}
	for _, i := range c.Steps {
		rec.Steps = append(rec.Steps, g.Steps[i].Address)
	}
	j.write(rec)
	return rec
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
	j.write(&e)
}

// Do journals one write that is not a plan's (kindesync mfa reset): a begin
// line, the call, an end line.
func (j *Journal) Do(org, address, op, method, path string, call func() error) error {
	g := plan.Group{Organization: org, Steps: []plan.Step{{Address: address}}}
	c := plan.Call{Op: op, Method: method, Path: path, Steps: []int{0}}
	rec := j.begin(g, c, path)
	err := call()
	j.end(rec, map[string]string{plan.OrgCodePlaceholder: org}, err)
	return err
}

func (j *Journal) write(r *Record) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r.Time = j.now().UTC()
	b, _ := json.Marshal(r)
	// One Write per line: with O_APPEND a crash leaves whole lines.
	_, _ = j.w.Write(append(b, '\n'))
}
