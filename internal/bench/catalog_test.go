package bench

import (
	"testing"
	"time"
)

// TestCatalogCalls: a plan managing the issue's catalog (200 roles of 20
// permissions, 500 permissions, 100 flags, 50 properties) makes at most
// 1.05 times the fewest calls the API allows, and managing the catalog adds
// the same number of calls whatever the number of orgs: none per org.
// go test ./internal/bench -run TestCatalogCalls -v prints the figures.
func TestCatalogCalls(t *testing.T) {
	cfg := Config{Latency: time.Millisecond, Rate: 5000, MaxInFlight: 10}
	cat := IssueCatalog()
	var added []int
	for _, orgs := range []int{10, 40} {
		cfg.Dir = t.TempDir()
		s := Shape{Orgs: orgs, Members: 20, Flags: 5, Properties: 3}
		without, with, err := CatalogPlan(t.Context(), s, cat, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d orgs: orgs only %d calls (min %d); with the catalog %d calls (min %d, ratio %.3f), %d catalog calls; by operation: %v",
			orgs, without.Calls, without.Min, with.Calls, with.Min, with.CallRatio(), with.Calls-without.Calls, with.ByOp)
		if r := with.CallRatio(); r > 1.05 {
			t.Errorf("%d orgs: %d calls for a minimum of %d (%.3f > 1.05)", orgs, with.Calls, with.Min, r)
		}
		if got, want := with.ByOp["GetRolePermissions"], cat.Roles; got != want {
			t.Errorf("%d orgs: %d GetRolePermissions calls, want one per role (%d)", orgs, got, want)
		}
		added = append(added, with.Calls-without.Calls)
	}
	if added[0] != added[1] {
		t.Errorf("the catalog added %d calls to a plan of 10 orgs and %d to one of 40: it must add none per org", added[0], added[1])
	}
}

// BenchmarkCatalogPlan reports the calls of a plan managing the issue's
// catalog for 40 orgs, against the minimum:
// go test ./internal/bench -run '^$' -bench CatalogPlan -benchtime 1x
func BenchmarkCatalogPlan(b *testing.B) {
	cfg := Config{Latency: time.Millisecond, Rate: 5000, MaxInFlight: 10}
	s := Shape{Orgs: 40, Members: 20, Flags: 5, Properties: 3}
	for b.Loop() {
		cfg.Dir = b.TempDir()
		without, with, err := CatalogPlan(b.Context(), s, IssueCatalog(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(with.Calls), "calls")
		b.ReportMetric(float64(with.Min), "min")
		b.ReportMetric(with.CallRatio(), "calls/min")
		b.ReportMetric(float64(with.Calls-without.Calls), "catalog-calls")
	}
}
