package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kindesync/kindesync/internal/kinde"
)

// handler is the one shape of every API handler: it reads the call and
// returns a status and a body to encode as JSON, or an error (an *apiError
// for the answers Kinde gives). Handlers run with the state locked.
type handler func(c *call) (int, any, error)

// maxBody bounds request bodies; logos are the largest.
const maxBody = 8 << 20

// Operation is one operation of the spec that the emulator serves.
type Operation struct {
	Method string
	Path   string // the spec's path template
	ID     string // the spec's operationId, which Stats counts by
	Scope  string // the spec's x-scope, which a token must grant
}

// Operations lists the operations served, in the order registered.
func (s *Server) Operations() []Operation { return slices.Clone(s.ops) }

// api registers an operation of the spec. Its scope goes into the issued
// tokens (unless Options.Scopes says otherwise), as Kinde lists the scopes
// of an M2M application, and is required of every call.
func (s *Server) api(method, pattern, op, scope string, h handler) {
	s.ops = append(s.ops, Operation{Method: method, Path: pattern, ID: op, Scope: scope})
	write := method != http.MethodGet
	s.mux.HandleFunc(method+" "+pattern, func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, op, true, func() int { return s.serveAPI(w, r, op, scope, write, h) })
	})
}

// serve is what every request goes through: a worker slot, the latency, the
// counters and the log. With Options.Shed, an API request that finds every
// slot taken is answered 429 at once, as Kinde's concurrency limiter does;
// other requests then take no slot.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, op string, api bool, next func() int) {
	started := time.Now()
	switch {
	case s.slots == nil, s.opts.Shed && !api:
	case s.opts.Shed:
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		default:
			s.stats.update(func(st *Stats) { st.count(op); st.RateLimited++; st.Shed++ })
			w.Header().Set("RateLimit-Reset", "1")
			status := writeError(w, &apiError{http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Too many concurrent requests."})
			s.logRequest(r, op, status, started)
			return
		}
	default:
		s.stats.update(func(st *Stats) { st.Waiting++ })
		select {
		case s.slots <- struct{}{}:
			s.stats.update(func(st *Stats) { st.Waiting-- })
			defer func() { <-s.slots }()
		case <-r.Context().Done():
			s.stats.update(func(st *Stats) { st.Waiting-- })
			return
		}
	}
	s.stats.enter(1)
	defer s.stats.enter(-1)
	if d := s.opts.Latency + s.faults.jitter(); d > 0 {
		if err := s.opts.Wait(r.Context(), d); err != nil {
			return
		}
	}
	s.stats.update(func(st *Stats) { st.count(op) })
	s.logRequest(r, op, next(), started)
}

func (st *Stats) count(op string) {
	if st.Requests == nil {
		st.Requests = map[string]int{}
	}
	st.Requests[op]++
}

// take asks the rate limiter, if there is one.
func (s *Server) take() (int, bool) {
	if s.limiter == nil {
		return 0, true
	}
	return s.limiter.take()
}

func (s *Server) logRequest(r *http.Request, op string, status int, started time.Time) {
	if s.opts.Logf != nil {
		s.opts.Logf("%s %s -> %s (%s, %v)", r.Method, r.URL.RequestURI(), statusText(status), op, time.Since(started).Round(time.Millisecond))
	}
}

func statusText(status int) string {
	if status == 0 {
		return "connection dropped"
	}
	return strconv.Itoa(status)
}

// serveAPI applies the rate limit, authentication and faults around h, and
// returns the status sent (0 for a dropped connection).
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, op, scope string, write bool, h handler) int {
	if reset, ok := s.take(); !ok {
		s.stats.update(func(st *Stats) { st.RateLimited++ })
		w.Header().Set("RateLimit-Reset", strconv.Itoa(reset))
		return writeError(w, &apiError{http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Request was throttled."})
	}
	if err := s.authorize(r, op, scope); err != nil {
		return writeError(w, err)
	}
	f, faulty := s.faults.draw(write)
	if faulty && f.throttle {
		s.stats.update(func(st *Stats) { st.RateLimited++ })
		w.Header().Set("RateLimit-Reset", strconv.FormatFloat(s.opts.ThrottleReset.Seconds(), 'f', -1, 64))
		return writeError(w, &apiError{http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Request was throttled."})
	}
	if faulty && !f.after {
		return s.fault(w, f)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return 0 // the client went away
	}
	if len(body) > maxBody {
		return writeError(w, badRequest("INVALID_REQUEST", "request body larger than %d bytes", maxBody))
	}
	// The answer is encoded before the lock is released: bodies may share
	// slices with the state, which the next write changes.
	s.mu.Lock()
	c := &call{r: r, op: op, body: body, s: s}
	status, resp, err := h(c)
	switch {
	case !write:
	case c.org != nil && !c.manyOrg && !orgWide[op]:
		s.st.normalizeOrg(c.org)
	default:
		s.st.normalize()
	}
	var data []byte
	if err == nil {
		data, err = json.Marshal(resp)
	}
	s.mu.Unlock()
	if write {
		var n int
		s.stats.update(func(st *Stats) { st.Writes++; n = st.Writes })
		if s.opts.OnWrite != nil {
			s.opts.OnWrite(op, n)
		}
	}
	if faulty {
		return s.fault(w, f)
	}
	if err != nil {
		return writeError(w, err)
	}
	return writeBody(w, status, data)
}

// fault answers a 5xx, or drops the connection without an answer.
func (s *Server) fault(w http.ResponseWriter, f fault) int {
	s.stats.update(func(st *Stats) {
		st.Faults++
		if f.drop {
			st.Dropped++
		}
	})
	if !f.drop {
		return writeJSON(w, f.status, kinde.ErrorResponse{Errors: kinde.ErrorList{{Code: "INTERNAL_ERROR", Message: "Injected fault."}}})
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return 0
		}
	}
	// HTTP/2 cannot be hijacked; aborting the handler resets the stream.
	panic(http.ErrAbortHandler)
}

// unknownRoute answers like Kinde for a path it does not have.
func (s *Server) unknownRoute(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, "unknown", false, func() int {
		return writeError(w, notFound("ROUTE_NOT_FOUND", "The requested API route does not exist"))
	})
}

// orgWide are the writes with an organization in their path that may change
// more than it and the environment; they normalize the whole state.
var orgWide = map[string]bool{"deleteOrganization": true}
