package contract

import "testing"

func TestSpecLoads(t *testing.T) {
	doc, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Paths.Len(); got < 100 {
		t.Errorf("spec has %d paths, want the full reference", got)
	}
}
