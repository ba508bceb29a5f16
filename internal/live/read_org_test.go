package live

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/kinde"
)

// userSource serves a user list, filtered or a page at a time, and counts
// calls. Only the methods findUsers uses are implemented.
type userSource struct {
	Source // nil: any other method panics
	users  []kinde.User
	mu     sync.Mutex
	calls  map[string]int
}

func newUserSource(n int) *userSource {
	s := &userSource{calls: map[string]int{}}
	for i := range n {
		s.users = append(s.users, kinde.User{ID: fmt.Sprintf("kp_%04d", i), Email: fmt.Sprintf("User%d@Example.com", i)})
	}
	return s
}

func (s *userSource) count(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[op]++
}

func (s *userSource) GetUsersByEmail(_ context.Context, emails []string) ([]kinde.User, error) {
	s.count("byEmail")
	var out []kinde.User
	for _, u := range s.users {
		if slices.Contains(emails, strings.ToLower(u.Email)) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *userSource) GetUsers(_ context.Context, opts *kinde.GetUsersOptions) ([]kinde.User, error) {
	s.count("byID")
	var out []kinde.User
	for _, u := range s.users {
		if slices.Contains(opts.UserIDs, u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// Call serves GET /api/v1/users a page at a time; next_token is an offset.
func (s *userSource) Call(_ context.Context, op, method, path string, q url.Values, _, out any) error {
	if op != "getUsers" || method != "GET" || path != "/api/v1/users" {
		return fmt.Errorf("unexpected call %s %s %s", op, method, path)
	}
	s.count("page")
	size, _ := strconv.Atoi(q.Get("page_size"))
	from, _ := strconv.Atoi(q.Get("next_token"))
	to := min(from+size, len(s.users))
	r := out.(*kinde.GetUsersResponse)
	r.Users = s.users[from:to]
	if to < len(s.users) {
		r.NextToken = strconv.Itoa(to)
	}
	return nil
}

// withoutCall hides Call, as a Source that cannot page would.
type withoutCall struct{ *userSource }

func (withoutCall) Call() {}

func TestFindUsers(t *testing.T) {
	tests := []struct {
		name    string
		users   int   // in the environment
		asked   []int // user numbers asked for by email
		missing int   // emails asked for that no user has
		noCall  bool
		want    map[string]int
	}{
		{name: "most users of the environment: list them", users: 1200, asked: span(0, 1000),
			want: map[string]int{"page": 2}},
		{name: "a few: filter", users: 5000, asked: span(100, 150),
			want: map[string]int{"byEmail": 1}},
		{name: "a sparse many: one page, then filter", users: 20000, asked: every(30, 20000),
			want: map[string]int{"page": 1, "byEmail": 13}},
		// A user's other email identities are not in the list, so the
		// emails the list did not find are filtered for all the same.
		{name: "list read to the end, then filter for the rest", users: 1000, asked: span(0, 1000), missing: 100,
			want: map[string]int{"page": 2, "byEmail": 2}},
		{name: "no paging: filter in batches", users: 1200, asked: span(0, 1000), noCall: true,
			want: map[string]int{"byEmail": 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newUserSource(tt.users)
			emails := map[string]bool{}
			for _, i := range tt.asked {
				emails[fmt.Sprintf("user%d@example.com", i)] = true
			}
			for i := range tt.missing {
				emails[fmt.Sprintf("nobody%d@example.com", i)] = true
			}
			var s Source = src
			if tt.noCall {
				s = withoutCall{src}
			}
			found, err := findUsers(context.Background(), s, emails, map[string]bool{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, u := range found {
				got[u.ID] = true
			}
			for _, i := range tt.asked {
				if id := fmt.Sprintf("kp_%04d", i); !got[id] {
					t.Fatalf("user %s not found", id)
				}
			}
			if len(got) != len(tt.asked) {
				t.Errorf("found %d users, want %d", len(got), len(tt.asked))
			}
			if diff := cmp.Diff(tt.want, src.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func span(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func every(n, below int) []int {
	var out []int
	for i := 0; i < below; i += n {
		out = append(out, i)
	}
	return out
}
