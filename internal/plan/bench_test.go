package plan

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/kindesync/kindesync/internal/spec"
)

// benchInput builds orgs × members memberships, desired equal to live but
// for 1 % of members whose roles differ, as in a daily run.
func benchInput(orgs, members int) (*spec.Document, *Live) {
	env := testEnv()
	env.Users = map[string]string{}
	doc := &spec.Document{Options: spec.Options{MissingUsers: spec.MissingUsersError}}
	live := &Live{Env: env}
	for o := range orgs {
		code := fmt.Sprintf("org_%011d", o)
		want := &spec.Organization{Code: code, Name: ptr("Org"), Members: make([]*spec.Member, 0, members)}
		have := &spec.Organization{Code: code, Name: ptr("Org"), Members: make([]*spec.Member, 0, members)}
		for m := range members {
			email := fmt.Sprintf("user%d.%d@example.com", o, m)
			id := fmt.Sprintf("kp_%016d%016d", o, m)
			roles := []string{"viewer"}
			if m%100 == 0 {
				roles = []string{"admin"}
			}
			want.Members = append(want.Members, &spec.Member{Email: email, Roles: roles})
			have.Members = append(have.Members, &spec.Member{ID: id, Email: email, Roles: []string{"viewer"}})
		}
		doc.Organizations = append(doc.Organizations, want)
		live.Orgs = append(live.Orgs, &LiveOrg{Org: have, Logos: map[string]bool{}})
	}
	return doc, live
}

// BenchmarkDiff1MMemberships is issue 6's scenario 4: the diff of 10,000
// orgs × 100 members in memory. Run with
//
//	go test ./internal/plan -run '^$' -bench Diff1M -benchmem
//
// It reports the peak heap in use after the diff as peak-MiB.
func BenchmarkDiff1MMemberships(b *testing.B) {
	doc, live := benchInput(10000, 100)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var steps int
	for range b.N {
		p, err := Diff(doc, live, Options{})
		if err != nil {
			b.Fatal(err)
		}
		steps = len(p.Steps)
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if steps != 2*10000 {
		b.Fatalf("%d steps, want %d", steps, 2*10000)
	}
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(before.HeapInuse)/(1<<20), "input-MiB")
}
