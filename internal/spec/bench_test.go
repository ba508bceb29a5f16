package spec

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad100kMembers loads and validates one file of 100,000
// members in 20 organizations (the target is well under 1.5 s).
func BenchmarkLoad100kMembers(b *testing.B) {
	const orgs, perOrg = 20, 5000
	file := filepath.Join(b.TempDir(), "big.yaml")
	writeBigFile(b, file, orgs, perOrg)
	fi, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for b.Loop() {
		doc, err := testLoader.Load(file)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(doc.Organizations[orgs-1].Members); n != perOrg {
			b.Fatalf("%d members in the last org, want %d", n, perOrg)
		}
	}
}

func writeBigFile(tb testing.TB, file string, orgs, perOrg int) {
	tb.Helper()
	f, err := os.Create(file)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "version: 1\norganizations:")
	for o := range orgs {
		fmt.Fprintf(w, "  - code: org_%04d\n    name: Org %d\n    members:\n", o, o)
		for m := range perOrg {
			fmt.Fprintf(w, "      - email: User.%d.%d@Example.com\n        roles: [admin, viewer]\n", o, m)
			if m%3 == 0 {
				fmt.Fprintln(w, "        permissions: [reports:read]")
			}
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
