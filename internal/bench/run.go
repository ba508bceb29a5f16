package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/kindesync/kindesync/internal/live"
	"github.com/kindesync/kindesync/internal/render"

	"github.com/kindesync/kindesync/internal/apply"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// Config is the emulator every scenario runs against. kindesync itself
// always runs at its defaults: it is told nothing of these numbers.
type Config struct {
	Latency time.Duration
	// Rate is requests per second for the token bucket, per window for
	// fixed windows (RateWindow "second" or "minute", the emulator's shapes).
	Rate        float64
	RateWindow  string
	MaxInFlight int
	// Dir holds the generated YAML files.
	Dir string
	// Log, if set, receives a line as each phase starts and ends.
	Log io.Writer
	// Verbose, if set, receives kindesync's per-call log (its -v).
	Verbose io.Writer
	// StateFile has the separate-process scenarios serve the tenant from a
	// state file (kindesync emulator --state) instead of building it in the
	// emulator child's memory.
	StateFile bool
	// MemLimit, if set, is GOMEMLIMIT for the kindesync processes of the
	// separate-process scenarios (not the emulator's).
	MemLimit string
}

// DefaultConfig is the emulator: 25 ms latency, 100 requests/s, 10
// requests in flight.
func DefaultConfig(dir string) Config {
	return Config{Latency: 25 * time.Millisecond, Rate: 100, MaxInFlight: 10, Dir: dir}
}

// Bound is the least wall time min calls can take against this emulator:
// either its rate or its latency over its in-flight cap is the bottleneck.
func (c Config) Bound(min int) time.Duration {
	byRate := time.Duration(float64(min) / c.PerSecond() * float64(time.Second))
	byLatency := time.Duration(min) * c.Latency / time.Duration(c.MaxInFlight)
	return max(byRate, byLatency)
}

// PerSecond is the rate bound in requests per second, whatever the shape.
func (c Config) PerSecond() float64 {
	switch c.RateWindow {
	case emulator.RateMinute:
		return c.Rate / 60
	}
	return c.Rate
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// Shapes of the scenarios, by number of orgs.
func PlanShape(orgs int) Shape {
	return Shape{Orgs: orgs, Members: 100, Flags: 10, Properties: 5, Connections: 2, ChangeEvery: 100}
}

func NewShape(orgs int) Shape {
	return Shape{Orgs: orgs, Members: 100, Flags: 5, Properties: 3}
}

// session is one kindesync command against one emulator: a fresh client,
// as each run of the command makes its own.
type session struct {
	srv    *emulator.Server
	client *kinde.Client
}

func start(st *emulator.State, cfg Config) (*session, error) {
	srv, err := emulator.New(st, emulator.Options{Latency: cfg.Latency, Rate: cfg.Rate, RateWindow: cfg.RateWindow, MaxInFlight: cfg.MaxInFlight})
	if err != nil {
		return nil, err
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// The same Config as main's connect with --emulator: defaults only.
	c, err := kinde.New(kinde.Config{Domain: url, ClientID: "emulator", ClientSecret: "emulator", Verbose: cfg.Verbose})
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &session{srv: srv, client: c}, nil
}

// makePlan is what `kindesync plan -f FILE` does (main's makePlan): load
// the files, read live state, check names, diff.
func makePlan(ctx context.Context, c *kinde.Client, file string) (*plan.Plan, error) {
	doc, err := spec.Load(file)
	if err != nil {
		return nil, err
	}
	st, err := live.ReadLive(ctx, c, doc, live.ReadOptions{})
	if err != nil {
		return nil, err
	}
	probs := doc.CheckNames(live.CatalogOf(st, doc))
	p, err := plan.Diff(doc, st, plan.Options{MaxDeleteFraction: plan.DefaultMaxDeleteFraction, NamesChecked: true})
	var diffProbs spec.Problems
	if errors.As(err, &diffProbs) {
		probs = append(probs, diffProbs...)
	} else if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if len(p.Blocked) > 0 {
		return nil, fmt.Errorf("plan blocked: %v", p.Blocked)
	}
	return p, nil
}

// run measures one command: plan, or plan then apply as `kindesync apply -f
// FILE --auto-approve` does. The plan is rendered as text, as both print it.
func (s *session) run(ctx context.Context, file string, doApply bool) (Row, error) {
	runtime.GC()
	base := heapInUse()
	peak := watchHeap()
	t0 := time.Now()
	p, err := makePlan(ctx, s.client, file)
	row := Row{BaseHeap: base}
	if err == nil {
		// Both commands print the plan; its cost is part of theirs.
		err = render.RenderText(io.Discard, p, false)
	}
	if err == nil {
		row.Steps = len(p.Steps)
		if doApply && p.HasChanges() {
			var res *apply.Result
			res, err = apply.Run(ctx, s.client, p, apply.Options{ReadFile: os.ReadFile})
			if err == nil && res.Failed() > 0 {
				err = fmt.Errorf("apply: %d of %d groups failed, first: %v", res.Failed(), len(res.Groups), firstErr(res))
			}
		}
	}
	row.Wall = time.Since(t0)
	row.PeakHeap = peak.stop()
	st := s.client.Stats()
	row.Calls = st.Total - st.Calls["token"]
	row.Writes = st.Writes
	row.Throttled = st.Throttled
	row.Requests = st.HTTPRequests - st.Calls["token"]
	row.ByOp = st.Calls
	delete(row.ByOp, "token")
	for op, n := range s.srv.Stats().Requests {
		if op != "token" {
			row.ServerRequests += n
		}
	}
	return row, err
}

// closeWithState stops a session's emulator and returns its final state.
func closeWithState(s *session) *emulator.State {
	st := s.srv.Snapshot()
	s.srv.Close()
	return st
}

func firstErr(res *apply.Result) error {
	for _, g := range res.Groups {
		if g.Err != nil {
			return g.Err
		}
	}
	return nil
}

// Plan is scenario 1: plan a tenant of Existing(s) with the file that
// changes 1 % of its items. Plan writes nothing; its minimum is its reads.
func Plan(ctx context.Context, s Shape, cfg Config) (Row, error) {
	file, err := WriteExisting(cfg.Dir, s)
	if err != nil {
		return Row{}, err
	}
	sess, err := start(Existing(s), cfg)
	if err != nil {
		return Row{}, err
	}
	defer sess.srv.Close()
	cfg.logf("plan, %d orgs: running", s.Orgs)
	row, err := sess.run(ctx, file, false)
	row.finish("1 plan", s, MinPlanReads(s), cfg)
	return row, err
}

// ApplyNew is scenario 2: apply WriteNew(s) to an environment with its
// catalog and users but no orgs.
func ApplyNew(ctx context.Context, s Shape, cfg Config) (Row, error) {
	file, err := WriteNew(cfg.Dir, s)
	if err != nil {
		return Row{}, err
	}
	sess, err := start(Empty(s), cfg)
	if err != nil {
		return Row{}, err
	}
	defer sess.srv.Close()
	cfg.logf("apply to empty, %d orgs: running", s.Orgs)
	row, err := sess.run(ctx, file, true)
	row.finish("2 apply new", s, MinNewReads(s)+MinNewWrites(s), cfg)
	return row, err
}

// ApplyChanges is scenario 3: apply the 1 % changes of scenario 1's file,
// then apply again, which must write nothing. The second run is a new
// command against the state the first left, as a user would run it.
func ApplyChanges(ctx context.Context, s Shape, cfg Config) ([]Row, error) {
	file, err := WriteExisting(cfg.Dir, s)
	if err != nil {
		return nil, err
	}
	sess, err := start(Existing(s), cfg)
	if err != nil {
		return nil, err
	}
	cfg.logf("apply 1%% changes, %d orgs: running", s.Orgs)
	first, err := sess.run(ctx, file, true)
	first.finish("3 apply changes", s, MinPlanReads(s)+MinChangeWrites(s), cfg)
	if err != nil {
		sess.srv.Close()
		return []Row{first}, err
	}
	// The first emulator's state, and nothing else of it, carries over.
	if sess, err = start(closeWithState(sess), cfg); err != nil {
		return []Row{first}, err
	}
	defer sess.srv.Close()
	cfg.logf("apply again, %d orgs: running", s.Orgs)
	second, err := sess.run(ctx, file, true)
	second.finish("3 apply again", s, MinPlanReads(s), cfg)
	if err == nil && second.Writes != 0 {
		err = fmt.Errorf("the second apply made %d write calls, want 0", second.Writes)
	}
	return []Row{first, second}, err
}
