package kinde

import (
	"maps"
	"net/http"
	"sync"
)

// Stats counts what a Client did, for plans ("N API calls") and benchmarks.
// A call is one logical request (one page of a list, one chunk of a bulk
// write); its retries are counted apart.
type Stats struct {
	// Calls by operationId. The token request counts as "token".
	Calls map[string]int
	// Total is the sum of Calls; Writes those made with a method other than GET.
	Total  int
	Writes int
	// HTTPRequests is every request sent, retries and token requests included.
	HTTPRequests int
	// Throttled counts 429 answers; Retries every attempt after a call's first.
	Throttled int
	Retries   int
}

type stats struct {
	mu sync.Mutex
	s  Stats
}

func (s *stats) call(op, method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.s.Calls == nil {
		s.s.Calls = map[string]int{}
	}
	s.s.Calls[op]++
	s.s.Total++
	if method != http.MethodGet && op != opToken {
		s.s.Writes++
	}
}

func (s *stats) request()   { s.add(&s.s.HTTPRequests) }
func (s *stats) retry()     { s.add(&s.s.Retries) }
func (s *stats) throttled() { s.add(&s.s.Throttled) }

func (s *stats) add(n *int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*n++
}

// Stats returns a snapshot of the counters.
func (c *Client) Stats() Stats {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	out := c.stats.s
	out.Calls = maps.Clone(c.stats.s.Calls)
	if out.Calls == nil {
		out.Calls = map[string]int{}
	}
	return out
}

// ResetStats sets every counter to zero, e.g. between the read and the
// write phase of a benchmark.
func (c *Client) ResetStats() {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	c.stats.s = Stats{}
}
